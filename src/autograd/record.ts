import { Tensor } from '../tensor/tensor.js';
import { isGradEnabled } from './grad-mode.js';
import { Node, type BackwardFn } from './node.js';

/** Whether an op on these inputs must record a graph node (so it should keep what backward needs). */
export function needsGrad(...inputs: (Tensor | null | undefined)[]): boolean {
  return isGradEnabled() && inputs.some((t) => t?.requiresGrad);
}

/**
 * Attach a backward to the outputs of an op, when grad mode is on and an input requires grad.
 * `backward` receives one gradient array per output and returns one per input. `onRelease`, when
 * given, runs once after the backward when the graph is not retained (the node's saved values are
 * then unreachable).
 */
export function record(name: string, inputs: (Tensor | null)[], outputs: Tensor[], backward: BackwardFn, onRelease?: () => void): void {
  if (!needsGrad(...inputs)) return;
  const node = new Node(name, inputs, backward, outputs.length, onRelease ?? null);
  outputs.forEach((o, i) => {
    o.gradFn = node;
    o.outputIndex = i;
    o.requiresGrad = true;
  });
}
