import type { Arr } from '../tensor/dtype.js';
import { allocState } from '../backend/current.js';
import { Tensor } from '../tensor/tensor.js';
import { fmtShape } from '../tensor/shape.js';
import { ShapeError, StateDictError, ValueError } from '../errors.js';

/** Hyperparameters every optimizer has. */
export interface BaseHyper {
  /** Learning rate. */
  lr: number;
}

/** What schedulers and training loops need of any optimizer, whatever its hyperparameters. */
export interface OptimizerLike {
  /** One entry per parameter group; schedulers read and write `lr`. */
  readonly paramGroups: BaseHyper[];
  step(): void;
  zeroGrad(): void;
}

/** A group of parameters sharing hyperparameters (read and set `lr` here, e.g. from a scheduler). */
export type ParamGroup<H extends BaseHyper> = H & { params: Tensor[] };

/** What the constructor takes per group: parameters plus any hyperparameters to override. */
export type ParamGroupSpec<H extends BaseHyper> = Partial<H> & { params: Iterable<Tensor> };

/** Per-parameter state: counters and moment arrays (each of the parameter's size). */
export type ParamState = Record<string, number | Arr | undefined>;

/**
 * A snapshot of an optimizer: moments per parameter (keyed by the parameter's position across
 * groups, as PyTorch) and each group's hyperparameters with its parameters' positions.
 */
export interface OptimizerStateDict<H extends BaseHyper = BaseHyper> {
  state: Record<number, Record<string, number | Tensor>>;
  paramGroups: (H & { params: number[] })[];
}

/** A parameter due for an update: the tensor, its gradient's values and its state. */
export interface PendingUpdate<S> {
  p: Tensor;
  g: Arr;
  state: S;
}

/**
 * Base of the optimizers: parameter groups, the step loop (parameters whose `.grad` is null
 * are skipped, as PyTorch), `zeroGrad` and state dicts. A subclass provides
 * `update(p, g, group, state)`, which calls a backend kernel (the arithmetic lives there), or
 * overrides `updateGroup` to update a whole group in one kernel call.
 *
 * @example
 * const opt = new Adam([{ params: encoder.parameters(), lr: 1e-4 }, { params: head.parameters() }], { lr: 1e-3 });
 * opt.paramGroups[1].lr = 5e-4;          // per-group learning rate, read and set
 * const saved = opt.stateDict();         // moments and hyperparameters
 * opt.loadStateDict(saved);
 */
export abstract class Optimizer<H extends BaseHyper, S extends ParamState = ParamState> implements OptimizerLike {
  readonly paramGroups: ParamGroup<H>[];
  /** Per-parameter state, created on a parameter's first update. */
  protected readonly state = new Map<Tensor, S>();

  constructor(params: Iterable<Tensor> | Iterable<ParamGroupSpec<H>>, readonly defaults: H) {
    const items = [...params] as (Tensor | ParamGroupSpec<H>)[];
    const specs: ParamGroupSpec<H>[] = items.length && items[0] instanceof Tensor ? [{ params: items as Tensor[] } as unknown as ParamGroupSpec<H>] : (items as ParamGroupSpec<H>[]);
    const where = this.constructor.name;
    const seen = new Set<Tensor>();
    this.paramGroups = specs.map((spec, gi) => {
      const ps = [...spec.params];
      for (const p of ps) {
        if (!(p instanceof Tensor)) throw new ValueError(`${where}: group ${gi} holds something that is not a Tensor`);
        if (!p.isLeaf) throw new ValueError(`${where}: can't optimize a non-leaf tensor (shape ${fmtShape(p.shape)}); optimize the leaf it was computed from`);
        if (seen.has(p)) throw new ValueError(`${where}: a parameter (shape ${fmtShape(p.shape)}) appears in more than one place; each parameter may appear once`);
        seen.add(p);
      }
      const group = { ...defaults, ...spec, params: ps } as ParamGroup<H>;
      this.validate(group);
      return group;
    });
    if (seen.size === 0) throw new ValueError(`${where}: got an empty parameter list`);
  }

  /** Throw a ValueError for an out-of-range hyperparameter (checked per group). */
  protected validate(group: H): void {
    if (!(group.lr >= 0)) throw new ValueError(`${this.constructor.name}: invalid learning rate ${group.lr}, expected lr ≥ 0`);
  }

  /** Fresh state for `p` (moments of its size and dtype). */
  protected abstract initState(p: Tensor, group: ParamGroup<H>): S;

  /** Update `p` in place from its gradient `g`, through a backend kernel. */
  protected abstract update(p: Tensor, g: Arr, group: ParamGroup<H>, state: S): void;

  /**
   * Update every parameter of `group` in `todo` (those with a gradient, in order). By default
   * one `update` each; optimizers with a many-parameter kernel make one call for all.
   */
  protected updateGroup(group: ParamGroup<H>, todo: PendingUpdate<S>[]): void {
    for (const u of todo) this.update(u.p, u.g, group, u.state);
  }

  /** One update of every parameter that has a gradient: one `updateGroup` per group. */
  step(): void {
    for (const group of this.paramGroups) {
      const todo: PendingUpdate<S>[] = [];
      for (const p of group.params) {
        if (!p.grad) continue;
        if (p.grad.size !== p.size) throw new ShapeError(`${this.constructor.name}.step: gradient`, p.shape, p.grad.shape, 'the gradient must have its parameter\'s shape');
        let s = this.state.get(p);
        if (!s) {
          s = this.initState(p, group);
          this.state.set(p, s);
        }
        todo.push({ p, g: p.grad.data, state: s });
      }
      if (todo.length) this.updateGroup(group, todo);
    }
  }

  /** Forget every parameter's gradient (sets `.grad` to null, as PyTorch's set_to_none). */
  zeroGrad(): void {
    for (const group of this.paramGroups) for (const p of group.params) p.grad = null;
  }

  /** A moment array of `p`'s size and dtype, filled with `value`. */
  protected buffer(p: Tensor, value = 0): Arr {
    const a = allocState(p.dtype, p.size);
    if (value !== 0) a.fill(value);
    return a;
  }

  /** Copies of the state and hyperparameters (later steps do not change it). */
  stateDict(): OptimizerStateDict<H> {
    const state: Record<number, Record<string, number | Tensor>> = {};
    const paramGroups: (H & { params: number[] })[] = [];
    let index = 0;
    for (const group of this.paramGroups) {
      const { params, ...hyper } = group;
      const ids: number[] = [];
      for (const p of params) {
        const s = this.state.get(p);
        if (s) {
          state[index] = {};
          for (const [k, v] of Object.entries(s)) {
            if (v !== undefined) state[index][k] = typeof v === 'number' ? v : new Tensor(v.slice(), p.shape);
          }
        }
        ids.push(index++);
      }
      paramGroups.push({ ...structuredClone(hyper), params: ids } as unknown as H & { params: number[] });
    }
    return { state, paramGroups };
  }

  /** Restore a `stateDict()` taken from an optimizer of the same kind over parameters of the same shapes. */
  loadStateDict(dict: OptimizerStateDict<H>): void {
    const where = `${this.constructor.name}.loadStateDict`;
    if (dict.paramGroups.length !== this.paramGroups.length) {
      throw new StateDictError(`${where}: expected ${this.paramGroups.length} parameter groups, got ${dict.paramGroups.length}`);
    }
    const byIndex: Tensor[] = [];
    dict.paramGroups.forEach((g, gi) => {
      const own = this.paramGroups[gi].params;
      if (g.params.length !== own.length) throw new StateDictError(`${where}: group ${gi} expected ${own.length} parameters, got ${g.params.length}`);
      g.params.forEach((id, j) => (byIndex[id] = own[j]));
    });
    const restored = new Map<Tensor, S>();
    for (const [key, entry] of Object.entries(dict.state)) {
      const p = byIndex[Number(key)];
      if (!p) throw new StateDictError(`${where}: state for parameter ${key}, which no group lists`, [], [key]);
      const s: ParamState = {};
      for (const [k, v] of Object.entries(entry)) {
        if (typeof v === 'number') s[k] = v;
        else if (v.size !== p.size) throw new StateDictError(`${where}: parameter ${key} '${k}' expected shape ${fmtShape(p.shape)}, got ${fmtShape(v.shape)}`);
        else {
          const a = allocState(p.dtype, p.size);
          a.set(v.data);
          s[k] = a;
        }
      }
      restored.set(p, s as S);
    }
    this.state.clear();
    for (const [p, s] of restored) this.state.set(p, s);
    dict.paramGroups.forEach((g, gi) => {
      const { params: _ids, ...hyper } = g;
      Object.assign(this.paramGroups[gi], structuredClone(hyper));
    });
  }
}
