import { Tensor } from '../tensor/tensor.js';
import { fmtShape, sameShape } from '../tensor/shape.js';
import { StateDictError } from '../errors.js';
import type { Parameter } from './parameter.js';
import { shapeText } from './options-check.js';

/** What `save()` writes next to the weights so `load()` can rebuild the module. */
export interface ModuleConfig {
  /** The class name, e.g. 'LSTM'. */
  type: string;
  /** Constructor options (JSON-serialisable). */
  options: Record<string, unknown>;
  /** Sub-modules' configs, for containers such as Sequential. */
  children?: ModuleConfig[];
}

/** Options of {@link Module.loadStateDict}. */
export interface LoadStateDictOptions {
  /** Missing and unexpected keys are errors (default true). Shapes must always match. */
  strict?: boolean;
}

/** Keys for a message: at most `max` of them (each cut to 100 characters), then how many in all. */
function someKeys(keys: readonly string[], max = 20): string {
  const shown = keys.slice(0, max).map((k) => (k.length > 100 ? `${k.slice(0, 99)}…` : k));
  return keys.length > max ? `${shown.join(', ')}, … (${keys.length} in all)` : shown.join(', ');
}

/**
 * Base of every layer: a tree of named parameters and sub-modules, with PyTorch's key naming
 * (`layer.weight_ih_l0`), train/eval modes and state dicts. Forward signatures are each
 * layer's own.
 *
 * @example
 * class Head extends Module {
 *   readonly fc = this.registerModule('fc', new Linear(32, 1));
 *   forward(h: Tensor): Tensor { return this.fc.forward(h).sigmoid(); } // [B, 32] → [B, 1]
 * }
 * const head = new Head();
 * Object.keys(head.stateDict()); // ['fc.weight', 'fc.bias']
 */
export class Module {
  /** Training mode turns dropout on; `eval()` turns it off. */
  training = true;
  private readonly params = new Map<string, Parameter | null>();
  private readonly children = new Map<string, Module>();

  protected registerParameter<P extends Parameter | null>(name: string, p: P): P {
    this.params.set(name, p);
    return p;
  }

  protected registerModule<M extends Module>(name: string, m: M): M {
    this.children.set(name, m);
    return m;
  }

  /** [key, parameter] pairs, depth first, keys joined with '.', as PyTorch's named_parameters(). */
  *namedParameters(prefix = ''): IterableIterator<[string, Parameter]> {
    for (const [name, p] of this.params) if (p) yield [prefix + name, p];
    for (const [name, m] of this.children) yield* m.namedParameters(`${prefix}${name}.`);
  }

  parameters(): Parameter[] {
    return [...this.namedParameters()].map(([, p]) => p);
  }

  *namedModules(prefix = ''): IterableIterator<[string, Module]> {
    yield [prefix.replace(/\.$/, ''), this];
    for (const [name, m] of this.children) yield* m.namedModules(`${prefix}${name}.`);
  }

  /** Number of learned scalars. */
  numParameters(): number {
    return this.parameters().reduce((a, p) => a + p.size, 0);
  }

  train(mode = true): this {
    for (const [, m] of this.namedModules()) m.training = mode;
    return this;
  }

  eval(): this {
    return this.train(false);
  }

  /** Clear every parameter's gradient. */
  zeroGrad(): void {
    for (const p of this.parameters()) p.grad = null;
  }

  /** Copies of every parameter, keyed as namedParameters(). */
  stateDict(): Record<string, Tensor> {
    const out: Record<string, Tensor> = {};
    for (const [k, p] of this.namedParameters()) out[k] = new Tensor(p.data.slice(), p.shape);
    return out;
  }

  /**
   * Copy values into the parameters (converting dtype if needed). With `strict` (the default),
   * missing or unexpected keys are a StateDictError naming them; a wrong shape always is.
   */
  loadStateDict(dict: Record<string, Tensor>, options: LoadStateDictOptions = {}): void {
    const strict = options.strict ?? true;
    const own = new Map(this.namedParameters());
    const missing = [...own.keys()].filter((k) => !(k in dict));
    const unexpected = Object.keys(dict).filter((k) => !own.has(k));
    if (strict && (missing.length || unexpected.length)) {
      const parts = [];
      if (missing.length) parts.push(`missing keys: ${someKeys(missing)}`);
      if (unexpected.length) parts.push(`unexpected keys: ${someKeys(unexpected)}`);
      throw new StateDictError(`loadStateDict(${this.constructor.name}): ${parts.join('; ')}. Expected keys: ${someKeys([...own.keys()])}`, missing, unexpected);
    }
    for (const [k, p] of own) {
      const src = dict[k];
      if (!src) continue;
      if (!sameShape(src.shape, p.shape)) {
        throw new StateDictError(`loadStateDict(${this.constructor.name}): key '${k}' expected shape ${fmtShape(p.shape)}, got ${shapeText(src.shape)}`);
      }
    }
    for (const [k, p] of own) if (dict[k]) p.data.set(dict[k].data);
  }

  /** The config that rebuilds this module; layers that can be saved override it. */
  config(): ModuleConfig {
    throw new StateDictError(`${this.constructor.name} has no config(), so it cannot be saved with save(); save its stateDict() instead`);
  }
}
