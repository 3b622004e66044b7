import type { Transferable, Worker } from 'node:worker_threads';

/**
 * A worker thread that answers requests by id (the Markdown parser's, the
 * font subsetter's), with the jobs still waiting for an answer. It holds the
 * process open only while one is awaited, and once released it stops as
 * soon as none is, giving its heap back.
 */
export class RequestThread<Job> {
  private readonly pending = new Map<number, Job>();
  private releaseWhenIdle = false;

  /** `forget`: called as the thread stops, so its owner starts a new one for the next request. */
  constructor(
    readonly worker: Worker,
    private readonly forget: (self: RequestThread<Job>) => void,
  ) {}

  /** Send a request: the process waits for its answer. */
  send(id: number, job: Job, message: unknown, transfer: readonly Transferable[] = []): void {
    this.pending.set(id, job);
    this.worker.ref();
    this.worker.postMessage(message, transfer);
  }

  /** The job an answer (or a timeout) is for, no longer pending; undefined when it is not pending any more. */
  take(id: number): Job | undefined {
    const job = this.pending.get(id);
    if (job === undefined) return undefined;
    this.pending.delete(id);
    this.whenIdle();
    return job;
  }

  /** Every job still pending, none pending any more (the thread failed or was stopped). */
  takeAll(): Job[] {
    const jobs = [...this.pending.values()];
    this.pending.clear();
    this.whenIdle();
    return jobs;
  }

  /** No more requests are coming: stop once what is pending is answered (at once when nothing is). */
  release(): void {
    this.releaseWhenIdle = true;
    this.whenIdle();
  }

  /** Stop now; what is pending is left to the owner's exit handler. */
  stop(): Promise<number> {
    this.forget(this);
    return this.worker.terminate();
  }

  private whenIdle(): void {
    if (this.pending.size) return;
    this.worker.unref();
    if (this.releaseWhenIdle) void this.stop();
  }
}
