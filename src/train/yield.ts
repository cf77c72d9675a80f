/**
 * Giving the event loop a turn between training steps, so timers, I/O, abort signals and a
 * page's rendering run while `fit` trains. No Node.js built-in is imported: `setImmediate` is
 * found on the global object where it exists (Node.js), else a MessageChannel (browsers; it
 * is not throttled as `setTimeout(0)` is), else `setTimeout`.
 */

type Resolve = () => void;

const g = globalThis as { setImmediate?: (cb: Resolve) => unknown; MessageChannel?: typeof MessageChannel };

/** Waiters of the one MessageChannel, resolved one per message. */
let channel: { port: MessagePort; waiting: Resolve[] } | null = null;

function viaChannel(resolve: Resolve): void {
  if (!channel) {
    const ch = new g.MessageChannel!();
    const waiting: Resolve[] = [];
    ch.port1.onmessage = () => waiting.shift()?.();
    channel = { port: ch.port2, waiting };
  }
  channel.waiting.push(resolve);
  channel.port.postMessage(0);
}

/**
 * Resolves after the event loop has had one turn.
 *
 * @example
 * for (const step of steps) { run(step); await yieldToEventLoop(); }
 */
export function yieldToEventLoop(): Promise<void> {
  return new Promise<void>((resolve) => {
    if (typeof g.setImmediate === 'function') g.setImmediate(resolve);
    else if (typeof g.MessageChannel === 'function') viaChannel(resolve);
    else setTimeout(resolve, 0);
  });
}
