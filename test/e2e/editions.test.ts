import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { PDFDocument } from 'pdf-lib';
import { PNG } from 'pngjs';
import { snapshot } from '../helpers/files.ts';
import { builtFixture } from '../helpers/built.ts';
import { OWN_CHROMIUM, paiban, repoRoot, sampleDir } from '../helpers/cli.ts';
import { pdfPagesText } from '../helpers/pdf.ts';


/** Every file below `dir`, `/`-separated and sorted, leaving out other editions' folders (those with a manifest of their own). */
function filesOf(dir: string, prefix = ''): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!existsSync(path.join(full, 'manifest.json'))) files.push(...filesOf(full, `${prefix}${entry.name}/`));
    } else files.push(`${prefix}${entry.name}`);
  }
  return files.sort();
}

/** Simplified characters with a single Traditional (Taiwan) form, written out by hand. */
const SIMPLIFIED_TO_TRADITIONAL: [string, string][] = [
  ['宁', '寧'], ['区', '區'], ['报', '報'], ['经', '經'], ['济', '濟'], ['会', '會'], ['业', '業'], ['实', '實'],
  ['现', '現'], ['进', '進'], ['项', '項'], ['设', '設'], ['务', '務'], ['这', '這'], ['们', '們'], ['来', '來'],
  ['动', '動'], ['产', '產'], ['国', '國'], ['环', '環'], ['质', '質'], ['体', '體'], ['东', '東'], ['长', '長'],
  ['万', '萬'], ['亿', '億'], ['养', '養'], ['疗', '療'], ['规', '規'], ['计', '計'], ['开', '開'], ['门', '門'],
  ['问', '問'], ['题', '題'], ['时', '時'], ['间', '間'], ['镇', '鎮'], ['乡', '鄉'], ['书', '書'], ['学', '學'],
  ['卫', '衛'], ['营', '營'], ['乐', '樂'], ['财', '財'], ['贸', '貿'], ['创', '創'], ['农', '農'],
];

describe('reproducible editions', () => {
  const work = mkdtempSync(path.join(os.tmpdir(), 'paiban-editions-'));
  after(() => rmSync(work, { recursive: true, force: true }));

  test('two builds in different folders, time zones and moments give identical bytes; verify says so', () => {
    // Two real builds, each in a folder of its own, shared with the other tests of the run (test/helpers/built.ts).
    const a = builtFixture(sampleDir, [], { into: path.join(work, 'a'), env: { TZ: 'UTC' } });
    const b = builtFixture(sampleDir, [], { into: path.join(work, 'elsewhere', 'b'), env: { TZ: 'Asia/Shanghai', ...OWN_CHROMIUM } });
    assert.equal(a.code, 0, a.stderr);
    assert.equal(b.code, 0, b.stderr);
    const first = snapshot(path.join(work, 'a', 'haishu-2023'));
    assert.ok(Object.keys(first).length >= 8);
    assert.deepEqual(snapshot(path.join(work, 'elsewhere', 'b', 'haishu-2023')), first);
    const manifest = readFileSync(path.join(work, 'a', 'haishu-2023', 'manifest.json'), 'utf8');
    assert.doesNotMatch(manifest, new RegExp(work.replace(/[/\\]/g, '.')), 'no absolute path in the manifest');
    const parsed = JSON.parse(manifest);
    for (const role of ['source', 'template', 'style', 'font']) assert.ok(parsed.inputs.some((i: { role: string }) => i.role === role), role);
    assert.equal(parsed.versions.node, process.versions.node);

    const verify = paiban(['verify', path.join(work, 'a', 'haishu-2023', 'manifest.json')]);
    assert.equal(verify.code, 0, verify.stdout + verify.stderr);
    assert.match(verify.stdout, /all \d+ outputs identical/);
  });

  // The sample copied into the work folder and built there as PDF only, for the
  // next two tests: built and verified from the folder holding the document
  // (verify rebuilds only sources inside its project).
  const doc = path.join(work, 'haishu-2023');
  const old = path.join(work, 'old');
  let oldBuilt = false;
  const buildOld = () => {
    if (oldBuilt) return;
    cpSync(sampleDir, doc, { recursive: true });
    const result = paiban(['build', doc, '--out', old, '--format', 'pdf'], { cwd: work });
    assert.equal(result.code, 0, result.stderr);
    oldBuilt = true;
  };

  test('an unchanged document is skipped; --force rebuilds it', () => {
    buildOld();
    const again = paiban(['build', doc, '--out', old, '--format', 'pdf'], { cwd: work });
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, /haishu-2023: up to date, skipped/);
    const forced = paiban(['build', doc, '--out', old, '--format', 'pdf', '--force'], { cwd: work });
    assert.match(forced.stdout, /haishu-2023: wrote /);
  });

  test('one character changed: diff names exactly the changed page and draws it; verify names the input', () => {
    buildOld();
    const source = readFileSync(path.join(doc, 'index.md'), 'utf8');
    writeFileSync(path.join(doc, 'index.md'), source.replace('民生福祉持续增进', '民生福祉不断增进'));
    const now = path.join(work, 'new');
    assert.equal(paiban(['build', doc, '--out', now, '--format', 'pdf'], { cwd: work }).code, 0);

    const report = path.join(work, 'diff');
    const diff = paiban(['diff', path.join(old, 'haishu-2023', 'manifest.json'), path.join(now, 'haishu-2023', 'manifest.json'), '--out', report, '--json']);
    assert.equal(diff.code, 1, diff.stderr);
    const result = JSON.parse(diff.stdout);
    const oldPages = pdfPagesText(path.join(old, 'haishu-2023', 'haishu-2023.pdf'));
    const changedPage = oldPages.findIndex((page) => page.replace(/\s/g, '').includes('民生福祉持续增进')) + 1;
    assert.deepEqual(result.pages.map((p: { oldPage: number; newPage: number; kind: string }) => [p.kind, p.oldPage, p.newPage]), [['changed', changedPage, changedPage]]);
    assert.ok(result.pages[0].removedLines.some((l: string) => l.includes('持续增进')));
    assert.ok(result.pages[0].addedLines.some((l: string) => l.includes('不断增进')));
    // The page images: A4 pages of one size; old and new differ; only the diff image has red in it (the marked differences).
    const image = (name: string) => PNG.sync.read(readFileSync(path.join(report, name)));
    const [oldImage, newImage, diffImage] = [`old-${changedPage}.png`, `new-${changedPage}.png`, `diff-${changedPage}-${changedPage}.png`].map(image);
    for (const png of [oldImage!, newImage!, diffImage!]) {
      assert.deepEqual([png.width, png.height], [oldImage!.width, oldImage!.height]);
      assert.ok(Math.abs(png.width / png.height - 210 / 297) < 0.01, `${png.width} × ${png.height}: an A4 page`);
    }
    assert.ok(!oldImage!.data.equals(newImage!.data), 'the old and new pages differ');
    const redPixels = (png: PNG) => {
      let count = 0;
      for (let i = 0; i < png.data.length; i += 4) if (png.data[i]! > 180 && png.data[i + 1]! < 100 && png.data[i + 2]! < 100) count++;
      return count;
    };
    assert.deepEqual([redPixels(oldImage!), redPixels(newImage!)], [0, 0], 'the pages themselves are black on white');
    assert.ok(redPixels(diffImage!) > 0, 'the differences are marked in red');
    const html = readFileSync(path.join(report, 'report.html'), 'utf8');
    for (const name of [`old-${changedPage}.png`, `new-${changedPage}.png`, `diff-${changedPage}-${changedPage}.png`]) assert.ok(html.includes(`<img src="${name}"`), name);
    assert.match(html, /<del>[^<]*持续增进[^<]*<\/del>/);
    assert.match(html, /<ins>[^<]*不断增进[^<]*<\/ins>/);

    const same = paiban(['diff', path.join(old, 'haishu-2023', 'haishu-2023.pdf'), path.join(old, 'haishu-2023', 'haishu-2023.pdf'), '--out', path.join(work, 'same')]);
    assert.equal(same.code, 0);
    assert.match(same.stdout, /^identical/);

    const verify = paiban(['verify', path.join(old, 'haishu-2023', 'manifest.json')], { cwd: work });
    assert.equal(verify.code, 1, verify.stderr);
    assert.match(verify.stdout, /haishu-2023\.pdf: different/);
    assert.match(verify.stdout, /input .*haishu-2023\/index\.md \(source\): changed/);
  });
});

describe('declared editions', () => {
  const work = mkdtempSync(path.join(os.tmpdir(), 'paiban-declared-'));
  const doc = path.join(work, 'report');
  const out = path.join(work, 'out');
  before(() => {
    cpSync(sampleDir, doc, { recursive: true });
    const source = readFileSync(path.join(doc, 'index.md'), 'utf8');
    const editions = [
      'editions:',
      '  - id: first',
      '    name: 第一版',
      '  - id: second',
      '    name: 第二版',
      '    date: 2023-03-01',
      '    changes: 更正第一页的数字',
      '  - id: hant',
      '    name: 繁體版',
      '    script: zh-Hant',
      '    variant: tw',
      '    formats: [html, pdf]',
    ].join('\n');
    writeFileSync(path.join(doc, 'index.md'), source.replace('\n---\n', `\n${editions}\n---\n`));
    const result = paiban(['build', doc, '--out', out, '--all-editions']);
    assert.equal(result.code, 0, result.stderr);
  });
  after(() => rmSync(work, { recursive: true, force: true }));

  test('the first edition at <out>/<doc>/, the others in their own folders, each holding exactly its manifest’s files', () => {
    for (const dir of ['report', 'report/second', 'report/hant']) {
      const manifest = JSON.parse(readFileSync(path.join(out, dir, 'manifest.json'), 'utf8')) as { outputs: { path: string }[] };
      assert.deepEqual(filesOf(path.join(out, dir)), [...manifest.outputs.map((o) => o.path), 'manifest.json'].sort(), dir);
    }
    const second = JSON.parse(readFileSync(path.join(out, 'report', 'second', 'manifest.json'), 'utf8'));
    assert.equal(second.edition, 'second');
    assert.deepEqual(second.editionInfo, { id: 'second', name: '第二版', date: '2023-03-01', changes: '更正第一页的数字', default: false });
    assert.ok(!existsSync(path.join(out, 'report', 'hant', 'report.print.pdf')), 'the hant edition asks for html and pdf only');
  });

  test('colophon and metadata show the edition', async () => {
    const pdf = await PDFDocument.load(readFileSync(path.join(out, 'report', 'second', 'report.pdf')), { updateMetadata: false });
    assert.equal(pdf.getSubject(), '第二版（2023-03-01）：更正第一页的数字');
    assert.equal(pdf.getCreationDate()?.toISOString(), '2023-03-01T00:00:00.000Z');
    const colophon = pdfPagesText(path.join(out, 'report', 'second', 'report.pdf'))[1]!;
    assert.match(colophon, /第二版/);
    assert.match(colophon, /更正第一页的数字/);
  });

  test('the Traditional Chinese edition: fully converted, lang zh-TW in HTML and PDF', async () => {
    const html = readFileSync(path.join(out, 'report', 'hant', 'index.html'), 'utf8');
    assert.match(html, /<html lang="zh-TW"/);
    const text = pdfPagesText(path.join(out, 'report', 'hant', 'report.pdf')).join('');
    assert.ok(text.includes('寧波市海曙區人民政府工作報告'));
    // Hand-written 簡→繁 pairs (one Traditional form in every context), not
    // OpenCC checking its own output: each one the sample uses is converted.
    const source = readFileSync(path.join(sampleDir, 'index.md'), 'utf8');
    const body = html.replace(/<[^>]+>/g, '');
    const used = SIMPLIFIED_TO_TRADITIONAL.filter(([simplified]) => source.includes(simplified));
    assert.ok(used.length >= 20, `${used.length} of the pairs occur in the sample`);
    for (const [simplified, traditional] of used) {
      for (const [where, converted] of [['PDF', text], ['HTML', body]] as const) {
        assert.ok(!converted.includes(simplified), `${where} still has ${simplified}`);
        assert.ok(converted.includes(traditional), `${where} has ${traditional}`);
      }
    }
    const pdf = readFileSync(path.join(out, 'report', 'hant', 'report.pdf')).toString('latin1');
    assert.match(pdf, /\/Lang \(zh-TW\)/);
  });

  test('an unknown edition is an error naming the editions', () => {
    // HTML only: the edition is chosen before any format is made (and no Chromium starts for it).
    const result = paiban(['build', doc, '--out', out, '--edition', 'third', '--format', 'html']);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /no edition "third" \(editions: first, second, hant\)/);
  });
});

void repoRoot;
