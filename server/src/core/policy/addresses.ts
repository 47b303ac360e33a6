/**
 * Address ranges outside the cluster, as integers: a CIDR is a range, and the address space of
 * each family is cut at every range boundary the policies use, so that each resulting piece is
 * either wholly inside or wholly outside every ipBlock. The number of pieces grows with the
 * number of boundaries, never with the size of the ranges.
 */
import type { IpFamily } from '../ip';
import { parseLegacyCidr } from '../ip';

export interface AddressRange {
  readonly family: IpFamily;
  readonly first: bigint;
  readonly last: bigint;
}

const bits: Record<IpFamily, number> = { IPv4: 32, IPv6: 128 };

/** The whole address space of a family. */
export function addressSpace(family: IpFamily): AddressRange {
  return { family, first: 0n, last: (1n << BigInt(bits[family])) - 1n };
}

/** The addresses of a CIDR (host bits ignored, as the network address is), or undefined. */
export function cidrRange(text: string): AddressRange | undefined {
  const cidr = parseLegacyCidr(text.trim());
  if (!cidr) return undefined;
  const width = bits[cidr.family];
  const value = cidr.address.toByteArray().reduce((total, byte) => (total << 8n) | BigInt(byte), 0n);
  const hostBits = BigInt(width - cidr.prefixLength);
  const first = (value >> hostBits) << hostBits;
  return { family: cidr.family, first, last: first + (1n << hostBits) - 1n };
}

export function contains(outer: AddressRange, inner: AddressRange): boolean {
  return outer.family === inner.family && outer.first <= inner.first && inner.last <= outer.last;
}

/** Cuts a family's address space at the edges of the given ranges; pieces in address order. */
export function splitSpace(family: IpFamily, ranges: readonly AddressRange[]): AddressRange[] {
  const space = addressSpace(family);
  const cuts = new Set<bigint>([space.first]);
  for (const range of ranges) {
    if (range.family !== family) continue;
    cuts.add(range.first);
    if (range.last < space.last) cuts.add(range.last + 1n);
  }
  const starts = [...cuts].sort((left, right) => (left < right ? -1 : left > right ? 1 : 0));
  return starts.map((first, index) => ({ family, first, last: index + 1 < starts.length ? starts[index + 1] - 1n : space.last }));
}

/** `10.0.0.0-10.255.255.255`, `::-ffff:ffff:…` */
export function formatRange(range: AddressRange): string {
  return `${formatAddress(range.family, range.first)}-${formatAddress(range.family, range.last)}`;
}

export function formatAddress(family: IpFamily, value: bigint): string {
  if (family === 'IPv4') return [24n, 16n, 8n, 0n].map((shift) => String((value >> shift) & 255n)).join('.');
  const groups = Array.from({ length: 8 }, (_, index) => ((value >> BigInt(112 - index * 16)) & 0xffffn).toString(16));
  // The shortest form: the longest run of two or more zero groups becomes `::`.
  let bestStart = -1;
  let bestLength = 0;
  for (let start = 0; start < 8; ) {
    if (groups[start] !== '0') {
      start++;
      continue;
    }
    let end = start;
    while (end < 8 && groups[end] === '0') end++;
    if (end - start > bestLength && end - start >= 2) {
      bestStart = start;
      bestLength = end - start;
    }
    start = end;
  }
  if (bestStart === -1) return groups.join(':');
  return `${groups.slice(0, bestStart).join(':')}::${groups.slice(bestStart + bestLength).join(':')}`;
}

/** Orders ranges: IPv4 before IPv6, then by first address. */
export function compareRanges(left: AddressRange, right: AddressRange): number {
  if (left.family !== right.family) return left.family === 'IPv4' ? -1 : 1;
  return left.first < right.first ? -1 : left.first > right.first ? 1 : 0;
}
