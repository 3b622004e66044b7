import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFRawStream, PDFString, decodePDFRawStream } from 'pdf-lib';
import { saddleOrder } from '../../src/finish/impose.ts';
import { paiban, sampleDir, type CliResult } from '../helpers/cli.ts';
import { linesAbout, wroteLine } from '../helpers/batch.ts';
import { sampleParagraphs, writeBookDocument } from '../helpers/documents.ts';
import { FOLIO, pdfPageLines, pdfWordBoxes, type WordBox } from '../helpers/pdf.ts';
import { makePng } from '../helpers/png.ts';
import { execFileSync, spawnSync } from 'node:child_process';

const MM = 72 / 25.4;

/** Saddle-stitch order of 16 pages, written out by hand: each sheet side's (left, right) pages. */
const SADDLE_16: [number, number][] = [[16, 1], [2, 15], [14, 3], [4, 13], [12, 5], [6, 11], [10, 7], [8, 9]];

test('saddle order: 16 pages fold as (16,1), (2,15), (14,3), (4,13) …', () => {
  assert.deepEqual(saddleOrder(16), SADDLE_16);
  assert.throws(() => saddleOrder(6));
});

/**
 * One build (one process, one Chromium) for every --format pdf document here:
 * the two saddle-stitched booklets and the table too wide for its page (its
 * build fails; the others are read from their own `[k/N] doc: wrote` lines).
 */
const pdfBatch = (() => {
  const work = mkdtempSync(path.join(os.tmpdir(), 'paiban-impose-'));
  after(() => rmSync(work, { recursive: true, force: true }));
  // No cover: folios equal page numbers, so sheets can be read against the order.
  const padded = path.join(work, 'padded');
  writeBookDocument(padded, { chapters: 1, repeat: 2, front: 'cover: false\n' });
  // Exactly 16 pages, each with text (the body of the 15-page book above and two more paragraphs).
  const sixteen = path.join(work, 'sixteen');
  writeBookDocument(sixteen, { chapters: 1, repeat: 2, front: 'cover: false\n' });
  writeFileSync(path.join(sixteen, 'index.md'), `${readFileSync(path.join(sixteen, 'index.md'), 'utf8')}\n${sampleParagraphs().slice(0, 2).join('\n\n')}\n`);
  const wide = path.join(work, 'wide');
  writeBookDocument(wide, { chapters: 1, repeat: 1 });
  const columns = Array.from({ length: 60 }, (_, i) => `列${i + 1}`);
  const table = `| ${columns.join(' | ')} |\n|${columns.map(() => '---').join('|')}|\n| ${columns.map((_, i) => String(i * 1000)).join(' | ')} |\n`;
  writeFileSync(path.join(wide, 'index.md'), `${readFileSync(path.join(wide, 'index.md'), 'utf8')}\n${table}`);
  const out = path.join(work, 'out');
  let result: CliResult | undefined;
  const build = () => (result ??= paiban(['build', padded, sixteen, wide, '--out', out, '--format', 'pdf', '--impose', 'saddle']));
  /** The output folder of a document that built. */
  const built = (doc: string) => {
    const { stdout, stderr } = build();
    assert.ok(wroteLine(stdout, doc), `${path.basename(doc)} built\n${stdout}\n${stderr}`);
    assert.deepEqual(linesAbout(stderr, doc), [], 'no warning');
    return path.join(out, path.basename(doc));
  };
  return { padded, sixteen, wide, out, build, built };
})();

describe('saddle-stitch imposition of a 16-page booklet', () => {
  let out = '';
  before(() => {
    out = pdfBatch.built(pdfBatch.padded);
  });

  test('sheets twice the trim width, pages in folding order, padded with blanks', async () => {
    const pages = pdfPageLines(path.join(out, 'padded.pdf'));
    assert.ok(pages.length > 12 && pages.length <= 16, `${pages.length} pages pad to 16`);
    const folioOf = (n: number) => {
      const lines = pages[n - 1];
      return lines && lines.length && FOLIO.test(lines.at(-1)!) ? lines.at(-1)! : '';
    };
    const file = path.join(out, 'padded.saddle.pdf');
    const sheets = await PDFDocument.load(readFileSync(file));
    assert.equal(sheets.getPageCount(), 8, '4 sheets, both sides');
    let compared = 0;
    SADDLE_16.forEach(([left, right], side) => {
      const { width, height } = sheets.getPage(side).getSize();
      assert.ok(Math.abs(width - 2 * 210 * MM) < 0.01 && Math.abs(height - 297 * MM) < 0.01);
      // The folio sits in the foot of each half.
      const half = (x: number) =>
        execFileSync('pdftotext', ['-f', String(side + 1), '-l', String(side + 1), '-x', String(Math.round(x)), '-y', String(Math.round(height - 70)), '-W', String(Math.floor(width / 2)), '-H', '70', '-layout', file, '-'], { encoding: 'utf8' }).trim();
      for (const [page, x] of [[left, 0], [right, width / 2]] as const) {
        // Past the last page: a padding blank, with nothing on it.
        if (page > pages.length) {
          assert.equal(half(x), '', `side ${side + 1}: page ${page} is padding`);
          continue;
        }
        // The half shows the page's own folio, and a folio is its page number.
        assert.equal(half(x), folioOf(page), `side ${side + 1}: page ${page}`);
        if (folioOf(page)) {
          assert.equal(folioOf(page), String(page));
          compared++;
        }
      }
    });
    assert.ok(compared >= 12, `${compared} folios compared`);
  });
});

/** Words grouped into lines (poppler groups a page's words differently on a sheet): text and box of each line, top to bottom. */
/** The catalog's output intents as a reader of the file sees them. */
function pdfCatalogOutputIntents(pdf: PDFDocument): { identifier: string | undefined; registry: string | undefined; profileBytes: number }[] {
  const intents = pdf.catalog.lookupMaybe(PDFName.of('OutputIntents'), PDFArray);
  return (intents?.asArray() ?? []).map((ref) => {
    const intent = pdf.context.lookup(ref, PDFDict);
    const text = (key: string) => intent.lookupMaybe(PDFName.of(key), PDFString, PDFHexString)?.decodeText();
    const profile = intent.lookup(PDFName.of('DestOutputProfile'));
    return { identifier: text('OutputConditionIdentifier'), registry: text('RegistryName'), profileBytes: profile instanceof PDFRawStream ? decodePDFRawStream(profile).decode().length : 0 };
  });
}

function textLines(words: WordBox[]): WordBox[] {
  const lines: WordBox[][] = [];
  for (const word of [...words].sort((a, b) => a.yMin - b.yMin)) {
    const line = lines.find((l) => Math.abs(l[0]!.yMin - word.yMin) < 2);
    if (line) line.push(word);
    else lines.push([word]);
  }
  return lines.map((l) => {
    l.sort((a, b) => a.xMin - b.xMin);
    return { text: l.map((w) => w.text).join(''), xMin: l[0]!.xMin, xMax: Math.max(...l.map((w) => w.xMax)), yMin: Math.min(...l.map((w) => w.yMin)), yMax: Math.max(...l.map((w) => w.yMax)) };
  });
}

describe('saddle-stitch imposition: every page exactly on its half-sheet', () => {
  let out = '';
  before(() => {
    out = pdfBatch.built(pdfBatch.sixteen);
  });

  test('each line of each page sits where it sits on the reader page, offset by its half (±0.05 mm)', () => {
    const reader = path.join(out, 'sixteen.pdf');
    const sheets = path.join(out, 'sixteen.saddle.pdf');
    // Folding order of 16 pages, by hand: outer sheet (16|1) and (2|15), then inwards.
    const order: [number, number][] = [[16, 1], [2, 15], [14, 3], [4, 13], [12, 5], [6, 11], [10, 7], [8, 9]];
    let worst = 0;
    let measured = 0;
    let pagesWithText = 0;
    order.forEach(([left, right], side) => {
      const sheetWords = pdfWordBoxes(sheets, side + 1);
      for (const [page, offset] of [[left, 0], [right, 210 * MM]] as const) {
        const expected = textLines(pdfWordBoxes(reader, page));
        const placed = textLines(sheetWords.filter((w) => w.xMin >= offset - 1 && w.xMin < offset + 210 * MM - 1));
        assert.deepEqual(placed.map((l) => l.text), expected.map((l) => l.text), `side ${side + 1}: page ${page}`);
        if (expected.length) pagesWithText++;
        placed.forEach((line, i) => {
          const e = expected[i]!;
          for (const d of [line.xMin - offset - e.xMin, line.xMax - offset - e.xMax, line.yMin - e.yMin, line.yMax - e.yMax]) worst = Math.max(worst, Math.abs(d) / MM);
          measured++;
        });
      }
    });
    assert.equal(pdfPageLines(reader).length, 16);
    // Page 2 is the blank before the first chapter's right-hand page; every other page has text.
    assert.equal(pagesWithText, 15);
    assert.ok(measured > 15 * 10, `${measured} lines measured`);
    assert.ok(worst <= 0.05, `a line is ${worst.toFixed(3)} mm off`);
  });
});

/**
 * The press files of two builds (one process, one Chromium each), shared by the
 * --pdfx and --strict tests: the sample, a clean book and a book with a 96 dpi
 * image, all --pdfx, with --strict, and again the sample and that book without
 * --strict. The sample's PDF/X file from each is compared for reproducibility
 * (a batch and --strict change no byte of another document's output).
 */
const press = (() => {
  const work = mkdtempSync(path.join(os.tmpdir(), 'paiban-press-'));
  after(() => rmSync(work, { recursive: true, force: true }));
  const withImage = (name: string, png: Buffer): string => {
    const doc = path.join(work, name);
    writeBookDocument(doc, { chapters: 1, repeat: 1 });
    mkdirSync(path.join(doc, 'images'));
    writeFileSync(path.join(doc, 'images', 'map.png'), png);
    writeFileSync(path.join(doc, 'index.md'), `${readFileSync(path.join(doc, 'index.md'), 'utf8')}\n![海曙区位图](images/map.png)\n`);
    return doc;
  };
  const clean = path.join(work, 'clean');
  writeBookDocument(clean, { chapters: 1, repeat: 1 });
  const lowdpi = withImage('lowdpi', makePng(60, 40));
  // A project whose paiban.config.yaml says strict: true, with three books: an RGB image, a rare character,
  // and the 60×40 px image again (its print PDF's own preflight, without --pdfx).
  const project = path.join(work, 'project');
  mkdirSync(project);
  writeFileSync(path.join(project, 'paiban.config.yaml'), 'strict: true\n');
  const rgb = withImage('project/rgb', makePng(2400, 200));
  const lowres = withImage('project/lowres', makePng(60, 40));
  const rare = path.join(project, 'rare');
  mkdirSync(rare);
  writeFileSync(path.join(rare, 'index.md'), '---\ntitle: 生僻字\nauthor: 测试\ndate: 2023-02-01\n---\n\n罕用字𠀾在此。\n');
  const strictOut = path.join(work, 'strict');
  const laxOut = path.join(work, 'lax');
  let strict: CliResult | undefined;
  let lax: CliResult | undefined;
  let configured: CliResult | undefined;
  return {
    work,
    clean,
    lowdpi,
    rgb,
    rare,
    lowres,
    strictOut,
    laxOut,
    strict: () => (strict ??= paiban(['build', sampleDir, clean, lowdpi, '--out', strictOut, '--format', 'print', '--pdfx', '--strict'])),
    lax: () => (lax ??= paiban(['build', sampleDir, lowdpi, '--out', laxOut, '--format', 'print', '--pdfx'])),
    /** The project's books, strict by its configuration (no --strict). */
    configured: () => (configured ??= paiban(['build', rgb, rare, lowres, '--out', strictOut, '--format', 'pdf,print'], { cwd: project })),
  };
})();

describe('preflight', () => {
  const work = mkdtempSync(path.join(os.tmpdir(), 'paiban-preflight-'));
  after(() => rmSync(work, { recursive: true, force: true }));

  test('flags a low-resolution image in a print PDF', () => {
    // The book with a 60×40 px image, as the build without --strict wrote it (its
    // own preflight's warning is checked with --strict below), read by the command.
    const lax = press.lax();
    assert.equal(lax.code, 0, lax.stderr);
    const printFile = path.join(press.laxOut, 'lowdpi', 'lowdpi.print.pdf');
    // The build's own preflight of a print PDF (no --pdfx) says so too.
    assert.match(press.configured().stderr, /warning: lowres\.print\.pdf: page \d+: error: image 60×40 px prints at \d+ dpi \(below 300\)/, 'the build runs preflight');
    const check = paiban(['preflight', printFile]);
    assert.equal(check.code, 1);
    assert.match(check.stdout, /TrimBox 210 × 297 mm, bleed 3 mm/);
    assert.match(check.stdout, /image 60×40 px prints at \d+ dpi \(below 300\)/);
    const json = JSON.parse(paiban(['preflight', '--json', printFile]).stdout);
    const report = Object.values(json)[0] as { fonts: { type: string; embedded: boolean }[]; images: { dpi: number }[] };
    assert.ok(report.fonts.every((f) => f.embedded && f.type !== 'Type3'));
    assert.equal(report.images.length, 1);
    // Shown at its natural size, one pixel per CSS pixel: 96 dpi.
    assert.ok(Math.abs(report.images[0]!.dpi - 96) < 1, `${report.images[0]!.dpi} dpi`);
  });

  test('a table wider than the type area stops the build, naming it', () => {
    const { code, stderr } = pdfBatch.build();
    assert.equal(code, 1);
    // One line about it, and it is the only line: the booklets of the same build print nothing on stderr.
    assert.match(stderr, /^paiban: .*wide\/index\.md: content wider than the type area: <table> "列1 列2 列3/);
    assert.equal(stderr.trim().split('\n').length, 1);
    assert.equal(existsSync(path.join(pdfBatch.out, 'wide')), false, 'nothing written');
  });

  test('an unreadable file is one clear line', () => {
    const file = path.join(work, 'not.pdf');
    writeFileSync(file, 'hello');
    const check = paiban(['preflight', file]);
    assert.equal(check.code, 1);
    assert.match(check.stderr, /^paiban: .*not\.pdf: not a readable PDF/);
  });
});

describe('--pdfx', () => {
  const work = mkdtempSync(path.join(os.tmpdir(), 'paiban-pdfx-'));
  after(() => rmSync(work, { recursive: true, force: true }));

  test('without Ghostscript: one line saying how to install it', () => {
    // Into a folder holding an earlier build of the sample: paiban then does not guess it will print and
    // start Chromium before it finds Ghostscript missing (a launch this test has no use for).
    press.lax();
    const result = paiban(['build', sampleDir, '--pdfx', '--out', press.laxOut], { env: { PAIBAN_GHOSTSCRIPT: path.join(work, 'no-gs') } });
    assert.equal(result.code, 1);
    assert.equal(result.stderr, 'paiban: --pdfx needs Ghostscript, which is not installed (Debian/Ubuntu: `sudo apt-get install ghostscript`, or set PAIBAN_GHOSTSCRIPT)\n');
  });

  // Ghostscript is a system tool scripts/setup.sh installs; without it, say so rather than fail.
  const noGhostscript = spawnSync('gs', ['--version']).status !== 0 && 'Ghostscript (gs) is not installed: sudo apt-get install ghostscript';
  test('with Ghostscript: a CMYK PDF/X file with the press boxes, fonts embedded, reproducible', { skip: noGhostscript }, async () => {
    for (const result of [press.strict(), press.lax()]) {
      assert.ok(wroteLine(result.stdout, sampleDir), `${result.stdout}\n${result.stderr}`);
      assert.deepEqual(linesAbout(result.stderr, sampleDir), [], 'no warning about the sample');
    }
    const file = path.join(press.strictOut, 'haishu-2023', 'haishu-2023.pdfx.pdf');
    const bytes = readFileSync(file);
    assert.ok(bytes.equals(readFileSync(path.join(press.laxOut, 'haishu-2023', 'haishu-2023.pdfx.pdf'))), 'byte-identical');
    assert.match(bytes.toString('latin1'), /\/GTS_PDFXVersion/);
    // The output intent: Coated FOGRA39 (ISO 12647-2), with its profile embedded.
    const intents = pdfCatalogOutputIntents(await PDFDocument.load(bytes, { updateMetadata: false }));
    assert.equal(intents.length, 1);
    assert.equal(intents[0]!.identifier, 'FOGRA39');
    assert.equal(intents[0]!.registry, 'http://www.color.org');
    assert.ok(intents[0]!.profileBytes > 100_000, `${intents[0]!.profileBytes} bytes of profile`);
    const pdf = await PDFDocument.load(bytes);
    const trim = pdf.getPage(0).getTrimBox();
    assert.ok(Math.abs(trim.width / MM - 210) < 0.01 && Math.abs(trim.height / MM - 297) < 0.01);
    const fonts = execFileSync('pdffonts', [file], { encoding: 'utf8' });
    assert.doesNotMatch(fonts, /Type 3/);
    // Ink coverage per plate inside the trim (crop marks are registration colour, on every plate):
    // the body pages hold only black text and folios, which must be on the K plate alone.
    const coverage = execFileSync('gs', ['-q', '-dSAFER', '-dUseTrimBox', '-o', '-', '-sDEVICE=inkcov', file], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .map((line) => line.trim().split(/\s+/).slice(0, 4).map(Number));
    assert.equal(coverage.length, pdf.getPageCount());
    const body = coverage.slice(2); // after the cover and the colophon
    assert.ok(body.length >= 2);
    for (const [c, m, y, k] of body) {
      assert.deepEqual([c, m, y], [0, 0, 0], `C M Y on a text page: ${[c, m, y, k].join(' ')}`);
      assert.ok(k! > 0.01, `K ${k}`);
    }
  });
});

describe('build --strict: any warning fails the document, nothing is written', () => {
  const out = press.strictOut;
  const failedStrict = (result: { code: number | null; stderr: string }, doc: string) => {
    assert.equal(result.code, 1, result.stderr);
    const name = path.basename(doc);
    assert.match(result.stderr, new RegExp(`paiban: .*${name}/index\\.md: strict: \\d+ warnings? \\(above\\); nothing written\n`));
    assert.doesNotMatch(result.stderr, /\n\s+at /, 'no stack trace');
    assert.equal(existsSync(path.join(out, name)), false, 'nothing written');
  };

  test('a clean book passes: --strict with the PDF/X file as the press file', () => {
    const result = press.strict();
    assert.ok(wroteLine(result.stdout, press.clean), `${result.stdout}\n${result.stderr}`);
    // Every line on stderr is about the failing book of the same build.
    assert.deepEqual(result.stderr.trim().split('\n').filter((line) => !linesAbout(line, press.lowdpi).length), []);
  });

  test('an image at 96 dpi', () => {
    const result = press.strict();
    assert.match(result.stderr, /lowdpi\.pdfx\.pdf: page \d+: error: image 60×40 px prints at 96 dpi \(below 300\)/);
    failedStrict(result, press.lowdpi);
    // Without --strict: the same warning, exit 0.
    const lax = press.lax();
    assert.equal(lax.code, 0, lax.stderr);
    assert.match(lax.stderr, /lowdpi\.pdfx\.pdf: page \d+: error: image 60×40 px prints at 96 dpi \(below 300\)/);
    assert.ok(wroteLine(lax.stdout, press.lowdpi), lax.stdout);
  });

  test('an RGB image in a print PDF (enough pixels: only its colour is wrong; strict: true in paiban.config.yaml)', () => {
    const result = press.configured();
    assert.match(result.stderr, /rgb\.print\.pdf: warning: 1 RGB image on page \d+: the press needs CMYK/);
    // Enough pixels: nothing about its resolution (the 60×40 px book of the same build has that).
    assert.ok(!linesAbout(result.stderr, press.rgb).some((line) => /dpi \(below/.test(line)), result.stderr);
    failedStrict(result, press.rgb);
  });

  test('a character drawn by a fallback font (strict: true in paiban.config.yaml)', () => {
    const result = press.configured();
    assert.match(result.stderr, /rare\/index\.md:7: no glyph for 𠀾 \(U\+2003E\) in 宋 \(serif\); drawn by fallback font "HanaMinA"/);
    failedStrict(result, press.rare);
  });
});
