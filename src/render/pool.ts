import { Renderer } from './browser.ts';

/** One Chromium per run, launched the first time a document needs it. */
export class RendererPool {
  private launching: Promise<Renderer> | undefined;
  private renderer: Renderer | undefined;

  /** The Chromium version once launched; undefined before. */
  get version(): string | undefined {
    return this.renderer?.version;
  }

  async get(): Promise<Renderer> {
    // A launch that failed (Chromium killed while starting, say) is not kept:
    // the next document asks for a new one.
    this.launching ??= Renderer.launch().then(
      (renderer) => (this.renderer = renderer),
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
    const renderer = await this.launching?.catch(() => undefined);
    this.launching = undefined;
    this.renderer = undefined;
    await renderer?.close();
  }
}
