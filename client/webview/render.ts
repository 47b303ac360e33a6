/**
 * Draws a RouteModel as SVG: a pure function of the model and the available width. Every string
 * from a manifest goes in with textContent (never markup), hops are focusable buttons with an aria
 * label, and a click or Enter on a hop with a source range asks the poster to reveal it.
 */
import type { RouteHop, RouteModel } from '../../server/src/protocol/route';
import type { FromWebview } from './messages';
import { box, layoutRoute } from './layout';
import type { HopShape } from './layout';
import { isWide, t } from './strings';

const svgNamespace = 'http://www.w3.org/2000/svg';

export interface Poster {
  post(message: FromWebview): void;
}

const kindCaptions: Record<RouteHop['kind'], string> = {
  client: 'client',
  ingress: 'ingress',
  gateway: 'Gateway → route',
  loadBalancer: 'load balancer',
  node: 'node IP : nodePort',
  kubeProxy: 'kube-proxy',
  service: 'cluster IP : port',
  dns: 'cluster DNS',
  policy: 'NetworkPolicy',
  pod: 'pod IP : targetPort',
  container: 'container : containerPort',
  external: 'external host',
};

/** At most this many characters fit on one line of a box. */
const lineCharacters = 26;

export function renderRoute(model: RouteModel, document: Document, width: number, poster: Poster, onFocusHop?: (hop: RouteHop | undefined) => void): SVGSVGElement {
  const shapes = model.lanes.map((lane) => lane.hops.map((hop): HopShape => ({ joins: hop.joins === true, branch: hop.kind === 'pod' || hop.kind === 'container' ? hop.workload ?? '(pods)' : undefined, findingLines: findingLines(hop).length })));
  const layout = layoutRoute(shapes, width);
  const element = <K extends keyof SVGElementTagNameMap>(name: K, attributes: Record<string, string | number> = {}, text?: string): SVGElementTagNameMap[K] => {
    const created = document.createElementNS(svgNamespace, name);
    for (const [key, value] of Object.entries(attributes)) created.setAttribute(key, String(value));
    if (text !== undefined) created.textContent = text;
    return created;
  };
  const svg = element('svg', { class: 'route', width: layout.width, height: layout.height, viewBox: `0 0 ${layout.width} ${layout.height}`, role: 'group' });
  svg.setAttribute('aria-label', t('Route of Service {0}', `${model.service.namespace}/${model.service.name}`));
  const defs = element('defs');
  const marker = element('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' });
  marker.append(element('path', { d: 'M 0 0 L 10 5 L 0 10 z', class: 'arrow-head' }));
  defs.append(marker);
  svg.append(defs);

  model.lanes.forEach((lane, laneIndex) => {
    const placed = layout.lanes[laneIndex];
    const group = element('g', { class: 'lane', 'data-lane': laneIndex });
    // A broken entry that joins the path (a route not attached) leaves the port reachable.
    const broken = lane.hops.some((hop) => hop.status === 'broken' && hop.joins !== true);
    group.append(element('text', { class: `lane-title${broken ? ' broken' : ''}`, x: box.padding, y: placed.titleY }, laneTitle(lane.port)));
    for (const edge of placed.edges) {
      const target = lane.hops[edge.to];
      group.append(element('polyline', { class: `edge${edge.bypass ? ' bypass' : ''}${target.status === 'broken' ? ' broken' : ''}`, points: edge.points.join(' '), 'marker-end': 'url(#arrow)', 'data-from': edge.from, 'data-to': edge.to }));
    }
    for (const placedBox of placed.boxes) group.append(hopElement(lane.hops[placedBox.hop], placedBox, element, poster, onFocusHop));
    svg.append(group);
  });
  return svg;
}

function hopElement(hop: RouteHop, placed: { hop: number; x: number; y: number; width: number; height: number }, element: <K extends keyof SVGElementTagNameMap>(name: K, attributes?: Record<string, string | number>, text?: string) => SVGElementTagNameMap[K], poster: Poster, onFocusHop?: (hop: RouteHop | undefined) => void): SVGGElement {
  const revealable = hop.file !== undefined && hop.range !== undefined;
  const group = element('g', { class: `hop kind-${hop.kind} status-${hop.status}${hop.joins ? ' joins' : ''}${revealable ? ' revealable' : ''}`, transform: `translate(${placed.x} ${placed.y})`, tabindex: 0, role: revealable ? 'button' : 'img', 'data-kind': hop.kind, 'data-hop': placed.hop });
  const findings = hop.findings.map((finding) => `${finding.severity}: ${finding.message}`);
  group.setAttribute('aria-label', [`${t(kindCaptions[hop.kind])}: ${hop.label}`, hop.status === 'ok' ? '' : hop.status, ...findings].filter(Boolean).join('. '));
  group.append(element('title', {}, [hop.label, hop.detail, ...findings].join('\n')));
  if (hop.kind === 'pod' && hop.severalPods) {
    // A stack of cards for several Pods.
    group.append(element('rect', { class: 'stack', x: 8, y: -8, width: placed.width, height: placed.height, rx: 6 }));
    group.append(element('rect', { class: 'stack', x: 4, y: -4, width: placed.width, height: placed.height, rx: 6 }));
  }
  group.append(element('rect', { class: 'box', width: placed.width, height: placed.height, rx: 6 }));
  group.append(element('text', { class: 'caption', x: 10, y: 17 }, t(kindCaptions[hop.kind])));
  // A Pod box says where traffic arrives: <pod IP>:targetPort, under the workload.
  const address = hop.kind === 'pod' ? /^<pod IP>:\S+?(?=[ .(]|$)/.exec(hop.detail)?.[0] : undefined;
  const [first, second] = address ? [wrap(hop.label)[0], address] : wrap(hop.label);
  group.append(element('text', { class: 'label', x: 10, y: 36 }, first));
  if (second) group.append(element('text', { class: 'label', x: 10, y: 52 }, second));
  if (hop.status !== 'ok') group.append(element('text', { class: 'status-mark', x: placed.width - 18, y: 18 }, hop.status === 'broken' ? '✕' : '!'));
  // Each finding in full, wrapped to the column under the box.
  findingLines(hop).forEach((line, index) => {
    group.append(element('text', { class: `finding severity-${line.severity}`, x: 2, y: placed.height + 14 + index * box.findingLine }, line.text));
  });
  if (revealable) onActivate(group, () => poster.post({ type: 'reveal', file: hop.file!, range: hop.range! }));
  group.addEventListener('focus', () => onFocusHop?.(hop));
  group.addEventListener('mouseenter', () => onFocusHop?.(hop));
  return group;
}

/** The lines of a hop's findings under its box: every finding whole, wrapped at spaces to the column's width. */
function findingLines(hop: RouteHop): Array<{ text: string; severity: string }> {
  const columns = Math.floor(((box.width + box.gap - 8) / 6.2));
  const lines: Array<{ text: string; severity: string }> = [];
  for (const finding of hop.findings) {
    let line = '';
    for (const word of finding.message.split(/\s+/).filter(Boolean)) {
      if (line && widthUnits(`${line} ${word}`) > columns) {
        lines.push({ text: line, severity: finding.severity });
        line = word;
      } else line = line ? `${line} ${word}` : word;
      // A word longer than the column (a long name) is cut into pieces.
      while (widthUnits(line) > columns) {
        const head = fitting(line, columns);
        lines.push({ text: head, severity: finding.severity });
        line = line.slice(head.length);
      }
    }
    if (line) lines.push({ text: line, severity: finding.severity });
  }
  return lines;
}

function laneTitle(port: RouteModel['lanes'][number]['port']): string {
  const parts = [t('port {0}', `${port.name ? `${port.name} ` : ''}${port.port ?? '?'}/${port.protocol}`)];
  if (port.targetPort !== null) parts.push(`targetPort ${port.targetPort}`);
  if (port.nodePort !== null) parts.push(`nodePort ${port.nodePort}`);
  return parts.join(' · ');
}

/** How many Latin-character widths a text takes: East Asian characters count about two. */
function widthUnits(text: string): number {
  let units = 0;
  for (const char of text) units += isWide(char) ? 2 : 1;
  return units;
}

/** The longest start of `text` that fits in `units`. */
function fitting(text: string, units: number): string {
  let used = 0;
  let end = 0;
  for (const char of text) {
    used += isWide(char) ? 2 : 1;
    if (used > units) break;
    end += char.length;
  }
  return text.slice(0, end);
}

/** Two lines of at most `lineCharacters` widths, breaking at spaces when possible, with an ellipsis. */
export function wrap(text: string): [string, string?] {
  if (widthUnits(text) <= lineCharacters) return [text];
  const head = fitting(text, lineCharacters);
  let cut = head.lastIndexOf(' ');
  if (cut < head.length / 2) cut = head.length;
  return [text.slice(0, cut).trimEnd(), clip(text.slice(cut).trimStart(), lineCharacters)];
}

function clip(text: string, length: number): string {
  return widthUnits(text) <= length ? text : `${fitting(text, length - 1)}…`;
}

/** Runs `action` on a click, or on Enter or Space while the element has the focus: a button made of SVG. */
export function onActivate(element: Element, action: () => void): void {
  element.addEventListener('click', action);
  element.addEventListener('keydown', (event) => {
    const key = (event as KeyboardEvent).key;
    if (key === 'Enter' || key === ' ') {
      event.preventDefault();
      action();
    }
  });
}
