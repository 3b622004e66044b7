// The commands around the build (lint --fix, import, diff, verify) given
// hostile file-system shapes and hostile manifests, through the real CLI:
// no write through a link, no read outside the folder a command was given,
// no hang on a FIFO, no unbounded page image, no terminal escape printed.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, linkSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { visit } from 'unist-util-visit';
import { assertOneLineError, repoRoot, type CliResult } from '../helpers/cli.ts';

const BIN = path.join(repoRoot, 'bin', 'paiban.js');
const FRONT = '---\ntitle: 测试文件\nauthor: 某区人民政府\ndate: 2023-02-01\n---\n\n';
/** `,` between Chinese characters: lint --fix makes it `，`. */
const FIXABLE = `${FRONT}这一年,我们砥砺前行。\n`;
const VICTIM = 'echo owned  # the victim file: nothing may change it\n';

const root = mkdtempSync(path.join(os.tmpdir(), 'paiban-commands-'));
after(() => rmSync(root, { recursive: true, force: true }));

type Result = CliResult;

/**
 * Run paiban as `sh -c '<plant>; exec node paiban …'`: `$$` in `plant` is the
 * shell's pid, which `exec` hands to node, so the shell can plant a link at
 * exactly the temporary name a run with that pid would use. A run that
 * hangs is killed after 60 s and fails its test.
 */
function run(cwd: string, args: string[], plant = ':', env: NodeJS.ProcessEnv = {}): Result {
  const quoted = args.map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const result = spawnSync('sh', ['-c', `${plant}; exec "${process.execPath}" "${BIN}" ${quoted}`], {
    cwd,
    env: { ...process.env, PAIBAN_DEBUG: '', ...env, TMPDIR: path.join(root, 'tmp') },
    encoding: 'utf8',
    timeout: 60_000,
    killSignal: 'SIGKILL',
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}
mkdirSync(path.join(root, 'tmp'));

/** A fresh project folder with a victim file outside it. */
function project(name: string): { dir: string; victim: string } {
  const dir = path.join(root, name, 'project');
  mkdirSync(dir, { recursive: true });
  const victim = path.join(root, name, 'victim.sh');
  writeFileSync(victim, VICTIM);
  return { dir, victim };
}

async function pdf(text: string, size: [number, number] = [595.28, 841.89]): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  doc.setCreationDate(new Date(0));
  doc.setModificationDate(new Date(0));
  const page = doc.addPage(size);
  page.drawText(text, { x: 50, y: size[1] - 100, size: 24, font });
  return Buffer.from(await doc.save());
}

describe('lint --fix', () => {
  test('a link planted at the old temporary name index.md.<pid>.tmp is not written through', () => {
    const { dir, victim } = project('lint-tmp');
    mkdirSync(path.join(dir, 'doc'));
    writeFileSync(path.join(dir, 'doc', 'index.md'), FIXABLE);
    const result = run(dir, ['lint', '--fix', 'doc'], `ln -s "${victim}" "doc/index.md.$$.tmp"`);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(readFileSync(victim, 'utf8'), VICTIM, 'the file the link points to is unchanged');
    assert.match(readFileSync(path.join(dir, 'doc', 'index.md'), 'utf8'), /这一年，我们/);
    assert.ok(lstatSync(path.join(dir, 'doc', 'index.md')).isFile(), 'index.md is a plain file');
    // Nothing of paiban's own is left beside the source (the planted link is the test's).
    assert.deepEqual(readdirSync(path.join(dir, 'doc')).filter((n) => !n.endsWith('.tmp')), ['index.md']);
  });

  test('an index.md that links to a file outside the folder is refused, the link kept', () => {
    const { dir, victim } = project('lint-link');
    mkdirSync(path.join(dir, 'doc'));
    writeFileSync(victim, FIXABLE);
    chmodSync(victim, 0o600);
    symlinkSync(victim, path.join(dir, 'doc', 'index.md'));
    const result = run(dir, ['lint', '--fix', 'doc']);
    assertOneLineError(result, /doc\/index\.md: is a link to a file outside the document folder/);
    assert.equal(readlinkSync(path.join(dir, 'doc', 'index.md')), victim, 'still a link');
    assert.equal(readFileSync(victim, 'utf8'), FIXABLE);
  });

  test('a link inside the folder is fixed in the file it names, keeping its mode', () => {
    const { dir } = project('lint-inner-link');
    mkdirSync(path.join(dir, 'doc'));
    writeFileSync(path.join(dir, 'doc', 'real.md'), FIXABLE);
    chmodSync(path.join(dir, 'doc', 'real.md'), 0o640);
    symlinkSync('real.md', path.join(dir, 'doc', 'index.md'));
    const result = run(dir, ['lint', '--fix', 'doc']);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(readlinkSync(path.join(dir, 'doc', 'index.md')), 'real.md');
    assert.match(readFileSync(path.join(dir, 'doc', 'real.md'), 'utf8'), /这一年，我们/);
    assert.equal(statSync(path.join(dir, 'doc', 'real.md')).mode & 0o777, 0o640);
  });

  test('an index.md that is a FIFO is refused at once, not waited on', () => {
    const { dir } = project('lint-fifo');
    mkdirSync(path.join(dir, 'doc'));
    execFileSync('mkfifo', [path.join(dir, 'doc', 'index.md')]);
    assertOneLineError(run(dir, ['lint', 'doc']), /doc\/index\.md: is not a regular file/);
  });

  test('an index.md hard-linked to another file is refused', () => {
    const { dir, victim } = project('lint-hardlink');
    mkdirSync(path.join(dir, 'doc'));
    writeFileSync(victim, FIXABLE);
    linkSync(victim, path.join(dir, 'doc', 'index.md'));
    assertOneLineError(run(dir, ['lint', '--fix', 'doc']), /doc\/index\.md: has 2 hard links/);
    assert.equal(readFileSync(victim, 'utf8'), FIXABLE);
  });
});

describe('import', () => {
  const page = '<!DOCTYPE html><html><head><meta charset="utf-8"><title>测试报告</title></head><body><h1>测试报告</h1><p>这一年，我们砥砺前行。</p></body></html>';

  test('--force: a link planted at the old temporary name is not written through', () => {
    const { dir, victim } = project('import-tmp');
    writeFileSync(path.join(dir, 'page.html'), page);
    mkdirSync(path.join(dir, 'source', 'report'), { recursive: true });
    writeFileSync(path.join(dir, 'source', 'report', 'index.md'), 'old\n');
    const result = run(dir, ['import', 'page.html', '--doc', 'report', '--force'], `ln -s "${victim}" "source/report/index.md.$$.tmp"`);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(readFileSync(victim, 'utf8'), VICTIM);
    assert.match(readFileSync(path.join(dir, 'source', 'report', 'index.md'), 'utf8'), /砥砺前行/);
  });

  test('--doc NAME where source/NAME is a link out of source/ is refused', () => {
    const { dir } = project('import-doc-link');
    const outside = path.join(root, 'import-doc-link', 'elsewhere');
    mkdirSync(outside);
    writeFileSync(path.join(dir, 'page.html'), page);
    mkdirSync(path.join(dir, 'source'));
    symlinkSync(outside, path.join(dir, 'source', 'report'));
    assertOneLineError(run(dir, ['import', 'page.html', '--doc', 'report']), /source\/report: is a symbolic link/);
    assert.deepEqual(readdirSync(outside), [], 'nothing written where the link points');
  });

  test('a link planted at source/NAME/index.md is replaced under --force, never written through', () => {
    const { dir, victim } = project('import-target-link');
    writeFileSync(path.join(dir, 'page.html'), page);
    mkdirSync(path.join(dir, 'source', 'report'), { recursive: true });
    symlinkSync(victim, path.join(dir, 'source', 'report', 'index.md'));
    assertOneLineError(run(dir, ['import', 'page.html', '--doc', 'report', '--force']), /source\/report\/index\.md: is a symbolic link; paiban does not write through links/);
    assert.equal(readFileSync(victim, 'utf8'), VICTIM);
  });
});

describe('lint and import are bounded like the build', () => {
  test('lint: a 1,500-deep list is stopped by the parse deadline, one line', () => {
    const { dir } = project('lint-deep');
    mkdirSync(path.join(dir, 'doc'));
    writeFileSync(path.join(dir, 'doc', 'index.md'), FRONT + Array.from({ length: 1500 }, (_, i) => `${'  '.repeat(i)}- 项\n`).join(''));
    // Its parse takes ~2 s on a fast machine (then the depth limit answers first): a deadline far below that.
    assertOneLineError(run(dir, ['lint', 'doc'], ':', { PAIBAN_PARSE_TIMEOUT: '0.5' }), /doc\/index\.md: took longer than 0\.5 s to parse \(limit PAIBAN_PARSE_TIMEOUT\)/);
  });

  for (const [name, tag, count] of [['div', 'div', 100_000], ['span', 'span', 50_000]] as const) {
    test(`import: ${count.toLocaleString('en')} nested <${tag}> are refused before parsing`, () => {
      const { dir } = project(`import-deep-${name}`);
      writeFileSync(path.join(dir, 'page.html'), `<!DOCTYPE html><html><head><meta charset="utf-8"><title>标题</title></head><body>\n<h1>标题</h1>\n${`<${tag}>`.repeat(count)}正文${`</${tag}>`.repeat(count)}</body></html>`);
      assertOneLineError(run(dir, ['import', 'page.html', '--doc', 'deep']), /page\.html:3: nests HTML elements more than 100 levels deep \(limit PAIBAN_MAX_DEPTH\)/);
    });
  }

  test('import: text a page shows (entity-escaped markup) stays text in index.md', () => {
    const { dir } = project('import-entities');
    const shown = ['<script>alert(1)</script>', '<b>粗</b>', '&lt;', '[链接](http://127.0.0.1/)', '`代码`'];
    const escaped = (t: string) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
    writeFileSync(
      path.join(dir, 'page.html'),
      `<!DOCTYPE html><html><head><meta charset="utf-8"><title>示例报告</title></head><body><h1>示例报告</h1>${shown.map((t) => `<p>网页上显示的文字是 ${escaped(t)} 这样的一段话，它应当原样保留为文字内容。</p>`).join('')}</body></html>`,
    );
    const result = run(dir, ['import', 'page.html', '--doc', 'entities']);
    assert.equal(result.code, 0, result.stderr);
    // Read back by remark, as a Markdown reader sees it: no HTML, no link, no code, the same text.
    const tree = unified().use(remarkParse).parse(readFileSync(path.join(dir, 'source', 'entities', 'index.md'), 'utf8'));
    const kinds = new Set<string>();
    let text = '';
    visit(tree, (node) => {
      kinds.add(node.type);
      if (node.type === 'text') text += (node as { value: string }).value;
    });
    for (const kind of ['html', 'link', 'inlineCode']) assert.ok(!kinds.has(kind), `no ${kind} node`);
    for (const t of shown) assert.ok(text.includes(t), `text ${t} kept`);
  });
});

describe('diff', () => {
  test('a paiban-diff that is a link is refused; nothing is written where it points', async () => {
    const { dir } = project('diff-outlink');
    const outside = path.join(root, 'diff-outlink', 'elsewhere');
    mkdirSync(outside);
    writeFileSync(path.join(dir, 'a.pdf'), await pdf('first edition'));
    writeFileSync(path.join(dir, 'b.pdf'), await pdf('second edition'));
    symlinkSync(outside, path.join(dir, 'paiban-diff'));
    assertOneLineError(run(dir, ['diff', 'a.pdf', 'b.pdf']), /paiban-diff: is a symbolic link; give --out a real folder/);
    assert.deepEqual(readdirSync(outside), []);
  });

  test('a report file planted as a link is not written through', async () => {
    const { dir, victim } = project('diff-filelink');
    writeFileSync(path.join(dir, 'a.pdf'), await pdf('first edition'));
    writeFileSync(path.join(dir, 'b.pdf'), await pdf('second edition'));
    mkdirSync(path.join(dir, 'paiban-diff'));
    symlinkSync(victim, path.join(dir, 'paiban-diff', 'report.html'));
    assertOneLineError(run(dir, ['diff', 'a.pdf', 'b.pdf']), /report\.html: is a symbolic link/);
    assert.equal(readFileSync(victim, 'utf8'), VICTIM);
  });

  test('manifest paths stay inside the manifest’s folder, regular files only', async () => {
    const { dir } = project('diff-manifest');
    writeFileSync(path.join(dir, 'a.pdf'), await pdf('first edition'));
    mkdirSync(path.join(dir, 'out'));
    execFileSync('mkfifo', [path.join(dir, 'out', 'fifo.pdf')]);
    writeFileSync(path.join(dir, 'secret.pdf'), await pdf('secret text outside'));
    const manifest = (p: string) => JSON.stringify({ outputs: [{ role: 'pdf', path: p, sha256: '0'.repeat(64), bytes: 1 }] });
    for (const [name, p, message] of [
      ['dotdot.json', '../secret.pdf', /outputs\[0\]\.path must be a path inside the manifest’s folder/],
      ['absolute.json', '/dev/zero', /outputs\[0\]\.path must be a path inside the manifest’s folder/],
      ['link.json', 'zero.pdf', /lists "zero\.pdf", which lies outside the manifest’s folder/],
      ['fifo.json', 'fifo.pdf', /out\/fifo\.pdf: is not a regular file/],
      ['outlink.json', 'outside.pdf', /lies outside the manifest’s folder/],
    ] as const) {
      writeFileSync(path.join(dir, 'out', name), manifest(p));
      symlinkSync('/dev/zero', path.join(dir, 'out', 'zero.pdf'), 'file');
      symlinkSync(path.join(dir, 'secret.pdf'), path.join(dir, 'out', 'outside.pdf'), 'file');
      const result = run(dir, ['diff', 'a.pdf', `out/${name}`]);
      rmSync(path.join(dir, 'out', 'zero.pdf'));
      rmSync(path.join(dir, 'out', 'outside.pdf'));
      assertOneLineError(result, message);
      assert.doesNotMatch(result.stdout, /secret/);
    }
  });

  test('wrong types in a manifest: one line naming the field', () => {
    const { dir } = project('diff-types');
    writeFileSync(path.join(dir, 'm.json'), JSON.stringify({ outputs: { role: 'pdf' } }));
    writeFileSync(path.join(dir, 'a.pdf'), '%PDF-1.7\n');
    assertOneLineError(run(dir, ['diff', 'a.pdf', 'm.json']), /m\.json: not a paiban manifest: outputs /);
  });

  test('a 14,400 pt page is painted at most 2400 pixels on its longest side', async () => {
    const { dir } = project('diff-huge');
    writeFileSync(path.join(dir, 'a.pdf'), await pdf('first edition', [14400, 14400]));
    writeFileSync(path.join(dir, 'b.pdf'), await pdf('second edition', [14400, 14400]));
    const result = run(dir, ['diff', 'a.pdf', 'b.pdf']);
    assert.equal(result.code, 1, result.stderr);
    assert.match(result.stdout, /1 page\(s\) differ/);
    for (const name of ['old-1.png', 'new-1.png', 'diff-1-1.png']) {
      // The size from `file`, not from paiban: "PNG image data, W x H".
      const [, w, h] = /(\d+) x (\d+)/.exec(execFileSync('file', [path.join(dir, 'paiban-diff', name)], { encoding: 'utf8' }))!;
      // 14,400 pt at 12 dpi (2400 × 72 / 14,400) is 2400 px.
      assert.ok(Number(w) <= 2400 && Number(h) <= 2400 && Number(w) >= 2000, `${name}: ${w} × ${h}`);
    }
  });

  test('text from a manifest or a PDF is printed with control characters escaped', async () => {
    const { dir } = project('diff-ansi');
    const name = 'x\u001b[2K\rall outputs identical.pdf';
    writeFileSync(path.join(dir, name), await pdf('first edition'));
    const result = run(dir, ['diff', name, name]);
    assert.equal(result.code, 0, result.stderr);
    assert.doesNotMatch(result.stdout + result.stderr, /\u001b|\r/);
    assert.match(result.stdout, /x\\x1b\[2K\\x0dall outputs identical\.pdf/);
  });
});

describe('verify', () => {
  const manifest = (source: string) =>
    JSON.stringify({
      source,
      editionInfo: { id: '1', name: null, date: '2023-02-01', changes: null, default: true },
      options: { formats: ['html'], impose: null, pdfx: false },
      versions: { paiban: '0', node: 'v20' },
      generator: { name: 'paiban', version: '0' },
      inputs: [],
      outputs: [],
    });

  test('a manifest’s source must be a folder of this project', () => {
    const { dir } = project('verify-source');
    const outside = path.join(root, 'verify-source', 'secret-doc');
    mkdirSync(outside);
    writeFileSync(path.join(outside, 'index.md'), `${FRONT}机密内容。\n`);
    for (const source of [outside, '../secret-doc', '/etc']) {
      writeFileSync(path.join(dir, 'manifest.json'), manifest(source));
      const result = run(dir, ['verify', 'manifest.json']);
      assertOneLineError(result, /manifest\.json: records source ".*", which is not a document folder inside this project/);
    }
    assert.deepEqual(readdirSync(path.join(root, 'tmp')).filter((n) => n.startsWith('paiban-verify-')), [], 'no rebuild folder left');
  });

  test('control characters from a manifest never reach the terminal', () => {
    const { dir } = project('verify-ansi');
    writeFileSync(path.join(dir, 'manifest.json'), manifest('doc\u001b[1A\u001b[2K\rall 3 outputs identical'));
    const result = run(dir, ['verify', 'manifest.json']);
    assert.equal(result.code, 1);
    assert.doesNotMatch(result.stdout + result.stderr, /\u001b|\r/);
    assert.match(result.stderr, /\\x1b\[1A/);
  });

  test('wrong types in a manifest: one line, not "x.map is not a function"', () => {
    const { dir } = project('verify-types');
    writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify({ ...JSON.parse(manifest('doc')), outputs: 'all' }));
    assertOneLineError(run(dir, ['verify', 'manifest.json']), /manifest\.json: not a paiban manifest: outputs /);
  });
});
