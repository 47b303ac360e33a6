/**
 * IP addresses and CIDRs the way the API server reads its "legacy" IP fields (clusterIPs,
 * externalIPs, loadBalancerSourceRanges): IPv4 dotted quads (leading zeros accepted, read as
 * decimal) and any IPv6 notation; hostnames and zones are never IPs. Arithmetic is ipaddr.js's.
 */
import ipaddr from 'ipaddr.js';

export type IpFamily = 'IPv4' | 'IPv6';

export interface ParsedIp {
  readonly family: IpFamily;
  readonly address: ipaddr.IPv4 | ipaddr.IPv6;
  /** False when the text is not the address's canonical form (leading zeros, IPv4-mapped IPv6). */
  readonly canonical: boolean;
}

export interface ParsedCidr {
  readonly family: IpFamily;
  readonly address: ipaddr.IPv4 | ipaddr.IPv6;
  readonly prefixLength: number;
  /** True when bits beyond the prefix are set, as in 10.0.0.1/8 (accepted with a warning). */
  readonly hasHostBits: boolean;
}

const dottedQuad = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** Parses an IP as Go's historic parser does, or returns undefined. */
export function parseLegacyIp(text: string): ParsedIp | undefined {
  const quad = dottedQuad.exec(text);
  if (quad) {
    const octets = quad.slice(1).map((part) => Number.parseInt(part, 10));
    if (octets.some((octet) => octet > 255)) return undefined;
    const canonical = quad.slice(1).every((part) => part === String(Number.parseInt(part, 10)));
    return { family: 'IPv4', address: new ipaddr.IPv4(octets), canonical };
  }
  if (!text.includes(':') || text.includes('%') || !ipaddr.IPv6.isValid(text)) return undefined;
  const address = ipaddr.IPv6.parse(text);
  if (address.isIPv4MappedAddress()) {
    // Go reads ::ffff:a.b.c.d as the IPv4 address a.b.c.d.
    return { family: 'IPv4', address: address.toIPv4Address(), canonical: false };
  }
  return { family: 'IPv6', address, canonical: address.toString() === text.toLowerCase() };
}

/** Parses `ip/prefix` as the legacy CIDR fields do, or returns undefined. */
export function parseLegacyCidr(text: string): ParsedCidr | undefined {
  const slash = text.indexOf('/');
  if (slash === -1) return undefined;
  const ip = parseLegacyIp(text.slice(0, slash));
  const prefixText = text.slice(slash + 1);
  if (!ip || !/^\d{1,3}$/.test(prefixText)) return undefined;
  const prefixLength = Number.parseInt(prefixText, 10);
  const maxPrefix = ip.family === 'IPv4' ? 32 : 128;
  if (prefixLength > maxPrefix) return undefined;
  const network = networkAddress(ip.address, prefixLength);
  const hasHostBits = network.toNormalizedString() !== ip.address.toNormalizedString();
  return { family: ip.family, address: ip.address, prefixLength, hasHostBits };
}

/**
 * Why a cluster's CIDRs (kube-apiserver --service-cluster-ip-range, kube-proxy --cluster-cidr)
 * are not a valid list: one that does not parse, or two of one family. Undefined when they are.
 */
export function cidrListProblem(cidrs: readonly string[]): string | undefined {
  const families = new Set<string>();
  for (const cidr of cidrs) {
    const parsed = parseLegacyCidr(cidr);
    if (!parsed) return `"${cidr}" is not a CIDR such as 10.96.0.0/12`;
    if (families.has(parsed.family)) return `two ${parsed.family} CIDRs; a cluster has at most one per family`;
    families.add(parsed.family);
  }
  return undefined;
}

/** True when `ip` lies inside `cidr` (families must agree). */
export function cidrContains(cidr: ParsedCidr, ip: ParsedIp): boolean {
  if (cidr.family !== ip.family) return false;
  return ip.address.match(cidr.address as never, cidr.prefixLength);
}

/**
 * Why an address may not be an externalIP, or undefined: unspecified, loopback,
 * link-local unicast and link-local multicast are refused by the API server.
 */
export function externalIpProblem(ip: ParsedIp): string | undefined {
  const address = ip.address;
  if (ip.family === 'IPv4') {
    const range = (address as ipaddr.IPv4).range();
    if (range === 'unspecified') return 'is the unspecified address';
    if (range === 'loopback') return 'is a loopback address';
    if (range === 'linkLocal') return 'is a link-local address';
    if (address.match(ipaddr.IPv4.parse('224.0.0.0'), 24)) return 'is a link-local multicast address';
    return undefined;
  }
  const v6 = address as ipaddr.IPv6;
  const range = v6.range();
  if (range === 'unspecified') return 'is the unspecified address';
  if (range === 'loopback') return 'is a loopback address';
  if (range === 'linkLocal') return 'is a link-local address';
  const first = v6.parts[0];
  if ((first & 0xff00) === 0xff00 && (first & 0x000f) === 0x2) return 'is a link-local multicast address';
  return undefined;
}

function networkAddress(address: ipaddr.IPv4 | ipaddr.IPv6, prefixLength: number): ipaddr.IPv4 | ipaddr.IPv6 {
  const bytes = address.toByteArray();
  for (let bit = prefixLength; bit < bytes.length * 8; bit++) {
    bytes[bit >> 3] &= ~(0x80 >> (bit & 7));
  }
  return ipaddr.fromByteArray(bytes);
}
