/**
 * Draws one port's cluster picture as SVG (pictureLayout.ts places it): zones, nodes, boxes with
 * their addresses (examples in their own style), arrows labelled with the packet's destination at
 * each step, broken steps in the error colour. Manifest text goes in with textContent only. A box
 * or arrow that stands for a hop opens its manifest on click or Enter and shows its details on
 * hover or focus. `walker` moves a packet along a walk, one step at a time.
 */
import type { PictureStep, RouteHop, RouteModel, RoutePicture } from '../../server/src/protocol/route';
import { layoutPicture, metrics } from './pictureLayout';
import type { PictureLayout, PlacedArrow, PlacedElement } from './pictureLayout';
import { onActivate } from './render';
import type { Poster } from './render';
import { t } from './strings';

const svgNamespace = 'http://www.w3.org/2000/svg';

type Make = <K extends keyof SVGElementTagNameMap>(name: K, attributes?: Record<string, string | number>, text?: string) => SVGElementTagNameMap[K];

export interface DrawnPicture {
  readonly svg: SVGSVGElement;
  readonly layout: PictureLayout;
  /** The group zoom and pan transform. */
  readonly viewport: SVGGElement;
}

export function renderPicture(model: RouteModel, laneIndex: number, document: Document, poster: Poster, onFocusHop: (hop: RouteHop | undefined, extra?: string) => void, availableWidth = Number.POSITIVE_INFINITY, walk = 0): DrawnPicture | undefined {
  const lane = model.lanes[laneIndex];
  const picture = lane?.picture;
  if (!picture) return undefined;
  const layout = layoutPicture(picture, availableWidth, walk);
  const make: Make = (name, attributes = {}, text) => {
    const created = document.createElementNS(svgNamespace, name);
    for (const [key, value] of Object.entries(attributes)) created.setAttribute(key, String(value));
    if (text !== undefined) created.textContent = text;
    return created;
  };
  const titleHeight = Math.round(metrics.font * 2.3);
  // Text at the font size the layout measured for (the editor's), whatever the stylesheet's defaults.
  const svg = make('svg', { class: 'picture', width: layout.width, height: layout.height + titleHeight, viewBox: `0 0 ${layout.width} ${layout.height + titleHeight}`, role: 'group', tabindex: 0, 'font-size': metrics.font });
  svg.setAttribute('aria-label', t('Cluster picture of Service {0}, port {1}', `${model.service.namespace}/${model.service.name}`, picture.port.name ?? picture.port.number));
  const defs = make('defs');
  for (const [id, kind] of [['pic-arrow', 'ok'], ['pic-arrow-broken', 'broken']] as const) {
    const marker = make('marker', { id, viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' });
    marker.append(make('path', { d: 'M 0 0 L 10 5 L 0 10 z', class: `arrow-head ${kind}` }));
    defs.append(marker);
  }
  svg.append(defs);
  // Which Service and port, so an exported picture says what it shows.
  svg.append(make('text', { class: 'picture-title', x: metrics.margin, y: Math.round(metrics.font * 1.5) }, `Service ${model.service.namespace}/${model.service.name} · port ${picture.port.name ? `${picture.port.name} ` : ''}${picture.port.number}/${picture.port.protocol} · ${picture.type}`));
  const viewport = make('g', { class: 'viewport' });
  const content = make('g', { transform: `translate(0 ${titleHeight})` });
  viewport.append(content);
  svg.append(viewport);

  if (layout.outside) content.append(zone(make, layout.outside, t('Outside the cluster'), 'outside'));
  content.append(zone(make, layout.cluster, t('The cluster'), 'cluster'));
  if (layout.outsideRight) content.append(zone(make, layout.outsideRight, t('Outside'), 'outside'));
  for (const node of layout.nodes) {
    const group = make('g', { class: 'node-row' });
    group.append(make('rect', { class: 'node-area', x: node.x, y: node.y, width: node.width, height: node.height, rx: 8 }));
    group.append(make('text', { class: 'node-title', x: node.x + 10, y: node.y + 18 }, node.title));
    content.append(group);
  }
  if (layout.gate && picture.policy) {
    const hop = lane.hops[picture.policy.hop];
    const fence = make('rect', { class: `gate verdict-${picture.policy.verdict}`, x: layout.gate.x, y: layout.gate.y, width: layout.gate.width, height: layout.gate.height, rx: 2 });
    fence.append(make('title', {}, `${hop?.label ?? ''}\n${hop?.detail ?? ''}`));
    content.append(fence);
  }
  for (const link of layout.links) {
    const group = make('g', { class: 'link' });
    group.append(make('polyline', { class: 'link-line', points: link.points.join(' ') }));
    const label = make('g', { class: 'link-label', transform: `translate(${link.label.x} ${link.label.y})` });
    label.append(make('text', { class: 'link-text', x: 4, y: Math.round(metrics.labelHeight * 0.75) }, link.label.text));
    group.append(label);
    content.append(group);
  }
  for (const element of layout.elements) content.append(elementGroup(make, element, model, laneIndex, picture, poster, onFocusHop));
  // Fainter arrows first, so the packet's own path is drawn over them.
  for (const arrow of [...layout.arrows.filter((candidate) => candidate.spread), ...layout.arrows.filter((candidate) => !candidate.spread)]) content.append(arrowGroup(make, arrow, lane.hops, poster, onFocusHop));
  if (layout.more) {
    const button = make('g', { class: 'more-workloads', role: 'button', tabindex: 0, transform: `translate(${layout.more.x} ${layout.more.y})` });
    button.setAttribute('aria-label', t('{0}: show the list', layout.more.text));
    button.append(make('rect', { class: 'box more', width: layout.more.width, height: layout.more.height, rx: 6 }));
    button.append(make('text', { class: 'label', x: metrics.pad, y: Math.round(layout.more.height / 2 + metrics.font * 0.35) }, layout.more.text));
    onActivate(button, () => onFocusHop(undefined, t('Not drawn: {0}', picture.hiddenWorkloads.names.join(', '))));
    content.append(button);
  }
  content.append(make('circle', { class: 'packet', r: 7, cx: -50, cy: -50, visibility: 'hidden' }));
  walkSteps.set(svg, picture.walks.map((walk) => walk.steps));
  return { svg, layout, viewport };
}

function zone(make: Make, rect: { x: number; y: number; width: number; height: number }, title: string, kind: string): SVGGElement {
  const group = make('g', { class: `zone zone-${kind}` });
  group.append(make('rect', { class: 'zone-area', x: rect.x, y: rect.y, width: rect.width, height: rect.height, rx: 10 }));
  group.append(make('text', { class: 'zone-title', x: rect.x + 10, y: rect.y + 17 }, title));
  return group;
}

/** The hop a picture element stands for, for its source range and details. */
function hopOfElement(element: PlacedElement, picture: RoutePicture, hops: readonly RouteHop[]): number | undefined {
  if (element.id === 'load-balancer') return picture.loadBalancer?.hop;
  if (element.id === 'cluster-ip') return picture.clusterIP?.hop;
  if (element.id === 'dns') return picture.dns?.hop;
  if (element.id.startsWith('node:')) {
    // The node port's hop where there is one; a ClusterIP's node box stands for no line of the manifest.
    const position = hops.findIndex((hop) => hop.kind === 'node');
    return position === -1 ? undefined : position;
  }
  if (element.id.startsWith('pod:')) return picture.nodes.flatMap((node) => node.pods).find((pod) => `pod:${pod.id}` === element.id)?.hop;
  if (element.id === 'external-host') {
    const position = hops.findIndex((hop) => hop.kind === 'external');
    return position === -1 ? undefined : position;
  }
  if (element.id.startsWith('gateway:')) return picture.gateways?.[Number(element.id.slice('gateway:'.length))]?.hop;
  if (element.id === 'policy') return picture.policy?.hop;
  if (element.id === 'no-pods') {
    const position = hops.findIndex((hop) => hop.kind === 'pod');
    return position === -1 ? undefined : position;
  }
  return undefined;
}

function elementGroup(make: Make, element: PlacedElement, model: RouteModel, laneIndex: number, picture: RoutePicture, poster: Poster, onFocusHop: (hop: RouteHop | undefined, extra?: string) => void): SVGGElement {
  const hops = model.lanes[laneIndex].hops;
  const hopIndex = hopOfElement(element, picture, hops);
  const hop = hopIndex !== undefined ? hops[hopIndex] : undefined;
  const pod = picture.nodes.flatMap((node) => node.pods).find((candidate) => `pod:${candidate.id}` === element.id);
  const node = picture.nodes.find((candidate) => `node:${candidate.name}` === element.id);
  // A node that drops external traffic under externalTrafficPolicy Local does what it should: marked, not an error.
  const broken = (hop?.status === 'broken' && !element.id.startsWith('node:')) || pod?.status === 'broken' || element.id === 'no-pods';
  const partial = element.id === 'policy' && picture.policy?.verdict === 'some';
  const dropping = node?.dropsExternal === true;
  const kind = element.id.split(':')[0];
  const revealable = hop?.file !== undefined && hop.range !== undefined;
  const group = make('g', { class: `element kind-${kind}${broken ? ' status-broken' : ''}${partial ? ' status-partial' : ''}${dropping ? ' drops-external' : ''}${revealable ? ' revealable' : ''}`, 'data-id': element.id, transform: `translate(${element.x} ${element.y})`, tabindex: 0, role: revealable ? 'button' : 'img' });
  group.setAttribute('aria-label', element.lines.join(', '));
  group.append(make('title', {}, [...element.lines, ...(hop ? [hop.detail, ...hop.findings.map((finding) => finding.message)] : [])].join('\n')));
  const dashed = kind === 'cluster-ip' || kind === 'no-pods';
  group.append(make('rect', { class: `box${dashed ? ' virtual' : ''}`, width: element.width, height: element.height, rx: 6 }));
  const examples = exampleTexts(element, picture);
  element.lines.forEach((line, index) => {
    const matched = line.includes('● ');
    const className = index === 0 ? 'caption' : examples.has(index) ? 'label example' : matched ? 'label matched' : 'label';
    group.append(make('text', { class: className, x: metrics.pad, y: metrics.pad + metrics.ascent + index * metrics.line }, line));
  });
  if (broken) group.append(make('text', { class: 'status-mark', x: element.width - metrics.font - 4, y: metrics.font + 4 }, '✕'));
  if (revealable) onActivate(group, () => poster.post({ type: 'reveal', file: hop.file!, range: hop.range! }));
  const show = (): void => onFocusHop(hop, hop ? undefined : element.lines.join(' · '));
  group.addEventListener('focus', show);
  group.addEventListener('mouseenter', show);
  return group;
}

/** The lines of a box that hold example values. */
function exampleTexts(element: PlacedElement, picture: RoutePicture): Set<number> {
  const result = new Set<number>();
  if (element.id === 'client' && picture.client?.example) result.add(1);
  if (element.id === 'client-pod') result.add(1);
  if (element.id === 'load-balancer' && picture.loadBalancer?.address.example) result.add(1);
  if (element.id === 'cluster-ip' && picture.clusterIP?.address.example) result.add(1);
  if (element.id.startsWith('node:') && (picture.nodes[0]?.ip.example || picture.nodePort?.example)) result.add(1);
  if (element.id.startsWith('pod:')) result.add(1);
  if (element.id.startsWith('gateway:') && picture.gateways?.[Number(element.id.slice('gateway:'.length))]?.address.example) result.add(3);
  return result;
}

function arrowGroup(make: Make, arrow: PlacedArrow, hops: readonly RouteHop[], poster: Poster, onFocusHop: (hop: RouteHop | undefined, extra?: string) => void): SVGGElement {
  const broken = arrow.step.status === 'broken';
  const group = make('g', { class: `arrow walk-${arrow.walk}${broken ? ' broken' : ''}${arrow.spread ? ' spread' : ''}`, 'data-walk': arrow.walk, 'data-step': arrow.index });
  group.append(make('polyline', { class: 'arrow-line', points: arrow.points.join(' '), 'marker-end': broken ? 'url(#pic-arrow-broken)' : 'url(#pic-arrow)' }));
  const label = make('g', { class: 'arrow-label', transform: `translate(${arrow.label.x} ${arrow.label.y})`, tabindex: 0, role: 'img' });
  label.setAttribute('aria-label', arrow.spread ? t('{0}: another Pod this step may pick, {1} of new connections', arrow.step.destination, arrow.label.text) : `${arrow.step.destination}: ${arrow.step.note}`);
  label.append(make('rect', { class: 'label-back', width: arrow.label.width, height: arrow.label.height, rx: 3 }));
  label.append(make('text', { class: 'arrow-text', x: 4, y: Math.round(arrow.label.height * 0.75) }, arrow.label.text));
  label.append(make('title', {}, `${arrow.step.source} → ${arrow.step.destination}\n${arrow.step.note}${arrow.step.finding ? `\n${arrow.step.finding}` : ''}`));
  const hop = arrow.step.hop !== undefined ? hops[arrow.step.hop] : undefined;
  const show = (): void => onFocusHop(hop, `${arrow.step.source} → ${arrow.step.destination}: ${arrow.step.note}${arrow.step.finding ? ` (${arrow.step.finding})` : ''}`);
  label.addEventListener('mouseenter', show);
  label.addEventListener('focus', show);
  if (hop?.file && hop.range) label.addEventListener('click', () => poster.post({ type: 'reveal', file: hop.file!, range: hop.range! }));
  group.append(label);
  return group;
}

/** Moves the packet of a walk: to the end of step `index`, animated unless motion is reduced. */
export function movePacket(svg: SVGSVGElement, layout: PictureLayout, walk: number, index: number, animate: boolean): void {
  const packet = svg.querySelector<SVGCircleElement>('circle.packet');
  const arrow = layout.arrows.find((candidate) => candidate.walk === walk && candidate.index === index && !candidate.spread);
  if (!packet) return;
  for (const line of svg.querySelectorAll('g.arrow.current')) line.classList.remove('current');
  if (!arrow) {
    // A step inside one box (the Pod's container, the node's kube-proxy): the packet sits in that box.
    const target = index < 0 ? undefined : stepTarget(svg, layout, walk, index);
    if (!target) {
      packet.setAttribute('visibility', 'hidden');
      return;
    }
    packet.setAttribute('visibility', 'visible');
    packet.classList.toggle('broken', target.broken);
    packet.setAttribute('cx', String(target.x));
    packet.setAttribute('cy', String(target.y));
    return;
  }
  for (const drawn of svg.querySelectorAll(`g.arrow[data-walk="${walk}"][data-step="${index}"]`)) drawn.classList.add('current');
  packet.setAttribute('visibility', 'visible');
  packet.classList.toggle('broken', arrow.step.status === 'broken');
  const points = arrow.points;
  const end = { x: points[points.length - 2], y: points[points.length - 1] };
  if (!animate) {
    packet.setAttribute('cx', String(end.x));
    packet.setAttribute('cy', String(end.y));
    return;
  }
  const start = performance.now();
  const segments: Array<[number, number, number, number]> = [];
  for (let position = 0; position + 3 < points.length; position += 2) segments.push([points[position], points[position + 1], points[position + 2], points[position + 3]]);
  const total = segments.reduce((sum, [x1, y1, x2, y2]) => sum + Math.hypot(x2 - x1, y2 - y1), 0) || 1;
  const frame = (now: number): void => {
    const progress = Math.min(1, (now - start) / 500);
    let distance = progress * total;
    for (const [x1, y1, x2, y2] of segments) {
      const length = Math.hypot(x2 - x1, y2 - y1);
      if (distance <= length || segments[segments.length - 1][0] === x1) {
        const ratio = length === 0 ? 1 : Math.min(1, distance / length);
        packet.setAttribute('cx', String(x1 + (x2 - x1) * ratio));
        packet.setAttribute('cy', String(y1 + (y2 - y1) * ratio));
        break;
      }
      distance -= length;
    }
    if (progress < 1) requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
}

/** Where the packet rests after a step drawn without an arrow: inside the box the step ends in. */
function stepTarget(svg: SVGSVGElement, layout: PictureLayout, walk: number, index: number): { x: number; y: number; broken: boolean } | undefined {
  const steps = walkSteps.get(svg)?.[walk];
  const step = steps?.[index];
  if (!step) return undefined;
  const id = step.to.startsWith('container:') ? `pod:${step.to.slice('container:'.length)}` : step.to.startsWith('kube-proxy:') ? `node:${step.to.slice('kube-proxy:'.length)}` : step.to;
  const element = layout.elements.find((candidate) => candidate.id === id);
  if (!element) return undefined;
  return { x: element.x + element.width - 14, y: element.y + element.height - 12, broken: step.status === 'broken' };
}

/** The walks of each drawn picture, for the packet. */
const walkSteps = new WeakMap<SVGSVGElement, ReadonlyArray<readonly PictureStep[]>>();
