/**
 * Sets of (protocol, port) pairs: what a policy rule allows, what a connection carries. Each
 * protocol holds sorted, disjoint, inclusive port ranges within 1-65535; the set of everything is
 * all three protocols over the whole range. Values are immutable; operations return new sets.
 */

export const protocols = ['SCTP', 'TCP', 'UDP'] as const;
export type Protocol = (typeof protocols)[number];

export type Range = readonly [number, number];

export const minPort = 1;
export const maxPort = 65535;
const everyPort: readonly Range[] = [[minPort, maxPort]];

export class PortSet {
  private constructor(private readonly ranges: ReadonlyMap<Protocol, readonly Range[]>) {}

  static readonly none = new PortSet(new Map());
  static readonly all = new PortSet(new Map(protocols.map((protocol) => [protocol, everyPort])));

  /** One protocol over some ranges (normalised: sorted, merged, clamped). */
  static of(protocol: Protocol, ranges: readonly Range[]): PortSet {
    const normal = normalise(ranges);
    return normal.length === 0 ? PortSet.none : new PortSet(new Map([[protocol, normal]]));
  }

  /** Every port of one protocol. */
  static protocol(protocol: Protocol): PortSet {
    return new PortSet(new Map([[protocol, everyPort]]));
  }

  get isEmpty(): boolean {
    return this.ranges.size === 0;
  }

  get isAll(): boolean {
    return protocols.every((protocol) => sameRanges(this.ranges.get(protocol) ?? [], everyPort));
  }

  rangesOf(protocol: Protocol): readonly Range[] {
    return this.ranges.get(protocol) ?? [];
  }

  has(protocol: Protocol, port: number): boolean {
    return this.rangesOf(protocol).some(([low, high]) => low <= port && port <= high);
  }

  union(other: PortSet): PortSet {
    if (other.isEmpty) return this;
    if (this.isEmpty) return other;
    const result = new Map<Protocol, readonly Range[]>();
    for (const protocol of protocols) {
      const merged = normalise([...this.rangesOf(protocol), ...other.rangesOf(protocol)]);
      if (merged.length > 0) result.set(protocol, merged);
    }
    return new PortSet(result);
  }

  intersect(other: PortSet): PortSet {
    if (this.isEmpty || other.isEmpty) return PortSet.none;
    const result = new Map<Protocol, readonly Range[]>();
    for (const protocol of protocols) {
      const overlap = intersectRanges(this.rangesOf(protocol), other.rangesOf(protocol));
      if (overlap.length > 0) result.set(protocol, overlap);
    }
    return result.size === 0 ? PortSet.none : new PortSet(result);
  }

  /** The pairs of this set that `other` does not hold. */
  minus(other: PortSet): PortSet {
    if (this.isEmpty || other.isEmpty) return this;
    const result = new Map<Protocol, readonly Range[]>();
    for (const protocol of protocols) {
      let remaining: Range[] = [...this.rangesOf(protocol)];
      for (const [low, high] of other.rangesOf(protocol)) {
        remaining = remaining.flatMap(([from, to]): Range[] => {
          if (high < from || low > to) return [[from, to]];
          return [...(from < low ? [[from, low - 1] as Range] : []), ...(high < to ? [[high + 1, to] as Range] : [])];
        });
      }
      if (remaining.length > 0) result.set(protocol, remaining);
    }
    return result.size === 0 ? PortSet.none : new PortSet(result);
  }

  equals(other: PortSet): boolean {
    return protocols.every((protocol) => sameRanges(this.rangesOf(protocol), other.rangesOf(protocol)));
  }

  /** `All Connections`, or `TCP 80,8080-8090,UDP 53`: protocols in order, each named once. */
  toString(): string {
    if (this.isAll) return 'All Connections';
    if (this.isEmpty) return 'No Connections';
    return protocols
      .filter((protocol) => this.rangesOf(protocol).length > 0)
      .map((protocol) => `${protocol} ${this.rangesOf(protocol).map(([low, high]) => (low === high ? String(low) : `${low}-${high}`)).join(',')}`)
      .join(',');
  }

  /** `"all"`, or `[{protocol, ports: [[low, high], …]}]`. */
  toJSON(): 'all' | Array<{ protocol: Protocol; ports: Array<[number, number]> }> {
    if (this.isAll) return 'all';
    return protocols.filter((protocol) => this.rangesOf(protocol).length > 0).map((protocol) => ({ protocol, ports: this.rangesOf(protocol).map(([low, high]) => [low, high] as [number, number]) }));
  }
}

function normalise(ranges: readonly Range[]): Range[] {
  const clamped = ranges.map(([low, high]) => [Math.max(minPort, low), Math.min(maxPort, high)] as Range).filter(([low, high]) => low <= high);
  clamped.sort((left, right) => left[0] - right[0]);
  const merged: Array<[number, number]> = [];
  for (const [low, high] of clamped) {
    const last = merged[merged.length - 1];
    if (last && low <= last[1] + 1) last[1] = Math.max(last[1], high);
    else merged.push([low, high]);
  }
  return merged;
}

function intersectRanges(left: readonly Range[], right: readonly Range[]): Range[] {
  const result: Range[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length && j < right.length) {
    const low = Math.max(left[i][0], right[j][0]);
    const high = Math.min(left[i][1], right[j][1]);
    if (low <= high) result.push([low, high]);
    if (left[i][1] < right[j][1]) i++;
    else j++;
  }
  return result;
}

function sameRanges(left: readonly Range[], right: readonly Range[]): boolean {
  return left.length === right.length && left.every(([low, high], index) => low === right[index][0] && high === right[index][1]);
}
