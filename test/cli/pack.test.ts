import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { repoRoot } from '../helpers/cli.ts';

/**
 * paiban as a user gets it: `npm pack` (prepack bundles src/ into dist/),
 * the tarball installed into an empty folder from the npm cache, then
 * `npx paiban init` and `npx paiban build` there, with nothing else.
 */
const work = mkdtempSync(path.join(os.tmpdir(), 'paiban-pack-'));
after(() => rmSync(work, { recursive: true, force: true }));

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', timeout: 900_000, env: { ...process.env, ...env } });
  assert.equal(result.status, 0, `${command} ${args.join(' ')}:\n${result.stdout}\n${result.stderr}`);
  return result;
}

test('npm pack → npm install into an empty folder → npx paiban init → npx paiban build', { timeout: 1_800_000 }, () => {
  const packs = path.join(work, 'packs');
  mkdirSync(packs);
  run('npm', ['pack', '--pack-destination', packs, '--loglevel=error'], repoRoot);
  const [tarball] = readdirSync(packs);
  assert.match(tarball!, /^paiban-\d+\.\d+\.\d+\.tgz$/);

  const project = path.join(work, 'project');
  mkdirSync(project);
  // A browser download would land here (puppeteer's cache): there must be none.
  const env = { PUPPETEER_CACHE_DIR: path.join(work, 'puppeteer-cache'), PAIBAN_CACHE_DIR: path.join(work, 'paiban-cache') };
  run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error', path.join(packs, tarball!)], project, env);
  const installed = path.join(project, 'node_modules', 'paiban');
  assert.ok(!existsSync(path.join(installed, 'src')), 'the package ships the bundle, not src/');
  assert.ok(existsSync(path.join(installed, 'dist', 'stamp.json')));
  assert.ok(!existsSync(path.join(project, 'node_modules', 'esbuild')), 'esbuild is not needed to run');
  assert.ok(!existsSync(path.join(project, 'node_modules', 'tsx')), 'tsx is not needed to run');

  const init = run('npx', ['--no', 'paiban', 'init'], project, env);
  assert.match(init.stdout, /npx paiban build/);
  const build = run('npx', ['--no', 'paiban', 'build'], project, env);
  assert.match(build.stdout, /\[1\/1\] example: wrote index\.html .*example\.pdf .*example\.print\.pdf/);
  const manifest = JSON.parse(readFileSync(path.join(project, 'output', 'example', 'manifest.json'), 'utf8')) as { inputs: { role: string; path: string }[] };
  // Templates, styles and fonts came from the package, recorded as in a checkout of paiban.
  assert.ok(manifest.inputs.some((i) => i.role === 'template' && i.path === 'templates/layouts/booklet.hbs'));
  assert.ok(manifest.inputs.some((i) => i.role === 'font' && i.path.startsWith('@expo-google-fonts/noto-serif-sc/')));
  assert.ok(!existsSync(env.PUPPETEER_CACHE_DIR), 'no browser was downloaded');

  const again = run('npx', ['--no', 'paiban', 'build'], project, env);
  assert.match(again.stdout, /example: up to date, skipped/);

  // import runs in its own worker thread, whose script is a file of the bundle of its own.
  writeFileSync(path.join(project, 'page.html'), '<!DOCTYPE html><html><head><meta charset="utf-8"><title>测试报告</title></head><body><h1>测试报告</h1><p>这一年，我们砥砺前行。</p></body></html>');
  const imported = run('npx', ['--no', 'paiban', 'import', 'page.html', '--doc', 'page'], project, env);
  assert.match(imported.stdout, /imported .*page\.html .*→ source\/page\/index\.md/);
  assert.match(readFileSync(path.join(project, 'source', 'page', 'index.md'), 'utf8'), /砥砺前行/);
});
