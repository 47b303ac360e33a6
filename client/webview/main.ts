/**
 * The webview's entry point: reads the initial state from the `data-state` attribute of the
 * script element's container, draws the route, and wires the toolbar (follow cursor, save SVG,
 * save PNG, copy Mermaid). It talks to the host only through a poster, which it gets from
 * `acquireVsCodeApi` when inside VS Code and from `window.k8sRoutePoster` in a test harness.
 */
import type { ProxyModeName, ProxyRulesView, RouteHop, RouteModel } from '../../server/src/protocol/route';
import { pngDataUrl, standaloneSvg } from './exporter';
import { isToWebview } from './messages';
import type { FromWebview, InitialState } from './messages';
import { toMermaid } from './mermaid';
import type { Poster } from './render';
import { renderRoute } from './render';
import { movePacket, renderPicture } from './picture';
import { setPictureFont } from './pictureLayout';
import type { DrawnPicture } from './picture';
import { setViewLocale, t } from './strings';

interface HostApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare const acquireVsCodeApi: undefined | (() => HostApi);

const api: HostApi | undefined = typeof acquireVsCodeApi === 'function' ? acquireVsCodeApi() : (window as unknown as { k8sRouteHost?: HostApi }).k8sRouteHost;
const poster: Poster = { post: (message: FromWebview) => api?.postMessage(message) };

const root = document.getElementById('route-root')!;
const drawing = document.getElementById('drawing')!;
const details = document.getElementById('details')!;
const heading = document.getElementById('heading')!;
const unitSelect = document.getElementById('unit-select') as HTMLSelectElement;
unitSelect.addEventListener('change', () => poster.post({ type: 'unit', unit: unitSelect.value }));
const followToggle = document.getElementById('follow') as HTMLInputElement;

let state: InitialState = readInitialState();
/** The kube-proxy mode the rules panel shows; it stays as chosen while the panel is open. */
let proxyMode: ProxyModeName = 'iptables';
const modeTitles: Record<ProxyModeName, string> = { iptables: 'iptables', nftables: 'nftables', ipvs: 'IPVS' };
const modeTools: Record<ProxyModeName, string> = { iptables: 'as iptables-save prints them', nftables: 'as nft lines of table kube-proxy', ipvs: 'as ipvsadm -Ln and ipset save print them' };
/** The view speaks the language the host chose. */
setViewLocale(state.locale);

function readInitialState(): InitialState {
  const saved = api?.getState() as InitialState | undefined;
  if (saved && typeof saved === 'object' && 'model' in saved) return saved;
  try {
    const parsed = JSON.parse(root.dataset.state ?? 'null') as InitialState | null;
    if (parsed && typeof parsed.follow === 'boolean') return parsed;
  } catch {
    // A broken state draws the empty view.
  }
  return { model: null, follow: false };
}

/**
 * Scrolling moves boxes under a still pointer, and the browser reports that as the pointer
 * entering them: hovers that soon after a scroll are not the user's, and leave the details alone.
 */
let scrolledAt = 0;
drawing.addEventListener('scroll', () => (scrolledAt = performance.now()), { passive: true });
window.addEventListener('scroll', () => (scrolledAt = performance.now()), { passive: true });
const ignoreAfterScroll = (event: Event): void => {
  if (performance.now() - scrolledAt < 250) event.stopPropagation();
};
document.addEventListener('mouseover', ignoreAfterScroll, true);
document.addEventListener('mouseenter', ignoreAfterScroll, true);

function showDetails(hop: RouteHop | undefined, extra?: string): void {
  details.replaceChildren();
  if (!hop && extra) {
    const text = document.createElement('p');
    text.textContent = extra;
    details.append(text);
    return;
  }
  if (!hop) {
    const hint = document.createElement('p');
    hint.className = 'hint';
    hint.textContent = state.model ? t('Hover over a step, or focus it with Tab, to read what happens there; click or press Enter to open its manifest.') : '';
    details.append(hint);
    return;
  }
  const title = document.createElement('strong');
  title.textContent = hop.label;
  const text = document.createElement('p');
  text.textContent = hop.detail;
  details.append(title, text);
  if (extra) {
    const step = document.createElement('p');
    step.className = 'step';
    step.textContent = extra;
    details.append(step);
  }
  for (const finding of hop.findings) {
    const line = document.createElement('p');
    line.className = `finding severity-${finding.severity}`;
    line.textContent = `${finding.severity} ${finding.code}: ${finding.message}`;
    details.append(line);
  }
  // DNS records, as a zone file shows them.
  if (hop.records && hop.records.length > 0) {
    const records = document.createElement('pre');
    records.className = 'records';
    records.textContent = hop.records.join('\n');
    details.append(records);
  }
  // The places the detail refers to (a policy hop's deciding rules), each one click from its manifest.
  if (hop.links && hop.links.length > 0) {
    const list = document.createElement('p');
    list.className = 'links';
    for (const link of hop.links) {
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'link';
      button.textContent = link.label;
      button.addEventListener('click', () => poster.post({ type: 'reveal', file: link.file, range: link.range }));
      list.append(button);
    }
    details.append(list);
  }
  if (hop.proxyRules) details.append(rulesPanel(hop.proxyRules));
}

/**
 * What kube-proxy programs for the port on a node: a mode switch (iptables, nftables, IPVS), the
 * names to grep for with a copy button each, and the rules as the mode's own tools print them.
 */
function rulesPanel(rules: ProxyRulesView): HTMLElement {
  const panel = document.createElement('section');
  panel.className = 'proxy-rules';
  const fill = (): void => {
    panel.replaceChildren();
    const title = document.createElement('strong');
    title.textContent = t('Rules on {0}, {1}', rules.node, t(modeTools[proxyMode]));
    const modes = document.createElement('div');
    modes.className = 'modes';
    modes.setAttribute('role', 'group');
    modes.setAttribute('aria-label', t('kube-proxy mode'));
    for (const mode of ['iptables', 'nftables', 'ipvs'] as const) {
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'mode';
      button.dataset.mode = mode;
      button.textContent = modeTitles[mode];
      button.setAttribute('aria-pressed', String(mode === proxyMode));
      button.addEventListener('click', () => {
        proxyMode = mode;
        fill();
        panel.querySelector<HTMLButtonElement>(`button.mode[data-mode="${mode}"]`)?.focus();
      });
      modes.append(button);
    }
    const names = document.createElement('ul');
    names.className = 'names';
    for (const name of rules.names[proxyMode]) {
      const item = document.createElement('li');
      const code = document.createElement('code');
      code.textContent = name;
      const copy = document.createElement('button');
      copy.type = 'button';
      copy.className = 'copy-name';
      copy.textContent = t('Copy');
      copy.setAttribute('aria-label', t('Copy {0}', name));
      copy.addEventListener('click', () => poster.post({ type: 'copy', text: name, what: 'name' }));
      item.append(code, copy);
      names.append(item);
    }
    const text = document.createElement('pre');
    text.className = 'rules';
    text.tabIndex = 0;
    text.textContent = rules.text[proxyMode].join('\n');
    const copyAll = document.createElement('button');
    copyAll.type = 'button';
    copyAll.className = 'copy-rules';
    copyAll.textContent = t('Copy all rules');
    copyAll.addEventListener('click', () => poster.post({ type: 'copy', text: rules.text[proxyMode].join('\n'), what: 'rules' }));
    panel.append(title, modes, names, copyAll, text);
    if (rules.examples.length > 0) {
      const note = document.createElement('p');
      note.className = 'examples';
      note.textContent = t('Example values, not fixed by the manifests: {0}.', rules.examples.join('; '));
      panel.append(note);
    }
  };
  fill();
  return panel;
}

/** What the view shows: the picture of one port, or every port's steps as a list. */
const view = { mode: 'picture' as 'picture' | 'steps', lane: 0, walk: 0, step: -1, scale: 1, playing: undefined as number | undefined };
let drawn: DrawnPicture | undefined;
const tabs = document.getElementById('tabs')!;
const packetLine = document.getElementById('packet')!;
const walkSelect = document.getElementById('walk-select') as HTMLSelectElement;
const reducedMotion = typeof window.matchMedia === 'function' && window.matchMedia('(prefers-reduced-motion: reduce)').matches;

function draw(): void {
  const model = state.model;
  followToggle.checked = state.follow;
  drawing.replaceChildren();
  tabs.replaceChildren();
  packetLine.textContent = '';
  drawn = undefined;
  showDetails(undefined);
  if (!model) {
    heading.textContent = t('No Service selected');
    const hint = document.createElement('p');
    hint.className = 'empty';
    hint.textContent = t('Put the cursor in a Service and run "K8s Route: Show Service route", or turn on "Follow cursor".');
    drawing.append(hint);
    return;
  }
  // A Service rendered from a chart or an overlay says which render it is: the same name may exist in several.
  // Same-named Services elsewhere: the heading names this one's file.
  const where = model.service.definedElsewhere ? ` · ${decodeURIComponent(model.service.file.replace(/^file:\/\//, '')).split('/').slice(-2).join('/')}` : '';
  heading.textContent = `Service ${model.service.namespace}/${model.service.name} · ${model.service.headless ? t('headless') : model.service.type}${model.service.unit ? ` · ${model.service.unit.label}` : ''}${where}`;
  // The legend explains only what this type of Service has: node ports for NodePort and LoadBalancer, a cluster IP unless headless or ExternalName.
  const type = model.service.headless ? 'headless' : model.service.type;
  const applies: Record<string, boolean> = { nodePort: type === 'NodePort' || type === 'LoadBalancer', 'node IP': type === 'NodePort' || type === 'LoadBalancer', 'cluster IP': type !== 'headless' && type !== 'ExternalName', 'pod IP': type !== 'ExternalName', targetPort: type !== 'ExternalName' };
  for (const item of document.querySelectorAll<HTMLElement>('.legend [data-term]')) item.hidden = applies[item.dataset.term ?? ''] === false;
  // Several overlays or values variants render this Service: a switch between them.
  const alternatives = model.service.alternatives ?? [];
  unitSelect.hidden = alternatives.length < 2;
  unitSelect.replaceChildren(...alternatives.map((alternative) => {
    const option = document.createElement('option');
    option.value = alternative.unit;
    option.textContent = alternative.label;
    return option;
  }));
  if (model.service.unit) unitSelect.value = model.service.unit.id;
  if (view.lane >= model.lanes.length) view.lane = 0;
  const pictured = model.lanes.some((lane) => lane.picture);
  const mode = pictured ? view.mode : 'steps';
  document.getElementById('view-picture')!.setAttribute('aria-pressed', String(mode === 'picture'));
  document.getElementById('view-steps')!.setAttribute('aria-pressed', String(mode === 'steps'));
  document.getElementById('walk-controls')!.hidden = mode !== 'picture';
  document.getElementById('zoom-controls')!.hidden = mode !== 'picture';
  if (mode === 'steps') {
    drawing.append(renderRoute(model, document, Math.max(240, drawing.clientWidth || window.innerWidth - 32), poster, showDetails));
    return;
  }
  // One tab per port; the picture shows the selected one.
  model.lanes.forEach((lane, index) => {
    const tab = document.createElement('button');
    tab.type = 'button';
    tab.setAttribute('role', 'tab');
    tab.setAttribute('aria-selected', String(index === view.lane));
    tab.tabIndex = index === view.lane ? 0 : -1;
    const broken = lane.hops.some((hop) => hop.status === 'broken' && hop.joins !== true);
    tab.className = `tab${broken ? ' broken' : ''}`;
    tab.textContent = `${lane.port.name ? `${lane.port.name} ` : ''}${lane.port.port ?? '?'}/${lane.port.protocol}${broken ? ' ✕' : ''}`;
    tab.addEventListener('click', () => selectLane(index));
    tab.addEventListener('keydown', (event) => {
      const next = event.key === 'ArrowRight' ? index + 1 : event.key === 'ArrowLeft' ? index - 1 : undefined;
      if (next === undefined) return;
      event.preventDefault();
      selectLane((next + model.lanes.length) % model.lanes.length);
      (tabs.children[view.lane] as HTMLElement | undefined)?.focus();
    });
    tabs.append(tab);
  });
  tabs.hidden = model.lanes.length < 2;
  const walks = model.lanes[view.lane].picture?.walks ?? [];
  if (view.walk >= walks.length) view.walk = 0;
  // The picture's text at the editor's font size (VS Code gives it to webviews as a CSS variable).
  setPictureFont(Number.parseFloat(getComputedStyle(document.documentElement).getPropertyValue('--vscode-editor-font-size')) || 14);
  drawn = renderPicture(model, view.lane, document, poster, showDetails, Math.max(240, drawing.clientWidth || window.innerWidth - 32), view.walk);
  if (!drawn) {
    drawing.append(renderRoute(model, document, Math.max(240, drawing.clientWidth || window.innerWidth - 32), poster, showDetails));
    return;
  }
  drawing.append(drawn.svg);
  walkSelect.replaceChildren(...walks.map((walk, index) => {
    const option = document.createElement('option');
    option.value = String(index);
    const gateway = walk.client === 'gateway' ? model.lanes[view.lane].picture!.gateways?.[walk.gateway ?? 0] : undefined;
    const stopped = walk.steps.some((step) => step.status === 'broken');
    option.textContent = gateway
      ? t('From outside through {0}', `${gateway.entry.gateway}${gateway.entry.listener ? ` · ${gateway.entry.listener}` : ''}`)
      : walk.client === 'external'
        ? t('From outside the cluster')
        : walk.from
          ? `${t('From a Pod of {0}', walk.from)}${stopped ? ' ✕' : ''}`
          : t('From a Pod in the cluster');
    return option;
  }));
  walkSelect.value = String(view.walk);
  readable();
  attachPanZoom(drawn.svg);
  showStep();
}

function selectLane(index: number): void {
  view.lane = index;
  view.step = -1;
  stopWalk();
  draw();
}

/**
 * The picture at its own size, text as the stylesheet sets it: what does not fit the panel is
 * reached by scrolling (or dragging), never by shrinking the text below what reads beside an editor.
 */
function readable(): void {
  if (!drawn) return;
  view.scale = 1;
  applyView();
  drawing.scrollTo({ left: 0, top: 0 });
}

/** Zoom to fit the panel's width (the Fit button and the 0 key): an overview, on demand. */
function fit(): void {
  if (!drawn) return;
  const available = Math.max(240, drawing.clientWidth || window.innerWidth - 32);
  view.scale = Math.max(0.3, Math.min(1, available / drawn.layout.width));
  applyView();
  drawing.scrollTo({ left: 0, top: 0 });
}

function applyView(): void {
  if (!drawn) return;
  const { svg, layout, viewport } = drawn;
  const height = Number(svg.getAttribute('viewBox')!.split(' ')[3]);
  // The whole picture at the scale; the panel scrolls over it.
  svg.setAttribute('width', String(Math.ceil(layout.width * view.scale)));
  svg.setAttribute('height', String(Math.ceil(height * view.scale)));
  svg.setAttribute('viewBox', `0 0 ${layout.width} ${height}`);
  viewport.removeAttribute('transform');
}

function zoom(factor: number): void {
  view.scale = Math.max(0.3, Math.min(3, view.scale * factor));
  applyView();
}

/** Moves the view by (dx, dy) picture units: the panel scrolls the other way. */
function pan(dx: number, dy: number): void {
  drawing.scrollBy({ left: -dx * view.scale, top: -dy * view.scale });
}

/** Keeps the packet in sight while it walks: the arrow or box of the current step is scrolled into view. */
function followPacket(): void {
  const svg = drawn?.svg;
  const target = svg?.querySelector('g.arrow.current .arrow-label') ?? svg?.querySelector('circle.packet[visibility="visible"]');
  if (target instanceof Element) target.scrollIntoView({ block: 'nearest', inline: 'nearest' });
}

function attachPanZoom(svg: SVGSVGElement): void {
  let dragging: { x: number; y: number } | undefined;
  svg.addEventListener('wheel', (event) => {
    if (!event.ctrlKey && !event.metaKey) return;
    event.preventDefault();
    zoom(event.deltaY < 0 ? 1.1 : 1 / 1.1);
  }, { passive: false });
  svg.addEventListener('pointerdown', (event) => {
    if ((event.target as Element).closest('.element, .arrow-label, .more-workloads')) return;
    dragging = { x: event.clientX, y: event.clientY };
  });
  svg.addEventListener('pointermove', (event) => {
    if (!dragging) return;
    pan((event.clientX - dragging.x) / view.scale, (event.clientY - dragging.y) / view.scale);
    dragging = { x: event.clientX, y: event.clientY };
  });
  svg.addEventListener('pointerup', () => (dragging = undefined));
  svg.addEventListener('keydown', (event) => {
    if (event.target !== svg) return;
    const moves: Record<string, [number, number]> = { ArrowLeft: [40, 0], ArrowRight: [-40, 0], ArrowUp: [0, 40], ArrowDown: [0, -40] };
    if (event.key === '+' || event.key === '=') zoom(1.2);
    else if (event.key === '-') zoom(1 / 1.2);
    else if (event.key === '0') fit();
    else if (moves[event.key]) pan(...moves[event.key]);
    else return;
    event.preventDefault();
  });
}

/** The packet's header at the current step, and the packet where that step ends. */
function showStep(): void {
  const picture = state.model?.lanes[view.lane]?.picture;
  const walk = picture?.walks[view.walk];
  if (!drawn || !walk) {
    packetLine.textContent = '';
    return;
  }
  if (view.step < 0) {
    packetLine.textContent = walk.client === 'external' || walk.client === 'gateway' ? t('{0} steps from a client outside the cluster: press Play or Step to follow a packet.', walk.steps.length) : walk.from ? t('{0} steps from a Pod of {1}: press Play or Step to follow a packet.', walk.steps.length, walk.from) : t('{0} steps from a Pod in the cluster: press Play or Step to follow a packet.', walk.steps.length);
    movePacket(drawn.svg, drawn.layout, view.walk, -1, false);
    return;
  }
  const step = walk.steps[view.step];
  const last = view.step === walk.steps.length - 1;
  packetLine.className = step.status === 'broken' ? 'broken' : '';
  // Notes and findings that end a sentence themselves do not get a second period.
  const bare = (text: string): string => text.replace(/\s*[.。]\s*$/, '');
  // The note begins a sentence of its own here.
  const sentence = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);
  packetLine.textContent = `${t('Step {0}/{1}: source {2} → destination {3}. {4}.', view.step + 1, walk.steps.length, step.source, step.destination, sentence(bare(step.note)))}${step.share && step.spread ? t(' Each new connection picks one of {0} endpoints; this one takes {1}.', Math.round(100 / Number.parseFloat(step.share)), step.share) : ''}${step.status === 'broken' ? (step.finding ? t(' Stops here: {0}.', bare(step.finding)) : t(' Stops here.')) : last ? t(' Delivered.') : ''}`;
  movePacket(drawn.svg, drawn.layout, view.walk, view.step, !reducedMotion);
  followPacket();
}

/** One step further, unless the walk is over or stopped at a broken step. Returns whether it moved. */
function stepWalk(): boolean {
  const walk = state.model?.lanes[view.lane]?.picture?.walks[view.walk];
  if (!walk) return false;
  if (view.step >= 0 && (walk.steps[view.step].status === 'broken' || view.step === walk.steps.length - 1)) return false;
  view.step++;
  showStep();
  return true;
}

function stopWalk(): void {
  if (view.playing !== undefined) window.clearInterval(view.playing);
  view.playing = undefined;
  document.getElementById('walk-play')!.textContent = t('Play');
}

document.getElementById('walk-step')!.addEventListener('click', () => {
  stopWalk();
  stepWalk();
});
document.getElementById('walk-play')!.addEventListener('click', () => {
  if (view.playing !== undefined) return stopWalk();
  const walk = state.model?.lanes[view.lane]?.picture?.walks[view.walk];
  if (walk && view.step >= walk.steps.length - 1) view.step = -1;
  if (!stepWalk()) return;
  document.getElementById('walk-play')!.textContent = t('Pause');
  view.playing = window.setInterval(() => {
    if (!stepWalk()) stopWalk();
  }, reducedMotion ? 900 : 800);
});
document.getElementById('walk-reset')!.addEventListener('click', () => {
  stopWalk();
  view.step = -1;
  showStep();
});
walkSelect.addEventListener('change', () => {
  stopWalk();
  view.walk = Number(walkSelect.value);
  view.step = -1;
  // Another source redraws: the client Pod names its workload, and the fan of endpoints follows the walk.
  const scroll = { left: drawing.scrollLeft, top: drawing.scrollTop };
  draw();
  drawing.scrollTo(scroll);
  walkSelect.focus();
});
document.getElementById('zoom-in')!.addEventListener('click', () => zoom(1.2));
document.getElementById('zoom-out')!.addEventListener('click', () => zoom(1 / 1.2));
document.getElementById('zoom-fit')!.addEventListener('click', fit);
document.getElementById('view-picture')!.addEventListener('click', () => {
  view.mode = 'picture';
  draw();
});
document.getElementById('view-steps')!.addEventListener('click', () => {
  view.mode = 'steps';
  stopWalk();
  draw();
});

/**
 * What an export holds: in the picture, every port's picture one under another (the walk chosen
 * for the port shown, the first for the others), at full size whatever the zoom; in the steps,
 * the drawing as it is. The copy is put in the page (out of sight) so its styles resolve.
 */
function current(): { model: RouteModel; svg: SVGSVGElement } | undefined {
  const model = state.model;
  const svg = drawing.querySelector('svg');
  if (!model || !svg) return undefined;
  if (!(drawn && svg === drawn.svg)) return { model, svg };
  const quiet: Poster = { post: () => undefined };
  const namespace = 'http://www.w3.org/2000/svg';
  const combined = document.createElementNS(namespace, 'svg');
  combined.setAttribute('class', 'picture');
  combined.setAttribute('font-size', svg.getAttribute('font-size') ?? '14');
  let width = 0;
  let height = 0;
  model.lanes.forEach((lane, index) => {
    if (!lane.picture) return;
    const picture = renderPicture(model, index, document, quiet, () => undefined, Number.POSITIVE_INFINITY, index === view.lane ? view.walk : 0);
    if (!picture) return;
    const box = picture.svg.getAttribute('viewBox')!.split(' ').map(Number);
    picture.svg.setAttribute('x', '0');
    picture.svg.setAttribute('y', String(height));
    picture.svg.setAttribute('width', String(box[2]));
    picture.svg.setAttribute('height', String(box[3]));
    combined.append(picture.svg);
    width = Math.max(width, box[2]);
    height += box[3] + 16;
  });
  combined.setAttribute('width', String(width));
  combined.setAttribute('height', String(height));
  combined.setAttribute('viewBox', `0 0 ${width} ${height}`);
  combined.style.position = 'absolute';
  combined.style.left = '-100000px';
  drawing.append(combined);
  queueMicrotask(() => combined.remove());
  return { model, svg: combined };
}

/** What an exported picture says under itself: the legend of this Service's type, italics included. */
function exportFooter(): string[] {
  return [...document.querySelectorAll<HTMLElement>('.legend [data-term]')].filter((item) => !item.hidden).map((item) => `${item.querySelector('dt')?.textContent ?? ''}: ${item.querySelector('dd')?.textContent ?? ''}`);
}

/** `namespace-name-port.svg`: which Service and which ports the file shows. */
function exportName(model: RouteModel, extension: string): string {
  const ports = view.mode === 'picture' ? model.lanes.filter((lane) => lane.picture).map((lane) => `-${lane.port.name ?? lane.port.port}`).join('') : '';
  return `${model.service.namespace}-${model.service.name}${ports}.${extension}`;
}

document.getElementById('save-svg')!.addEventListener('click', () => {
  const shown = current();
  if (shown) poster.post({ type: 'export', format: 'svg', name: exportName(shown.model, 'svg'), data: standaloneSvg(shown.svg, exportFooter()) });
});
document.getElementById('save-png')!.addEventListener('click', () => {
  const shown = current();
  if (!shown) return;
  const text = standaloneSvg(shown.svg, exportFooter());
  void pngDataUrl(text, shown.svg.width.baseVal.value, shown.svg.height.baseVal.value).then((data) => poster.post({ type: 'export', format: 'png', name: exportName(shown.model, 'png'), data }));
});
document.getElementById('copy-mermaid')!.addEventListener('click', () => {
  if (state.model) poster.post({ type: 'copy', text: toMermaid(state.model), what: 'mermaid' });
});
// The overflow menu of a narrow panel: the same actions as the buttons, by mouse or keyboard.
const moreActions = document.getElementById('more-actions') as HTMLButtonElement;
const actionsMenu = document.getElementById('actions-menu')!;
const menuItems = (): HTMLButtonElement[] => [...actionsMenu.querySelectorAll<HTMLButtonElement>('button[role="menuitem"]')];
function closeMenu(focusButton: boolean): void {
  actionsMenu.hidden = true;
  moreActions.setAttribute('aria-expanded', 'false');
  if (focusButton) moreActions.focus();
}
moreActions.addEventListener('click', () => {
  const opening = actionsMenu.hidden;
  actionsMenu.hidden = !opening;
  moreActions.setAttribute('aria-expanded', String(opening));
  if (opening) menuItems()[0]?.focus();
});
actionsMenu.addEventListener('keydown', (event) => {
  const items = menuItems();
  const at = items.indexOf(document.activeElement as HTMLButtonElement);
  if (event.key === 'Escape') closeMenu(true);
  else if (event.key === 'ArrowDown') items[(at + 1) % items.length]?.focus();
  else if (event.key === 'ArrowUp') items[(at - 1 + items.length) % items.length]?.focus();
  else return;
  event.preventDefault();
});
for (const item of menuItems()) {
  item.addEventListener('click', () => {
    closeMenu(true);
    document.getElementById(item.dataset.action ?? '')?.click();
  });
}
document.addEventListener('click', (event) => {
  if (!actionsMenu.hidden && !(event.target as Element).closest('.overflow')) closeMenu(false);
});

followToggle.addEventListener('change', () => {
  state = { ...state, follow: followToggle.checked };
  api?.setState(state);
  poster.post({ type: 'follow', follow: followToggle.checked });
});

window.addEventListener('message', (event: MessageEvent) => {
  if (!isToWebview(event.data)) return;
  state = { ...state, model: event.data.model, follow: event.data.follow };
  api?.setState(state);
  draw();
});

let resizeTimer: number | undefined;
window.addEventListener('resize', () => {
  window.clearTimeout(resizeTimer);
  resizeTimer = window.setTimeout(draw, 100);
});

draw();
poster.post({ type: 'ready' });
