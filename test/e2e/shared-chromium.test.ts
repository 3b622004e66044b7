// The test suite's shared Chromium (scripts/test-chromium.ts, joined through
// PAIBAN_CHROMIUM_ENDPOINT): a build printed in it gives the same bytes as a
// build that launches its own; every run's tabs go with the run, even a run
// killed outright; a bad address is one line; and the Chromium goes, with its
// profile, when the script's stdin closes. This file starts a Chromium of its
// own that way, whatever the runner shares.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import puppeteer from 'puppeteer-core';
import { assertOneLineError, paiban, repoRoot, sampleDir } from '../helpers/cli.ts';
import { chromiumOf, startPaiban } from '../helpers/hostile.ts';
import { Renderer } from '../../src/render/browser.ts';
import { until } from '../helpers/poll.ts';

const work = mkdtempSync(path.join(os.tmpdir(), 'paiban-shared-chromium-'));
after(() => rmSync(work, { recursive: true, force: true }));

/** The run's tabs: every page target outside the default context, and any context but the default. */
async function openContexts(endpoint: string): Promise<{ contexts: number; pages: number }> {
  const browser = await puppeteer.connect({ browserWSEndpoint: endpoint });
  try {
    const contexts = browser.browserContexts().filter((context) => context !== browser.defaultBrowserContext());
    const pages = browser.targets().filter((target) => target.type() === 'page' && target.browserContext() !== browser.defaultBrowserContext());
    return { contexts: contexts.length, pages: pages.length };
  } finally {
    await browser.disconnect();
  }
}

describe('a Chromium shared by runs', () => {
  const serverTmp = path.join(work, 'server-tmp');
  const doc = path.join(work, 'docs', 'sample');
  let server: ReturnType<typeof spawn>;
  let endpoint: string;

  before(async () => {
    mkdirSync(serverTmp, { recursive: true });
    cpSync(sampleDir, doc, { recursive: true });
    server = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'scripts', 'test-chromium.ts')], {
      cwd: repoRoot,
      env: { ...process.env, TMPDIR: serverTmp },
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    let out = '';
    server.stdout!.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    endpoint = await until('the shared Chromium\'s address', () => /^(ws:\/\/\S+)\n/.exec(out)?.[1]);
  });

  after(() => {
    // Killed outright, it takes its Chromium with it (the pipe Chromium holds closes): see the last test.
    if (server.exitCode === null) server.kill('SIGKILL');
  });

  test('a build printed in it gives the bytes of a build with its own Chromium, and leaves no tab behind', async () => {
    const own = paiban(['build', doc, '--out', path.join(work, 'own'), '--format', 'pdf', '--force'], { env: { PAIBAN_CHROMIUM_ENDPOINT: '' } });
    assert.equal(own.code, 0, own.stderr);
    const tmp = path.join(work, 'tmp-shared');
    mkdirSync(tmp);
    const shared = paiban(['build', doc, '--out', path.join(work, 'shared'), '--format', 'pdf', '--force'], { env: { PAIBAN_CHROMIUM_ENDPOINT: endpoint, PAIBAN_TRACE: '1', TMPDIR: tmp } });
    assert.equal(shared.code, 0, shared.stderr);
    // It joined the shared one: no Chromium of its own (no profile in its TMPDIR).
    assert.match(shared.stderr, /chromium: ready/);
    assert.deepEqual(readdirSync(tmp), []);
    for (const file of ['sample.pdf', 'manifest.json']) {
      assert.ok(readFileSync(path.join(work, 'own', 'sample', file)).equals(readFileSync(path.join(work, 'shared', 'sample', file))), `${file} identical`);
    }
    assert.deepEqual(await openContexts(endpoint), { contexts: 0, pages: 0 });
  });

  test('a run killed outright (SIGKILL) mid-render has its tabs closed by Chromium', async () => {
    // Long enough (about 100 pages) to be caught while its context is open.
    const long = path.join(work, 'docs', 'long');
    mkdirSync(long, { recursive: true });
    const paragraph = '这一年，我们致力普惠共享，民生福祉持续增进。'.repeat(5);
    writeFileSync(path.join(long, 'index.md'), `---\ntitle: 长文档\nauthor: 某区\ndate: 2023-02-01\n---\n\n${Array.from({ length: 1000 }, () => `${paragraph}\n`).join('\n')}`);
    const tmp = path.join(work, 'tmp-killed');
    mkdirSync(tmp);
    const run = startPaiban(['build', long, '--out', path.join(work, 'killed'), '--format', 'pdf', '--force'], {
      tmp,
      env: { PAIBAN_CHROMIUM_ENDPOINT: endpoint, PAIBAN_TRACE: '1' },
    });
    await until('the run joined the shared Chromium', () => /chromium: ready/.test(run.stderr()), 300_000);
    const during = await openContexts(endpoint);
    process.kill(run.pid, 'SIGKILL');
    assert.equal((await run.done).signal, 'SIGKILL', run.stderr());
    assert.equal(during.contexts, 1, 'its context was open while it ran');
    await until('its context gone', async () => {
      const open = await openContexts(endpoint);
      return open.contexts === 0 && open.pages === 0;
    }, 60_000);
  });

  test('a run whose process is busy (here in spawnSync) holding tabs in it does not stall another run', async () => {
    const saved = process.env['PAIBAN_CHROMIUM_ENDPOINT'];
    process.env['PAIBAN_CHROMIUM_ENDPOINT'] = endpoint;
    const renderer = await Renderer.launch();
    try {
      const page = '<!doctype html><html lang="zh"><title>t</title><p>占位</p></html>';
      await renderer.printPdf(new Map([['index.html', { body: page, contentType: 'text/html; charset=utf-8' }]]), { timeoutMs: 60_000 });
      // This process is blocked until the build ends: it cannot answer Chromium about the build's new tabs.
      const other = paiban(['build', doc, '--out', path.join(work, 'beside'), '--format', 'pdf', '--force', '--timeout', '60'], { env: { PAIBAN_CHROMIUM_ENDPOINT: endpoint } });
      assert.equal(other.code, 0, other.stderr);
    } finally {
      await renderer.close();
      if (saved === undefined) delete process.env['PAIBAN_CHROMIUM_ENDPOINT'];
      else process.env['PAIBAN_CHROMIUM_ENDPOINT'] = saved;
    }
  });

  test('an address that is not a local DevTools one, or where nothing listens: one line, exit 1', () => {
    const remote = paiban(['build', doc, '--out', path.join(work, 'remote'), '--format', 'pdf', '--force'], { env: { PAIBAN_CHROMIUM_ENDPOINT: 'ws://192.0.2.1:9222/devtools/browser/x' } });
    assertOneLineError(remote, /PAIBAN_CHROMIUM_ENDPOINT=ws:\/\/192\.0\.2\.1:9222\/devtools\/browser\/x is not a local DevTools address/);
    const nobody = paiban(['build', doc, '--out', path.join(work, 'nobody'), '--format', 'pdf', '--force'], { env: { PAIBAN_CHROMIUM_ENDPOINT: 'ws://127.0.0.1:9/devtools/browser/x' } });
    assertOneLineError(nobody, /could not join the Chromium at PAIBAN_CHROMIUM_ENDPOINT=ws:\/\/127\.0\.0\.1:9\/devtools\/browser\/x: /);
  });

  test('a shared Chromium whose script is killed outright (SIGKILL) goes too', async () => {
    const tmp = path.join(work, 'tmp-killed-server');
    mkdirSync(tmp);
    const doomed = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'scripts', 'test-chromium.ts')], {
      cwd: repoRoot,
      env: { ...process.env, TMPDIR: tmp },
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    let out = '';
    doomed.stdout!.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    await until('its address', () => /^ws:\/\/\S+\n/.test(out));
    assert.ok(chromiumOf(tmp).length > 0, 'its Chromium runs');
    doomed.kill('SIGKILL');
    await until('its Chromium gone', () => chromiumOf(tmp).length === 0, 60_000);
  });

  test('the Chromium and its profile go when the script\'s stdin closes', async () => {
    assert.ok(chromiumOf(serverTmp).length > 0, 'the shared Chromium runs, its profile in the server\'s TMPDIR');
    server.stdin!.end();
    await new Promise((resolve) => server.once('exit', resolve));
    assert.equal(server.exitCode, 0);
    assert.deepEqual(chromiumOf(serverTmp), []);
    // Nothing of Chromium's is left (tsx's cache of the script may be).
    assert.deepEqual(readdirSync(serverTmp).filter((name) => /chromium/i.test(name)), []);
  });
});
