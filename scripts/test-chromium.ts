// One Chromium for a whole test run (scripts/with-shared-builds.mjs starts
// it): each `paiban build` and in-process renderer of the tests opens a
// browser context of its own in it (PAIBAN_CHROMIUM_ENDPOINT), instead of
// launching a Chromium for itself (~1.5–2 CPU-s each, hundreds of times).
// Same executable, switches and fonts as a build's own Chromium (spawn.ts).
//
// Prints the DevTools WebSocket address on its first line, then runs until
// its stdin closes or it gets a signal; Chromium and its profile go with it.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { spawnChromium } from '../src/render/spawn.ts';

const chromium = spawnChromium('port');
let stopping = false;
const gone = () => {
  stopping = true;
  void chromium.dispose().then(() => process.exit(0));
};
process.stdin.on('end', gone).on('close', gone).resume();
process.on('SIGTERM', gone).on('SIGINT', gone).on('SIGHUP', gone);
void chromium.exited.then((reason) => {
  if (stopping) return;
  process.stderr.write(`test-chromium: Chromium ${reason}\n`);
  process.exit(1);
});

// Chromium writes "PORT\n/devtools/browser/ID" once it listens.
const activePort = path.join(chromium.profileDir, 'DevToolsActivePort');
for (let waited = 0; ; waited += 20) {
  const written = await readFile(activePort, 'utf8').catch(() => '');
  const [port, browserPath] = written.split('\n');
  if (port && browserPath) {
    process.stdout.write(`ws://127.0.0.1:${port}${browserPath}\n`);
    break;
  }
  if (waited > 60_000) {
    process.stderr.write('test-chromium: Chromium did not start listening within 60 s\n');
    await chromium.dispose();
    process.exit(1);
  }
  await new Promise((resolve) => setTimeout(resolve, 20));
}
