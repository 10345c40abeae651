import { SingleBar, Presets } from 'cli-progress';

/** Seconds as a short duration: `45s`, `3m 05s`, `2h 10m`. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/**
 * Rate and time left of a job, from the rows done in this run only (a resumed job's earlier rows took no time
 * now). Until a row is done there is no rate to speak of: it says so instead of `0/s` and an endless ETA.
 */
export class ProgressRate {
  private start: { at: number; done: number } | undefined;

  constructor(private readonly now: () => number = () => performance.now()) {}

  /** Rate and ETA texts at `done` of `total`. */
  measure(done: number, total: number): { rate: string; eta: string } {
    const at = this.now();
    this.start ??= { at, done };
    if (done >= total) return { rate: this.rateText(done, at) ?? '-', eta: 'done' };
    const perSecond = this.perSecond(done, at);
    if (perSecond === undefined) return { rate: 'measuring', eta: 'estimating' };
    return { rate: this.rateText(done, at)!, eta: formatDuration((total - done) / perSecond) };
  }

  private perSecond(done: number, at: number): number | undefined {
    const rows = done - this.start!.done;
    const seconds = (at - this.start!.at) / 1000;
    return rows > 0 && seconds > 0 ? rows / seconds : undefined;
  }

  private rateText(done: number, at: number): string | undefined {
    const perSecond = this.perSecond(done, at);
    if (perSecond === undefined) return undefined;
    return `${perSecond >= 10 ? Math.round(perSecond) : perSecond.toFixed(1)} rows/s`;
  }
}

export interface Progress {
  update(done: number): void;
  stop(): void;
}

/** A progress bar on stderr (stdout stays clean JSON); nothing when stderr is not a terminal. */
export function progressBar(total: number, label: string): Progress {
  const rate = new ProgressRate();
  const bar = new SingleBar(
    {
      format: `${label} [{bar}] {value}/{total} | {percentage}% | {speed} | eta {timeLeft}`,
      stream: process.stderr,
      hideCursor: true,
    },
    Presets.shades_classic,
  );
  let started = false;
  return {
    update(done) {
      const { rate: speed, eta: timeLeft } = rate.measure(done, total);
      if (!started) bar.start(total, done, { speed, timeLeft });
      else bar.update(done, { speed, timeLeft });
      started = true;
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
