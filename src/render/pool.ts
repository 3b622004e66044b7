import { Renderer } from './browser.ts';
import type { SpawnedChromium } from './spawn.ts';

/** One Chromium per run, launched the first time a document needs it. */
export class RendererPool {
  private launching: Promise<Renderer> | undefined;

  /** `early`: a Chromium already starting (see cli/early-browser.ts), taken by the first launch. */
  constructor(private early?: SpawnedChromium) {}

  private launchedVersion: string | undefined;

  /** The Chromium version once launched (and after it is closed); undefined before. */
  get version(): string | undefined {
    return this.launchedVersion;
  }

  async get(): Promise<Renderer> {
    const early = this.early;
    this.early = undefined;
    // A launch that failed (Chromium killed while starting, say) is not kept:
    // the next document asks for a new one.
    this.launching ??= Renderer.launch(early).then(
      (renderer) => {
        this.launchedVersion = renderer.version;
        return renderer;
      },
      (error: unknown) => {
        this.launching = undefined;
        throw error;
      },
    );
    return this.launching;
  }

  /**
   * Start launching now, in parallel with parsing and font subsetting; if
   * that launch fails, the first `get()` tries again and reports the error.
   */
  prewarm(): void {
    this.get().catch(() => undefined);
  }

  async close(): Promise<void> {
    const early = this.early;
    this.early = undefined;
    const renderer = await this.launching?.catch(() => undefined);
    this.launching = undefined;
    await Promise.all([early?.dispose(), renderer?.close()]);
  }
}
