let enabled = true;

/** Whether ops currently record the graph for backward. */
export function isGradEnabled(): boolean {
  return enabled;
}

/**
 * Run `fn` without recording any graph (inference, optimizer updates, metrics).
 * @example const y = noGrad(() => model.forward(x));
 */
export function noGrad<T>(fn: () => T): T {
  const prev = enabled;
  enabled = false;
  try {
    return fn();
  } finally {
    enabled = prev;
  }
}
