import { SingleBar, Presets } from 'cli-progress';

/** A progress bar on stderr (stdout stays clean JSON); silent when stderr is not a terminal. */
export function progressBar(total: number, label: string): SingleBar {
  const bar = new SingleBar(
    {
      format: `${label} [{bar}] {value}/{total} | {percentage}% | {rate}/s | eta {eta_formatted}`,
      stream: process.stderr,
      hideCursor: true,
    },
    Presets.shades_classic,
  );
  bar.start(total, 0, { rate: '0' });
  return bar;
}
