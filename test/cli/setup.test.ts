import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { repoRoot } from '../helpers/cli.ts';

/**
 * scripts/setup.sh where apt-get cannot run: a copy of it in a package
 * whose npm install is current (so no `npm ci`), with a PATH holding only
 * what it calls — no apt-get, no pdffonts, qpdf, gs or java — and an `id`
 * that says whether we are root.
 */
const work = mkdtempSync(path.join(os.tmpdir(), 'paiban-setup-'));
after(() => rmSync(work, { recursive: true, force: true }));

const pkg = path.join(work, 'pkg');
mkdirSync(path.join(pkg, 'scripts'), { recursive: true });
mkdirSync(path.join(pkg, 'node_modules'));
copyFileSync(path.join(repoRoot, 'scripts', 'setup.sh'), path.join(pkg, 'scripts', 'setup.sh'));
writeFileSync(path.join(pkg, 'scripts', 'bundle.mjs'), "process.stderr.write('bundle: ran\\n');\n");
writeFileSync(path.join(pkg, 'package-lock.json'), '{}\n');
writeFileSync(path.join(pkg, 'node_modules', '.package-lock.json'), '{}\n');
utimesSync(path.join(pkg, 'package-lock.json'), new Date(2020, 0, 1), new Date(2020, 0, 1));

const chromium = path.join(work, 'fake-chromium');
writeFileSync(chromium, '#!/bin/sh\n');
chmodSync(chromium, 0o755);

function setup(args: string[], { uid, chromiumPath }: { uid: number; chromiumPath: string }) {
  const bin = mkdtempSync(path.join(work, 'bin-'));
  for (const tool of ['bash', 'dirname']) symlinkSync(spawnSync('bash', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).stdout.trim(), path.join(bin, tool));
  symlinkSync(process.execPath, path.join(bin, 'node'));
  writeFileSync(path.join(bin, 'id'), `#!${path.join(bin, 'bash')}\necho ${uid}\n`);
  chmodSync(path.join(bin, 'id'), 0o755);
  const result = spawnSync(path.join(bin, 'bash'), [path.join(pkg, 'scripts', 'setup.sh'), ...args], {
    cwd: work,
    encoding: 'utf8',
    env: { PATH: bin, HOME: work, PAIBAN_CHROMIUM: chromiumPath },
  });
  return { code: result.status, stderr: result.stderr };
}

describe('scripts/setup.sh without apt-get', () => {
  test('a build needs only Chromium (and the fonts): no Java, no Ghostscript, no Poppler; it goes on to the bundle', () => {
    const result = setup([], { uid: 1000, chromiumPath: chromium });
    assert.equal(result.code, 0, result.stderr);
    assert.doesNotMatch(result.stderr, /jre|java|ghostscript|poppler|qpdf/);
    assert.match(result.stderr, /bundle: ran/);
  });

  test('without Chromium a build cannot go on: the apt-get line, then a stop', () => {
    const result = setup([], { uid: 1000, chromiumPath: path.join(work, 'no-such-chromium') });
    assert.equal(result.code, 1);
    assert.match(result.stderr, /^setup: missing chromium.*; install them with: sudo apt-get install chromium\b.*\nsetup: stopping: paiban build needs Chromium\n$/);
  });

  test('--for-tests also wants the PDF tools, Ghostscript and Java, and stops without them (root, but no apt-get)', () => {
    const result = setup(['--for-tests'], { uid: 0, chromiumPath: chromium });
    assert.equal(result.code, 1);
    assert.match(result.stderr, /^setup: missing (\S+ )*poppler-utils qpdf ghostscript default-jre-headless epubcheck; install them with: sudo apt-get install .*poppler-utils qpdf ghostscript default-jre-headless epubcheck\nsetup: stopping: the tests need them\n$/);
  });

  test('an unknown option is refused', () => {
    const result = setup(['--everything'], { uid: 1000, chromiumPath: chromium });
    assert.equal(result.code, 2);
    assert.match(result.stderr, /unknown option --everything/);
  });
});
