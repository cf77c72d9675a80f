/**
 * How the CLI shows a `fit` run, as fit callbacks (the library never prints): a progress bar on
 * a terminal, plain lines otherwise, or JSON lines with `--json`.
 */
import cliProgress from 'cli-progress';
import type { Callback, EpochLog } from '../train/types.js';

/** Where a run's events go. */
export interface Output {
  /** Standard output, one string per call. */
  out(text: string): void;
  /** True when standard error is a terminal (the bar is drawn there). */
  readonly tty: boolean;
}

/** Node's standard streams. */
export const stdio: Output = {
  out: (text) => process.stdout.write(text),
  get tty() {
    return Boolean(process.stderr.isTTY);
  },
};

/** Rounds a number for logs: 6 significant digits, NaN/Infinity as null. */
export function round(v: number | undefined): number | null {
  return v === undefined || !Number.isFinite(v) ? null : Number(v.toPrecision(6));
}

/** One JSON line per epoch: `{"event":"epoch", epoch, loss, valLoss, …metrics, lr, gradNorm, seconds}`. */
export function jsonLines(o: Output, extra: Record<string, unknown> = {}): Callback {
  return {
    onEpochEnd: (e) => {
      const metrics = Object.fromEntries(Object.entries(e.metrics).map(([k, v]) => [k, round(v)]));
      o.out(JSON.stringify({ event: 'epoch', ...extra, epoch: e.epoch, step: e.step, loss: round(e.loss), valLoss: round(e.valLoss), ...metrics, lr: round(e.lr), gradNorm: round(e.gradNorm), clipped: round(e.clippedFraction), clipRatio: round(e.clipRatio), best: e.best, seconds: round(e.seconds) }) + '\n');
    },
  };
}

function epochLine(e: EpochLog, label: string): string {
  const m = Object.entries(e.metrics).map(([k, v]) => `  ${k} ${v.toPrecision(4)}`).join('');
  return `${label}epoch ${String(e.epoch).padStart(3)}  loss ${e.loss.toPrecision(4)}${e.valLoss !== undefined ? `  val ${e.valLoss.toPrecision(4)}` : ''}${m}  grad ${e.gradNorm.toPrecision(3)}  ${e.seconds.toFixed(2)} s${e.best ? '  *' : ''}\n`;
}

/**
 * A progress bar on standard error (loss, validation metric, steps/s, ETA) on a terminal;
 * plain lines on standard output, one per epoch, otherwise.
 */
export function progress(o: Output, label = ''): Callback {
  if (!o.tty) return { onEpochEnd: (e) => o.out(epochLine(e, label)) };
  let bar: cliProgress.SingleBar | null = null;
  let t0 = 0, steps0 = 0, val = '-';
  return {
    onTrainBegin: (info) => {
      bar = new cliProgress.SingleBar(
        { stream: process.stderr, hideCursor: true, format: `${label}[{bar}] {percentage}% | epoch {epoch}/{epochs} | loss {loss} | val {val} | {rate} steps/s | ETA {eta_formatted}` },
        cliProgress.Presets.shades_classic,
      );
      bar.start(info.epochs * info.batchesPerEpoch, info.startStep, { epoch: info.startEpoch + 1, epochs: info.epochs, loss: '-', val, rate: '-' });
      t0 = performance.now();
      steps0 = info.startStep;
    },
    onStep: (s) => {
      const rate = ((s.step - steps0) / Math.max(1e-3, (performance.now() - t0) / 1000)).toFixed(0);
      bar?.update(s.step, { epoch: s.epoch, loss: s.loss.toPrecision(4), val, rate });
    },
    onEpochEnd: (e) => {
      const shown = e.metrics.valMae ?? e.valLoss;
      val = shown === undefined ? '-' : shown.toPrecision(4);
    },
    onTrainEnd: (h) => {
      if (!bar) return;
      // early stopping ends before the bar is full: show it complete at the steps actually taken
      const last = h.epochs[h.epochs.length - 1];
      if (last) bar.setTotal(last.step);
      bar.update(last?.step ?? 0, { val });
      bar.stop();
    },
  };
}
