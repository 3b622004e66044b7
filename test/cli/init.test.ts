import assert from 'node:assert/strict';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { ProjectConfigSchema } from '../../src/fonts/config.ts';
import { FONT_ROLES } from '../../src/fonts/faces.ts';
import { FrontMatterSchema } from '../../src/source/frontmatter.ts';
import { SETTINGS_KEYS } from '../../src/project/settings.ts';
import { paiban } from '../helpers/cli.ts';
import { pdfPagesText, squash } from '../helpers/pdf.ts';

const work = mkdtempSync(path.join(os.tmpdir(), 'paiban-init-'));
after(() => rmSync(work, { recursive: true, force: true }));

/**
 * Lines a fresh project's build may print: the press wants CMYK (the RGB print
 * PDF), roles without a free font, and the booklet example's note on the three
 * half-width marks it types on purpose (,;. in its 标点 section).
 */
const EXPECTED_WARNINGS = [
  /the press needs CMYK/,
  /no font configured for (仿宋 \(fangsong\)|小标宋 \(title\))/,
  /^paiban: note: source\/example\/index\.md: 3 half-width marks set full-width; paiban lint --fix writes them to the source/,
];

function assertCleanBuild(stderr: string): void {
  for (const line of stderr.split('\n').filter(Boolean)) {
    assert.ok(EXPECTED_WARNINGS.some((warning) => warning.test(line)), `unexpected: ${line}`);
  }
}

describe('paiban init', () => {
  test('booklet: writes the configuration, the example and .gitignore, prints the next commands; the example builds cleanly', () => {
    const project = path.join(work, 'report');
    const init = paiban(['init', project], { cwd: work });
    assert.equal(init.code, 0, init.stderr);
    assert.equal(init.stdout, 'Created paiban.config.yaml, .gitignore, source/example/index.md in report.\nNext:\n  cd report\n  npx paiban build\n');
    assert.equal(readFileSync(path.join(project, '.gitignore'), 'utf8'), 'output/\n');

    const config = readFileSync(path.join(project, 'paiban.config.yaml'), 'utf8');
    const options = config.split('\n').filter((line) => /^\s*[^#\s]/.test(line));
    assert.deepEqual(options, [], 'every option is commented out');
    for (const key of [...Object.keys(ProjectConfigSchema.shape), ...SETTINGS_KEYS]) assert.match(config, new RegExp(`^# ${key}:`, 'm'), key);
    for (const role of FONT_ROLES) assert.match(config, new RegExp(`^#   ${role}: `, 'm'), role);
    for (const field of Object.keys(FrontMatterSchema.shape)) assert.match(config, new RegExp(`\\b${field}\\b`), field);

    const build = paiban(['build'], { cwd: project });
    assert.equal(build.code, 0, build.stderr);
    assertCleanBuild(build.stderr);
    const html = readFileSync(path.join(project, 'output', 'example', 'index.html'), 'utf8');
    assert.match(html, /<h2[^>]*>一、中文排版扩展<\/h2>/);
    assert.match(html, /<em>重点内容<\/em>/);
    assert.match(html, /<ruby>海曙<rp>（<\/rp><rt>hǎi shǔ<\/rt><rp>）<\/rp><\/ruby>/);
    assert.match(html, /<span lang="en">Made in China<\/span>/);
    assert.match(html, /<table>/);
    assert.match(html, /脚注的内容/);
    // Both PDFs print the example: its first chapter heading and its footnote.
    for (const pdf of ['example.pdf', 'example.print.pdf']) {
      const text = squash(pdfPagesText(path.join(project, 'output', 'example', pdf)).join(''));
      for (const words of ['一、中文排版扩展', '脚注的内容']) assert.ok(text.includes(words), `${pdf}: ${words}`);
    }
  });

  test('gongwen: the example is a 公文 that builds cleanly', () => {
    const project = path.join(work, 'notice');
    mkdirSync(project);
    const init = paiban(['init', '--layout', 'gongwen'], { cwd: project });
    assert.equal(init.code, 0, init.stderr);
    assert.equal(init.stdout, 'Created paiban.config.yaml, .gitignore, source/example/index.md.\nNext:\n  npx paiban build\n  npx paiban watch source/example\n');
    assert.match(readFileSync(path.join(project, 'source', 'example', 'index.md'), 'utf8'), /^layout: gongwen$/m);
    const build = paiban(['build'], { cwd: project });
    assert.equal(build.code, 0, build.stderr);
    assertCleanBuild(build.stderr);
    const html = readFileSync(path.join(project, 'output', 'example', 'index.html'), 'utf8');
    assert.match(html, /示办发〔2026〕1号/);
    assert.match(html, /一、总结内容/);
  });

  test('the configuration\'s options, uncommented, are valid', () => {
    const project = path.join(work, 'notice');
    const file = path.join(project, 'paiban.config.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('# strict: false', 'strict: false').replace('# chapterStart: right', 'chapterStart: right')
      // Front matter defaults (the cascade): the document's own layout: gongwen wins over layout: booklet.
      .replace('# layout: booklet', 'layout: booklet').replace('# trim: A4', 'trim: A4').replace('# punctuation: true', 'punctuation: true'));
    const build = paiban(['build', '--format', 'html', '--force'], { cwd: project });
    assert.equal(build.code, 0, build.stderr);
  });

  test('never overwrites: any target existing refuses everything, in one line', () => {
    const project = path.join(work, 'has-gitignore');
    mkdirSync(project);
    writeFileSync(path.join(project, '.gitignore'), 'mine\n');
    const init = paiban(['init', project], { cwd: work });
    assert.equal(init.code, 1);
    assert.equal(init.stderr, 'paiban: has-gitignore: .gitignore already exists; paiban init never overwrites (choose an empty folder)\n');
    assert.equal(readFileSync(path.join(project, '.gitignore'), 'utf8'), 'mine\n');
    assert.ok(!existsSync(path.join(project, 'paiban.config.yaml')));
    assert.ok(!existsSync(path.join(project, 'source')));

    const again = paiban(['init', 'report'], { cwd: work });
    assert.equal(again.code, 1);
    assert.match(again.stderr, /^paiban: report: paiban\.config\.yaml, \.gitignore, source\/example\/index\.md already exist; /);
  });

  test('never writes through a link: a linked folder on the way, or a dangling link as a target, is refused', () => {
    const elsewhere = path.join(work, 'elsewhere');
    mkdirSync(elsewhere);
    const project = path.join(work, 'linked-source');
    mkdirSync(project);
    symlinkSync(elsewhere, path.join(project, 'source'));
    const init = paiban(['init', project], { cwd: work });
    assert.equal(init.code, 1);
    assert.equal(init.stderr, 'paiban: linked-source/source: is a symbolic link; paiban init does not write through links\n');
    assert.ok(!existsSync(path.join(project, 'paiban.config.yaml')), 'nothing written');
    assert.ok(!existsSync(path.join(elsewhere, 'example')));

    const dangling = path.join(work, 'dangling');
    mkdirSync(dangling);
    symlinkSync(path.join(work, 'victim.yaml'), path.join(dangling, 'paiban.config.yaml'));
    const second = paiban(['init', dangling], { cwd: work });
    assert.equal(second.code, 1);
    assert.match(second.stderr, /paiban\.config\.yaml already exists/);
    assert.ok(!existsSync(path.join(work, 'victim.yaml')));
    assert.ok(lstatSync(path.join(dangling, 'paiban.config.yaml')).isSymbolicLink());
  });

  test('an unknown layout is one line', () => {
    const init = paiban(['init', path.join(work, 'x'), '--layout', 'web'], { cwd: work });
    assert.equal(init.code, 1);
    assert.equal(init.stderr, 'paiban: unknown layout "web" for init (layouts: booklet, gongwen)\n');
    assert.ok(!existsSync(path.join(work, 'x')));
  });
});
