/**
 * Progress over a batch: documents done/total, pages printed, elapsed time.
 * On a terminal, one bar rewritten in place (on stderr); off a terminal it
 * writes nothing: the build command's `[k/N] doc: wrote …` lines on stdout
 * are the plain progress there.
 */
import { trace } from '../trace.ts';
export class BatchProgress {
  private done = 0;
  private failed = 0;
  private pages = 0;
  private readonly started = performance.now();
  private readonly active = new Map<string, string>();
  private shown = false;

  constructor(
    private readonly stream: NodeJS.WriteStream,
    private readonly total: number,
  ) {}

  get isTTY(): boolean {
    return Boolean(this.stream.isTTY);
  }

  /** A document reached a stage (parse, fonts, render pdf…). */
  step(name: string, step: string): void {
    trace(`${name}: ${step}`);
    this.active.set(name, step);
    this.draw();
  }

  /** A document finished, built or failed. */
  finish(name: string, pages: number, ok: boolean): void {
    this.active.delete(name);
    this.done++;
    if (!ok) this.failed++;
    this.pages += pages;
    // Off a terminal the per-document `[k/N] doc: wrote …` lines on stdout are the
    // plain progress; stderr stays one line per problem.
    this.draw();
  }

  /** Remove the bar before other output, so lines never mix with it. */
  clear(): void {
    if (!this.shown) return;
    this.stream.write('\r\x1b[K');
    this.shown = false;
  }

  summary(): string {
    const seconds = ((performance.now() - this.started) / 1000).toFixed(1);
    const failed = this.failed ? `, ${this.failed} failed` : '';
    return `${this.done}/${this.total} documents${failed}, ${this.pages} pages, ${seconds} s`;
  }

  private draw(): void {
    if (!this.isTTY) return;
    const width = this.stream.columns ?? 80;
    const barWidth = 20;
    const filled = Math.round((this.done / this.total) * barWidth);
    const bar = `[${'#'.repeat(filled)}${'-'.repeat(barWidth - filled)}]`;
    const now = [...this.active].map(([name, step]) => `${name}: ${step}`).join(' · ');
    this.stream.write(`\r\x1b[K${`${bar} ${this.summary()}${now ? ` · ${now}` : ''}`.slice(0, width - 1)}`);
    this.shown = true;
  }
}

/** Run `work` over the items with at most `jobs` at a time; results in item order. */
export async function mapLimit<T, R>(items: readonly T[], jobs: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(jobs, items.length)) }, lane));
  return results;
}
