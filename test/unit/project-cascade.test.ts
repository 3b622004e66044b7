import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, symlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { isUserError } from '../../src/errors.ts';
import { displayPath } from '../../src/paths.ts';
import { readCascade } from '../../src/project/load.ts';
import { parseFrontMatter } from '../../src/source/frontmatter.ts';
import { writeTree } from '../helpers/project-tree.ts';

let tmp: string;
before(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'paiban-cascade-'));
});
after(async () => {
  await rm(tmp, { recursive: true, force: true });
});

/** A project: files by path relative to its root; returns the root. */
const project = (name: string, files: Record<string, string>): Promise<string> => writeTree(path.join(tmp, name), files);

const FRONT = 'title: 报告\ndate: 2023-02-01\n';

test('config < _defaults.yaml (outer folder, then inner) < front matter; mappings merge key by key', async () => {
  const root = await project('order', {
    'paiban.config.yaml': 'chapterStart: page\nprinter: 配置印刷厂\nauthor: 配置作者\nprinting: 2\nstrict: false\n',
    'source/_defaults.yaml': 'printer: 外层印刷厂\nauthor: 外层作者\ngongwen:\n  issuer: 某区人民政府\n',
    'source/doc/_defaults.yaml': 'author: 内层作者\n',
    'source/doc/index.md': '',
  });
  const { defaults, files } = await readCascade(path.join(root, 'source', 'doc'));
  assert.deepEqual(files.map((f) => path.relative(root, f.file)), ['paiban.config.yaml', 'source/_defaults.yaml', 'source/doc/_defaults.yaml']);
  const { data } = parseFrontMatter(`${FRONT}printing: 3\ngongwen:\n  number: 某政发〔2023〕1号\n`, 'index.md', 2, defaults);
  assert.equal(data.chapterStart, 'page'); // only the config sets it
  assert.equal(data.printer, '外层印刷厂'); // _defaults over the config
  assert.equal(data.author, '内层作者'); // the inner folder over the outer
  assert.equal(data.printing, 3); // the front matter over all
  assert.deepEqual(data.gongwen?.issuer, ["某区人民政府"]);
  assert.equal(data.gongwen?.number, '某政发〔2023〕1号');
});

test('an invalid value or unknown field in _defaults.yaml is reported at that file and line', async () => {
  const root = await project('invalid', {
    'paiban.config.yaml': 'author: 某区\n',
    'source/_defaults.yaml': '# 本目录的默认值\nprinter: 某印刷厂\nchapterStart: sideways\n',
    'other/_defaults.yaml': 'printer: 某印刷厂\n\nchaptrStart: page\n',
  });
  const shown = displayPath(path.join(root, 'source', '_defaults.yaml'));
  const { defaults } = await readCascade(path.join(root, 'source', 'doc'));
  assert.throws(
    () => parseFrontMatter(FRONT, 'index.md', 2, defaults),
    (e) => isUserError(e) && e.file === shown && e.line === 3 && /chapterStart must be one of: right, page, continue/.test(e.message),
  );
  // The same value in the front matter is the front matter's error.
  assert.throws(() => parseFrontMatter(`${FRONT}chapterStart: nope\n`, 'index.md', 2, defaults), (e) => isUserError(e) && e.file === 'index.md' && e.line === 4);
  const other = await readCascade(path.join(root, 'other', 'doc'));
  assert.throws(
    () => parseFrontMatter(FRONT, 'index.md', 2, other.defaults),
    (e) => isUserError(e) && e.file === displayPath(path.join(root, 'other', '_defaults.yaml')) && e.line === 3 && /chaptrStart/.test(e.message),
  );
  // A required field missing everywhere is the front matter's.
  const none = await readCascade(path.join(root, 'nowhere'));
  assert.throws(() => parseFrontMatter('title: 报告\nauthor: 某区\n', 'index.md', 2, none.defaults), (e) => isUserError(e) && e.file === 'index.md' && /"date" is required/.test(e.message));
});

test('configuration files are read as hostile: alias bombs, tags, control characters, fonts in a folder, FIFOs', async () => {
  const lines = ['a: &a [x, x, x, x, x, x, x, x, x]'];
  for (let i = 1; i < 12; i++) lines.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [*${String.fromCharCode(96 + i)}, *${String.fromCharCode(96 + i)}, *${String.fromCharCode(96 + i)}, *${String.fromCharCode(96 + i)}, *${String.fromCharCode(96 + i)}, *${String.fromCharCode(96 + i)}, *${String.fromCharCode(96 + i)}, *${String.fromCharCode(96 + i)}, *${String.fromCharCode(96 + i)}]`);
  const root = await project('hostile', {
    'paiban.config.yaml': 'author: 某区\n',
    'bomb/_defaults.yaml': `${lines.join('\n')}\n`,
    'tag/_defaults.yaml': 'printer: !!js/function "function(){}"\n',
    'ctl/_defaults.yaml': 'printer: "a\\e[2Jb"\n',
    'fonts/_defaults.yaml': 'author: 某区\nfonts:\n  kai: a.ttf\n',
    'list/_defaults.yaml': '- a\n- b\n',
  });
  const reject = (dir: string, pattern: RegExp, line?: number) =>
    assert.rejects(readCascade(path.join(root, dir, 'doc')), (e) => isUserError(e) && e.file === displayPath(path.join(root, dir, '_defaults.yaml')) && pattern.test(e.message) && (line === undefined || e.line === line));
  await reject('bomb', /invalid YAML: .*alias/i);
  await reject('tag', /invalid YAML/);
  await reject('ctl', /control character/, 1);
  await reject('fonts', /fonts cannot be set in a folder's defaults/, 2);
  await reject('list', /must be a YAML mapping/);
  // A FIFO would block a plain read forever.
  await mkdir(path.join(root, 'fifo'), { recursive: true });
  execFileSync('mkfifo', [path.join(root, 'fifo', '_defaults.yaml')]);
  await reject('fifo', /is not a regular file/);
});

test('the search for paiban.config.yaml stops at the project root (.git or package.json)', async () => {
  const outer = await project('boundary', {
    'paiban.config.yaml': 'author: 外部项目\n',
    'inner/package.json': '{"private": true}\n',
    'inner/source/doc/index.md': '',
    'plain/source/doc/index.md': '',
  });
  const inner = await readCascade(path.join(outer, 'inner', 'source', 'doc'));
  assert.equal(inner.configFile, undefined);
  assert.equal(inner.root, undefined);
  const plain = await readCascade(path.join(outer, 'plain', 'source', 'doc'));
  assert.equal(plain.configFile?.file, path.join(outer, 'paiban.config.yaml'));
  assert.deepEqual(plain.defaults.data, { author: '外部项目' });
});

test('without a configuration or a project root above it, only the document folder\'s own _defaults.yaml applies', async () => {
  const root = await project('stray', {
    '_defaults.yaml': 'author: 外来作者\n',
    'doc/_defaults.yaml': 'printer: 本地印刷厂\n',
    'git/.git/HEAD': 'ref: refs/heads/main\n',
    'git/_defaults.yaml': 'author: 仓库作者\n',
    'git/source/doc/_defaults.yaml': 'printer: 本地印刷厂\n',
  });
  assert.deepEqual((await readCascade(path.join(root, 'doc'))).defaults.data, { printer: '本地印刷厂' });
  // Inside a repository: every folder up to its root.
  assert.deepEqual((await readCascade(path.join(root, 'git', 'source', 'doc'))).defaults.data, { author: '仓库作者', printer: '本地印刷厂' });
});

test('an error inside a merged mapping or a replaced list names the file whose value it is', async () => {
  const root = await project('deep', {
    'paiban.config.yaml': 'author: 某区\ngongwen:\n  issuer: 某区人民政府\n  copy: 12\neditions:\n  - id: first\n    date: 2023-02-01\n  - id: second\n    date: 2023-03-01\n',
    'source/_defaults.yaml': 'gongwen:\n  note: 此件公开发布\n',
    'list/_defaults.yaml': 'editions:\n  - id: only\n    date: someday\n',
  });
  // gongwen merged from both files: copy is the config's.
  const { defaults } = await readCascade(path.join(root, 'source', 'doc'));
  assert.throws(() => parseFrontMatter(FRONT, 'index.md', 2, defaults), (e) => isUserError(e) && e.file === displayPath(path.join(root, 'paiban.config.yaml')) && e.line === 4 && /gongwen\.copy/.test(e.message));
  // The config's list replaced whole by the folder's: the folder's file is named.
  const list = await readCascade(path.join(root, 'list', 'doc'));
  assert.throws(
    () => parseFrontMatter(`${FRONT.replace('date: 2023-02-01\n', 'date: 2023-02-01\ngongwen: {copy: "000001"}\n')}`, 'index.md', 2, list.defaults),
    (e) => isUserError(e) && e.file === displayPath(path.join(root, 'list', '_defaults.yaml')) && e.line === 3,
  );
});

test('the document folder\'s own _defaults.yaml may not link out of it (it is as untrusted as index.md)', async () => {
  const root = await project('link', { 'paiban.config.yaml': 'author: 某区\n', 'secret.yaml': 'title: 机密内容\n', 'source/doc/index.md': '' });
  await symlink(path.join(root, 'secret.yaml'), path.join(root, 'source', 'doc', '_defaults.yaml'));
  await assert.rejects(readCascade(path.join(root, 'source', 'doc')), (e) => isUserError(e) && e.file === displayPath(path.join(root, 'source', 'doc', '_defaults.yaml')) && /link to a file outside the document folder/.test(e.message));
  // A project folder's may (the project is trusted).
  await symlink(path.join(root, 'secret.yaml'), path.join(root, 'source', '_defaults.yaml'));
  await rm(path.join(root, 'source', 'doc', '_defaults.yaml'));
  assert.deepEqual((await readCascade(path.join(root, 'source', 'doc'))).defaults.data, { author: '某区', title: '机密内容' });
});
