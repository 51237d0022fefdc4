/**
 * One job at a time per commit in this process: racing events and duplicate deliveries for the same
 * commit run one after the other (the second finds the first's check run and comments), and a job
 * that is already waiting makes a further one for the same commit redundant.
 */
export class CommitLock {
  private readonly running = new Map<string, Promise<void>>();
  private readonly waiting = new Map<string, Promise<void>>();

  /** Runs `fn` after the current job for `key`; joins the waiting one if there is one already. */
  run(key: string, fn: () => Promise<void>): Promise<void> {
    const queued = this.waiting.get(key);
    if (queued) return queued;
    const before = this.running.get(key);
    if (!before) return this.start(key, fn);
    const next = before.catch(() => undefined).then(() => {
      this.waiting.delete(key);
      return this.start(key, fn);
    });
    this.waiting.set(key, next);
    return next;
  }

  private start(key: string, fn: () => Promise<void>): Promise<void> {
    const job = fn().finally(() => {
      if (this.running.get(key) === job) this.running.delete(key);
    });
    this.running.set(key, job);
    return job;
  }

  get size(): number {
    return this.running.size + this.waiting.size;
  }
}
