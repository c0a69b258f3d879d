import type { LookupAddress } from 'node:dns';
import { ForbiddenAddressError, guardedLookup, hostOf, isForbiddenAddress } from './address-policy.js';

/** guardedLookup as http.request calls it, as a promise. */
const resolve = (hostname: string, all: boolean) =>
  new Promise<string | LookupAddress[]>((done, fail) => {
    guardedLookup(hostname, { all }, (error, address) => (error ? fail(error) : done(address)));
  });

describe('webhook address policy', () => {
  it.each([
    '127.0.0.1',
    '127.255.255.254',
    '0.0.0.0',
    '10.1.2.3',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.1',
    '100.64.0.1',
    '100.127.255.255',
    '169.254.169.254',
    '169.254.0.1',
    '224.0.0.1',
    '255.255.255.255',
    '198.18.0.1',
    '::',
    '::1',
    'fc00::1',
    'fd00:ec2::254',
    'fe80::1',
    'ff02::1',
    '::ffff:127.0.0.1',
    '::ffff:10.0.0.1',
    '::ffff:a9fe:a9fe',
    'localhost',
    'not an address',
  ])('refuses %s', (address) => {
    expect(isForbiddenAddress(address)).toBe(true);
  });

  it.each([
    '93.184.215.14',
    '8.8.8.8',
    '1.1.1.1',
    '172.32.0.1',
    '100.128.0.1',
    '11.0.0.1',
    '2606:4700:4700::1111',
    '::ffff:8.8.8.8',
  ])('allows the public address %s', (address) => {
    expect(isForbiddenAddress(address)).toBe(false);
  });

  it('strips the brackets of an IPv6 host', () => {
    expect(hostOf(new URL('http://[::1]:8080/hook'))).toBe('::1');
    expect(hostOf(new URL('https://example.com/hook'))).toBe('example.com');
  });

  it('refuses to connect to a host name that resolves to a forbidden address', async () => {
    await expect(resolve('localhost', false)).rejects.toBeInstanceOf(ForbiddenAddressError);
    await expect(resolve('localhost', true)).rejects.toBeInstanceOf(ForbiddenAddressError);
  });

  it('resolves a public address as dns.lookup would, one or all', async () => {
    // A literal resolves to itself without a DNS server.
    expect(await resolve('8.8.8.8', false)).toBe('8.8.8.8');
    expect(await resolve('8.8.8.8', true)).toEqual([{ address: '8.8.8.8', family: 4 }]);
  });
});
