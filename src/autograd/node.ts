import type { Arr } from '../tensor/dtype.js';
import type { Tensor } from '../tensor/tensor.js';
import { AutogradError } from '../errors.js';

/**
 * Gradients w.r.t. each input, given gradients w.r.t. each output (null = no gradient flowed).
 * It may return a gradient input itself (or a view of it) as an input's gradient, but must not
 * keep any of them past its return: the engine may recycle them then (takeGradient).
 */
export type BackwardFn = (gradOutputs: (Arr | null)[]) => (Arr | null)[];

/**
 * One recorded op in the graph. Its backward closure holds exactly what the forward saved;
 * it is dropped after backward (unless the graph is retained) so memory does not grow.
 */
export class Node {
  private fn: BackwardFn | null;
  constructor(
    readonly name: string,
    readonly inputs: readonly (Tensor | null)[],
    fn: BackwardFn,
    readonly numOutputs: number,
    /** Called once when the node is released: the op may recycle what only its backward read. */
    private onRelease: (() => void) | null = null,
  ) {
    this.fn = fn;
  }

  backward(gradOutputs: (Arr | null)[]): (Arr | null)[] {
    if (!this.fn) {
      throw new AutogradError(`${this.name}: trying to run backward through the graph a second time; its saved values were freed. Call backward({ retainGraph: true }) the first time if you need to.`);
    }
    return this.fn(gradOutputs);
  }

  release(): void {
    this.fn = null;
    const done = this.onRelease;
    this.onRelease = null;
    done?.();
  }
}
