import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { assertHostAllowed, guardedLookup, isPublicAddress } from '../../src/adapters/host-guard';
import { createHttpClient } from '../../src/adapters/http';

/** [address as a resolver or URL would give it, public?, what it is] */
const ADDRESSES: ReadonlyArray<readonly [string, boolean, string]> = [
  // IPv4
  ['8.8.8.8', true, 'public IPv4'],
  ['1.1.1.1', true, 'public IPv4'],
  ['93.184.216.34', true, 'public IPv4'],
  ['127.0.0.1', false, 'loopback'],
  ['127.255.255.254', false, 'loopback, end of 127/8'],
  ['10.0.0.1', false, 'RFC 1918'],
  ['172.16.0.1', false, 'RFC 1918'],
  ['172.31.255.255', false, 'RFC 1918, end of 172.16/12'],
  ['172.32.0.1', true, 'just past 172.16/12'],
  ['192.168.1.1', false, 'RFC 1918'],
  ['169.254.169.254', false, 'link-local (cloud metadata)'],
  ['100.64.0.1', false, 'CGNAT'],
  ['100.127.255.255', false, 'CGNAT end'],
  ['100.128.0.1', true, 'just past CGNAT'],
  ['0.0.0.0', false, 'unspecified'],
  ['0.1.2.3', false, '"this network" 0/8'],
  ['224.0.0.1', false, 'multicast'],
  ['239.255.255.250', false, 'multicast (SSDP)'],
  ['255.255.255.255', false, 'broadcast'],
  ['240.0.0.1', false, 'reserved 240/4'],
  ['198.18.0.1', false, 'benchmarking'],
  ['192.0.2.1', false, 'documentation TEST-NET-1'],
  ['192.0.0.8', false, 'IETF protocol assignments'],
  // IPv6, plain
  ['2606:4700:4700::1111', true, 'public IPv6'],
  ['2001:4860:4860::8888', true, 'public IPv6 (inside 2001::/16, outside Teredo)'],
  ['::1', false, 'IPv6 loopback'],
  ['::', false, 'IPv6 unspecified'],
  ['fe80::1', false, 'link-local'],
  ['fe80::1%eth0', false, 'link-local with zone'],
  ['fec0::1', false, 'site-local fec0::/10'],
  ['fefe::1', false, 'site-local, end of fec0::/10'],
  ['fc00::1', false, 'unique-local fc00::/7'],
  ['fd12:3456:789a::1', false, 'unique-local fd00::/8'],
  ['ff02::1', false, 'multicast'],
  ['ff0e::1', false, 'global multicast'],
  ['2001:db8::1', false, 'documentation'],
  ['100::1', false, 'discard-only'],
  ['4000::1', false, 'outside global unicast 2000::/3'],
  // IPv6 carrying IPv4
  ['::ffff:127.0.0.1', false, 'IPv4-mapped loopback'],
  ['::ffff:7f00:1', false, 'IPv4-mapped loopback, hex'],
  ['::ffff:10.1.2.3', false, 'IPv4-mapped private'],
  ['::ffff:169.254.169.254', false, 'IPv4-mapped metadata'],
  ['::ffff:8.8.8.8', true, 'IPv4-mapped public'],
  ['::ffff:0:127.0.0.1', false, 'IPv4-translated loopback'],
  ['::127.0.0.1', false, 'IPv4-compatible loopback'],
  ['::10.0.0.1', false, 'IPv4-compatible private'],
  ['::8.8.8.8', false, 'IPv4-compatible (deprecated), even public'],
  ['64:ff9b::127.0.0.1', false, 'NAT64 loopback'],
  ['64:ff9b::a00:1', false, 'NAT64 10.0.0.1'],
  ['64:ff9b::c0a8:101', false, 'NAT64 192.168.1.1'],
  ['64:ff9b::808:808', true, 'NAT64 of a public IPv4'],
  ['64:ff9b:1::808:808', false, 'NAT64 local-use prefix'],
  ['64:ff9b:1:ffff::1', false, 'NAT64 local-use prefix, end'],
  ['2002:7f00:1::1', false, '6to4 of 127.0.0.1'],
  ['2002:a00:1::1', false, '6to4 of 10.0.0.1'],
  ['2002:c0a8:101::1', false, '6to4 of 192.168.1.1'],
  ['2002:808:808::1', true, '6to4 of a public IPv4'],
  ['2001:0:4136:e378:8000:63bf:80ff:fffe', false, 'Teredo, client 127.0.0.1'],
  ['2001:0:4136:e378:8000:63bf:f5ff:fffe', false, 'Teredo, client 10.0.0.1'],
  ['2001:0:a00:1:8000:63bf:3fff:fdd2', false, 'Teredo, server 10.0.0.1'],
  ['2001:0:4136:e378:8000:63bf:f7f7:f7f7', true, 'Teredo of public server and client 8.8.8.8'],
  // not addresses
  ['localhost', false, 'a name, not an address'],
  ['', false, 'empty'],
  ['1.2.3', false, 'incomplete IPv4'],
];

describe('SSRF guard: which addresses are public', () => {
  it('classifies at least 40 addresses and forms', () => {
    expect(ADDRESSES.length).toBeGreaterThanOrEqual(40);
  });

  it.each(ADDRESSES)('%s → public %s (%s)', (address, expected) => {
    expect(isPublicAddress(address)).toBe(expected);
  });

  it('checks IP literals in URLs the way the URL parser normalises them (decimal, hex, bracketed)', async () => {
    for (const literal of [
      'http://2130706433/',
      'http://0x7f.1/',
      'http://[::ffff:7f00:1]/',
      'http://[64:ff9b::7f00:1]/',
      'http://[2002:7f00:1::1]:8080/',
      'http://0/',
    ]) {
      await expect(assertHostAllowed({ allowedHosts: [] }, new URL(literal)), literal).rejects.toThrow(/TG_HOST_NOT_ALLOWED/);
    }
    await expect(assertHostAllowed({ allowedHosts: [] }, new URL('http://8.8.8.8/'))).resolves.toBeUndefined();
  });
});

describe('SSRF guard: policy', () => {
  it('a host outside a non-empty allowedHosts is refused', async () => {
    await expect(assertHostAllowed({ allowedHosts: ['8.8.8.8'] }, new URL('http://1.1.1.1/'))).rejects.toThrow('is not in allowedHosts');
  });

  it('listing a host does not let it reach a non-public address; the explicit opt-in does', async () => {
    const url = new URL('http://127.0.0.1:4101/x');
    await expect(assertHostAllowed({ allowedHosts: ['127.0.0.1:4101'] }, url)).rejects.toThrow(
      /listing it in allowedHosts is not enough: set allowPrivateAddresses/,
    );
    await expect(assertHostAllowed({ allowedHosts: ['127.0.0.1:4101'], allowPrivateAddresses: true }, url)).resolves.toBeUndefined();
    // the opt-in covers listed hosts only, and never the unspecified address
    await expect(assertHostAllowed({ allowedHosts: [], allowPrivateAddresses: true }, url)).rejects.toThrow(/TG_HOST_NOT_ALLOWED/);
    await expect(
      assertHostAllowed({ allowedHosts: ['0.0.0.0:80'], allowPrivateAddresses: true }, new URL('http://0.0.0.0/')),
    ).rejects.toThrow(/never allowed/);
  });

  it('a name is resolved at registration (resolve: true): localhost is refused without the opt-in', async () => {
    await expect(assertHostAllowed({ allowedHosts: [] }, new URL('http://localhost:1/'), { resolve: true })).rejects.toThrow(
      /non-public address/,
    );
    await expect(assertHostAllowed({ allowedHosts: ['localhost'] }, new URL('http://localhost:1/'), { resolve: true })).rejects.toThrow(
      /allowPrivateAddresses/,
    );
    await expect(
      assertHostAllowed({ allowedHosts: ['localhost'], allowPrivateAddresses: true }, new URL('http://localhost:1/'), { resolve: true }),
    ).resolves.toBeUndefined();
  });

  it('at connect time the lookup refuses a name that resolves to a non-public address', async () => {
    const lookup = guardedLookup({ allowedHosts: ['localhost'] });
    const err = await new Promise<Error | null>((resolve) => lookup('localhost', { all: false }, (e) => resolve(e)));
    expect(err?.message).toMatch(/TG_HOST_NOT_ALLOWED: host localhost resolves only to addresses that are not allowed/);
    const opted = guardedLookup({ allowedHosts: ['localhost:8080'], allowPrivateAddresses: true });
    const address = await new Promise<string>((resolve, reject) =>
      opted('localhost', { all: false }, (e, a) => (e ? reject(e) : resolve(a as string))),
    );
    expect(['127.0.0.1', '::1']).toContain(address);
  });
});

describe('adapter HTTP client', () => {
  let target: http.Server;
  let proxy: http.Server;
  let proxyHits = 0;
  let targetPort = 0;
  const saved = {
    HTTP_PROXY: process.env.HTTP_PROXY,
    http_proxy: process.env.http_proxy,
    NO_PROXY: process.env.NO_PROXY,
    no_proxy: process.env.no_proxy,
  };

  beforeAll(async () => {
    target = http.createServer((req, res) => {
      if (req.url === '/redirect') res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end();
      else res.writeHead(200, { 'content-type': 'text/plain' }).end('direct');
    });
    proxy = http.createServer((_req, res) => {
      proxyHits++;
      res.writeHead(200).end('via proxy');
    });
    await new Promise<void>((r) => target.listen(0, '127.0.0.1', () => r()));
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', () => r()));
    targetPort = (target.address() as AddressInfo).port;
  });
  afterEach(() => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });
  afterAll(async () => {
    await new Promise<void>((r) => target.close(() => r()));
    await new Promise<void>((r) => proxy.close(() => r()));
  });

  it('ignores HTTP_PROXY: the request goes straight to the guarded address', async () => {
    process.env.HTTP_PROXY = process.env.http_proxy = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
    process.env.NO_PROXY = process.env.no_proxy = '';
    const client = createHttpClient({ allowedHosts: [`127.0.0.1:${targetPort}`], allowPrivateAddresses: true });
    const res = await client.request({ method: 'GET', url: `http://127.0.0.1:${targetPort}/` });
    expect(res.body.toString()).toBe('direct');
    expect(proxyHits).toBe(0);
  });

  it('refuses a listed loopback host without the opt-in, before any connection', async () => {
    const client = createHttpClient({ allowedHosts: [`127.0.0.1:${targetPort}`] });
    await expect(client.request({ method: 'GET', url: `http://127.0.0.1:${targetPort}/` })).rejects.toMatchObject({
      code: 'TG_HOST_NOT_ALLOWED',
      failure: 'config',
    });
  });

  it('refuses a name resolving to loopback at connect time', async () => {
    const client = createHttpClient({ allowedHosts: [], allowPrivateAddresses: true });
    await expect(client.request({ method: 'GET', url: `http://localhost:${targetPort}/` })).rejects.toMatchObject({
      code: 'TG_HOST_NOT_ALLOWED',
    });
  });

  it('does not follow a redirect', async () => {
    const client = createHttpClient({ allowedHosts: [`127.0.0.1:${targetPort}`], allowPrivateAddresses: true });
    const res = await client.request({ method: 'GET', url: `http://127.0.0.1:${targetPort}/redirect` });
    expect(res.status).toBe(302);
  });
});
