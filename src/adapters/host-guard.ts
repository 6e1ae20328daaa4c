import dns from 'node:dns';
import net from 'node:net';
import ipaddr from 'ipaddr.js';
import { HostNotAllowedError } from './errors';

type IPv4 = ipaddr.IPv4;
type IPv6 = ipaddr.IPv6;

const cidr6 = (text: string) => ipaddr.IPv6.parseCIDR(text);
const IPV4_COMPATIBLE = cidr6('::/96');
const IPV4_MAPPED = cidr6('::ffff:0:0/96');
const IPV4_TRANSLATED = cidr6('::ffff:0:0:0/96');
const NAT64_WELL_KNOWN = cidr6('64:ff9b::/96');
const NAT64_LOCAL_USE = cidr6('64:ff9b:1::/48');
const SIX_TO_FOUR = cidr6('2002::/16');
const TEREDO = cidr6('2001::/32');
const SITE_LOCAL = cidr6('fec0::/10');
const GLOBAL_UNICAST = cidr6('2000::/3');

/** The IPv4 address held in 32 bits of an IPv6 address, starting at 16-bit part `part`. */
function ipv4At(address: IPv6, part: number, invert = false): IPv4 {
  const p = address.parts;
  const hi = invert ? ~p[part]! & 0xffff : p[part]!;
  const lo = invert ? ~p[part + 1]! & 0xffff : p[part + 1]!;
  return new ipaddr.IPv4([hi >> 8, hi & 0xff, lo >> 8, lo & 0xff]);
}

/**
 * The IPv4 addresses an IPv6 address carries and that a relay, translator or the kernel would reach:
 * mapped and translated (`::ffff:a.b.c.d`, `::ffff:0:a.b.c.d`), NAT64 `64:ff9b::/96`, 6to4
 * `2002:AABB:CCDD::/48` and Teredo (server, and client stored inverted). Null when it carries none.
 */
function embeddedIPv4(address: IPv6): IPv4[] | null {
  if (address.match(IPV4_MAPPED) || address.match(IPV4_TRANSLATED) || address.match(NAT64_WELL_KNOWN)) return [ipv4At(address, 6)];
  if (address.match(SIX_TO_FOUR)) return [ipv4At(address, 1)];
  if (address.match(TEREDO)) return [ipv4At(address, 2), ipv4At(address, 6, true)];
  return null;
}

function isPublicIPv4(address: IPv4): boolean {
  // ipaddr.js names every special-purpose block of the IANA registry; only the rest is 'unicast'.
  return address.range() === 'unicast';
}

function isPublicIPv6(address: IPv6): boolean {
  // IPv4-compatible (deprecated, RFC 4291; includes :: and ::1) and the NAT64 local-use prefix never are.
  if (address.match(IPV4_COMPATIBLE) || address.match(NAT64_LOCAL_USE)) return false;
  const carried = embeddedIPv4(address);
  if (carried) return carried.every(isPublicIPv4);
  if (address.match(SITE_LOCAL) || !address.match(GLOBAL_UNICAST)) return false;
  return address.range() === 'unicast';
}

function parse(address: string): IPv4 | IPv6 | null {
  const bare = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const family = net.isIP(bare);
  if (!family) return null;
  try {
    // ipaddr.js reads any `::a.b.c.d` as IPv4-mapped; the URL parser's hex form keeps `::a.b.c.d` (compatible) apart.
    const text = family === 6 && bare.includes('.') ? new URL(`http://[${bare}]/`).hostname.slice(1, -1) : bare;
    return ipaddr.parse(text);
  } catch {
    return null;
  }
}

/**
 * True only for a globally reachable unicast address. Everything else is refused: loopback, private
 * (RFC 1918), CGNAT, link-local, unique-local `fc00::/7`, site-local `fec0::/10`, multicast,
 * broadcast, the unspecified address, documentation and benchmarking blocks, and IPv6 forms that
 * carry a non-public IPv4 (mapped, IPv4-compatible, NAT64, 6to4, Teredo).
 */
export function isPublicAddress(address: string): boolean {
  const parsed = parse(address);
  if (!parsed) return false;
  return parsed.kind() === 'ipv4' ? isPublicIPv4(parsed as IPv4) : isPublicIPv6(parsed as IPv6);
}

/** The negation of isPublicAddress (kept for callers that ask the question that way round). */
export function isNonPublicAddress(address: string): boolean {
  return !isPublicAddress(address);
}

/** Addresses no declaration can open: the unspecified address (reaches this host), multicast, broadcast. */
function isNeverReachable(address: string): boolean {
  const parsed = parse(address);
  if (!parsed) return true;
  const v4 = parsed.kind() === 'ipv6' && (parsed as IPv6).isIPv4MappedAddress() ? (parsed as IPv6).toIPv4Address() : parsed;
  const range = v4.range();
  return range === 'unspecified' || range === 'multicast' || range === 'broadcast';
}

export interface HostPolicy {
  /** `host` or `host:port` entries the operator allowed; with entries, no other host may be called. */
  allowedHosts: readonly string[];
  /**
   * The explicit opt-in that lets a host of `allowedHosts` resolve to a non-public address (loopback,
   * private, link-local, unique-local). Without it every address must be public, listed or not.
   */
  allowPrivateAddresses?: boolean;
}

function bareHost(hostname: string): string {
  return hostname.replace(/^\[|\]$/g, '').toLowerCase();
}

/** The host part of an `allowedHosts` entry: `name`, `name:port`, `a.b.c.d:port`, `[v6]:port` or a bare IPv6. */
function entryHost(entry: string): string {
  if (entry.startsWith('[')) return bareHost(entry.slice(0, entry.indexOf(']') + 1));
  if (net.isIPv6(entry)) return entry.toLowerCase();
  return entry.replace(/:\d+$/, '').toLowerCase();
}

function hostMatches(policy: HostPolicy, hostname: string, port: string): boolean {
  const host = bareHost(hostname);
  return policy.allowedHosts.some((entry) => {
    const e = entry.toLowerCase();
    return e === host || e === `${host}:${port}` || e === `[${host}]:${port}`;
  });
}

/** Whether an address may be connected to for a host: public, or non-public under the opt-in for a listed host. */
function addressPermitted(address: string, privateAllowed: boolean): boolean {
  if (isPublicAddress(address)) return true;
  return privateAllowed && !isNeverReachable(address);
}

/**
 * Decides whether a URL may be called. With a non-empty `allowedHosts` only a listed host may; every
 * address the host has must be public unless it is listed and the policy opts in to non-public ones.
 * An IP literal is checked here; a name is checked here only with `resolve` (registration), and
 * always again at connect time by guardedLookup, against the address actually used.
 */
export async function assertHostAllowed(policy: HostPolicy, url: URL, opts: { resolve?: boolean } = {}): Promise<void> {
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  const listed = hostMatches(policy, url.hostname, port);
  if (!listed && policy.allowedHosts.length > 0) {
    throw new HostNotAllowedError(`host ${url.host} is not in allowedHosts`);
  }
  const host = bareHost(url.hostname);
  const literal = net.isIP(host) !== 0;
  if (!literal && !opts.resolve) return;
  const addresses = literal ? [host] : (await dns.promises.lookup(host, { all: true })).map((a) => a.address);
  const privateAllowed = listed && policy.allowPrivateAddresses === true;
  const blocked = addresses.find((a) => !addressPermitted(a, privateAllowed));
  if (blocked !== undefined) throw new HostNotAllowedError(refusal(url.host, blocked, listed, policy));
}

function refusal(host: string, address: string, listed: boolean, policy: HostPolicy): string {
  const what = `host ${host} resolves to a non-public address (${address})`;
  if (isNeverReachable(address)) return `${what} that is never allowed`;
  if (listed && !policy.allowPrivateAddresses)
    return `${what}; listing it in allowedHosts is not enough: set allowPrivateAddresses to permit it`;
  return `${what}; add it to allowedHosts and set allowPrivateAddresses to permit it`;
}

/** A dns lookup for http agents that checks the address actually connected to (no DNS rebinding). */
export function guardedLookup(policy: HostPolicy): net.LookupFunction {
  return (hostname, options, callback) => {
    dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, '', 4);
      const list = addresses as dns.LookupAddress[];
      const listedByName = policy.allowedHosts.some((h) => entryHost(h) === bareHost(hostname));
      const privateAllowed = listedByName && policy.allowPrivateAddresses === true;
      const first = list.find((a) => addressPermitted(a.address, privateAllowed));
      if (!first) {
        const shown = list.map((a) => a.address).join(', ');
        callback(new HostNotAllowedError(`host ${hostname} resolves only to addresses that are not allowed (${shown})`), '', 4);
        return;
      }
      if ((options as dns.LookupOptions).all) (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, [first]);
      else callback(null, first.address, first.family);
    });
  };
}
