import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { get, until } from '../helpers/poll.ts';
import { launchOwnChromium, sampleDir } from '../helpers/cli.ts';
import { pdfPagesText, squash } from '../helpers/pdf.ts';
import { spawnWatch } from '../helpers/watch.ts';

// These runs are watched for the Chromium they launch themselves.
launchOwnChromium();

/** Served HTML without the line-breaking markup (<wbr>, the span keeping the last two characters). */
const plainText = (html: string) => html.replace(/<wbr>/g, '').replace(/<span class="keep">([^<]*)<\/span>/g, '$1');

/** Processes whose command line mentions this text (Chromium started with a profile under our TMPDIR). */
function processesMentioning(text: string): number[] {
  const found: number[] = [];
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      if (readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(text)) found.push(Number(pid));
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

describe('paiban watch', () => {
  const work = mkdtempSync(path.join(os.tmpdir(), 'paiban-watch-'));
  const tmp = path.join(work, 'tmp');
  mkdirSync(tmp);
  const doc = path.join(work, 'doc');
  cpSync(sampleDir, doc, { recursive: true });
  const source = path.join(doc, 'index.md');
  const original = readFileSync(source, 'utf8');
  const out = path.join(work, 'out');
  const pdf = path.join(out, 'doc', 'doc.pdf');
  after(() => rmSync(work, { recursive: true, force: true }));

  test('rebuilds on change, reports and overlays errors, recovers, and stops cleanly on SIGTERM', async () => {
    const watch = spawnWatch([doc, '--out', out], { cwd: work, env: { TMPDIR: tmp } });
    let exit: number | null;
    try {
      const url = await watch.url();
      await until('the first build', () => /\[1\] wrote .*doc\.pdf/.test(watch.stdout()));
      const firstPdf = statSync(pdf).mtimeMs;
      const written = readFileSync(path.join(out, 'doc', 'index.html'), 'utf8');
      assert.doesNotMatch(written, /__paiban|EventSource/, 'the written HTML has no live-reload script');
      assert.match(await get(url), /EventSource\("\/__paiban\/events"\)/, 'the served HTML has it');

      // Listen to the live-reload stream as an open page would.
      let events = '';
      const stream = http.get(`${url}__paiban/events`, (response) => response.on('data', (chunk) => (events += chunk)));
      stream.on('error', () => undefined);

      writeFileSync(source, `${original}\n监视模式新增的段落。\n`);
      await until('the new text in the served HTML', async () => plainText(await get(url)).includes('监视模式新增的段落'));
      await until('a rewritten PDF', () => existsSync(pdf) && statSync(pdf).mtimeMs !== firstPdf && squash(pdfPagesText(pdf).join('')).includes('监视模式新增的段落'));
      await until('a reload event', () => /event: reload/.test(events));
      assert.doesNotMatch(readFileSync(path.join(out, 'doc', 'index.html'), 'utf8'), /__paiban/);

      writeFileSync(source, original.replace('layout: booklet', 'layout: no-such-layout'));
      await until('the error in the terminal', () => /unknown layout "no-such-layout"/.test(watch.stderr()));
      const broken = await get(url);
      assert.match(broken, /id="paiban-error-overlay"/);
      assert.match(broken, /unknown layout (&#34;|&quot;)no-such-layout(&#34;|&quot;)/);
      await until('a failure event', () => /event: failure\ndata: .*no-such-layout/.test(events));

      writeFileSync(source, `${original}\n修好之后的段落。\n`);
      await until('the fixed text in the served HTML', async () => {
        const page = await get(url);
        return plainText(page).includes('修好之后的段落') && !page.includes('id="paiban-error-overlay"');
      });
      await until('the PDF after the fix', () => squash(pdfPagesText(pdf).join('')).includes('修好之后的段落'));
      stream.destroy();
      assert.ok(watch.running(), 'still running');
    } finally {
      exit = await watch.stop();
    }
    // Stopped like any paiban run: cleaned up, then 128 + SIGTERM.
    assert.equal(exit, 143, watch.stderr());
    assert.match(watch.stdout(), /paiban: stopped/);
    assert.deepEqual(processesMentioning(tmp), [], 'no Chromium left running');
  });
});
