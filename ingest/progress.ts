import cliProgress from 'cli-progress';
import type { IngestProgress } from './batch';

/** A progress bar on stderr: files, pages, pages per second and time left. Silent when stderr is not a terminal. */
export function ingestProgressBar(total: number): { update(p: IngestProgress): void; stop(): void } {
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      format: 'ingest {bar} {value}/{total} files | {pages} pages | {rate} pages/s | ETA {eta_formatted}',
      hideCursor: true,
      etaBuffer: 20,
    },
    cliProgress.Presets.shades_classic,
  );
  const started = Date.now();
  let pages = 0;
  bar.start(total, 0, { pages: 0, rate: '0.0' });
  return {
    update(p) {
      pages += p.pages;
      const seconds = (Date.now() - started) / 1000;
      bar.update(p.done, { pages, rate: seconds > 0 ? (pages / seconds).toFixed(1) : '0.0' });
    },
    stop: () => bar.stop(),
  };
}
