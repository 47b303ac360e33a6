/**
 * Where the boxes of a route go: numbers in, numbers out, no DOM. Each lane (one Service port)
 * is a main row of hops up to the Pods, wrapped to the available width, then one branch row per
 * workload (its Pods and container). A hop that joins the path gets no arrow from the hop before
 * it; instead an arrow bypasses it, from the hop before to the hop after.
 */

export const box = { width: 184, height: 60, gap: 34, rowGap: 30, padding: 16, laneTitle: 30, laneGap: 28, findingLine: 16 } as const;

export interface HopShape {
  readonly joins: boolean;
  /** Pod and container hops belong to a branch (a workload); others to the main row. */
  readonly branch: string | undefined;
  /** Lines of finding text under the box. */
  readonly findingLines: number;
}

export interface PlacedBox {
  readonly hop: number;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface Edge {
  readonly from: number;
  readonly to: number;
  /** Polyline points: x0, y0, x1, y1, ... */
  readonly points: readonly number[];
  readonly bypass: boolean;
}

export interface LaneLayout {
  readonly titleY: number;
  readonly boxes: readonly PlacedBox[];
  readonly edges: readonly Edge[];
}

export interface RouteLayout {
  readonly width: number;
  readonly height: number;
  readonly lanes: readonly LaneLayout[];
}

export function layoutRoute(lanes: ReadonlyArray<readonly HopShape[]>, availableWidth: number): RouteLayout {
  const perRow = Math.max(1, Math.floor((Math.max(availableWidth, box.width + 2 * box.padding) - 2 * box.padding + box.gap) / (box.width + box.gap)));
  let y = box.padding;
  let widest = 0;
  const placed: LaneLayout[] = [];
  for (const hops of lanes) {
    const titleY = y + 16;
    // A hop that joins the path is bypassed by an arrow over the boxes: room for it under the title.
    y += box.laneTitle + (hops.some((hop) => hop.joins) ? 14 : 0);
    const boxes: PlacedBox[] = [];
    const main = hops.map((hop, index) => ({ hop, index })).filter(({ hop }) => hop.branch === undefined);
    const rowHeight = (members: ReadonlyArray<{ hop: HopShape }>): number => box.height + Math.max(0, ...members.map(({ hop }) => hop.findingLines)) * box.findingLine;
    for (let start = 0; start < main.length; start += perRow) {
      const row = main.slice(start, start + perRow);
      row.forEach(({ index }, column) => boxes.push({ hop: index, x: box.padding + column * (box.width + box.gap), y, width: box.width, height: box.height }));
      y += rowHeight(row) + box.rowGap;
    }
    const branches = new Map<string, number[]>();
    hops.forEach((hop, index) => {
      if (hop.branch !== undefined) branches.set(hop.branch, [...(branches.get(hop.branch) ?? []), index]);
    });
    const lastMain = boxes[boxes.length - 1];
    // Branches start under the last main hop when they fit there, else at the left edge.
    const branchColumn = lastMain && Math.floor((lastMain.x - box.padding) / (box.width + box.gap)) + 2 <= perRow ? Math.floor((lastMain.x - box.padding) / (box.width + box.gap)) : 0;
    for (const members of branches.values()) {
      for (let start = 0; start < members.length; start += perRow - branchColumn || 1) {
        const row = members.slice(start, start + Math.max(1, perRow - branchColumn));
        row.forEach((index, column) => boxes.push({ hop: index, x: box.padding + (branchColumn + column) * (box.width + box.gap), y, width: box.width, height: box.height }));
        y += rowHeight(row.map((index) => ({ hop: hops[index] }))) + box.rowGap;
      }
    }
    widest = Math.max(widest, ...boxes.map((placedBox) => placedBox.x + placedBox.width + box.padding));
    placed.push({ titleY, boxes, edges: edgesOf(hops, boxes) });
    y += box.laneGap;
  }
  return { width: Math.max(widest, availableWidth, box.width + 2 * box.padding), height: y, lanes: placed };
}

function edgesOf(hops: readonly HopShape[], boxes: readonly PlacedBox[]): Edge[] {
  const at = new Map(boxes.map((placedBox) => [placedBox.hop, placedBox]));
  const edges: Edge[] = [];
  const main = hops.map((hop, index) => ({ hop, index })).filter(({ hop }) => hop.branch === undefined);
  for (let position = 1; position < main.length; position++) {
    const current = main[position];
    if (current.hop.joins) continue;
    const previous = main[position - 1];
    edges.push(connect(previous.index, current.index, at));
    if (!previous.hop.joins) continue;
    // After a run of joining hops, the path from before the run continues here too.
    let source = position - 1;
    while (source >= 0 && main[source].hop.joins) source--;
    if (source >= 0) edges.push(bypass(main[source].index, current.index, at));
  }
  const lastMain = main[main.length - 1];
  const branches = new Map<string, number[]>();
  hops.forEach((hop, index) => {
    if (hop.branch !== undefined) branches.set(hop.branch, [...(branches.get(hop.branch) ?? []), index]);
  });
  // Several workloads fork from one trunk: down from the last main hop, then into each branch
  // from its left, so no branch is drawn as if it led into the next.
  const forked = branches.size > 1;
  for (const members of branches.values()) {
    if (lastMain) edges.push(forked ? fork(lastMain.index, members[0], at, lastMain.hop.findingLines) : connect(lastMain.index, members[0], at));
    for (let position = 1; position < members.length; position++) edges.push(connect(members[position - 1], members[position], at));
  }
  return edges;
}

/** From the bottom of a hop down a trunk left of the branches, into a branch's first box from the left. */
function fork(from: number, to: number, at: ReadonlyMap<number, PlacedBox>, findingLines: number): Edge {
  const a = at.get(from)!;
  const b = at.get(to)!;
  const trunkX = b.x - box.gap / 2;
  const startX = a.x + a.width / 2;
  // Below the hop's finding lines, in the gap above the first branch.
  const outY = a.y + a.height + findingLines * box.findingLine + box.rowGap / 2;
  return { from, to, bypass: false, points: [startX, a.y + a.height, startX, outY, trunkX, outY, trunkX, b.y + b.height / 2, b.x, b.y + b.height / 2] };
}

/** An arrow over the top of the boxes between two hops. */
function bypass(from: number, to: number, at: ReadonlyMap<number, PlacedBox>): Edge {
  const a = at.get(from)!;
  const b = at.get(to)!;
  // On a later row: down from the hop, along the gap above that row, into the target from its left.
  if (b.y > a.y + a.height) {
    const midY = b.y - box.rowGap / 2;
    return { from, to, bypass: true, points: [a.x + a.width / 2, a.y + a.height, a.x + a.width / 2, midY, b.x - box.gap / 2, midY, b.x - box.gap / 2, b.y + b.height / 2, b.x, b.y + b.height / 2] };
  }
  const top = Math.min(a.y, b.y) - 12;
  return { from, to, bypass: true, points: [a.x + a.width / 2, a.y, a.x + a.width / 2, top, b.x + b.width / 2, top, b.x + b.width / 2, b.y] };
}

function connect(from: number, to: number, at: ReadonlyMap<number, PlacedBox>): Edge {
  const a = at.get(from)!;
  const b = at.get(to)!;
  if (Math.abs(a.y - b.y) < 1 && b.x > a.x) {
    return { from, to, bypass: false, points: [a.x + a.width, a.y + a.height / 2, b.x, b.y + b.height / 2] };
  }
  if (b.y > a.y && Math.abs(a.x - b.x) < 1) {
    return { from, to, bypass: false, points: [a.x + a.width / 2, a.y + a.height, b.x + b.width / 2, b.y] };
  }
  // Down to a later row: leave from the bottom, run along the gap above the target row, enter from the left.
  const midY = b.y - box.rowGap / 2;
  return { from, to, bypass: false, points: [a.x + a.width / 2, a.y + a.height, a.x + a.width / 2, midY, b.x - box.gap / 2, midY, b.x - box.gap / 2, b.y + b.height / 2, b.x, b.y + b.height / 2] };
}
