// paiban starts Chromium itself (before puppeteer-core is loaded) and hands
// it to puppeteer over the DevTools pipe: the command line must stay what
// puppeteer would have used, and the early start must only happen when a
// build will print.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { PassThrough } from 'node:stream';
import puppeteer from 'puppeteer-core';
import { buildOutlook, buildWillPrint } from '../../src/cli/early-browser.ts';
import { PipeTransport } from '../../src/render/pipe-transport.ts';
import { PUPPETEER_DEFAULT_ARGS, chromiumArgs, spawnChromium } from '../../src/render/spawn.ts';
import { chromiumWithProfile } from '../helpers/hostile.ts';

describe('Chromium command line', () => {
  test("puppeteer-core's own defaults, unchanged (update spawn.ts when puppeteer changes them)", () => {
    const theirs = puppeteer.defaultArgs({ headless: true, userDataDir: '/profile' }).filter((arg) => arg !== '--user-data-dir=/profile' && arg !== 'about:blank');
    assert.deepEqual(PUPPETEER_DEFAULT_ARGS, theirs);
  });

  test('a pipe, a profile, the network closed, no sandbox only as root', () => {
    const args = chromiumArgs('/tmp/p', false);
    for (const arg of ['--remote-debugging-pipe', '--user-data-dir=/tmp/p', '--headless=new', '--export-tagged-pdf', '--host-resolver-rules=MAP * ~NOTFOUND']) assert.ok(args.includes(arg), arg);
    assert.ok(!args.includes('--no-sandbox'));
    assert.ok(chromiumArgs('/tmp/p', true).includes('--no-sandbox'));
    // One --disable-features switch and one --enable-features (Chromium reads only the last of each): puppeteer's and paiban's merged.
    const disabled = args.filter((arg) => arg.startsWith('--disable-features='));
    assert.equal(disabled.length, 1);
    for (const feature of ['Translate', 'NetworkPrediction', 'Prerender2']) assert.ok(disabled[0]!.includes(feature), feature);
    const enabled = args.filter((arg) => arg.startsWith('--enable-features='));
    assert.deepEqual(enabled, ['--enable-features=PdfOopif,NetworkServiceInProcess2']);
  });
});

describe('Chromium runs nothing but the documents', () => {
  // Chromium 15x preloads the address bar's drop-down (chrome://omnibox-popup.top-chrome,
  // a WebUI page in a renderer of its own) in every window, headless too: ~2 CPU-s a build.
  test('no browser UI page, in the first window nor in a new context (as a run in the shared Chromium)', async () => {
    const chromium = spawnChromium();
    try {
      const browser = await puppeteer.connect({ transport: new PipeTransport(chromium.pipe.write, chromium.pipe.read) });
      const session = await browser.target().createCDPSession();
      const targets = async () => {
        const { targetInfos } = await session.send('Target.getTargets', { filter: [{}] } as Parameters<typeof session.send<'Target.getTargets'>>[1]);
        return targetInfos.map((target) => `${target.type} ${target.url}`).sort();
      };
      const page = (await browser.pages())[0]!;
      await page.goto('data:text/html,<p>1</p>');
      assert.deepEqual(await targets(), ['page data:text/html,<p>1</p>', 'tab data:text/html,<p>1</p>']);
      const context = await browser.createBrowserContext();
      const other = await context.newPage();
      await other.goto('data:text/html,<p>2</p>');
      const all = await targets();
      assert.deepEqual(
        all.filter((target) => !/^(page|tab) data:/.test(target)),
        [],
        all.join('\n'),
      );
    } finally {
      await chromium.dispose();
    }
  });
});

describe('Chromium starts no GPU, network or spare renderer process', () => {
  // The command line runs Chromium's GPU service and network service in the browser process
  // (--in-process-gpu, NetworkServiceInProcess2) and keeps no spare renderer
  // (SpareRendererForSitePerProcess off): a Chromium that stopped honouring one
  // would cost every build a process again.
  test('its processes, with a page printed: one renderer, and neither a gpu-process nor a network service', async () => {
    const chromium = spawnChromium();
    try {
      const browser = await puppeteer.connect({ transport: new PipeTransport(chromium.pipe.write, chromium.pipe.read) });
      const page = (await browser.pages())[0]!;
      await page.goto('data:text/html,<p>排版</p>');
      assert.ok((await page.pdf()).length > 0);
      const types = chromiumWithProfile(chromium.profileDir).map((p) => (p.subType ? `${p.type} ${p.subType}` : p.type));
      assert.equal(types.filter((type) => type === 'renderer').length, 1, types.join(' '));
      assert.ok(!types.includes('gpu-process'), types.join(' '));
      assert.ok(!types.includes('utility network.mojom.NetworkService'), types.join(' '));
    } finally {
      await chromium.dispose();
    }
  });
});

describe('DevTools pipe transport', () => {
  test('splits NUL-ended messages however they arrive, and ends each sent one with NUL', async () => {
    const toChromium = new PassThrough();
    const fromChromium = new PassThrough();
    const transport = new PipeTransport(toChromium, fromChromium);
    const received: string[] = [];
    // Waits for the events themselves, not for a guessed delay.
    const three = new Promise<void>((resolve) => {
      transport.onmessage = (message) => {
        received.push(message);
        if (received.length === 3) resolve();
      };
    });
    fromChromium.write('{"id":1,"res');
    fromChromium.write('ult":{}}\0{"id":2}\0{"method":"中文');
    fromChromium.write('"}\0');
    await three;
    assert.deepEqual(received, ['{"id":1,"result":{}}', '{"id":2}', '{"method":"中文"}']);
    transport.send('{"id":3}');
    assert.equal(toChromium.read().toString(), '{"id":3}\0');
    const closed = new Promise<void>((resolve) => (transport.onclose = () => resolve()));
    fromChromium.destroy();
    await closed;
  });
});

describe('starting Chromium early', () => {
  const work = mkdtempSync(path.join(os.tmpdir(), 'paiban-early-'));
  after(() => rmSync(work, { recursive: true, force: true }));
  const doc = path.join(work, 'report');
  mkdirSync(doc);
  writeFileSync(path.join(doc, 'index.md'), '# 报告\n');
  const out = path.join(work, 'out');

  test('a first build that prints: yes; HTML only: no', async () => {
    assert.equal(await buildWillPrint([doc, '--out', out]), true);
    assert.equal(await buildWillPrint([doc, '--out', out, '--format', 'html']), false);
    assert.equal(await buildWillPrint([doc, '--out', out, '--format', 'html', '--impose', 'saddle']), true);
    // The parser's thread starts early for any first build, printed or not.
    // Its source goes to that thread ahead too, unless --shard picks the documents.
    assert.deepEqual(await buildOutlook([doc, '--out', out, '--format', 'html']), { runs: true, prints: false, parseAhead: [doc] });
    assert.deepEqual(await buildOutlook([doc, '--out', out, '--shard', '1/2']), { runs: true, prints: true, parseAhead: [] });
  });

  test('a batch: its first two documents are parsed ahead, one with --jobs 1', async () => {
    const docs = ['a', 'b', 'c'].map((name) => path.join(work, name));
    assert.deepEqual((await buildOutlook([...docs, '--out', out])).parseAhead, docs.slice(0, 2));
    assert.deepEqual((await buildOutlook([...docs, '--out', out, '--jobs', '1'])).parseAhead, docs.slice(0, 1));
  });

  test('an earlier build that may make this one a no-op: only with --force', async () => {
    mkdirSync(path.join(out, 'report'), { recursive: true });
    writeFileSync(path.join(out, 'report', 'manifest.json'), '{}');
    assert.equal(await buildWillPrint([doc, '--out', out]), false);
    assert.equal(await buildWillPrint([doc, '--out', out, '--force']), true);
    // Maybe skipped: neither the parser's thread nor Chromium starts ahead.
    assert.deepEqual(await buildOutlook([doc, '--out', out]), { runs: false, prints: false, parseAhead: [] });
    assert.deepEqual(await buildOutlook([doc, '--out', out, '--format', 'html', '--force']), { runs: true, prints: false, parseAhead: [doc] });
  });
});
