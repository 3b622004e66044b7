import { setFlagsFromString } from 'node:v8';

/**
 * V8 runs WebAssembly first with its baseline compiler (Liftoff) and, once a
 * function has run a while, recompiles it with TurboFan on background threads.
 * For HarfBuzz that recompilation costs more CPU than it ever saves in a build
 * (0.5–1 s per process with the built-in fonts: the first subset of each large
 * font runs a lot of code once, to set up HarfBuzz's caches, and a subset
 * later takes a few ms either way), and on a busy machine those background
 * threads compete with everything else. So the
 * HarfBuzz instances get a tiering budget ~1000 times V8's: their functions
 * stay on Liftoff unless a long session really runs them hot.
 *
 * V8 copies the budget into each instance as it is created, so the flag is
 * raised only while the instances are made, and put back after: other
 * WebAssembly in the process is left alone. The output cannot change: both
 * tiers execute the same wasm with the same semantics.
 */
const DEFERRED_BUDGET = 2_000_000_000;

/** V8's own budget, or the one the process was started with. */
const ORIGINAL_BUDGET = (() => {
  const given = [...process.execArgv].reverse().find((arg) => /^--wasm[-_]tiering[-_]budget=\d+$/.test(arg));
  return given ? Number(given.split('=')[1]) : 1_800_000;
})();

/** Instantiations under way: the flag goes back only when none is left. */
let instantiating = 0;

/** Run `instantiate` (which creates WebAssembly instances) with the tier-up put off for them. */
export async function withDeferredTierUp<T>(instantiate: () => Promise<T>): Promise<T> {
  if (instantiating++ === 0) setFlagsFromString(`--wasm-tiering-budget=${DEFERRED_BUDGET}`);
  try {
    return await instantiate();
  } finally {
    if (--instantiating === 0) setFlagsFromString(`--wasm-tiering-budget=${ORIGINAL_BUDGET}`);
  }
}
