/**
 * A test-only module with a nested child, so model-file tests do not depend on the real layers:
 * `scale` [n] and `child.weight` [2, n], rebuilt from `{ type: 'Tiny', options: { n } }`.
 */
import { Module, type ModuleConfig } from '../../nn/module.js';
import { Parameter } from '../../nn/parameter.js';
import { Tensor } from '../../tensor/tensor.js';

export class TinyChild extends Module {
  readonly weight: Parameter;
  constructor(n: number) {
    super();
    this.weight = this.registerParameter('weight', new Parameter(new Float32Array(2 * n), [2, n]));
  }
}

export class Tiny extends Module {
  readonly scale: Parameter;
  readonly child: TinyChild;
  constructor(readonly n: number) {
    super();
    this.scale = this.registerParameter('scale', new Parameter(new Float32Array(n), [n]));
    this.child = this.registerModule('child', new TinyChild(n));
  }

  /** Fills every parameter with distinct values derived from `seed`. */
  fill(seed: number): this {
    for (const [, p] of this.namedParameters()) for (let i = 0; i < p.size; i++) p.data[i] = seed + i / 8;
    return this;
  }

  override config(): ModuleConfig {
    return { type: 'Tiny', options: { n: this.n } };
  }
}

/** Builders that rebuild a Tiny. */
export const tinyBuilders = { Tiny: (c: ModuleConfig) => new Tiny(c.options.n as number) };

/** A tensor whose bytes cannot be read: writing it fails midway, like a full disk. */
export function unreadableTensor(n: number): Tensor {
  const data = new Float32Array(n);
  Object.defineProperty(data, 'buffer', { get: () => { throw new Error('simulated I/O failure'); } });
  return new Tensor(data, [n]);
}
