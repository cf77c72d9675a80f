import type { Arr } from '../tensor/dtype.js';
import type { Tensor } from '../tensor/tensor.js';
import type { Node } from './node.js';
import { AutogradError } from '../errors.js';
import { backend } from '../backend/current.js';
import { noGrad } from './grad-mode.js';
import { claimGradient, releaseGradient } from './recycle.js';

/** Nodes reachable from `root`, in an order where every node comes after all nodes that consume its outputs. */
function reverseTopological(root: Node): Node[] {
  const order: Node[] = [];
  const seen = new Set<Node>([root]);
  // Iterative post-order DFS (graphs over long sequences would overflow a recursive one).
  const stack: [Node, number][] = [[root, 0]];
  while (stack.length) {
    const top = stack[stack.length - 1];
    const [node, i] = top;
    if (i < node.inputs.length) {
      top[1]++;
      const child = node.inputs[i]?.gradFn;
      if (child && !seen.has(child)) {
        seen.add(child);
        stack.push([child, 0]);
      }
    } else {
      stack.pop();
      order.push(node);
    }
  }
  return order.reverse();
}

function addInto(dst: Arr, src: Arr): void {
  backend().binary('add', dst, [dst.length], src, [src.length], dst, [dst.length]);
}

function sum(a: Arr, b: Arr): Arr {
  const out = a instanceof Float64Array ? new Float64Array(a.length) : new Float32Array(a.length);
  backend().binary('add', a, [a.length], b, [b.length], out, [a.length]);
  return out;
}

/**
 * Accumulate `g` into a leaf's `.grad` (gradients always accumulate; zeroing is explicit). A
 * first gradient is copied, unless the op made it for this leaf alone (claimGradient: `others`
 * are the node's other returned gradients), which the leaf then keeps as it is.
 */
function accumulateLeaf(leaf: Tensor, g: Arr, make: (data: Arr, shape: readonly number[]) => Tensor, others: readonly (Arr | null)[] = []): void {
  if (leaf.grad) addInto(leaf.grad.data, g);
  else leaf.grad = make(claimGradient(g, others) ? g : (g.slice() as Arr), leaf.shape);
}

/**
 * Reverse-mode differentiation from `root`: every leaf that requires grad receives ∂root/∂leaf
 * added to its `.grad`.
 */
export function runBackward(root: Tensor, seed: Arr, retainGraph: boolean, make: (data: Arr, shape: readonly number[]) => Tensor): void {
  if (!root.requiresGrad) {
    throw new AutogradError('backward(): this tensor does not require grad and has no graph; create inputs with { requiresGrad: true } or use module parameters');
  }
  noGrad(() => {
    if (!root.gradFn) {
      accumulateLeaf(root, seed, make);
      return;
    }
    const grads = new Map<Node, (Arr | null)[]>();
    const rootSlots = new Array<Arr | null>(root.gradFn.numOutputs).fill(null);
    rootSlots[root.outputIndex] = seed;
    grads.set(root.gradFn, rootSlots);
    for (const node of reverseTopological(root.gradFn)) {
      const gOut = grads.get(node);
      grads.delete(node);
      if (!gOut) continue;
      const gIn = node.backward(gOut);
      if (!retainGraph) node.release();
      // A backward never keeps its gradient inputs (BackwardFn): the ones an op made alone go back to the pool.
      for (const g of gOut) releaseGradient(g, gIn);
      node.inputs.forEach((inp, i) => {
        const g = gIn[i];
        if (!inp || !inp.requiresGrad || !g) return;
        if (inp.gradFn) {
          let slots = grads.get(inp.gradFn);
          if (!slots) {
            slots = new Array<Arr | null>(inp.gradFn.numOutputs).fill(null);
            grads.set(inp.gradFn, slots);
          }
          const prev = slots[inp.outputIndex];
          // Fan-out: sum into a fresh array, since `g` may be shared with a sibling input.
          slots[inp.outputIndex] = prev ? sum(prev, g) : g;
        } else {
          const others = gIn.filter((_, j) => j !== i);
          accumulateLeaf(inp, g, make, others);
          releaseGradient(g, others);
        }
      });
    }
  });
}
