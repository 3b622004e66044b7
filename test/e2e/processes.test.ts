// No Chromium outlives a run: after success, failure, SIGINT, SIGTERM, or
// Chromium crashing mid-render (killed here); and two runs writing the same
// output folder at once never mix their files.
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { launchOwnChromium, sampleDir } from '../helpers/cli.ts';
import { assertCompleteOutputs, chromiumOf, runPaiban, snapshot, startPaiban, type Run } from '../helpers/hostile.ts';
import { until } from '../helpers/poll.ts';

// These runs are watched for the Chromium they launch themselves.
launchOwnChromium();

const work = mkdtempSync(path.join(os.tmpdir(), 'paiban-processes-'));
after(() => rmSync(work, { recursive: true, force: true }));

let runCount = 0;
/** A fresh TMPDIR per run: its Chromium is the one whose --user-data-dir lies inside it. */
function freshTmp(): string {
  const tmp = path.join(work, `tmp-${++runCount}`);
  mkdirSync(tmp);
  return tmp;
}

function assertNothingLeft(tmp: string, out?: string): void {
  assert.deepEqual(chromiumOf(tmp), [], 'no Chromium process of this run');
  assert.deepEqual(readdirSync(tmp).filter((name) => name.startsWith('paiban-chromium-')), [], 'no Chromium profile folder');
  if (out) assert.deepEqual(readdirSync(out).filter((name) => name.startsWith('.')), [], 'no staging folder or lock');
}

/** One line naming the document's source, exit 1, no stack. */
function assertOneLineFailure(run: Run, doc: string, message: RegExp): void {
  assert.equal(run.code, 1, run.stderr);
  const lines = run.stderr.trimEnd().split('\n').filter((line) => !line.startsWith('paiban: warning: '));
  assert.equal(lines.length, 1, run.stderr);
  assert.ok(lines[0]!.startsWith(`paiban: ${path.join(doc, 'index.md')}`), lines[0]);
  assert.match(lines[0]!, message);
}

describe('Chromium never outlives a run', () => {
  const docs = path.join(work, 'docs');
  const out = path.join(work, 'out');
  // About 100 pages: long enough to be caught mid-render (page load and
  // print take a second or more, and each kill below comes within ~0.1 s
  // of the traced start of rendering), short enough for CI.
  const long = path.join(docs, 'long');
  let previous: Record<string, string>;

  before(async () => {
    mkdirSync(long, { recursive: true });
    const paragraph = '这一年，我们致力普惠共享，民生福祉持续增进。'.repeat(5);
    writeFileSync(path.join(long, 'index.md'), `---\ntitle: 长文档\nauthor: 某区\ndate: 2023-02-01\n---\n\n${Array.from({ length: 1000 }, (_, i) => `${i % 50 === 0 ? `# 第${i / 50 + 1}章\n\n` : ''}${paragraph}\n`).join('\n')}`);
    cpSync(sampleDir, path.join(docs, 'sample'), { recursive: true });
    // The previous outputs of `long`, which interrupted runs must leave alone.
    const first = await runPaiban(['build', long, '--out', out, '--format', 'html'], { tmp: freshTmp() });
    assert.equal(first.code, 0, first.stderr);
    previous = snapshot(path.join(out, 'long'));
  });

  test('after a successful build', async () => {
    const tmp = freshTmp();
    // The PDF alone: it is what needs Chromium, which is what this is about.
    const run = await runPaiban(['build', path.join(docs, 'sample'), '--out', path.join(work, 'out-ok'), '--format', 'pdf'], { tmp });
    assert.equal(run.code, 0, run.stderr);
    assertCompleteOutputs(path.join(work, 'out-ok', 'sample'));
    assertNothingLeft(tmp);
  });

  test('after a failed build (render timeout): one line naming the file', async () => {
    const tmp = freshTmp();
    const run = await runPaiban(['build', long, '--out', out, '--timeout', '0.2'], { tmp });
    assertOneLineFailure(run, long, /rendering took longer than/);
    assert.deepEqual(snapshot(path.join(out, 'long')), previous);
    assertNothingLeft(tmp, out);
  });

  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
    test(`after ${signal} mid-render: exit ${code}, previous outputs untouched`, async () => {
      const tmp = freshTmp();
      // Traced milestones say when printing has begun: no guessing with a sleep.
      const child = startPaiban(['build', long, '--out', out], { tmp, env: { PAIBAN_TRACE: '1' } });
      await until('printing started', () => /: render pdf\n/.test(child.stderr()) && chromiumOf(tmp).some((p) => p.type === 'renderer'));
      process.kill(child.pid, signal);
      const run = await child.done;
      assert.equal(run.code, code, `stdout: ${run.stdout}\nstderr: ${run.stderr}`);
      assert.doesNotMatch(run.stderr, /^\s+at /m);
      assert.deepEqual(snapshot(path.join(out, 'long')), previous);
      // The run waited for Chromium to go before exiting: nothing to wait for here.
      assertNothingLeft(tmp, out);
    });
  }

  test('Chromium killed mid-render: the run retries once in a new browser and succeeds', async () => {
    const tmp = freshTmp();
    const outCrash = path.join(work, 'out-crash');
    const child = startPaiban(['build', long, '--out', outCrash, '--format', 'pdf'], { tmp, env: { PAIBAN_TRACE: '1' } });
    await until('printing started', () => /: render pdf\n/.test(child.stderr()) && chromiumOf(tmp).some((p) => p.type === 'renderer'));
    const first = chromiumOf(tmp).find((p) => p.type === 'browser');
    assert.ok(first, 'the browser process');
    process.kill(first.pid, 'SIGKILL');
    // A second browser must come up for the retry.
    await until('a new browser', () => chromiumOf(tmp).some((p) => p.type === 'browser' && p.pid !== first.pid));
    const run = await child.done;
    assert.equal(run.code, 0, run.stderr);
    assertCompleteOutputs(path.join(outCrash, 'long'));
    assertNothingLeft(tmp, outCrash);
  });

  test('Chromium killed again and again: the document fails with one line, nothing written', async () => {
    const tmp = freshTmp();
    const child = startPaiban(['build', long, '--out', out], { tmp });
    let finished = false;
    void child.done.then(() => (finished = true));
    const killed = new Set<number>();
    // The first browser once it renders; every later one as soon as it appears.
    while (!finished) {
      const processes = chromiumOf(tmp);
      const rendering = processes.some((p) => p.type === 'renderer');
      for (const p of processes) {
        if (p.type !== 'browser' || killed.has(p.pid) || (!killed.size && !rendering)) continue;
        killed.add(p.pid);
        try {
          process.kill(p.pid, 'SIGKILL');
        } catch {
          // Gone already.
        }
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const run = await child.done;
    // The second browser dies rendering, or already while starting: both are one clean line.
    assertOneLineFailure(run, long, /Chromium crashed twice while rendering|could not start Chromium/);
    assert.ok(killed.size >= 1, `killed ${killed.size} browsers`);
    assert.deepEqual(snapshot(path.join(out, 'long')), previous);
    assertNothingLeft(tmp, out);
  });
});

describe('two builds into the same output folder at once', () => {
  test('each round leaves one complete, consistent set of files', async () => {
    // Two different sources with the same document name, written to one output folder.
    const a = path.join(work, 'conc-a', 'report');
    const b = path.join(work, 'conc-b', 'report');
    for (const [dir, title] of [[a, '甲版'], [b, '乙版']] as const) {
      mkdirSync(path.join(dir, 'images'), { recursive: true });
      const images = Array.from({ length: 20 }, (_, i) => `![图${i}](images/${i}.svg)`).join('\n\n');
      for (let i = 0; i < 20; i++) writeFileSync(path.join(dir, 'images', `${i}.svg`), `<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><title>${title}${i}</title></svg>`);
      writeFileSync(path.join(dir, 'index.md'), `---\ntitle: ${title}\nauthor: 某区\ndate: 2023-02-01\n---\n\n${title}的正文。\n\n${images}\n`);
    }
    const out = path.join(work, 'out-concurrent');
    for (let round = 0; round < 3; round++) {
      const tmp = freshTmp();
      const runs = await Promise.all([a, b].map((dir) => runPaiban(['build', dir, '--out', out, '--format', 'html'], { tmp })));
      for (const run of runs) assert.equal(run.code, 0, run.stderr);
      const dir = path.join(out, 'report');
      assertCompleteOutputs(dir);
      const manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as { title: string };
      const html = readFileSync(path.join(dir, 'index.html'), 'utf8');
      assert.ok(html.includes(`<title>${manifest.title}</title>`), 'the page and the manifest come from the same build');
      for (let i = 0; i < 20; i++) assert.ok(readFileSync(path.join(dir, 'images', `${i}.svg`), 'utf8').includes(`${manifest.title}${i}`), `image ${i} from the same build`);
      assert.deepEqual(readdirSync(out).filter((name) => name.startsWith('.')), [], 'no staging folder or lock left');
    }
  });
});

describe('Chromium killed while paiban connects to it', () => {
  test('is a Chromium that could not start (one user error), and nothing of it is left', async () => {
    const { spawnChromium } = await import('../../src/render/spawn.ts');
    const { Renderer } = await import('../../src/render/browser.ts');
    const { UserError } = await import('../../src/errors.ts');
    const chromium = spawnChromium();
    // Killed the moment paiban first asks the connected browser something
    // (its version): after the connection, before the renderer exists.
    const toChromium = new Writable({
      write(chunk: Buffer, _encoding, done) {
        if (chunk.includes('Browser.getVersion')) process.kill(chromium.process.pid!, 'SIGKILL');
        chromium.pipe.write.write(chunk, done);
      },
    });
    toChromium.on('error', () => undefined);
    chromium.pipe.write.on('error', () => undefined);
    const error = await Renderer.launch({ ...chromium, pipe: { write: toChromium, read: chromium.pipe.read } }).then(
      async (renderer) => {
        await renderer.close();
        return undefined;
      },
      (caught: unknown) => caught,
    );
    assert.ok(error instanceof UserError, `a user error, not ${String(error)}`);
    assert.match(error.message, /^could not start Chromium at .*: (Protocol error|killed by SIGKILL)/);
    await chromium.dispose();
    assert.equal(chromium.process.exitCode === null && chromium.process.signalCode === null, false, 'the process is gone');
  });
});
