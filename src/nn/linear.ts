import { Module, type ModuleConfig } from './module.js';
import { Parameter } from './parameter.js';
import { Tensor } from '../tensor/tensor.js';
import type { DType } from '../tensor/dtype.js';
import { allocState } from '../backend/current.js';
import { linear } from '../ops/linear.js';
import { uniform_ } from './init.js';
import { defaultGenerator, type Generator } from '../random/generator.js';
import { checkBool, checkDType, checkElements, checkInt, checkOptions, type ParameterShapes } from './options-check.js';

/** Options of a {@link Linear} layer beyond its sizes. */
export interface LinearOptions {
  /** Learn an additive bias (default true). */
  bias?: boolean;
  /** Parameter dtype (default 'float32'; 'float64' for gradient checks). */
  dtype?: DType;
  /** Random source for initialisation (default: the global generator). */
  generator?: Generator;
}

/**
 * Checks Linear's arguments (sizes integers in 1 … MAX_SIZE, bias a boolean, dtype float32 or
 * float64; ValueError otherwise) and returns its parameter shapes, without allocating:
 * weight [out, in] and, with bias, bias [out].
 */
export function linearShapes(inFeatures: unknown, outFeatures: unknown, options?: LinearOptions): ParameterShapes {
  const o = checkOptions('Linear', options);
  const I = checkInt('Linear', 'inFeatures', inFeatures);
  const O = checkInt('Linear', 'outFeatures', outFeatures);
  checkDType('Linear', o.dtype);
  checkElements('Linear', 'weight', [O, I]);
  return checkBool('Linear', 'bias', o.bias, true) ? { weight: [O, I], bias: [O] } : { weight: [O, I] };
}

/**
 * y = x·Wᵀ + b, applied to the last dim. W [out, in] and b [out] start as PyTorch's:
 * U(−1/√in, 1/√in).
 * @example
 * const head = new Linear(128, 1);
 * const y = head.forward(hLast); // [B, 128] → [B, 1]
 */
export class Linear extends Module {
  readonly weight: Parameter;
  readonly bias: Parameter | null;
  constructor(readonly inFeatures: number, readonly outFeatures: number, private readonly options: LinearOptions = {}) {
    super();
    linearShapes(inFeatures, outFeatures, options);
    const dtype = options.dtype ?? 'float32';
    const g = options.generator ?? defaultGenerator();
    const k = 1 / Math.sqrt(inFeatures);
    this.weight = this.registerParameter('weight', new Parameter(allocState(dtype, outFeatures * inFeatures), [outFeatures, inFeatures]));
    uniform_(this.weight, -k, k, g);
    this.bias = this.registerParameter('bias', options.bias === false ? null : new Parameter(allocState(dtype, outFeatures), [outFeatures]));
    if (this.bias) uniform_(this.bias, -k, k, g);
  }

  forward(x: Tensor): Tensor {
    return linear(x, this.weight, this.bias);
  }

  override config(): ModuleConfig {
    return { type: 'Linear', options: { inFeatures: this.inFeatures, outFeatures: this.outFeatures, bias: this.bias !== null, dtype: this.weight.dtype } };
  }
}
