import type { Arr } from '../tensor/dtype.js';
import { Tensor } from '../tensor/tensor.js';

/** A tensor that a module learns: always a leaf that requires grad. */
export class Parameter extends Tensor {
  constructor(data: Arr, shape: readonly number[]) {
    super(data, shape, true);
  }
}
