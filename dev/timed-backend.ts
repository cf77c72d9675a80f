// A backend whose every method call adds its wall time to `acc`, under the key `keyOf` gives
// (the method's name by default): the dev/ labs use it to see where a step spends its time.
import type { Backend } from '../src/backend/backend.js';

export function timedBackend(be: Backend, acc: Map<string, number>, keyOf: (prop: string, args: unknown[]) => string = (prop) => prop): Backend {
  return new Proxy(be, {
    get(target, prop, recv) {
      const v = Reflect.get(target, prop, recv);
      if (typeof v !== 'function' || prop === 'constructor') return v;
      return (...args: unknown[]) => {
        const t0 = performance.now();
        const r = (v as (...a: unknown[]) => unknown).apply(target, args);
        const k = keyOf(String(prop), args);
        acc.set(k, (acc.get(k) ?? 0) + performance.now() - t0);
        return r;
      };
    },
  });
}
