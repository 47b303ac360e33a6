/**
 * Where the elements of a cluster picture go: numbers in, numbers out, no DOM. Left to right:
 * outside the cluster (client, load balancer), then the cluster boundary with a top row (Gateway
 * and Ingress entries in the entry column; the cluster IP or the cluster DNS and the policy gate
 * over the Pods) above one row per node (the node's address, node port and kube-proxy, the
 * client Pod under the node it runs on, then the node's Pods, wrapped to the panel's width), and
 * for ExternalName the outside host on the right. Sizes follow the font size the picture is drawn
 * at (the editor's), box widths follow their text, so no label is cut. Arrows run in the gaps
 * between columns and rows, and each arrow's label sits on its arrow, clear of boxes and other
 * labels. A step that picks an endpoint fans out to every Pod it may pick, each with its share.
 */
import type { PicturePod, PictureStep, RoutePicture } from '../../server/src/protocol/route';
import { isWide, t } from './strings';

export interface PictureMetrics {
  /** The font size of the picture's text, in px: the editor's. */
  readonly font: number;
  /** The width of one character of the monospace text. */
  readonly char: number;
  readonly line: number;
  /** From a box's top to the first line's baseline. */
  readonly ascent: number;
  readonly pad: number;
  readonly gap: number;
  readonly rowGap: number;
  readonly margin: number;
  readonly zoneLabel: number;
  readonly podGap: number;
  readonly nodeHeader: number;
  readonly labelHeight: number;
}

/** The picture's measures at a font size (VS Code's default editor font is 14 px). */
export function metricsFor(font: number): PictureMetrics {
  const size = Math.max(9, Math.min(32, Number.isFinite(font) ? font : 14));
  return {
    font: size,
    char: size * 0.61,
    line: Math.round(size * 1.4),
    ascent: Math.round(size * 0.95),
    pad: Math.round(size * 0.75),
    gap: Math.round(size * 17),
    rowGap: Math.round(size * 5),
    margin: 20,
    zoneLabel: Math.round(size * 2.2),
    podGap: Math.round(size * 1.6),
    nodeHeader: Math.round(size * 2.3),
    labelHeight: Math.round(size * 1.35),
  };
}

/** The measures the picture is laid out with; `setPictureFont` sets them from the editor's font size. */
export let metrics: PictureMetrics = metricsFor(12);

export function setPictureFont(font: number): void {
  metrics = metricsFor(font);
}

export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface PlacedElement extends Rect {
  /** The element id the walks use: client, load-balancer, node:<name>, cluster-ip, dns, client-pod, pod:<id>, external-host, no-pods. */
  readonly id: string;
  readonly lines: readonly string[];
}

export interface PlacedArrow {
  readonly step: PictureStep;
  readonly walk: number;
  readonly index: number;
  readonly points: readonly number[];
  /** The label's box: the destination at this step. */
  readonly label: Rect & { readonly text: string };
  /** Another endpoint the step may pick (load balancing), not the one the packet takes. */
  readonly spread?: boolean;
}

/** A line that is not a step: the cluster IP's tie to the kube-proxy rules that catch it. */
export interface PlacedLink {
  readonly points: readonly number[];
  readonly label: Rect & { readonly text: string };
}

export interface PictureLayout {
  readonly width: number;
  readonly height: number;
  readonly outside?: Rect;
  readonly cluster: Rect;
  readonly outsideRight?: Rect;
  readonly nodes: ReadonlyArray<Rect & { readonly name: string; readonly title: string }>;
  /** Where the zone and node titles are written, which labels keep clear of. */
  readonly titles: readonly Rect[];
  readonly elements: readonly PlacedElement[];
  readonly arrows: readonly PlacedArrow[];
  readonly links: readonly PlacedLink[];
  /** The NetworkPolicy gate: a fence in front of the Pods' column. */
  readonly gate?: Rect;
  /** The button that lists the workloads not drawn. */
  readonly more?: Rect & { readonly text: string };
  /** The walk drawn (its arrows and the client Pod's caption). */
  readonly walk: number;
}

/** The width text of `characters` needs. */
export function textWidth(text: string): number {
  // East Asian characters take about two Latin characters' width.
  let units = 0;
  for (const char of text) units += isWide(char) ? 1.9 : 1;
  return Math.ceil(units * metrics.char);
}

function boxFor(id: string, lines: readonly string[], minWidth = 120): { id: string; lines: readonly string[]; width: number; height: number } {
  const scaled = Math.round((minWidth * metrics.font) / 12);
  return { id, lines, width: Math.max(scaled, ...lines.map((line) => textWidth(line) + 2 * metrics.pad)), height: lines.length * metrics.line + 2 * metrics.pad - 2 };
}

/** Text cut into lines of at most `width` characters at spaces. */
export function wrapText(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

/** The lines of a Pod box: workload, address and port, then each container with its ports. */
export function podLines(pod: PicturePod): string[] {
  // The three ports are named where they apply: targetPort here, port on the cluster IP, nodePort on the nodes.
  const lines = [pod.label, `${pod.ip.text}:${pod.targetPort ?? '?'}`, `targetPort ${pod.targetPort ?? '?'}`, ...(pod.dnsName ? [pod.dnsName] : [])];
  for (const container of pod.containers.slice(0, 3)) {
    lines.push(`▸ ${container.name}`);
    for (const port of container.ports.slice(0, 3)) lines.push(`   ${port.matched ? '● ' : ''}${port.number}/${port.protocol}${port.name ? ` ${port.name}` : ''}`);
  }
  return lines;
}

/** Below this width the outside zone goes above the cluster instead of to its left. */
export const stackBelow = 900;

/** Which walks a layout draws: every walk from outside and through an entry, and the in-cluster walk chosen (an arbitrary Pod unless a workload's is). */
export function drawnWalks(picture: RoutePicture, selected: number): number[] {
  const chosen = picture.walks[selected];
  const inside = chosen && chosen.client === 'in-cluster' ? selected : picture.walks.findIndex((walk) => walk.client === 'in-cluster' && walk.from === undefined);
  return picture.walks.flatMap((walk, index) => (walk.client !== 'in-cluster' || index === inside ? [index] : []));
}

export function layoutPicture(picture: RoutePicture, availableWidth = Number.POSITIVE_INFINITY, selectedWalk = 0): PictureLayout {
  const m = metrics;
  const elements: PlacedElement[] = [];
  const place = (box: { id: string; lines: readonly string[]; width: number; height: number }, x: number, y: number): PlacedElement => {
    const placed = { ...box, x, y };
    elements.push(placed);
    return placed;
  };
  const walk = Math.max(0, Math.min(selectedWalk, picture.walks.length - 1));
  const external = picture.client !== undefined;
  // A narrow panel: the outside zone on top, the cluster under it with a gutter on its left that
  // the way in runs down.
  const stacked = external && availableWidth < stackBelow;
  const gutter = 44;

  // Boxes first, to know their sizes.
  const clientBox = external ? boxFor('client', [t('client'), `${picture.client!.text}`]) : undefined;
  const lbBox = picture.loadBalancer ? boxFor('load-balancer', [t('load balancer'), `${picture.loadBalancer.address.text}:${picture.loadBalancer.port}`, ...(picture.loadBalancer.sourceRanges.length > 0 ? [t('from {0}', picture.loadBalancer.sourceRanges.join(', '))] : []), ...(picture.externalTrafficPolicy === 'Local' ? [t('health check: nodes with a local Pod')] : [])]) : undefined;
  const source = picture.walks[walk]?.client === 'in-cluster' ? picture.walks[walk].from : undefined;
  const clientPodBox = boxFor('client-pod', [source ? t('Pod of {0}', source) : t('client Pod'), picture.clientPod.ip.text]);
  const virtualBox = picture.clusterIP
    ? boxFor('cluster-ip', [t('cluster IP (virtual)'), `${picture.clusterIP.address.text}:${picture.clusterIP.port}`, picture.clusterIP.dnsName, `port ${picture.clusterIP.port}`])
    : picture.dns
      ? boxFor('dns', [t('cluster DNS'), picture.dns.name, ...picture.dns.answer.slice(0, 4), ...(picture.dns.answer.length > 4 ? [t('… {0} more', picture.dns.answer.length - 4)] : [])])
      : undefined;
  const policyBox = picture.policy ? boxFor('policy', [t('policy gate'), ...picture.policy.names.slice(0, 3), ...(picture.policy.names.length > 3 ? [t('… {0} more', picture.policy.names.length - 3)] : []), picture.policy.label]) : undefined;
  // kube-proxy takes part only where the Service has a cluster IP (not headless, not ExternalName).
  const proxied = picture.type !== 'headless' && picture.type !== 'ExternalName';
  const nodeBoxes = picture.nodes.map((node) =>
    boxFor(`node:${node.name}`, [node.name, picture.nodePort ? `${node.ip.text}:${picture.nodePort.number}` : node.ip.text, ...(proxied ? ['kube-proxy'] : []), ...(picture.nodePort ? [`nodePort ${picture.nodePort.number}`] : []), ...(node.dropsExternal ? [picture.type === 'LoadBalancer' ? t('no local Pod: fails the health check') : t('no local Pod: drops external traffic')] : [])], 170),
  );
  // Gateway and Ingress entries: the entry, its listener (or class), the rule, its address.
  const gatewayBoxes = (picture.gateways ?? []).map((gateway, position) =>
    boxFor(`gateway:${position}`, [gateway.entry.gateway, gateway.entry.kind === 'ingress' ? (gateway.entry.listener ? t('ingress class {0}', gateway.entry.listener) : t('default ingress class')) : t('listener {0}', gateway.entry.listener), `→ ${gateway.entry.route}`, `${gateway.address.text}:${gateway.entry.port}`], 170),
  );
  const entryWidth = Math.max(clientPodBox.width, ...nodeBoxes.map((box) => box.width), ...gatewayBoxes.map((box) => box.width));
  const podBoxes = picture.nodes.map((node) => node.pods.map((pod) => boxFor(`pod:${pod.id}`, podLines(pod), 160)));

  // Outside on the left (or on top): the client, then the load balancer.
  let x = m.margin;
  let outside: Rect | undefined;
  let clientX = 0;
  let lbX = 0;
  let top = m.margin + m.zoneLabel;
  const outsideHeight = Math.max(clientBox?.height ?? 0, lbBox?.height ?? 0);
  // Gaps as wide as the labels of the arrows that cross them, and no wider.
  const stepsFrom = (ids: readonly string[]): PictureStep[] => picture.walks.flatMap((candidate) => candidate.steps.filter((step) => ids.includes(step.from)));
  const gapFor = (steps: readonly PictureStep[], least: number): number => Math.max(least, ...steps.map((step) => textWidth(arrowText(step)) + 48));
  if (external) {
    clientX = x + m.pad;
    lbX = clientX + clientBox!.width + gapFor(stepsFrom(['client']).filter((step) => step.to === 'load-balancer'), Math.round(m.gap / 2));
    const right = (lbBox ? lbX + lbBox.width : clientX + clientBox!.width) + m.pad;
    outside = { x, y: m.margin, width: right - x, height: stacked ? m.zoneLabel + outsideHeight + m.pad : 0 };
    // The way in (to a node port, or a Gateway with the requests it takes): the gap fits the longest label.
    if (stacked) {
      top = m.margin + outside.height + m.rowGap + m.zoneLabel;
      x = m.margin + gutter;
    } else x = right + gapFor(stepsFrom(['client', 'load-balancer']).filter((step) => step.to !== 'load-balancer'), Math.round(m.gap / 2));
  }

  // The cluster: a top row (entries; the virtual address and the policy gate over the Pods), then the node rows.
  const clusterX = x;
  const entryX = clusterX + m.pad + 6;
  // The gap between the entry column and the Pods holds the arrows' labels and the policy fence.
  const podsX = entryX + entryWidth + gapFor(picture.walks.flatMap((candidate) => candidate.steps.filter((step) => step.to.startsWith('pod:'))), Math.round(m.gap * 0.7));
  let rowTop = top;
  for (const box of gatewayBoxes) {
    place(box, entryX, rowTop);
    rowTop += box.height + m.rowGap / 2;
  }
  const overPods = [virtualBox, policyBox].filter((box): box is NonNullable<typeof box> => box !== undefined);
  let overX = podsX;
  for (const box of overPods) {
    place(box, overX, top);
    overX += box.width + m.podGap;
  }
  const overHeight = Math.max(0, ...overPods.map((box) => box.height));
  let y = Math.max(rowTop - (gatewayBoxes.length > 0 ? m.rowGap / 2 : 0), overPods.length > 0 ? top + overHeight : top) + (gatewayBoxes.length > 0 || overPods.length > 0 ? m.rowGap : 0);
  const nodes: Array<Rect & { name: string; title: string }> = [];
  let right = Math.max(overX - m.podGap, entryX + entryWidth);
  // Pods wrap to the panel's width: a narrow panel grows the picture down rather than sideways.
  const rowLimit = Number.isFinite(availableWidth) ? Math.max(availableWidth - m.margin, podsX + 200) : Number.POSITIVE_INFINITY;
  let gateTop: number | undefined;
  let gateBottom = 0;
  picture.nodes.forEach((node, position) => {
    const entry = nodeBoxes[position];
    const pods = podBoxes[position];
    const noPods = position === 0 && picture.type !== 'ExternalName' && picture.nodes.every((candidate) => candidate.pods.length === 0);
    const placeholder = noPods ? boxFor('no-pods', [t('no Pod matches the selector'), ...wrapText(picture.emptySelector ?? '', 46).slice(0, 4)], 160) : undefined;
    const rowTop = y + m.nodeHeader;
    place(entry, entryX, rowTop);
    let entryBottom = rowTop + entry.height;
    // The client Pod runs on a node: drawn in that node's row, under its kube-proxy.
    if (node.name === picture.clientPod.node) {
      // Room between them for the label of the arrow into kube-proxy.
      const between = m.labelHeight + 16;
      place(clientPodBox, entryX, entryBottom + between);
      entryBottom += between + clientPodBox.height;
    }
    let podX = podsX;
    let lineTop = rowTop;
    let lineHeight = 0;
    const next = (box: { width: number; height: number }): { x: number; y: number } => {
      if (podX > podsX && podX + box.width > rowLimit) {
        podX = podsX;
        lineTop += lineHeight + m.podGap;
        lineHeight = 0;
      }
      const spot = { x: podX, y: lineTop };
      podX += box.width + m.podGap;
      lineHeight = Math.max(lineHeight, box.height);
      right = Math.max(right, podX - m.podGap);
      return spot;
    };
    for (const pod of pods) {
      const spot = next(pod);
      place(pod, spot.x, spot.y);
    }
    if (placeholder) {
      const spot = next(placeholder);
      place(placeholder, spot.x, spot.y);
    }
    if (node.morePods) {
      const more = boxFor(`more:${node.name}`, [t('+{0} more Pods', node.morePods)], 110);
      const spot = next(more);
      place(more, spot.x, spot.y);
    }
    const bottom = Math.max(entryBottom, lineTop + lineHeight);
    if (pods.length > 0 || placeholder) {
      gateTop ??= rowTop;
      gateBottom = lineTop + lineHeight;
    }
    nodes.push({ name: node.name, title: node.ip.example ? t('node {0} · {1} (example)', node.name, node.ip.text) : t('node {0} · {1}', node.name, node.ip.text), x: clusterX + m.pad / 2, y, width: 0, height: bottom - y + m.pad });
    y = bottom + m.pad + m.rowGap / 2;
  });
  const moreText = picture.hiddenWorkloads.count > 0 ? (picture.hiddenWorkloads.count === 1 ? t('+{0} more workload, {1} Pods', 1, picture.hiddenWorkloads.pods) : t('+{0} more workloads, {1} Pods', picture.hiddenWorkloads.count, picture.hiddenWorkloads.pods)) : undefined;
  const more = moreText ? { x: podsX, y, width: textWidth(moreText) + 2 * m.pad, height: m.labelHeight + 10, text: moreText } : undefined;
  if (more) y += more.height + m.pad;
  const clusterRight = right + m.pad + 6;
  const fullNodes = nodes.map((node) => ({ ...node, width: clusterRight - m.pad / 2 - node.x }));
  const clusterTop = top - m.zoneLabel;
  const cluster = { x: clusterX, y: clusterTop, width: clusterRight - clusterX, height: y - clusterTop };
  // The policy gate: a fence just in front of the Pods, across every row that has Pods.
  const gate = picture.policy && gateTop !== undefined ? { x: podsX - 16, y: gateTop - 6, width: 6, height: gateBottom - gateTop + 12 } : undefined;

  // ExternalName: the outside host, right of the cluster.
  let outsideRight: Rect | undefined;
  let width = clusterRight + m.margin;
  if (picture.externalHost !== undefined) {
    const host = boxFor('external-host', [t('outside host'), `${picture.externalHost}:${picture.port.number}`]);
    const hostX = clusterRight + m.gap;
    place(host, hostX, top);
    outsideRight = { x: hostX - m.pad, y: m.margin, width: host.width + 2 * m.pad, height: top + host.height + m.pad - m.margin };
    width = hostX + host.width + m.pad + m.margin;
  }
  const height = y + m.margin;
  if (outside && !stacked) outside = { ...outside, height: cluster.height };
  if (outside && stacked) width = Math.max(width, outside.x + outside.width + m.margin);

  // The outside boxes line up with the first node's entry (or sit in the row on top).
  const firstEntry = elements.find((element) => element.id === `node:${picture.nodes[0]?.name}`);
  // Without a node port the way in is a Gateway: the client faces the first one.
  const outsideY = stacked ? m.margin + m.zoneLabel : firstEntry && picture.nodePort ? firstEntry.y : gatewayBoxes.length > 0 ? top : firstEntry ? firstEntry.y : top;
  if (clientBox) place(clientBox, clientX, outsideY);
  if (lbBox) place(lbBox, lbX, outsideY);

  const byId = new Map(elements.map((element) => [element.id, element]));
  // Steps name the box they end in: a Pod's container is in the Pod's box, a node's kube-proxy in the node's.
  const elementOf = (id: string): PlacedElement | undefined => byId.get(id.startsWith('container:') ? `pod:${id.slice('container:'.length)}` : id.startsWith('kube-proxy:') ? `node:${id.slice('kube-proxy:'.length)}` : id);
  const arrows: PlacedArrow[] = [];
  const titles: Rect[] = [
    ...fullNodes.map((node) => ({ x: node.x + 8, y: node.y + 4, width: textWidth(node.title) + 4, height: m.labelHeight + 2 })),
    ...[outside, cluster, outsideRight].flatMap((zone) => (zone ? [{ x: zone.x + 8, y: zone.y + 3, width: 140, height: m.labelHeight + 2 }] : [])),
  ];
  const labels: Rect[] = [...titles];
  const taken = (): Rect[] => [...elements, ...labels, ...(gate ? [gate] : [])];
  for (const walkIndex of drawnWalks(picture, walk)) {
    picture.walks[walkIndex].steps.forEach((step, index) => {
      const from = elementOf(step.from);
      const to = elementOf(step.to);
      if (!from || !to || from === to) return;
      const entering = stacked && (step.from === 'client' || step.from === 'load-balancer') && !(to.id === 'load-balancer');
      const points = entering ? downTheGutter(from, to, cluster.y - m.rowGap / 2, m.margin + gutter / 2) : route(from, to, elements);
      const text = arrowText(step);
      const label = placeLabel(text, points, taken());
      labels.push(label);
      arrows.push({ step, walk: walkIndex, index, points, label: { ...label, text } });
      // Load balancing, for the walk chosen: a fainter arrow to every other Pod the step may pick, with its share.
      if (walkIndex !== walk) return;
      for (const other of step.spread ?? []) {
        const target = elementOf(other.to);
        if (!target || target === from) continue;
        const otherPoints = route(from, target, elements);
        const otherLabel = placeLabel(other.share, otherPoints, taken());
        labels.push(otherLabel);
        arrows.push({ step: { ...step, to: other.to, destination: other.destination }, walk: walkIndex, index, points: otherPoints, label: { ...otherLabel, text: other.share }, spread: true });
      }
    });
  }
  // The cluster IP belongs to no interface: a dotted tie to the kube-proxy rules on the client's node that catch packets sent to it.
  const links: PlacedLink[] = [];
  const virtual = byId.get('cluster-ip');
  const catcher = byId.get(`node:${picture.clientPod.node}`);
  if (virtual && catcher) {
    const points = route(catcher, virtual, elements);
    const text = t('caught by kube-proxy rules');
    const label = placeLabel(text, points, taken());
    labels.push(label);
    links.push({ points, label: { ...label, text } });
  }
  return { width, height, ...(outside ? { outside } : {}), cluster, ...(outsideRight ? { outsideRight } : {}), nodes: fullNodes, titles, elements, arrows, links, ...(gate ? { gate } : {}), ...(more ? { more } : {}), walk };
}

/** An arrow's label: the destination at its step, the rewrite that made it, and its share where the step picks among endpoints. */
export function arrowText(step: PictureStep): string {
  return [step.destination, ...(step.rewrite ? [step.rewrite] : []), ...(step.share && step.spread ? [step.share] : [])].join(' · ');
}

/**
 * An arrow from one box to another: straight when they face each other across a gap, otherwise
 * out of the source's side (or bottom) into the gap, along it, and into the target.
 */
function route(from: Rect, to: Rect, obstacles: readonly Rect[] = []): number[] {
  const fromMidY = from.y + from.height / 2;
  const toMidY = to.y + to.height / 2;
  if (from.x + from.width <= to.x) {
    const overlapTop = Math.max(from.y, to.y);
    const overlapBottom = Math.min(from.y + from.height, to.y + to.height);
    if (overlapBottom - overlapTop >= 12) {
      const y = Math.round((overlapTop + Math.min(overlapBottom, overlapTop + 40)) / 2);
      return [from.x + from.width, y, to.x, y];
    }
    // Across the gap: along its middle, then into the target's side; or, when boxes stand
    // between the gap and the target (a second Pod in a row), over them and into its top.
    const gapX = Math.round(from.x + from.width + Math.min(40, (to.x - from.x - from.width) / 3));
    const sideways: Rect = { x: gapX, y: toMidY - 1, width: to.x - gapX, height: 2 };
    if (!obstacles.some((box) => box !== to && box !== from && overlaps(box, sideways))) return [from.x + from.width, fromMidY, gapX, fromMidY, gapX, toMidY, to.x, toMidY];
    const overY = Math.round(to.y - Math.min(14, metrics.podGap / 2 + 2));
    const intoX = Math.round(to.x + Math.min(24, to.width / 4));
    return [from.x + from.width, fromMidY, gapX, fromMidY, gapX, overY, intoX, overY, intoX, to.y];
  }
  // The target is below (or above) within the same columns: out of the bottom, into its top.
  const x = Math.round(Math.max(from.x + 16, Math.min(from.x + from.width - 16, to.x + 24)));
  if (to.y > from.y + from.height) {
    const midY = Math.round(to.y - 18);
    return [x, from.y + from.height, x, midY, to.x + 24, midY, to.x + 24, to.y];
  }
  return [from.x + from.width / 2, from.y, from.x + from.width / 2, to.y + to.height];
}

/** From the outside row into the cluster: down, left along the gap, down the gutter, into the target's side. */
function downTheGutter(from: Rect, to: Rect, gapY: number, gutterX: number): number[] {
  const startX = Math.round(from.x + from.width / 2);
  const targetY = Math.round(to.y + Math.min(20, to.height / 2));
  return [startX, from.y + from.height, startX, gapY, gutterX, gapY, gutterX, targetY, to.x, targetY];
}

/**
 * A label on its arrow: beside a segment long enough for it (above or below a horizontal one,
 * right or left of a vertical one, centred or at either end), the first such place that collides
 * with nothing; failing that, above the first segment, moved until it is clear.
 */
function placeLabel(text: string, points: readonly number[], taken: readonly Rect[]): Rect {
  const width = textWidth(text) + 8;
  const height = metrics.labelHeight;
  const candidates: Rect[] = [];
  for (let index = 0; index + 3 < points.length; index += 2) {
    const [x1, y1, x2, y2] = points.slice(index, index + 4);
    const length = Math.abs(x2 - x1) + Math.abs(y2 - y1);
    if (y1 === y2 && length >= width + 8) {
      const left = Math.min(x1, x2);
      for (const x of [left + (length - width) / 2, left + 4, left + length - width - 4]) for (const y of [y1 - height - 3, y1 + 3]) candidates.push({ x, y, width, height });
    } else if (x1 === x2 && length >= height + 8) {
      const topY = Math.min(y1, y2);
      for (const y of [topY + (length - height) / 2, topY + 4, topY + length - height - 4]) for (const x of [x1 + 6, x1 - width - 6]) candidates.push({ x, y, width, height });
    }
  }
  const free = candidates.find((candidate) => !taken.some((rect) => overlaps(rect, candidate)));
  if (free) return free;
  let candidate: Rect = candidates[0] ?? { x: points[0] + 4, y: points[1] - height - 3, width, height };
  for (let attempt = 0; attempt < 12 && taken.some((rect) => overlaps(rect, candidate)); attempt++) {
    candidate = { ...candidate, y: candidate.y - (attempt % 2 === 0 ? height + 2 : -(height + 2) * (attempt + 1)) };
  }
  return candidate;
}

export function overlaps(left: Rect, right: Rect): boolean {
  return left.x < right.x + right.width && right.x < left.x + left.width && left.y < right.y + right.height && right.y < left.y + left.height;
}
