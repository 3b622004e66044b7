// paiban watch keeps noticing edits saved by rename (sed -i, editors' safe
// write), and answers only requests addressed to itself: a loopback Host
// with its port, no foreign Origin (DNS rebinding).
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { until } from '../helpers/poll.ts';
import { spawnWatch } from '../helpers/watch.ts';

const work = mkdtempSync(path.join(os.tmpdir(), 'paiban-watch-safety-'));
after(() => rmSync(work, { recursive: true, force: true }));

const source = (marker: string) => `---\ntitle: 监视测试\nauthor: 某区人民政府\ndate: 2023-02-01\n---\n\n${marker}。\n`;

function request(port: number, pathname: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: pathname, headers }, (response) => {
      // The event stream never ends: its status is enough.
      if (pathname.includes('events')) {
        resolve({ status: response.statusCode!, body: '' });
        response.destroy();
        return;
      }
      let body = '';
      response.setEncoding('utf8').on('data', (chunk: string) => (body += chunk)).on('end', () => resolve({ status: response.statusCode!, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

test('watch: edits saved by rename are all seen; foreign Host and Origin refused', async () => {
  const doc = path.join(work, 'doc');
  mkdirSync(doc);
  writeFileSync(path.join(doc, 'index.md'), source('初稿'));
  mkdirSync(path.join(work, 'tmp'));
  const watch = spawnWatch([doc, '--format', 'html', '--out', path.join(work, 'out')], { cwd: work, env: { TMPDIR: path.join(work, 'tmp') } });
  try {
    const port = Number(new URL(await watch.url()).port);
    // The text of the page, without the line-breaking markup between characters.
    const page = async () => (await request(port, '/', { host: `127.0.0.1:${port}` })).body.replace(/<[^>]*>/g, '');
    await until('the first build', async () => (await page()).includes('初稿'));

    // Three saves the way `sed -i` and editors do them: a new file renamed over the old.
    for (const marker of ['第二稿', '第三稿', '第四稿']) {
      const temporary = path.join(doc, `.index.md.${marker}.swp`);
      writeFileSync(temporary, source(marker));
      renameSync(temporary, path.join(doc, 'index.md'));
      await until(`the edit "${marker}"`, async () => (await page()).includes(marker));
    }

    assert.equal((await request(port, '/', { host: `localhost:${port}` })).status, 200);
    assert.equal((await request(port, '/', { host: `evil.example:${port}` })).status, 403, 'rebinding: foreign Host');
    assert.equal((await request(port, '/', { host: `127.0.0.1:${port + 1}` })).status, 403, 'another port');
    assert.equal((await request(port, '/__paiban/events', { host: `127.0.0.1:${port}`, origin: 'http://evil.example' })).status, 403, 'foreign Origin on the event stream');
    assert.equal((await request(port, '/__paiban/events', { host: `127.0.0.1:${port}`, origin: `http://127.0.0.1:${port}` })).status, 200, 'own Origin');
  } finally {
    await watch.stop();
  }
  assert.doesNotMatch(watch.stderr(), /internal error/);
});
