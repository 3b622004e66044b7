import { onTermination } from '../lifecycle.ts';
import { projectWatchList } from '../project/watch-list.ts';
import { ProjectWatches } from './project-watches.ts';
import path from 'node:path';
import { buildDocument, clearStyleCache } from '../pipeline/edition.ts';
import { needsChromium, parseFormats, type Format } from '../pipeline/formats.ts';
import { discoverDocuments } from '../batch/documents.ts';
import { isUserError, UserError } from '../errors.ts';
import { reloadLayouts } from '../layout/render.ts';
import { displayPath, stylesDir, templatesDir } from '../paths.ts';
import { RendererPool } from '../render/pool.ts';
import { checkOutputRoot } from '../output/placement.ts';
import { PreviewServer } from './server.ts';
import { TreeWatcher } from './tree-watcher.ts';
import { parseCommandArgs, parseTimeout } from '../cli/args.ts';

/** Changes closer together than this become one rebuild (editors write a file in several steps). */
const SETTLE_MS = 20;

export async function runWatch(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs('watch', args, {
    port: { type: 'string' },
    out: { type: 'string' },
    format: { type: 'string' },
    timeout: { type: 'string' },
  });
  if (positionals.length > 1) throw new UserError('paiban watch takes one document folder');
  const port = Number(values.port ?? '4000');
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UserError(`--port must be a port number (0 for any), not "${values.port}"`);
  const timeoutMs = parseTimeout(values.timeout);
  const formats = watchFormats(values.format);
  const outRoot = path.resolve(values.out ?? 'output');
  let docDir = positionals[0];
  if (docDir === undefined) {
    const found = await discoverDocuments('source');
    if (found.length !== 1) throw new UserError(`${found.length} documents under source/; name the one to watch (paiban watch DOC_DIR)`);
    docDir = found[0]!;
  }
  docDir = path.resolve(docDir);
  const outDir = path.join(outRoot, path.basename(docDir));
  checkOutputRoot(outRoot, [docDir]);

  const pool = new RendererPool();
  if (needsChromium(formats, undefined)) pool.prewarm();
  const server = new PreviewServer(outDir);
  let url: string;
  try {
    url = await server.listen(port);
  } catch (error) {
    await pool.close();
    throw new UserError(`cannot listen on ${port}: ${(error as Error).message}`);
  }

  let closing = false;
  let running: Promise<void> | undefined;
  let pending = false;
  let generation = 0;
  const log = (line: string) => process.stdout.write(`${line}\n`);

  const buildOnce = async () => {
    const number = ++generation;
    const started = performance.now();
    const elapsed = () => `${Math.round(performance.now() - started)} ms`;
    // Templates and styles may have changed since the last build.
    await clearStyleCache();
    reloadLayouts();
    try {
      const [result] = await buildDocument(docDir, pool, {
        outRoot,
        formats,
        // A change was seen: build even if the manifest looks current (and always publish the HTML).
        force: true,
        timeoutMs,
        progress: () => {},
        warn: (message) => process.stderr.write(`paiban: warning: ${message}\n`),
        onHtml: (files) => {
          server.publish(files);
          log(`[${number}] html served after ${elapsed()}`);
        },
      });
      server.recover();
      const parts = result!.outputs.filter((o) => o.role !== 'asset').map((o) => (o.pages === undefined ? o.path : `${o.path} (${o.pages} pages)`));
      log(`[${number}] wrote ${parts.join(', ')} to ${displayPath(result!.outDir)} after ${elapsed()}`);
    } catch (error) {
      if (closing) return;
      const message = isUserError(error) ? error.format() : `internal error: ${(error as Error)?.message ?? String(error)}`;
      if (!isUserError(error) && process.env['PAIBAN_DEBUG']) console.error(error);
      // Several problems of one source: one line each.
      process.stderr.write(message.split('\n').map((line) => `paiban: [${number}] ${line}\n`).join(''));
      server.fail(message);
    }
  };

  const rebuild = () => {
    if (closing) return;
    if (running) {
      pending = true;
      return;
    }
    running = (async () => {
      do {
        pending = false;
        await buildOnce();
        // A folder that appeared since is watched from now on; files put in it while the build ran are built once more.
        if (await refindProject()) pending = true;
      } while (pending && !closing);
    })().finally(() => (running = undefined));
  };

  let timer: NodeJS.Timeout | undefined;
  const changed = (file: string) => {
    // The outputs may sit inside the watched folder; writing them is no change.
    if (file === outRoot || file.startsWith(outRoot + path.sep)) return;
    // Nor are the staging folders and locks publishing makes beside them.
    if (path.basename(file).startsWith('.') && /\.(?:tmp|old)-\d+|\.lock$|^\.paiban-write-/.test(path.basename(file))) return;
    clearTimeout(timer);
    timer = setTimeout(rebuild, SETTLE_MS);
  };
  const watchers: TreeWatcher[] = [];
  for (const dir of [docDir, templatesDir, stylesDir]) {
    const inOutput = (folder: string) => folder === outRoot || folder.startsWith(outRoot + path.sep);
    watchers.push(new TreeWatcher(dir, (file) => changed(file), (message) => process.stderr.write(`paiban: cannot watch ${displayPath(dir)}: ${message}\n`), inOutput));
  }

  // The project's configuration files, folders, themes and plugins (src/project), found again after each
  // build: a partial folder made since, or a configuration that now names another folder, is watched too.
  const project = new ProjectWatches((file) => changed(file), (dir, message) => process.stderr.write(`paiban: cannot watch ${displayPath(dir)}: ${message}\n`));
  const refindProject = async (): Promise<boolean> => {
    const list = await projectWatchList(docDir).catch(() => undefined);
    // A configuration that cannot be read keeps the watches it had (the build reports the error).
    return !closing && list !== undefined && project.update(list).length > 0;
  };
  await refindProject();

  log(`paiban: serving ${displayPath(docDir)} at ${url} (writing ${displayPath(outDir)}; Ctrl-C stops)`);
  rebuild();

  // Ctrl-C or SIGTERM stops the watcher through the shared termination handling
  // (src/lifecycle.ts): it waits for this close-down, then exits 128 + signal.
  let closedDown!: () => void;
  const closed = new Promise<void>((resolve) => (closedDown = resolve));
  await new Promise<void>((resolve) => {
    onTermination({ async: async () => {
      resolve();
      await closed;
    } });
  });
  closing = true;
  clearTimeout(timer);
  for (const watcher of watchers) watcher.close();
  project.close();
  await server.close();
  // A build in flight ends when its browser goes away; wait for it, then the browser.
  await pool.close();
  await running?.catch(() => undefined);
  await pool.close();
  log('paiban: stopped');
  closedDown();
  return 0;
}

/** Watch serves the HTML, so its formats must include it. */
function watchFormats(list: string | undefined): Set<Format> {
  const formats = parseFormats(list);
  if (!formats.has('html')) throw new UserError('paiban watch serves HTML: --format must include html');
  return formats;
}
