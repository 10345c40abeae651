/**
 * The time webhook retries run on: the current time and timers. Injected (app options) so tests move time
 * forward instead of waiting for backoff delays.
 */
export interface Scheduler {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Runs `task` once, `delayMs` from now; answers a function that cancels it. */
  after(delayMs: number, task: () => void): () => void;
}

/** Wall-clock time and `setTimeout` (unref'd: a pending retry never keeps the process alive). */
export const systemScheduler: Scheduler = {
  now: () => Date.now(),
  after(delayMs, task) {
    const timer = setTimeout(task, Math.max(0, delayMs));
    timer.unref();
    return () => clearTimeout(timer);
  },
};

/** A scheduler whose time moves only when `advance` is called; due tasks then run in time order. */
export class ManualScheduler implements Scheduler {
  private current: number;
  private readonly tasks = new Set<{ at: number; task: () => void }>();

  constructor(start: number) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  after(delayMs: number, task: () => void): () => void {
    const entry = { at: this.current + Math.max(0, delayMs), task };
    this.tasks.add(entry);
    return () => this.tasks.delete(entry);
  }

  /** Moves time forward by `ms`, running every task that falls due on the way. */
  advance(ms: number): void {
    const target = this.current + ms;
    for (;;) {
      const due = [...this.tasks].filter((t) => t.at <= target).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.tasks.delete(due);
      this.current = Math.max(this.current, due.at);
      due.task();
    }
    this.current = target;
  }

  /** When the earliest pending task is due (undefined when none is). */
  get nextDue(): number | undefined {
    const times = [...this.tasks].map((t) => t.at);
    return times.length ? Math.min(...times) : undefined;
  }
}
