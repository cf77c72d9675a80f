/**
 * Why a `fetch` failed, in words. Node's `fetch` rejects with a bare `TypeError('fetch failed')`
 * (or `'terminated'` mid-body) and keeps the reason in its `cause` chain: a system error with a
 * `code` (ECONNREFUSED, ENOTFOUND, …), a TLS error, or undici's "redirect count exceeded".
 */

/** One link of an error's `cause` chain, as far as the fields used here go. */
interface ErrorLike {
  message?: unknown;
  code?: unknown;
  cause?: unknown;
  errors?: unknown;
  address?: unknown;
  port?: unknown;
  hostname?: unknown;
}

/** TLS codes that do not start with `ERR_TLS_`, `ERR_SSL_` or `CERT_`. */
const TLS_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'HOSTNAME_MISMATCH',
]);

/** The chain `e`, `e.cause`, … (at most 8 deep), the first error of an AggregateError standing in for it. */
function causeChain(e: unknown): ErrorLike[] {
  const chain: ErrorLike[] = [];
  let c: unknown = e;
  while (c !== null && typeof c === 'object' && chain.length < 8) {
    const link = c as ErrorLike;
    chain.push(link);
    c = link.cause ?? (Array.isArray(link.errors) ? link.errors[0] : undefined);
  }
  return chain;
}

/** The first line of `m`, at most 200 characters. */
function firstLine(m: unknown): string {
  const s = String(m ?? '').split('\n')[0].trim();
  return s.length > 200 ? `${s.slice(0, 200)}…` : s;
}

/**
 * The reason a fetch failed, innermost first: `connection refused by 127.0.0.1:8080
 * (ECONNREFUSED)`, `DNS lookup of example.invalid failed (ENOTFOUND)`, `too many redirects`,
 * `TLS failure (CERT_HAS_EXPIRED): …`, or the innermost message with its code.
 *
 * @example
 * try { await fetch(url); } catch (e) { throw new DatasetError(`cannot fetch ${url}: ${describeFetchError(e)}`); }
 */
export function describeFetchError(e: unknown): string {
  const chain = causeChain(e);
  if (chain.length === 0) return firstLine(e);
  const inner = chain[chain.length - 1];
  const coded = [...chain].reverse().find((c) => typeof c.code === 'string');
  const code = coded ? String(coded.code) : undefined;
  const at = coded && typeof coded.address === 'string' ? `${coded.address}${coded.port !== undefined ? `:${String(coded.port)}` : ''}` : 'the server';
  const host = coded && typeof coded.hostname === 'string' ? coded.hostname : 'the host';
  if (/redirect count exceeded/i.test(String(inner.message))) return 'too many redirects (more than 20; the server redirects in a loop)';
  switch (code) {
    case 'ECONNREFUSED': return `connection refused by ${at} (ECONNREFUSED); nothing listens there`;
    case 'ENOTFOUND': return `DNS lookup of ${host} failed (ENOTFOUND); check the host name`;
    case 'EAI_AGAIN': return `DNS lookup of ${host} failed for now (EAI_AGAIN); check the network`;
    case 'ECONNRESET': return `connection reset by ${at} (ECONNRESET)`;
    case 'ETIMEDOUT':
    case 'UND_ERR_CONNECT_TIMEOUT': return `connecting to ${at} timed out (${code})`;
    case 'EHOSTUNREACH': return `host ${at} unreachable (EHOSTUNREACH)`;
    case 'ENETUNREACH': return `network unreachable (ENETUNREACH)`;
    case 'UND_ERR_SOCKET': return `the server closed the connection early (${firstLine(inner.message)}, UND_ERR_SOCKET)`;
    case 'UND_ERR_HEADERS_TIMEOUT': return 'the server sent no headers in time (UND_ERR_HEADERS_TIMEOUT)';
    case 'UND_ERR_BODY_TIMEOUT': return 'the server stopped sending the body (UND_ERR_BODY_TIMEOUT)';
  }
  if (code && (code.startsWith('ERR_TLS_') || code.startsWith('ERR_SSL_') || code.startsWith('CERT_') || TLS_CODES.has(code))) {
    return `TLS failure (${code}): ${firstLine(coded?.message)}; check the certificate, or whether the URL should be http`;
  }
  return code ? `${firstLine(inner.message)} (${code})` : firstLine(inner.message);
}
