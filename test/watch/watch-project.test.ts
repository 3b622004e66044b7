import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { get, until } from '../helpers/poll.ts';
import { spawnWatch } from '../helpers/watch.ts';

const work = mkdtempSync(path.join(os.tmpdir(), 'wt-18b-watch-project-'));
after(() => rmSync(work, { recursive: true, force: true }));

test('watch rebuilds when a _defaults.yaml or a project stylesheet changes', async () => {
  const root = path.join(work, 'project');
  const doc = path.join(root, 'source', 'doc');
  mkdirSync(doc, { recursive: true });
  mkdirSync(path.join(root, 'styles'));
  writeFileSync(path.join(root, 'paiban.config.yaml'), 'printer: 某印刷厂\n');
  writeFileSync(path.join(root, 'source', '_defaults.yaml'), 'author: 甲编者\n');
  writeFileSync(path.join(doc, 'index.md'), '---\ntitle: 监视\ndate: 2023-02-01\n---\n\n正文。\n');
  const watch = spawnWatch([doc, '--out', path.join(work, 'out'), '--format', 'html'], { cwd: work });
  let exit: number | null;
  try {
    const url = await watch.url();
    await until('the first build', () => /\[1\] wrote index\.html/.test(watch.stdout()));
    assert.match(await get(url), /甲编者/);
    writeFileSync(path.join(root, 'source', '_defaults.yaml'), 'author: 乙编者\n');
    await until('the new default in the served HTML', async () => (await get(url)).includes('乙编者'));
    writeFileSync(path.join(root, 'styles', 'web.css'), '.doc-footer { word-spacing: 0.2em; }\n');
    await until('the project rule in the served web.css', async () => (await get(`${url}assets/web.css`)).endsWith('.doc-footer { word-spacing: 0.2em; }\n'));
  } finally {
    exit = await watch.stop();
  }
  assert.equal(exit, 143, watch.stderr());
});
