import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { buildDocument } from '../../src/pipeline/edition.ts';
import { isUserError } from '../../src/errors.ts';
import { displayPath } from '../../src/paths.ts';
import type { Resource } from '../../src/render/browser.ts';
import { paiban } from '../helpers/cli.ts';
import { pdfPagesText, squash } from '../helpers/pdf.ts';
import { inProcessBuilds } from '../helpers/in-process.ts';

const { renderer, tmp } = inProcessBuilds('paiban-project-');

async function write(root: string, files: Record<string, string>): Promise<void> {
  for (const [file, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(root, file)), { recursive: true });
    await writeFile(path.join(root, file), text);
  }
}

const REMARK_PLUGIN = `// Replaces one word by another in the text (options: from, to).
export default function remarkTestPlugin(options) {
  const walk = (node) => {
    if (node.type === 'text') node.value = node.value.split(options.from).join(options.to);
    for (const child of node.children ?? []) walk(child);
  };
  return (tree) => walk(tree);
}
`;

const REHYPE_PLUGIN = `// Appends a paragraph, and a script the sanitiser must remove.
export default function rehypeTestPlugin() {
  return (tree) => {
    tree.children.push(
      { type: 'element', tagName: 'p', properties: {}, children: [{ type: 'text', value: '插件附加的段落。' }] },
      { type: 'element', tagName: 'script', properties: {}, children: [{ type: 'text', value: 'alert(1)' }] },
    );
  };
}
`;

const RULE = '.colophon .house { letter-spacing: 0.25em; }';
const WEB_RULE = 'main p { word-spacing: 0.1em; }';

/** A project as a print room would keep it: its config, its colophon, its CSS, its plugins, a folder of defaults. */
async function makeProject(root: string): Promise<string> {
  await write(root, {
    'paiban.config.yaml': [
      'chapterStart: continue',
      'printer: 项目印刷厂',
      'remarkPlugins:',
      '  - [remark-test-plugin, {from: 甲方, to: 乙方}]',
      'rehypePlugins:',
      '  - ./plugins/rehype-test.js',
      '',
    ].join('\n'),
    'partials/colophon.hbs': '<section class="colophon" aria-label="{{labels.colophon}}"><p class="house">本社自制版权页：{{title}}，{{author}}，{{printer}}</p></section>\n',
    'styles/booklet.css': `${RULE}\n`,
    'styles/web.css': `${WEB_RULE}\n`,
    'node_modules/remark-test-plugin/package.json': '{"name": "remark-test-plugin", "version": "1.0.0", "type": "module", "exports": "./index.js"}\n',
    'node_modules/remark-test-plugin/index.js': REMARK_PLUGIN,
    'plugins/rehype-test.js': REHYPE_PLUGIN,
    'source/_defaults.yaml': 'author: 默认编者\n',
    'source/report/index.md': '---\ntitle: 项目报告\ndate: 2023-02-01\n---\n\n# 一、总则\n\n甲方应当按时交付。\n',
  });
  return path.join(root, 'source', 'report');
}

test('a project brings its own colophon partial, CSS rules appended to the built-in ones, remark and rehype plugins, and defaults', async () => {
  const root = path.join(tmp, 'house');
  const doc = await makeProject(root);
  const out = path.join(tmp, 'out');
  let printed: ReadonlyMap<string, Resource> | undefined;
  const [result] = await buildDocument(doc, renderer, { outRoot: out, formats: new Set(['html', 'pdf']), timeoutMs: 60_000, progress: () => undefined, onPrintResources: (r) => void (printed ??= r) });
  assert.equal(result!.skipped, false);

  const html = readFileSync(path.join(out, 'report', 'index.html'), 'utf8');
  // (The last two characters of a paragraph are kept together in a span: src/markdown/breaks.ts.)
  assert.ok(html.includes('<p>乙方应当按时') && !html.includes('甲方'), 'the remark plugin replaced the word');
  assert.ok(html.includes('<p>插件附加的'), 'the rehype plugin added its paragraph');
  assert.ok(!html.includes('<script') && !html.includes('alert(1)'), 'the sanitiser ran after the rehype plugin');

  // Appended after the built-in stylesheet of the same name, not instead of it.
  const builtInWeb = readFileSync(path.join(import.meta.dirname, '..', '..', 'styles', 'web.css'), 'utf8');
  assert.equal(readFileSync(path.join(out, 'report', 'assets', 'web.css'), 'utf8'), `${builtInWeb}\n${WEB_RULE}\n`);
  const builtInBooklet = readFileSync(path.join(import.meta.dirname, '..', '..', 'styles', 'booklet.css'), 'utf8');
  assert.equal(String(printed?.get('assets/booklet.css')?.body), `${builtInBooklet}\n${RULE}\n`);

  // The PDF's colophon is the project's; the author comes from source/_defaults.yaml, the printer from the config.
  const text = pdfPagesText(path.join(out, 'report', 'report.pdf')).map(squash);
  assert.ok(text[1]!.includes('本社自制版权页：项目报告，默认编者，项目印刷厂'), text[1]);
  assert.ok(!text[1]!.includes('开本'), 'the built-in colophon is replaced');
  assert.ok(text.some((page) => page.includes('乙方应当按时交付')));

  // Every configuration, template, style and plugin file is an input; the merged options are recorded.
  const manifest = JSON.parse(readFileSync(path.join(out, 'report', 'manifest.json'), 'utf8')) as { inputs: { role: string; path: string }[]; documentOptions: Record<string, unknown> };
  const inputs = manifest.inputs.map((i) => `${i.role} ${i.path}`);
  for (const expected of [
    'config paiban.config.yaml',
    'config source/_defaults.yaml',
    'template partials/colophon.hbs',
    'style styles/booklet.css',
    'style styles/web.css',
    'plugin plugin:remark-test-plugin/package.json',
    'plugin plugin:remark-test-plugin/index.js',
    'plugin plugins/rehype-test.js',
  ]) {
    assert.ok(inputs.includes(expected), `${expected} in ${inputs.join(', ')}`);
  }
  assert.equal(manifest.documentOptions['author'], '默认编者');
  assert.equal(manifest.documentOptions['chapterStart'], 'continue');

  // Unchanged: skipped. A changed _defaults.yaml or plugin: rebuilt (HTML alone: the decision is the same, the build quicker).
  const htmlOut = path.join(tmp, 'out-html');
  /** Build the HTML again: whether it was rebuilt (not skipped as unchanged). */
  const rebuilt = async () => !(await buildDocument(doc, renderer, { outRoot: htmlOut, formats: new Set(['html']), timeoutMs: 60_000, progress: () => undefined }))[0]!.skipped;
  assert.deepEqual([await rebuilt(), await rebuilt()], [true, false], 'first build, then unchanged');
  await writeFile(path.join(root, 'source', '_defaults.yaml'), 'author: 新编者\n');
  assert.equal(await rebuilt(), true, 'after _defaults.yaml changed');
  assert.ok(readFileSync(path.join(htmlOut, 'report', 'index.html'), 'utf8').includes('新编'));
  await writeFile(path.join(root, 'node_modules', 'remark-test-plugin', 'index.js'), `${REMARK_PLUGIN}// changed\n`);
  assert.deepEqual([await rebuilt(), await rebuilt()], [true, false], 'after the plugin changed, then unchanged');
});

// Plugin packages whose transformers return Promises (they wait for a timer turn, as one reading a file or a service would).
const ASYNC_REMARK_PLUGIN = `// Replaces a word once the Promise settles.
export default function remarkLater() {
  return async (tree) => {
    await new Promise((resolve) => setImmediate(resolve));
    const walk = (node) => {
      if (node.type === 'text') node.value = node.value.split('甲方').join('丙方');
      for (const child of node.children ?? []) walk(child);
    };
    walk(tree);
  };
}
`;
const ASYNC_REHYPE_PLUGIN = `// Appends a paragraph once the Promise settles.
export default function rehypeLater() {
  return (tree) =>
    new Promise((resolve) => setImmediate(resolve)).then(() => {
      tree.children.push({ type: 'element', tagName: 'p', properties: {}, children: [{ type: 'text', value: '异步插件补充的说明。' }] });
    });
}
`;

test('remark and rehype plugins may be asynchronous; what a rehype plugin adds is converted in a Traditional edition, the heading ids are not', async () => {
  const root = path.join(tmp, 'async');
  const packageJson = (name: string) => `{"name": "${name}", "version": "1.0.0", "type": "module", "exports": "./index.js"}\n`;
  await write(root, {
    'paiban.config.yaml': 'remarkPlugins:\n  - remark-later\nrehypePlugins:\n  - rehype-later\n',
    'node_modules/remark-later/package.json': packageJson('remark-later'),
    'node_modules/remark-later/index.js': ASYNC_REMARK_PLUGIN,
    'node_modules/rehype-later/package.json': packageJson('rehype-later'),
    'node_modules/rehype-later/index.js': ASYNC_REHYPE_PLUGIN,
    'source/notice/index.md': [
      '---',
      'title: 项目通知',
      'author: 办公室',
      'date: 2023-02-01',
      'editions:',
      '  - id: first',
      '    name: 第一版',
      '  - id: hant',
      '    name: 繁體版',
      '    script: zh-Hant',
      '    variant: tw',
      '---',
      '',
      '# 一、总则',
      '',
      '甲方应当按时交付。',
      '',
    ].join('\n'),
  });
  const out = path.join(tmp, 'out-async');
  const results = await buildDocument(path.join(root, 'source', 'notice'), renderer, { outRoot: out, formats: new Set(['html']), allEditions: true, timeoutMs: 60_000, progress: () => undefined });
  assert.equal(results.length, 2);
  const simplified = readFileSync(path.join(out, 'notice', 'index.html'), 'utf8');
  const traditional = readFileSync(path.join(out, 'notice', 'hant', 'index.html'), 'utf8');
  // (The last two characters of a paragraph are kept together in a span: src/markdown/breaks.ts.)
  assert.ok(simplified.includes('<p>丙方应当按时') && !simplified.includes('甲方'), 'the async remark plugin replaced the word');
  assert.ok(simplified.includes('<p>异步插件补充的<span class="keep">说明。</span></p>'), 'the async rehype plugin added its paragraph');
  // 补充的说明 → 補充的說明 (Taiwan), written out by hand; the heading's id is made from the Simplified text in both.
  assert.ok(traditional.includes('<p>異步插件補充的<span class="keep">說明。</span></p>'), 'what the plugin added is converted');
  assert.ok(traditional.includes('<p>丙方應當按時'), 'the body is converted');
  for (const html of [simplified, traditional]) assert.match(html, /<h2 id="一总则">/);
});

test('a project partial that links to a file outside the project is refused', async () => {
  const root = path.join(tmp, 'escape');
  const doc = await makeProject(root);
  await write(tmp, { 'outside/passwd': 'root:x:0:0:root:/root:/bin/bash\n' });
  await symlink(path.join(tmp, 'outside', 'passwd'), path.join(root, 'partials', 'x.hbs'));
  await assert.rejects(
    buildDocument(doc, renderer, { outRoot: path.join(tmp, 'out-escape'), formats: new Set(['html']), timeoutMs: 60_000, progress: () => undefined }),
    (e) => isUserError(e) && e.file === displayPath(path.join(root, 'partials', 'x.hbs')) && /link to a file outside the project folder/.test(e.message),
  );
});

/** `paiban build DOC --format html` in `root`, which must fail (exit 1, no stack trace): its stderr. */
function failedBuild(root: string, doc: string): string {
  const result = paiban(['build', doc, '--out', path.join(tmp, 'cli-out'), '--format', 'html'], { cwd: root });
  assert.equal(result.code, 1, result.stderr);
  assert.doesNotMatch(result.stderr, /\n\s+at /, 'no stack trace');
  return result.stderr;
}

test('CLI: a bad option in a folder\'s _defaults.yaml or the config is one line naming that file and line, exit 1', async () => {
  const root = path.join(tmp, 'cli');
  await write(root, {
    'paiban.config.yaml': 'printer: 某印刷厂\n',
    'source/_defaults.yaml': 'author: 某区\nlayout: nonesuch\n',
    'source/doc/index.md': '---\ntitle: 报告\ndate: 2023-02-01\n---\n\n正文。\n',
    'other/_defaults.yaml': 'author: 某区\n\ntrim: B99\n',
    'other/doc/index.md': '---\ntitle: 报告\ndate: 2023-02-01\n---\n\n正文。\n',
  });
  assert.match(failedBuild(root, 'source/doc'), /^paiban: source\/_defaults\.yaml:2: unknown layout "nonesuch" \(known: booklet, gongwen, web\)$/m);
  assert.match(failedBuild(root, 'other/doc'), /^paiban: other\/_defaults\.yaml:3: front matter field "trim": /m);
});

test('CLI: lint validates the front matter over the folder defaults, and honours punctuation: false from them', async () => {
  const root = path.join(tmp, 'lint');
  await write(root, {
    'paiban.config.yaml': 'printer: 某印刷厂\n',
    'source/_defaults.yaml': 'author: 某区\n',
    'source/doc/index.md': '---\ntitle: 报告\ndate: 2023-02-01\n---\n\n这一年,我们前进。\n',
    'asis/_defaults.yaml': 'author: 某区\npunctuation: false\n',
    'asis/doc/index.md': '---\ntitle: 报告\ndate: 2023-02-01\n---\n\n这一年,我们前进。\n',
  });
  const linted = paiban(['lint', 'source/doc'], { cwd: root });
  assert.equal(linted.code, 1, linted.stderr);
  assert.match(linted.stdout + linted.stderr, /source\/doc\/index\.md:6:4 .*,→，/);
  const asis = paiban(['lint', 'asis/doc'], { cwd: root });
  assert.equal(asis.code, 0, asis.stdout + asis.stderr);
});
