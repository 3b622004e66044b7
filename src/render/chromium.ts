import { accessSync, constants } from 'node:fs';
import { UserError } from '../errors.ts';

const USUAL_PATHS = [
  // Debian's chromium package: the browser itself, not /usr/bin/chromium, a
  // launcher script that first sources /etc/chromium.d (the machine's own
  // switches, extensions to load, API keys): none of that may reach a build.
  '/usr/lib/chromium/chromium',
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome-stable',
  '/usr/bin/google-chrome',
  '/snap/bin/chromium',
];

/**
 * The system Chromium: `PAIBAN_CHROMIUM`, then `PUPPETEER_EXECUTABLE_PATH`,
 * then the usual install paths. paiban never downloads a browser.
 */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string {
  for (const name of ['PAIBAN_CHROMIUM', 'PUPPETEER_EXECUTABLE_PATH'] as const) {
    const value = env[name];
    if (value) {
      if (!isExecutable(value)) throw new UserError(`${name}=${value} is not an executable file`);
      return value;
    }
  }
  const found = USUAL_PATHS.find(isExecutable);
  if (!found) {
    throw new UserError(
      'no Chromium found: install it (Debian/Ubuntu: `sudo apt-get install chromium`) or set PAIBAN_CHROMIUM to its path',
    );
  }
  return found;
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * A running Chromium to print in instead of launching one: its DevTools
 * WebSocket address, from PAIBAN_CHROMIUM_ENDPOINT. For paiban's own test
 * suite, whose Chromium (scripts/test-chromium.ts) has paiban's switches and
 * fonts; any other Chromium would make the output depend on its set-up.
 */
export function sharedChromiumEndpoint(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const value = env.PAIBAN_CHROMIUM_ENDPOINT;
  if (!value) return undefined;
  if (!/^ws:\/\/(127\.0\.0\.1|localhost|\[::1\]):\d+\//.test(value)) {
    throw new UserError(`PAIBAN_CHROMIUM_ENDPOINT=${value} is not a local DevTools address (ws://127.0.0.1:PORT/devtools/browser/…)`);
  }
  return value;
}
