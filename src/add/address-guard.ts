import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';
import { BotError } from '../errors.ts';

/**
 * Why `address` is not a public unicast address (`loopback`, `private`, `linkLocal`, `uniqueLocal`, `reserved`,
 * `carrierGradeNat`, `multicast`, `unspecified`, …: ipaddr.js's range names), or null when it is public. IPv4 mapped
 * into IPv6 (`::ffff:127.0.0.1`) is judged as the IPv4 address it carries; tunnelling prefixes (6to4, Teredo), which
 * can carry a private IPv4 address, are refused like any other non-unicast range.
 */
export function nonPublicRange(address: string): string | null {
  if (!ipaddr.isValid(address)) return 'invalid';
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  const range = parsed.range();
  return range === 'unicast' ? null : range;
}

export function blockedAddressError(host: string, address: string, range: string): BotError {
  return new BotError(
    'FETCH_BLOCKED',
    `${host} is at ${address}, a ${range} address: only public addresses are fetched (FETCH_ALLOW_PRIVATE_ADDRESSES=true allows others; unsafe on a shared host)`,
    { details: { host, address, range } },
  );
}

/** The host of a URL as an IP literal (brackets of IPv6 removed), or null for a name. */
export function ipLiteralOf(hostname: string): string | null {
  const bare = hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
  return isIP(bare) ? bare : null;
}

/**
 * Which non-public addresses may be fetched: none (false, the default), all (true: FETCH_ALLOW_PRIVATE_ADDRESSES),
 * or those a function accepts (tests: exactly the test server's 127.0.0.1, so that a redirect elsewhere is refused).
 */
export type PrivateAddressPolicy = boolean | ((address: string) => boolean);

/** The range that makes `address` refused under `policy`, or null when it may be fetched. */
export function refusedRange(address: string, policy: PrivateAddressPolicy): string | null {
  if (policy === true) return null;
  const range = nonPublicRange(address);
  if (range === null) return null;
  return typeof policy === 'function' && policy(address) ? null : range;
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A `lookup` for http(s).request that resolves the name and keeps only public addresses, so the address checked is
 * the address connected to (no gap between a check and a second resolution for a rebinding DNS server to use).
 * Node calls it with `all: true` when it tries several addresses (autoSelectFamily), so both forms are answered.
 */
export function guardedLookup(policy: PrivateAddressPolicy) {
  return (hostname: string, options: LookupOptions, callback: LookupCallback): void => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, '');
      const allowed = addresses.filter((entry) => refusedRange(entry.address, policy) === null);
      if (allowed.length === 0) {
        const first = addresses[0];
        const blocked = first ? blockedAddressError(hostname, first.address, nonPublicRange(first.address) ?? 'unknown') : new BotError('FETCH_FAILED', `${hostname} has no address`);
        return callback(blocked as unknown as NodeJS.ErrnoException, '');
      }
      if (options.all) callback(null, allowed);
      else callback(null, allowed[0]!.address, allowed[0]!.family);
    });
  };
}
