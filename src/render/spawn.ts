import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { writeFontconfig } from '../fonts/fontconfig.ts';
import { onTermination } from '../lifecycle.ts';
import { findChromium } from './chromium.ts';

/**
 * The switches puppeteer-core 24 gives a headless Chromium it launches
 * (`puppeteer.defaultArgs({ headless: true })`, without the profile and the
 * start page; a test keeps the two equal). paiban starts Chromium itself so
 * the launch can begin before puppeteer-core (~0.2 s to load) is even
 * loaded; puppeteer then connects over the same pipe it would have used.
 */
export const PUPPETEER_DEFAULT_ARGS = [
  '--allow-pre-commit-input',
  '--disable-background-networking',
  '--disable-background-timer-throttling',
  '--disable-backgrounding-occluded-windows',
  '--disable-breakpad',
  '--disable-client-side-phishing-detection',
  '--disable-component-extensions-with-background-pages',
  '--disable-crash-reporter',
  '--disable-default-apps',
  '--disable-dev-shm-usage',
  '--disable-hang-monitor',
  '--disable-infobars',
  '--disable-ipc-flooding-protection',
  '--disable-popup-blocking',
  '--disable-prompt-on-repost',
  '--disable-renderer-backgrounding',
  '--disable-search-engine-choice-screen',
  '--disable-sync',
  '--enable-automation',
  '--export-tagged-pdf',
  '--force-color-profile=srgb',
  '--generate-pdf-document-outline',
  '--metrics-recording-only',
  '--no-first-run',
  '--password-store=basic',
  '--use-mock-keychain',
  '--disable-features=Translate,AcceptCHFrame,MediaRouter,OptimizationHints,WebUIReloadButton,ProcessPerSiteUpToMainFrameThreshold,IsolateSandboxedIframes',
  '--enable-features=PdfOopif',
  '--headless=new',
  '--hide-scrollbars',
  '--mute-audio',
  '--disable-extensions',
];

/** paiban's own switches on top of puppeteer's. */
const PAIBAN_ARGS = [
  '--disable-gpu',
  // No GPU process: nothing is ever shown, and a print is drawn in the
  // renderer. Chromium's GPU service (software compositing here) runs as a
  // thread of the browser process instead, the same PDF bytes. (With the
  // two features below: a 24-page booklet's peak PSS ~640 → ~620 MiB; its
  // RSS summed over the processes, which counts shared pages in each,
  // 1154 → 931 MiB.)
  '--in-process-gpu',
  // No background traffic: this machine has no network, and documents get none either.
  '--disable-component-update',
  '--disable-quic',
  '--no-default-browser-check',
  '--font-render-hinting=none',
  // Second line of defence under request interception: anything that would
  // still reach the network (a preconnect, a DNS prefetch) goes to a proxy
  // that cannot exist, and no host name resolves.
  '--proxy-server=http://proxy.paiban.invalid:9',
  '--proxy-bypass-list=<-loopback>',
  '--host-resolver-rules=MAP * ~NOTFOUND',
  '--dns-prefetch-disable',
  '--no-pings',
];

/** Features paiban turns off, merged into puppeteer's single --disable-features switch. */
const DISABLED_FEATURES = [
  'NetworkPrediction',
  'Prerender2',
  'SpeculationRulesPrefetchFuture',
  // Chromium 15x preloads the address bar's drop-down, a WebUI page
  // (chrome://omnibox-popup.top-chrome), in a renderer of its own in every
  // browser window, headless too: ~2 CPU-s of a build's ~5.3 in Chromium
  // (own Chromium), ~3.8 of ~5.8 in the tests' shared one (each run's context
  // opens windows of its own), for windows nobody sees. The documents'
  // renderers are untouched: outputs are byte-identical.
  'WebUIOmniboxPopup',
  'WebUIOmniboxAimPopup',
  // Chromium keeps a spare renderer process started for the next site a tab
  // navigates to. paiban keeps its own spare tabs, already showing the document
  // origin (see Renderer.prepare in browser.ts), so Chromium's stood idle,
  // a process at every build's peak, with no slower build without it.
  'SpareRendererForSitePerProcess',
];

/**
 * Features paiban turns on, merged into puppeteer's single --enable-features switch.
 * NetworkServiceInProcess2: Chromium's network service runs in the browser
 * process, not in a utility process of its own (see --in-process-gpu for
 * what the fewer processes save). paiban answers every request itself
 * (request interception) and the network is closed by the switches above;
 * the PDF bytes are the same.
 */
const ENABLED_FEATURES = ['NetworkServiceInProcess2'];

/** Chromium reads only the last switch of each: paiban's features go into puppeteer's. */
const MERGED_FEATURES: readonly (readonly [string, readonly string[]])[] = [
  ['--disable-features=', DISABLED_FEATURES],
  ['--enable-features=', ENABLED_FEATURES],
];

/**
 * How puppeteer talks to Chromium: over a pipe (a build's own Chromium), or
 * over a DevTools port on the loopback interface (the one Chromium the test
 * suite shares, see scripts/test-chromium.ts: a pipe cannot be shared; its
 * pipe stays open all the same, so that it dies with the process that started it).
 */
export type Debugging = 'pipe' | 'port';

/** The full command line after the executable. */
export function chromiumArgs(profileDir: string, asRoot: boolean, debugging: Debugging = 'pipe'): string[] {
  const args = PUPPETEER_DEFAULT_ARGS.map((arg) => {
    const [, ours] = MERGED_FEATURES.find(([prefix]) => arg.startsWith(prefix)) ?? [];
    return ours ? `${arg},${ours.join(',')}` : arg;
  });
  return [
    ...args,
    // Chromium's sandbox refuses to run as root (CI, containers).
    ...(asRoot ? ['--no-sandbox'] : []),
    ...PAIBAN_ARGS,
    // Talk over a pipe (fds 3 and 4): if this process dies, even by SIGKILL,
    // Chromium reads end-of-file and exits instead of running on without a parent.
    '--remote-debugging-pipe',
    // And for a shared one, a port as well (0: any free one, on 127.0.0.1; written
    // to DevToolsActivePort in the profile), the pipe kept only for that exit.
    ...(debugging === 'port' ? ['--remote-debugging-port=0'] : []),
    `--user-data-dir=${profileDir}`,
    'about:blank',
  ];
}

/** A Chromium process of this run, with its own profile folder, not yet driven by puppeteer. */
export interface SpawnedChromium {
  executablePath: string;
  /** Its profile folder (removed by dispose). */
  profileDir: string;
  process: ChildProcess;
  /** What puppeteer writes to and reads from. */
  pipe: { write: Writable; read: Readable };
  /** Resolves when the process has exited (or failed to start), with a reason. */
  exited: Promise<string>;
  /** Kill the whole process group, wait until it is gone, remove the profile. Idempotent. */
  dispose: () => Promise<void>;
}

/**
 * Start Chromium with a profile of its own under the temporary folder
 * (`paiban-chromium-*`), as the leader of its own process group. However
 * the run ends — normally, by an error, a signal or a crash — the whole
 * group is killed and the profile removed (see lifecycle.ts).
 */
export function spawnChromium(debugging: Debugging = 'pipe'): SpawnedChromium {
  const executablePath = findChromium();
  const profileDir = mkdtempSync(path.join(os.tmpdir(), 'paiban-chromium-'));
  const child = spawn(executablePath, chromiumArgs(profileDir, process.getuid?.() === 0, debugging), {
    // Its own process group, so its renderers and helpers can be ended together.
    detached: true,
    // Fonts: only those paiban gives it (fontconfig.ts), never the machine's.
    env: chromiumEnv(profileDir),
    stdio: ['ignore', 'ignore', 'ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<string>((resolve) => {
    child.once('error', (error) => resolve(error.message));
    child.once('exit', (code, signal) => resolve(signal ? `killed by ${signal}` : `exited with code ${code}`));
  });
  const killGroup = () => {
    if (!child.pid) return;
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  };
  let disposed: Promise<void> | undefined;
  const dispose = (): Promise<void> =>
    (disposed ??= (async () => {
      killGroup();
      // Renderers may outlive the browser briefly: wait for the whole group to
      // go, or it goes on writing into the profile being removed.
      for (let i = 0; i < 100 && child.pid && groupHasLiveMember(child.pid); i++) await sleep(20);
      removeSocketDir(profileDir);
      await rm(profileDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 50 }).catch(() => undefined);
      unregister();
    })());
  const unregister = onTermination({
    async: dispose,
    sync: () => {
      killGroup();
      removeSocketDir(profileDir);
      rmSync(profileDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 20 });
    },
  });
  return {
    executablePath,
    profileDir,
    process: child,
    pipe: { write: child.stdio[3] as Writable, read: child.stdio[4] as Readable },
    exited,
    dispose,
  };
}

/**
 * Chromium puts its singleton socket in a folder of its own in TMPDIR
 * (`org.chromium.Chromium.XXXXXX`, beside the profile, not in it: a socket
 * path may not exceed 108 bytes) and leaves it behind. The profile's
 * `SingletonSocket` link names that folder: remove exactly it.
 */
function removeSocketDir(profileDir: string): void {
  let target: string;
  try {
    target = readlinkSync(path.join(profileDir, 'SingletonSocket'));
  } catch {
    return;
  }
  const dir = path.dirname(target);
  if (path.dirname(dir) !== path.resolve(os.tmpdir()) || !/^org\.chromium\.Chromium\.\w+$/.test(path.basename(dir))) return;
  rmSync(dir, { recursive: true, force: true });
}

/** The environment Chromium runs in: the caller's, with paiban's fontconfig and nothing that could redirect it. */
function chromiumEnv(profileDir: string): NodeJS.ProcessEnv {
  const { FONTCONFIG_PATH: _path, FONTCONFIG_SYSROOT: _sysroot, ...env } = process.env;
  return { ...env, FONTCONFIG_FILE: writeFontconfig(profileDir) };
}

// Timers here stay referenced: while Chromium is being stopped, they are what keeps
// the process alive (an unreferenced one let a SIGINT'd run exit 0 mid-cleanup).
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Whether a process group has a member that is not a zombie (Linux /proc;
 * elsewhere: whether the group exists). A zombie writes nothing, and this
 * machine's init may be slow to reap them (about 1 s).
 */
function groupHasLiveMember(group: number): boolean {
  try {
    process.kill(-group, 0);
  } catch {
    return false;
  }
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return true;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue;
    }
    // pid (comm) state ppid pgrp …; comm may hold spaces and parentheses.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(fields[2]) === group && fields[0] !== 'Z' && fields[0] !== 'X') return true;
  }
  return false;
}
