import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { BlockList, isIP } from 'node:net';
import { networkInterfaces } from 'node:os';
import { DatelineError } from '../../errors/dateline-error.ts';

/**
 * Addresses a webhook may never reach unless private targets are allowed: this host, private networks,
 * link-local (cloud metadata at 169.254.169.254), shared and reserved ranges, documentation and multicast.
 * An IPv4 rule also holds for the IPv4-mapped IPv6 spelling (`::ffff:127.0.0.1`).
 */
const nonPublic = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  nonPublic.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  // (IPv4-mapped addresses, ::ffff:a.b.c.d, are held by the IPv4 rules above: BlockList maps them.)
  // Translated and embedded IPv4 forms could name any IPv4 address: refused whole.
  ['64:ff9b::', 96],
  ['64:ff9b:1::', 48],
  ['100::', 64],
  ['2001::', 23],
  ['2001:db8::', 32],
  ['2002::', 16],
  ['fc00::', 7],
  ['fe80::', 10],
  ['fec0::', 10],
  ['ff00::', 8],
] as const) {
  nonPublic.addSubnet(network, prefix, 'ipv6');
}

/**
 * Whether an IP address is on the public internet (and so a fit target for a webhook).
 * @example isPublicAddress('10.1.2.3') // false
 */
export function isPublicAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return false;
  return !nonPublic.check(address, family === 6 ? 'ipv6' : 'ipv4');
}

/** The addresses of this machine's own interfaces: never a webhook's target, public or not. */
function ownAddresses(): Set<string> {
  const own = new Set<string>();
  for (const list of Object.values(networkInterfaces())) for (const entry of list ?? []) own.add(entry.address.toLowerCase());
  return own;
}

/** A webhook's host name resolved to an address it may not be sent to: the delivery fails with the reason. */
export class RefusedAddressError extends DatelineError {
  constructor(
    readonly hostname: string,
    /** The private or reserved address the name resolved to. */
    readonly address: string,
  ) {
    super('WEBHOOK_ADDRESS_REFUSED', `${hostname} resolves to ${address}, a private or reserved address`);
  }
}

export interface TargetPolicy {
  /** Private, loopback and link-local targets allowed (WEBHOOK_ALLOW_PRIVATE=1): tests and intranets. */
  allowPrivate: boolean;
  /** The site's own `host[:port]` (its public address's): never a target. */
  ownHosts: readonly string[];
}

/** Why a URL may not be a webhook's target: a stable key, which the newsroom words in each person's language. */
export type TargetRefusal = 'scheme' | 'credentials' | 'ownSite' | 'localhost' | 'private' | 'ownMachine';

/**
 * Why a URL may not be a webhook's target, from what it says alone (scheme, host name, a literal address);
 * undefined when it may. Names that need resolving are checked again at each delivery (`guardedLookup`).
 * @example targetRefusalOf(new URL('http://169.254.169.254/latest'), { allowPrivate: false, ownHosts: [] }) // 'private'
 */
export function targetRefusalOf(url: URL, policy: TargetPolicy): TargetRefusal | undefined {
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'scheme';
  if (url.username !== '' || url.password !== '') return 'credentials';
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (policy.ownHosts.some((own) => own.toLowerCase() === url.host.toLowerCase())) return 'ownSite';
  if (policy.allowPrivate) return undefined;
  if (host === 'localhost' || host.endsWith('.localhost')) return 'localhost';
  if (isIP(host) !== 0 && !isPublicAddress(host)) return 'private';
  if (isIP(host) !== 0 && ownAddresses().has(host)) return 'ownMachine';
  return undefined;
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A `lookup` for `http.request` that resolves the host once, refuses it when any address it resolves to is
 * not public (or is this machine's), and hands the socket the very address it checked: the connection
 * goes where the check looked, so a name cannot be re-pointed (DNS rebinding) between check and connect.
 */
export function guardedLookup(policy: TargetPolicy) {
  return (hostname: string, options: { all?: boolean }, callback: LookupCallback): void => {
    dnsLookup(hostname, { all: true }, (error, addresses) => {
      if (error) return callback(error, []);
      if (addresses.length === 0) return callback(Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }), []);
      if (!policy.allowPrivate) {
        const own = ownAddresses();
        const refused = addresses.find((a) => !isPublicAddress(a.address) || own.has(a.address.toLowerCase()));
        if (refused) return callback(new RefusedAddressError(hostname, refused.address), []);
      }
      const chosen = addresses[0] as LookupAddress;
      if (options.all) return callback(null, [chosen]);
      return callback(null, chosen.address, chosen.family);
    });
  };
}
