/**
 * The value early stopping watches (and a 'plateau' schedule with it): which entry of the
 * epoch log, which direction is better, the best so far and the epochs since.
 */

import { ValueError } from '../errors.js';

/** What a checkpoint keeps of a monitor. */
export interface MonitorState {
  best: number;
  bestEpoch: number;
  /** Epochs since the best one. */
  wait: number;
}

/** The epoch-log entries a monitor can read. */
interface Monitored {
  readonly loss: number;
  readonly valLoss?: number;
  readonly metrics: Readonly<Record<string, number>>;
}

/**
 * Tracks the best value of `name` over epochs:
 *
 *   improved = value < best − minDelta  (mode 'min'),   value > best + minDelta  (mode 'max')
 *
 * and stops once `patience` epochs in a row did not improve.
 *
 * @example
 * const m = new Monitor('valLoss', 'min', 0, 10, true, []);
 * if (m.update(m.read(log), log.epoch)) saveBest();
 * if (m.exhausted) stop();
 */
export class Monitor {
  best: number;
  bestEpoch = 0;
  wait = 0;

  constructor(readonly name: string, readonly mode: 'min' | 'max', readonly minDelta: number, readonly patience: number, hasValidation: boolean, metricNames: readonly string[]) {
    if (mode !== 'min' && mode !== 'max') throw new ValueError(`fit: earlyStopping.mode must be 'min' or 'max', got '${String(mode)}'`);
    if (!(Number.isInteger(patience) && patience >= 0)) throw new ValueError(`fit: earlyStopping.patience must be an integer ≥ 0, got ${patience}`);
    if (!(minDelta >= 0)) throw new ValueError(`fit: earlyStopping.minDelta must be ≥ 0, got ${minDelta}`);
    if (name === 'valLoss' && !hasValidation) {
      throw new ValueError(`fit: the monitor 'valLoss' needs validation data; pass validationData or validationSplit, or monitor 'loss'`);
    }
    if (name !== 'valLoss' && name !== 'loss' && !metricNames.includes(name)) {
      throw new ValueError(`fit: unknown monitor '${name}', expected 'valLoss', 'loss'${metricNames.length ? ` or a metric (${metricNames.join(', ')})` : ' or the name of a metric'}`);
    }
    this.best = mode === 'min' ? Infinity : -Infinity;
  }

  /** The monitored value of an epoch. */
  read(log: Monitored): number {
    if (this.name === 'loss') return log.loss;
    if (this.name === 'valLoss') return log.valLoss ?? NaN;
    return log.metrics[this.name];
  }

  /** Record epoch `epoch`'s value; true when it is the new best. */
  update(value: number, epoch: number): boolean {
    const better = this.mode === 'min' ? value < this.best - this.minDelta : value > this.best + this.minDelta;
    if (better) {
      this.best = value;
      this.bestEpoch = epoch;
      this.wait = 0;
    } else {
      this.wait += 1;
    }
    return better;
  }

  /** True once `patience` epochs in a row (at least one) have not improved. */
  get exhausted(): boolean {
    return this.wait > 0 && this.wait >= this.patience;
  }

  state(): MonitorState {
    return { best: this.best, bestEpoch: this.bestEpoch, wait: this.wait };
  }

  load(s: MonitorState): void {
    this.best = s.best;
    this.bestEpoch = s.bestEpoch;
    this.wait = s.wait;
  }
}
