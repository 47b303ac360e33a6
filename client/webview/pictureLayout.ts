/**
 * Where the elements of a cluster picture go: numbers in, numbers out, no DOM. Left to right:
 * outside the cluster (client, load balancer), then the cluster boundary with a top row (the
 * in-cluster client Pod, the cluster IP or the cluster DNS; Gateway entries above them) above one row per node (the node's
 * address, node port and kube-proxy, then its Pods), and for ExternalName the outside host on the
 * right. Box widths follow their text, so no label is cut. Arrows run in the gaps between
 * columns and rows, and each arrow's label sits in its gap, clear of boxes and other labels.
 */
import type { PicturePod, PictureStep, RoutePicture } from '../../server/src/protocol/route';
import { isWide, t } from './strings';

export const metrics = { char: 6.8, line: 16, pad: 10, gap: 230, rowGap: 64, margin: 20, zoneLabel: 26, podGap: 22, nodeHeader: 28 } as const;

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
  /** The button that lists the workloads not drawn. */
  readonly more?: Rect & { readonly text: string };
}

/** The width text of `characters` needs. */
export function textWidth(text: string): number {
  // East Asian characters take about two Latin characters' width.
  let units = 0;
  for (const char of text) units += isWide(char) ? 1.9 : 1;
  return Math.ceil(units * metrics.char);
}

function boxFor(id: string, lines: readonly string[], minWidth = 120): { id: string; lines: readonly string[]; width: number; height: number } {
  return { id, lines, width: Math.max(minWidth, ...lines.map((line) => textWidth(line) + 2 * metrics.pad)), height: lines.length * metrics.line + 2 * metrics.pad - 2 };
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

export function layoutPicture(picture: RoutePicture, availableWidth = Number.POSITIVE_INFINITY): PictureLayout {
  const m = metrics;
  const elements: PlacedElement[] = [];
  const place = (box: { id: string; lines: readonly string[]; width: number; height: number }, x: number, y: number): PlacedElement => {
    const placed = { ...box, x, y };
    elements.push(placed);
    return placed;
  };
  const external = picture.client !== undefined;
  // A narrow panel: the outside zone on top, the cluster under it with a gutter on its left that
  // the way in runs down.
  const stacked = external && availableWidth < stackBelow;
  const gutter = 44;

  // Boxes first, to know their sizes.
  const clientBox = external ? boxFor('client', [t('client'), `${picture.client!.text}`]) : undefined;
  const lbBox = picture.loadBalancer ? boxFor('load-balancer', [t('load balancer'), `${picture.loadBalancer.address.text}:${picture.loadBalancer.port}`, ...(picture.loadBalancer.sourceRanges.length > 0 ? [t('from {0}', picture.loadBalancer.sourceRanges.join(', '))] : [])]) : undefined;
  const clientPodBox = boxFor('client-pod', [t('client Pod'), picture.clientPod.ip.text, t('on {0}', picture.clientPod.node)]);
  const virtualBox = picture.clusterIP
    ? boxFor('cluster-ip', [t('cluster IP (virtual)'), `${picture.clusterIP.address.text}:${picture.clusterIP.port}`, picture.clusterIP.dnsName, `port ${picture.clusterIP.port}`])
    : picture.dns
      ? boxFor('dns', [t('cluster DNS'), picture.dns.name, ...picture.dns.answer.slice(0, 4), ...(picture.dns.answer.length > 4 ? [t('… {0} more', picture.dns.answer.length - 4)] : [])])
      : undefined;
  // kube-proxy takes part only where the Service has a cluster IP (not headless, not ExternalName).
  const proxied = picture.type !== 'headless' && picture.type !== 'ExternalName';
  const nodeBoxes = picture.nodes.map((node) =>
    boxFor(`node:${node.name}`, [node.name, picture.nodePort ? `${node.ip.text}:${picture.nodePort.number}` : node.ip.text, ...(proxied ? ['kube-proxy'] : []), ...(picture.nodePort ? [`nodePort ${picture.nodePort.number}`] : []), ...(node.dropsExternal ? [picture.type === 'LoadBalancer' ? t('no local Pod: fails the health check') : t('no local Pod: drops external traffic')] : [])], 170),
  );
  // Gateway entries: the Gateway, its listener, the rule, its address, above the client Pod.
  const gatewayBoxes = (picture.gateways ?? []).map((gateway, position) => boxFor(`gateway:${position}`, [gateway.entry.gateway, t('listener {0}', gateway.entry.listener), `→ ${gateway.entry.route}`, `${gateway.address.text}:${gateway.entry.port}`], 170));
  const entryWidth = Math.max(clientPodBox.width, ...nodeBoxes.map((box) => box.width), ...gatewayBoxes.map((box) => box.width));
  const podBoxes = picture.nodes.map((node) => node.pods.map((pod) => boxFor(`pod:${pod.id}`, podLines(pod), 160)));

  // Outside on the left (or on top): the client, then the load balancer.
  let x = m.margin;
  let outside: Rect | undefined;
  let clientX = 0;
  let lbX = 0;
  let top = m.margin + m.zoneLabel;
  const outsideHeight = Math.max(clientBox?.height ?? 0, lbBox?.height ?? 0);
  if (external) {
    clientX = x + m.pad;
    lbX = clientX + clientBox!.width + (stacked ? 120 : m.gap);
    const right = (lbBox ? lbX + lbBox.width : clientX + clientBox!.width) + m.pad;
    outside = { x, y: m.margin, width: right - x, height: stacked ? m.zoneLabel + outsideHeight + m.pad : 0 };
    // The way into a Gateway is labelled with the requests it takes: the gap fits the longest.
    const entryLabels = picture.walks.filter((walk) => walk.client === 'gateway').map((walk) => textWidth(walk.steps[0]?.destination ?? '') + 48);
    if (stacked) {
      top = m.margin + outside.height + m.rowGap + m.zoneLabel;
      x = m.margin + gutter;
    } else x = right + Math.max(m.gap, ...entryLabels);
  }

  // The cluster: a top row, then the node rows.
  const clusterX = x;
  const entryX = clusterX + m.pad + 6;
  const podsX = entryX + entryWidth + m.gap;
  const topHeight = Math.max(clientPodBox.height, virtualBox?.height ?? 0);
  let rowTop = top;
  for (const box of gatewayBoxes) {
    place(box, entryX, rowTop);
    rowTop += box.height + m.rowGap / 2;
  }
  place(clientPodBox, entryX, rowTop);
  if (virtualBox) place(virtualBox, podsX, rowTop);
  let y = rowTop + topHeight + m.rowGap;
  const nodes: Array<Rect & { name: string; title: string }> = [];
  let right = Math.max(podsX + (virtualBox?.width ?? 0), entryX + entryWidth);
  picture.nodes.forEach((node, position) => {
    const entry = nodeBoxes[position];
    const pods = podBoxes[position];
    const podHeight = Math.max(0, ...pods.map((pod) => pod.height));
    const noPods = position === 0 && picture.type !== 'ExternalName' && picture.nodes.every((candidate) => candidate.pods.length === 0);
    const placeholder = noPods ? boxFor('no-pods', [t('no Pod matches the selector'), ...wrapText(picture.emptySelector ?? '', 46).slice(0, 4)], 160) : undefined;
    const inner = Math.max(entry.height, podHeight, placeholder?.height ?? 0);
    const rowTop = y + m.nodeHeader;
    place(entry, entryX, rowTop);
    let podX = podsX;
    for (const pod of pods) {
      place(pod, podX, rowTop);
      podX += pod.width + m.podGap;
    }
    if (placeholder) {
      place(placeholder, podsX, rowTop);
      podX += placeholder.width + m.podGap;
    }
    if (node.morePods) {
      const more = boxFor(`more:${node.name}`, [t('+{0} more Pods', node.morePods)], 110);
      place(more, podX, rowTop);
      podX += more.width + m.podGap;
    }
    right = Math.max(right, podX - m.podGap);
    nodes.push({ name: node.name, title: node.ip.example ? t('node {0} · {1} (example)', node.name, node.ip.text) : t('node {0} · {1}', node.name, node.ip.text), x: clusterX + m.pad / 2, y, width: 0, height: m.nodeHeader + inner + m.pad });
    y += m.nodeHeader + inner + m.pad + m.rowGap / 2;
  });
  const moreText = picture.hiddenWorkloads.count > 0 ? (picture.hiddenWorkloads.count === 1 ? t('+{0} more workload, {1} Pods', 1, picture.hiddenWorkloads.pods) : t('+{0} more workloads, {1} Pods', picture.hiddenWorkloads.count, picture.hiddenWorkloads.pods)) : undefined;
  const more = moreText ? { x: podsX, y, width: textWidth(moreText) + 2 * m.pad, height: 26, text: moreText } : undefined;
  if (more) y += more.height + m.pad;
  const clusterRight = right + m.pad + 6;
  const fullNodes = nodes.map((node) => ({ ...node, width: clusterRight - m.pad / 2 - node.x }));
  const clusterTop = top - m.zoneLabel;
  const cluster = { x: clusterX, y: clusterTop, width: clusterRight - clusterX, height: y - clusterTop };

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
  const arrows: PlacedArrow[] = [];
  const titles: Rect[] = [
    ...fullNodes.map((node) => ({ x: node.x + 8, y: node.y + 4, width: textWidth(node.title) + 4, height: 18 })),
    ...[outside, cluster, outsideRight].flatMap((zone) => (zone ? [{ x: zone.x + 8, y: zone.y + 3, width: 140, height: 18 }] : [])),
  ];
  const labels: Rect[] = [...titles];
  picture.walks.forEach((walk, walkIndex) => {
    walk.steps.forEach((step, index) => {
      const from = byId.get(step.from);
      const to = byId.get(step.to.startsWith('container:') ? `pod:${step.to.slice('container:'.length)}` : step.to);
      if (!from || !to || from === to) return;
      const entering = stacked && (step.from === 'client' || step.from === 'load-balancer') && !(to.id === 'load-balancer');
      const points = entering ? downTheGutter(from, to, cluster.y - m.rowGap / 2, m.margin + gutter / 2) : route(from, to);
      const text = step.rewrite ? `${step.destination} · ${step.rewrite}` : step.destination;
      const label = placeLabel(text, points, [...elements, ...labels, ...arrows.map((arrow) => arrow.label)]);
      labels.push(label);
      arrows.push({ step, walk: walkIndex, index, points, label: { ...label, text } });
    });
  });
  return { width, height, ...(outside ? { outside } : {}), cluster, ...(outsideRight ? { outsideRight } : {}), nodes: fullNodes, titles, elements, arrows, ...(more ? { more } : {}) };
}

/**
 * An arrow from one box to another: straight when they face each other across a gap, otherwise
 * out of the source's side (or bottom) into the gap, along it, and into the target.
 */
function route(from: Rect, to: Rect): number[] {
  const fromMidY = from.y + from.height / 2;
  const toMidY = to.y + to.height / 2;
  if (from.x + from.width <= to.x) {
    const overlapTop = Math.max(from.y, to.y);
    const overlapBottom = Math.min(from.y + from.height, to.y + to.height);
    if (overlapBottom - overlapTop >= 12) {
      const y = Math.round((overlapTop + Math.min(overlapBottom, overlapTop + 40)) / 2);
      return [from.x + from.width, y, to.x, y];
    }
    // Across the gap: along its middle, then into the target's side.
    const gapX = Math.round(from.x + from.width + Math.min(40, (to.x - from.x - from.width) / 3));
    return [from.x + from.width, fromMidY, gapX, fromMidY, gapX, toMidY, to.x, toMidY];
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

/** A label above the arrow's first segment long enough for it, moved up until it collides with nothing. */
function placeLabel(text: string, points: readonly number[], taken: readonly Rect[]): Rect {
  const width = textWidth(text) + 8;
  const height = 15;
  let best = { x: points[0] + 4, y: points[1] - height - 3 };
  for (let index = 0; index + 3 < points.length; index += 2) {
    const [x1, y1, x2, y2] = points.slice(index, index + 4);
    if (y1 === y2 && Math.abs(x2 - x1) >= width + 8) {
      best = { x: Math.min(x1, x2) + (Math.abs(x2 - x1) - width) / 2, y: y1 - height - 3 };
      break;
    }
    if (x1 === x2 && Math.abs(y2 - y1) >= height + 8) best = { x: x1 + 6, y: Math.min(y1, y2) + (Math.abs(y2 - y1) - height) / 2 };
  }
  let candidate: Rect = { ...best, width, height };
  for (let attempt = 0; attempt < 12 && taken.some((rect) => overlaps(rect, candidate)); attempt++) {
    candidate = { ...candidate, y: candidate.y - (attempt % 2 === 0 ? height + 2 : -(height + 2) * (attempt + 1)) };
  }
  return candidate;
}

export function overlaps(left: Rect, right: Rect): boolean {
  return left.x < right.x + right.width && right.x < left.x + left.width && left.y < right.y + right.height && right.y < left.y + left.height;
}
