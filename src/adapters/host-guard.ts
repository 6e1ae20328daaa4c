import dns from 'node:dns';
import net from 'node:net';
import { HostNotAllowedError } from './errors';

/** True for loopback, private (RFC 1918, ULA), link-local, CGNAT, unspecified and similar non-public addresses. */
export function isNonPublicAddress(address: string): boolean {
  const mapped = address.toLowerCase().startsWith('::ffff:') ? address.slice(7) : address;
  if (net.isIPv4(mapped)) {
    const [a, b] = mapped.split('.').map(Number) as [number, number];
    return (
      a === 0 || a === 10 || a === 127 ||
      (a === 100 && b >= 64 && b <= 127) ||
      (a === 169 && b === 254) ||
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168) ||
      (a === 198 && (b === 18 || b === 19)) ||
      a >= 224
    );
  }
  if (net.isIPv6(mapped)) {
    const lower = mapped.toLowerCase();
    return (
      lower === '::' || lower === '::1' ||
      lower.startsWith('fc') || lower.startsWith('fd') ||
      lower.startsWith('fe8') || lower.startsWith('fe9') || lower.startsWith('fea') || lower.startsWith('feb') ||
      lower.startsWith('ff')
    );
  }
  return true;
}

export interface HostPolicy {
  /** `host` or `host:port` entries the operator allowed; an allowed host may be private or loopback. */
  allowedHosts: readonly string[];
}

function hostMatches(policy: HostPolicy, hostname: string, port: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return policy.allowedHosts.some((entry) => {
    const e = entry.toLowerCase();
    return e === host || e === `${host}:${port}` || e === `[${host}]:${port}`;
  });
}

/**
 * Decides whether a URL may be called: a host named in `allowedHosts` always may; with a non-empty
 * `allowedHosts` no other host may; otherwise any host whose every resolved address is public may.
 * Addresses are checked after DNS resolution, so a public name pointing at 127.0.0.1 is refused.
 */
export async function assertHostAllowed(policy: HostPolicy, url: URL): Promise<void> {
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  if (hostMatches(policy, url.hostname, port)) return;
  if (policy.allowedHosts.length > 0) {
    throw new HostNotAllowedError(`host ${url.host} is not in allowedHosts`);
  }
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const addresses = net.isIP(host) ? [host] : (await dns.promises.lookup(host, { all: true })).map((a) => a.address);
  const blocked = addresses.find(isNonPublicAddress);
  if (blocked !== undefined) {
    throw new HostNotAllowedError(
      `host ${url.host} resolves to a private, loopback or link-local address (${blocked}); add it to allowedHosts to permit it`,
    );
  }
}

/** A dns lookup for http agents that re-checks the address actually connected to (no DNS rebinding). */
export function guardedLookup(policy: HostPolicy): net.LookupFunction {
  return (hostname, options, callback) => {
    dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, '', 4);
      const list = addresses as dns.LookupAddress[];
      const allowedByName = policy.allowedHosts.some((h) => h.toLowerCase().split(':')[0] === hostname.toLowerCase());
      const first = list.find((a) => allowedByName || !isNonPublicAddress(a.address));
      if (!first) {
        callback(new HostNotAllowedError(`host ${hostname} resolves only to non-public addresses`), '', 4);
        return;
      }
      if ((options as dns.LookupOptions).all) (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, [first]);
      else callback(null, first.address, first.family);
    });
  };
}
