import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { get, until } from '../helpers/poll.ts';
import { spawnWatch } from '../helpers/watch.ts';

const work = mkdtempSync(path.join(os.tmpdir(), 'paiban-watch-project-'));
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

test('watch finds the project again after each build: a partials folder made after the start, a styles folder the config names later', async () => {
  const root = path.join(work, 'refind');
  const doc = path.join(root, 'source', 'doc');
  mkdirSync(doc, { recursive: true });
  writeFileSync(path.join(root, 'paiban.config.yaml'), 'printer: 某印刷厂\n');
  writeFileSync(path.join(doc, 'index.md'), '---\ntitle: 监视\nauthor: 编者\ndate: 2023-02-01\n---\n\n正文。\n');
  const watch = spawnWatch([doc, '--out', path.join(work, 'out-refind'), '--format', 'html'], { cwd: work });
  const builds = () => (watch.stdout().match(/^\[\d+\] wrote /gm) ?? []).length;
  let exit: number | null;
  try {
    const url = await watch.url();
    await until('the first build', () => builds() === 1);

    // No partials/ when watching started: made now, it is a change, and from then on watched.
    mkdirSync(path.join(root, 'partials'));
    writeFileSync(path.join(root, 'partials', 'titleblock.hbs'), '<h1 class="doc-title">{{titleHtml}}</h1>\n<p class="house">第一稿</p>\n');
    await until('the new partial in the served HTML', async () => (await get(url)).includes('<p class="house">第一稿</p>'));
    writeFileSync(path.join(root, 'partials', 'titleblock.hbs'), '<h1 class="doc-title">{{titleHtml}}</h1>\n<p class="house">第二稿</p>\n');
    await until('the edited partial in the served HTML', async () => (await get(url)).includes('<p class="house">第二稿</p>'));

    // The configuration now names another styles folder, not there yet; then it is made, then a file in it edited.
    const before = builds();
    writeFileSync(path.join(root, 'paiban.config.yaml'), 'printer: 某印刷厂\nstyles: house-styles\n');
    await until('the build after the configuration change', () => builds() > before);
    mkdirSync(path.join(root, 'house-styles'));
    writeFileSync(path.join(root, 'house-styles', 'web.css'), '.doc-footer { word-spacing: 0.2em; }\n');
    await until('the rule from the new styles folder', async () => (await get(`${url}assets/web.css`)).endsWith('.doc-footer { word-spacing: 0.2em; }\n'));
    writeFileSync(path.join(root, 'house-styles', 'web.css'), '.doc-footer { word-spacing: 0.3em; }\n');
    await until('the edited rule from the new styles folder', async () => (await get(`${url}assets/web.css`)).endsWith('.doc-footer { word-spacing: 0.3em; }\n'));
  } finally {
    exit = await watch.stop();
  }
  assert.equal(exit, 143, watch.stderr());
});
