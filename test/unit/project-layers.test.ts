import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { isUserError } from '../../src/errors.ts';
import { assertLayout } from '../../src/layout/names.ts';
import { displayPath } from '../../src/paths.ts';
import { loadDocumentProject } from '../../src/project/load.ts';
import { writeTree } from '../helpers/project-tree.ts';

let tmp: string;
before(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'paiban-layers-'));
});
after(async () => {
  await rm(tmp, { recursive: true, force: true });
});

/** A project with an empty document folder `source/doc`: files by path relative to its root; returns the root. */
async function project(name: string, files: Record<string, string>): Promise<string> {
  const root = await writeTree(path.join(tmp, name), files);
  await mkdir(path.join(root, 'source', 'doc'), { recursive: true });
  return root;
}

const THEME = {
  'node_modules/paiban-theme-a/package.json': '{"name": "paiban-theme-a", "version": "1.0.0"}',
  'node_modules/paiban-theme-a/partials/colophon.hbs': 'theme colophon',
  'node_modules/paiban-theme-a/partials/cover.hbs': 'theme cover',
  'node_modules/paiban-theme-a/layouts/house.hbs': '<html>{{title}}</html>',
  'node_modules/paiban-theme-a/styles/booklet.css': '/* theme a */',
  'node_modules/paiban-theme-b/package.json': '{"name": "paiban-theme-b", "version": "1.0.0"}',
  'node_modules/paiban-theme-b/partials/cover.hbs': 'theme b cover',
  'node_modules/paiban-theme-b/styles/booklet.css': '/* theme b */',
};

test('the project first, then each theme in order, then built in; stylesheets appended from the lowest precedence up', async () => {
  const root = await project('order', {
    'paiban.config.yaml': 'theme: [paiban-theme-a, paiban-theme-b]\n',
    'partials/colophon.hbs': 'project colophon',
    'styles/booklet.css': '/* project */',
    ...THEME,
  });
  const found = await loadDocumentProject(path.join(root, 'source', 'doc'));
  assert.equal(found.templates?.partials.get('colophon'), 'project colophon');
  assert.equal(found.templates?.partials.get('cover'), 'theme cover'); // theme a is listed first
  assert.equal(found.templates?.layouts.get('house'), '<html>{{title}}</html>');
  assert.equal(await found.style('booklet.css', async () => '/* built in */'), '/* built in */\n/* theme b */\n/* theme a */\n/* project */');
  // No project or theme file of that name: the built-in stylesheet unchanged.
  assert.equal(await found.style('web.css', async () => '/* built in */'), '/* built in */');
  assert.doesNotThrow(() => assertLayout('house', { file: 'index.md' }, found.templates));
  assert.throws(() => assertLayout('nope', { file: 'index.md' }, found.templates), /known: booklet, gongwen, house, web/);
  assert.deepEqual(
    found.inputs.map((i) => `${i.role} ${i.path}`),
    [
      'config paiban.config.yaml',
      'template partials/colophon.hbs',
      'style styles/booklet.css',
      'template theme:paiban-theme-a/layouts/house.hbs',
      'template theme:paiban-theme-a/partials/colophon.hbs',
      'template theme:paiban-theme-a/partials/cover.hbs',
      'style theme:paiban-theme-a/styles/booklet.css',
      'template theme:paiban-theme-b/partials/cover.hbs',
      'style theme:paiban-theme-b/styles/booklet.css',
    ],
  );
});

test('a link inside the project is followed; out of it, or out of a theme, refused; bad names and paths named at their config line', async () => {
  const root = await project('links', { 'paiban.config.yaml': 'theme: paiban-theme-a\n', 'shared/colophon.hbs': 'shared', ...THEME });
  await mkdir(path.join(root, 'partials'));
  await symlink(path.join(root, 'shared', 'colophon.hbs'), path.join(root, 'partials', 'colophon.hbs'));
  assert.equal((await loadDocumentProject(path.join(root, 'source', 'doc'))).templates?.partials.get('colophon'), 'shared');

  await symlink(path.join(root, 'shared', 'colophon.hbs'), path.join(root, 'node_modules', 'paiban-theme-a', 'partials', 'toc.hbs'));
  const themeLink = path.join(root, 'node_modules', 'paiban-theme-a', 'partials', 'toc.hbs');
  await assert.rejects(loadDocumentProject(path.join(root, 'source', 'doc')), (e) => isUserError(e) && e.file === displayPath(themeLink) && /outside theme paiban-theme-a/.test(e.message));

  const config = (text: string) => writeFile(path.join(root, 'paiban.config.yaml'), text);
  const rejects = (pattern: RegExp, line: number) =>
    assert.rejects(loadDocumentProject(path.join(root, 'source', 'doc')), (e) => isUserError(e) && e.file === displayPath(path.join(root, 'paiban.config.yaml')) && e.line === line && pattern.test(e.message));
  await config('author: 某区\ntheme: paiban-theme-none\n');
  await rejects(/theme "paiban-theme-none" is not installed/, 2);
  await config('theme: ../x\n');
  await rejects(/not a package name/, 1);
  await config('\npartials: ../elsewhere\n');
  await rejects(/must be a folder inside the project/, 2);
  await config('remarkPlugins:\n  - ../outside.js\n');
  await writeFile(path.join(tmp, 'outside.js'), 'export default function () {}\n');
  await rejects(/lies outside the project folder/, 1);
  await config('rehypePlugins: [remark-none]\n');
  await rejects(/plugin "remark-none" is not installed/, 1);
  await config('remarkPlugins: [[a, 1, 2]]\n');
  await rejects(/remarkPlugins\.0/, 1);
  await config('themes: x\n');
  await rejects(/unknown field\(s\) themes/, 1);
});
