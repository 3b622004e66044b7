import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { buildDocument } from '../../src/pipeline/edition.ts';
import { isUserError } from '../../src/errors.ts';
import { PROJECT_CONFIG, loadProjectConfig } from '../../src/fonts/config.ts';
import { BUILTIN_FILES } from '../../src/fonts/faces.ts';
import { displayPath } from '../../src/paths.ts';
import { builtFixture } from '../helpers/built.ts';
import { OWN_CHROMIUM, paiban, repoRoot, sampleDir } from '../helpers/cli.ts';
import { readGlyphs } from '../support/glyphs.ts';
import { inProcessBuilds } from '../helpers/in-process.ts';

const { renderer, tmp } = inProcessBuilds('paiban-fonts-');

async function doc(name: string, frontMatter: string, body: string): Promise<string> {
  const dir = path.join(tmp, name);
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'index.md'), `---\ntitle: 字体测试\nauthor: 测试\ndate: 2023-02-01\n${frontMatter}---\n\n${body}\n`);
  return dir;
}

async function build(dir: string): Promise<{ warnings: string[]; pdf: string }> {
  const warnings: string[] = [];
  await buildDocument(dir, renderer, { outRoot: path.join(tmp, 'out'), formats: new Set(['pdf']), timeoutMs: 60_000, progress: () => undefined, warn: (m) => warnings.push(m) });
  const name = path.basename(dir);
  return { warnings, pdf: path.join(tmp, 'out', name, `${name}.pdf`) };
}

function fontTypes(pdf: string): string[] {
  return execFileSync('pdffonts', [pdf], { encoding: 'utf8' }).split('\n').slice(2).filter(Boolean);
}

test('a character the document\'s fonts lack is drawn by a bundled TrueType fallback, with a warning naming it, its code point, line and font', async () => {
  const dir = await doc('glyphs', 'layout: booklet\n', '第一段没有问题。\n\n积分符号∯在这里，罕用字𠀾在那里。');
  const { warnings, pdf } = await build(dir);
  const shown = displayPath(path.join(dir, 'index.md'));
  assert.equal(warnings.length, 2, warnings.join('\n'));
  assert.match(warnings[0]!, new RegExp(`^${shown.replace(/[.\/]/g, (c) => `\\${c}`)}:10: no glyph for ∯ \\(U\\+222F\\) in 宋 \\(serif\\); drawn by fallback font .*"DejaVu Sans"`));
  // CJK Extension B: HanaMin (fonts-hanazono), never a font of the machine's.
  assert.match(warnings[1]!, /:10: no glyph for 𠀾 \(U\+2003E\) in 宋 \(serif\); drawn by fallback font "HanaMinA"$/);
  const fonts = fontTypes(pdf);
  assert.ok(fonts.every((line) => line.includes('CID TrueType')), fonts.join('\n'));
  assert.ok(fonts.some((line) => /\+HanaMinA\s/.test(line)) && fonts.some((line) => /\+DejaVuSans\s/.test(line)), fonts.join('\n'));
});

test('hermetic fallback: with a test font as the document\'s 宋, its ∯ and 𠀾 stand in for the 黑体 heading\'s; what it lacks comes from the bundled fallbacks', async () => {
  // test-glyphs.ttf (made by make-test-glyphs.py) has ∯, 𠀾 and the space only: no font of the machine's is needed for them.
  const dir = await doc('testfont', 'layout: booklet\ncover: false\nfonts:\n  serif: fonts/test-glyphs.ttf\n', '# 标题∯𠀾\n\n∯𠀾正文');
  await mkdir(path.join(dir, 'fonts'));
  await copyFile(path.join(repoRoot, 'test', 'fixtures', 'fonts', 'test-glyphs.ttf'), path.join(dir, 'fonts', 'test-glyphs.ttf'));
  const { warnings, pdf } = await build(dir);
  // The 宋's own text the test font lacks: one warning a character, drawn by a bundled fallback.
  assert.ok(warnings.some((w) => /:13: no glyph for 正 \(U\+6B63\) in 宋 \(serif\); drawn by fallback font "HanaMinA"$/.test(w)), warnings.join('\n'));
  // ∯ and 𠀾: the 宋 has them, and the heading's 黑体 takes them from it, before any bundled fallback.
  assert.deepEqual(warnings.filter((w) => /no glyph for [∯𠀾]/u.test(w)), []);
  const fonts = fontTypes(pdf);
  assert.ok(fonts.every((line) => line.includes('CID TrueType')), fonts.join('\n'));
  const glyphs = (await readGlyphs(pdf)).flatMap((page) => page.glyphs);
  // The heading itself (not the running head, in 宋): 标题 in 黑体, then ∯𠀾 from the 宋's font.
  const at = glyphs.findIndex((g, k) => [...'标题∯𠀾'].every((ch, j) => glyphs[k + j]?.ch === ch) && /\+NotoSansSC-Bold$/.test(g.fontName));
  assert.ok(at >= 0, 'a heading set in 黑体');
  assert.deepEqual(glyphs.slice(at, at + 4).map((g) => g.fontName.replace(/^[A-Z]{6}\+/, '')), ['NotoSansSC-Bold', 'NotoSansSC-Bold', 'PaibanTestGlyphs-Regular', 'PaibanTestGlyphs-Regular']);
  const drawn = glyphs.filter((g) => g.ch === '∯' || g.ch === '𠀾');
  // Twice each in the body, the heading, the contents line and the running head at least.
  assert.ok(drawn.length >= 6, `${drawn.length} glyphs of ∯ and 𠀾`);
  for (const g of drawn) assert.match(g.fontName, /\+PaibanTestGlyphs-Regular$/, `${g.ch} drawn in ${g.fontName}`);
  // One em each, as the test font draws them (DejaVu Sans's ∯ is narrower).
  for (const g of drawn) assert.ok(Math.abs(g.w / g.size - 1) < 0.001, `${g.ch}: ${(g.w / g.size).toFixed(3)} em`);
});

test('a character no font has (neither the document\'s nor the fallbacks) is an error naming it and its line', async () => {
  const dir = await doc('nofont', 'layout: booklet\n', '第一段。\n\n象形文字𓀀在此。');
  await assert.rejects(build(dir), (e) => isUserError(e) && e.line === 10 && /^no font has a glyph for 𓀀 \(U\+13000\)/.test(e.message));
  assert.equal(existsSync(path.join(tmp, 'out', 'nofont')), false, 'nothing written');
});

describe('hermetic: the machine\'s fonts never reach a PDF', () => {
  // A CJK OpenType (CFF) font with glyphs for exactly what the documents' own
  // fonts lack: a Chromium that looked at the machine's fonts would take
  // 𠀾, ∯ and ↩ from it, as Type 3. And, installed for the user
  // ($XDG_DATA_HOME/fonts), two impostors named like fonts paiban uses
  // ("Paiban Serif", its CSS family for the 宋, and "DejaVu Sans", the one
  // font of its Chromium's fontconfig), with the documents' characters.
  const fixtures = path.join(repoRoot, 'test', 'fixtures', 'fonts');
  const planted = ['planted-paiban-serif.ttf', 'planted-dejavu-sans.ttf'];
  let work: string;
  let conf: string;
  let xdg: string;
  before(async () => {
    work = await mkdtemp(path.join(os.tmpdir(), 'paiban-hermetic-'));
    await mkdir(path.join(work, 'fonts'));
    await copyFile(path.join(fixtures, 'cff-cjk.otf'), path.join(work, 'fonts', 'cff-cjk.otf'));
    xdg = path.join(work, 'xdg');
    await mkdir(path.join(xdg, 'fonts'), { recursive: true });
    for (const font of planted) await copyFile(path.join(fixtures, font), path.join(xdg, 'fonts', font));
    conf = path.join(work, 'fonts.conf');
    await writeFile(conf, `<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n<fontconfig><dir>${path.join(work, 'fonts')}</dir><dir prefix="xdg">fonts</dir><cachedir>${path.join(work, 'cache')}</cachedir></fontconfig>\n`);
    const rare = path.join(work, 'rare');
    await mkdir(rare);
    await writeFile(path.join(rare, 'index.md'), '---\ntitle: 生僻字、脚注与着重号\nauthor: 测试\ndate: 2023-02-01\n---\n\n# 一、正文\n\n王𠀾二字，*着重号*在此，积分号∯。[^1]\n\n[^1]: 脚注的返回链接是↩。\n');
  });
  after(async () => {
    await rm(work, { recursive: true, force: true });
  });

  test('the sample and a document with 𠀾, a footnote and 着重号: byte-identical PDFs with a CJK OpenType font and fonts named like paiban\'s visible to fontconfig, no Type 3', async () => {
    // XDG_DATA_DIRS too: fontconfig's xdg prefix also reads those (/usr/share by default).
    const extra = { FONTCONFIG_FILE: conf, XDG_DATA_HOME: xdg, XDG_DATA_DIRS: xdg };
    const visible = execFileSync('fc-list', [':', 'family', 'postscriptname', 'fontformat'], { encoding: 'utf8', env: { ...process.env, ...extra } });
    assert.match(visible, /Paiban Fixture CJK:.*fontformat=CFF/, 'the extra font is what fontconfig offers');
    assert.match(visible, /^Paiban Serif:.*postscriptname=PlantedPaibanSerif-Regular/m, visible);
    assert.match(visible, /^DejaVu Sans:.*postscriptname=PlantedDejaVuSans-Regular/m, visible);
    assert.equal(visible.trim().split('\n').length, 3, `only the planted fonts: ${visible}`);
    // Without the extra fonts: the sample as the run's shared build prints it (test/helpers/built.ts: the
    // default formats, in UTC), the rare document in this process's Chromium. With them, both in one build,
    // with the same formats (the PDFs of a build with the HTML link to it).
    const plain = path.join(work, 'plain');
    const sample = builtFixture(sampleDir, [], { into: plain, env: { TZ: 'UTC' } });
    assert.equal(sample.code, 0, sample.stderr);
    await buildDocument(path.join(work, 'rare'), renderer, { outRoot: plain, formats: new Set(['html', 'pdf', 'print']), timeoutMs: 60_000, progress: () => undefined, warn: () => undefined });
    const planted = path.join(work, 'planted');
    const result = paiban(['build', sampleDir, path.join(work, 'rare'), '--out', planted], { env: { ...extra, TZ: 'UTC', ...OWN_CHROMIUM } });
    assert.equal(result.code, 0, result.stderr);
    const outputs: Buffer[][] = [];
    for (const out of [plain, planted]) {
      const files = ['haishu-2023/haishu-2023.pdf', 'haishu-2023/haishu-2023.print.pdf', 'rare/rare.pdf', 'rare/rare.print.pdf'].map((f) => path.join(out, f));
      for (const file of files) {
        const fonts = fontTypes(file);
        assert.ok(fonts.length && fonts.every((line) => line.includes('CID TrueType')), `${file}:\n${fonts.join('\n')}`);
        assert.ok(!fonts.some((line) => /Fixture|Planted/.test(line)), fonts.join('\n'));
        // Only paiban's own fonts: its built-in faces and bundled fallbacks.
        for (const line of fonts) assert.match(line, /^[A-Z]{6}\+(?:NotoS(?:erif|ans)SC-(?:Regular|Bold)|DejaVuSans(?:Mono)?(?:-Bold)?|HanaMin[AB]|GBZenKai-Medium)\s/, line);
      }
      assert.ok(fontTypes(files[2]!).some((line) => /\+HanaMinA\s/.test(line)), '𠀾 from the bundled fallback');
      outputs.push(files.map((file) => readFileSync(file)));
    }
    outputs[0]!.forEach((bytes, i) => assert.ok(bytes.equals(outputs[1]![i]!), `output ${i} differs with the extra font visible`));
  });
});

test('code is set in the mono role (DejaVu Sans Mono, CID TrueType), its Chinese in 黑体: equal advances for every Latin character', async () => {
  const dir = await doc('mono', 'layout: booklet\ncover: false\n', '配置文件 `paiban.config.yaml` 放在项目根目录。\n\n```\nfonts:\n  kai: fonts/kai.ttf   # 楷体文件\n```');
  const { warnings, pdf } = await build(dir);
  assert.deepEqual(warnings, []);
  const fonts = fontTypes(pdf);
  assert.ok(fonts.some((l) => /\+DejaVuSansMono\s+CID TrueType/.test(l)), fonts.join('\n'));
  // The only regular 黑体 text is the Chinese in the code (the title is bold).
  assert.ok(fonts.some((l) => /\+NotoSansSC-Regular\s+CID TrueType/.test(l)), fonts.join('\n'));
  const glyphs = (await readGlyphs(pdf))[0]!.glyphs;
  const run = (text: string) => {
    const i = glyphs.findIndex((_, k) => [...text].every((ch, j) => glyphs[k + j]?.ch === ch));
    assert.ok(i >= 0, `no ${text}`);
    return glyphs.slice(i, i + [...text].length);
  };
  const code = [...run('paiban.config.yaml'), ...run('fonts/kai.ttf')];
  // One advance for every character: DejaVu Sans Mono's 1233/2048 em.
  for (const g of code) assert.ok(Math.abs(g.w / g.size - 1233 / 2048) < 0.001, `${g.ch}: ${(g.w / g.size).toFixed(4)} em`);
  assert.equal(new Set(code.map((g) => g.font)).size, 1);
  // The comment's Chinese: neither the mono face nor the body's 宋.
  const comment = run('楷体文件');
  const body = run('配置文件');
  assert.ok(comment.every((g) => g.font !== code[0]!.font && g.font !== body[0]!.font));
});

test('a role without a font: one warning, only when the document uses the role', async () => {
  const plain = await build(await doc('plain', 'layout: booklet\n', '只有正文。'));
  assert.deepEqual(plain.warnings, []);
  const gongwen = await build(await doc('gw', 'layout: gongwen\n', '正文用仿宋。\n\n第二段也用仿宋。'));
  // Its body is 仿宋, its title 小标宋: one warning for each role.
  assert.equal(gongwen.warnings.length, 2, gongwen.warnings.join('\n'));
  assert.match(gongwen.warnings[0]!, /no font configured for 仿宋 \(fangsong\); its text is set in 宋 \(serif\) \(NotoSerifSC_400Regular\.ttf\)/);
  assert.match(gongwen.warnings[1]!, /no font configured for 小标宋 \(title\); its text is set in 宋 \(serif\) \(NotoSerifSC_700Bold\.ttf\)/);
});

test('a document can configure a role with a TrueType file in its folder; it is embedded as CID TrueType', async () => {
  const dir = await doc('own', 'layout: gongwen\nfonts:\n  fangsong: fonts/fs.ttf\n  title: fonts/fs.ttf\n  kai:\n    regular: fonts/fs.ttf\n', '# 标题\n\n正文用配置的字体。');
  await mkdir(path.join(dir, 'fonts'));
  await copyFile(BUILTIN_FILES.sans!.regular, path.join(dir, 'fonts', 'fs.ttf'));
  const { warnings, pdf } = await build(dir);
  assert.deepEqual(warnings, []);
  const fonts = fontTypes(pdf);
  assert.ok(fonts.some((l) => /NotoSansSC-Regular\s+CID TrueType/.test(l)), fonts.join('\n'));
  assert.ok(fonts.every((l) => l.includes('CID TrueType')));
});

test('font files that would embed badly, or lie outside the document, are refused with the front matter line', async () => {
  const cff = await doc('cff', 'layout: booklet\nfonts:\n  kai: kai.otf\n', '正文。');
  await writeFile(path.join(cff, 'kai.otf'), Buffer.concat([Buffer.from('OTTO'), Buffer.alloc(64)]));
  await assert.rejects(build(cff), (e) => isUserError(e) && e.line === 6 && /CFF \(PostScript\) outlines.*Type 3/.test(e.message));

  // An absolute path to a file that exists, in another document's folder.
  const outside = await doc('outside', `layout: booklet\nfonts:\n  kai: ${path.join(cff, 'kai.otf')}\n`, '正文。');
  await assert.rejects(build(outside), (e) => isUserError(e) && /inside its folder/.test(e.message));

  const escape = await doc('escape', 'layout: booklet\nfonts:\n  kai: ../cff/kai.otf\n', '正文。');
  await assert.rejects(build(escape), (e) => isUserError(e) && /outside the document folder/.test(e.message));

  const unknown = await doc('unknown', 'layout: booklet\nfonts:\n  xingkai: a.ttf\n', '正文。');
  await assert.rejects(build(unknown), (e) => isUserError(e) && /unknown front matter field "fonts.xingkai" \(font roles: serif, sans, kai, fangsong, title, mono\)/.test(e.message));
});

test(`${PROJECT_CONFIG}: fonts per role, paths relative to the file, validated`, async () => {
  const root = path.join(tmp, 'project');
  await mkdir(path.join(root, 'fonts'), { recursive: true });
  assert.deepEqual((await loadProjectConfig(root)).fonts, {});
  await copyFile(BUILTIN_FILES.sans!.regular, path.join(root, 'fonts', 'kai.ttf'));
  await writeFile(path.join(root, PROJECT_CONFIG), 'fonts:\n  kai:\n    regular: fonts/kai.ttf\n    bold: fonts/kai.ttf\n');
  const config = await loadProjectConfig(root);
  assert.equal(config.fonts.kai?.regular, path.join(root, 'fonts', 'kai.ttf'));
  await writeFile(path.join(root, PROJECT_CONFIG), 'fonts:\n  kai: fonts/none.ttf\n');
  await assert.rejects(loadProjectConfig(root), (e) => isUserError(e) && e.line === 2 && /not found/.test(e.message));
  await writeFile(path.join(root, PROJECT_CONFIG), 'font:\n  kai: x.ttf\n');
  await assert.rejects(loadProjectConfig(root), (e) => isUserError(e) && /unknown field/.test(e.message));
});
