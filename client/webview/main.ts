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
const followToggle = document.getElementById('follow') as HTMLInputElement;

let state: InitialState = readInitialState();
/** The kube-proxy mode the rules panel shows; it stays as chosen while the panel is open. */
let proxyMode: ProxyModeName = 'iptables';
const modeTitles: Record<ProxyModeName, string> = { iptables: 'iptables', nftables: 'nftables', ipvs: 'IPVS' };
const modeTools: Record<ProxyModeName, string> = { iptables: 'as iptables-save prints them', nftables: 'as nft lines of table kube-proxy', ipvs: 'as ipvsadm -Ln and ipset save print them' };

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

function showDetails(hop: RouteHop | undefined): void {
  details.replaceChildren();
  if (!hop) {
    const hint = document.createElement('p');
    hint.className = 'hint';
    hint.textContent = state.model ? 'Hover over a step, or focus it with Tab, to read what happens there; click or press Enter to open its manifest.' : '';
    details.append(hint);
    return;
  }
  const title = document.createElement('strong');
  title.textContent = hop.label;
  const text = document.createElement('p');
  text.textContent = hop.detail;
  details.append(title, text);
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
    title.textContent = `Rules on ${rules.node}, ${modeTools[proxyMode]}`;
    const modes = document.createElement('div');
    modes.className = 'modes';
    modes.setAttribute('role', 'group');
    modes.setAttribute('aria-label', 'kube-proxy mode');
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
      copy.textContent = 'Copy';
      copy.setAttribute('aria-label', `Copy ${name}`);
      copy.addEventListener('click', () => poster.post({ type: 'copy', text: name, what: 'name' }));
      item.append(code, copy);
      names.append(item);
    }
    const text = document.createElement('pre');
    text.className = 'rules';
    text.tabIndex = 0;
    text.textContent = rules.text[proxyMode].join('\n');
    panel.append(title, modes, names, text);
    if (rules.examples.length > 0) {
      const note = document.createElement('p');
      note.className = 'examples';
      note.textContent = `Example values, not fixed by the manifests: ${rules.examples.join('; ')}.`;
      panel.append(note);
    }
  };
  fill();
  return panel;
}

function draw(): void {
  const model = state.model;
  followToggle.checked = state.follow;
  drawing.replaceChildren();
  showDetails(undefined);
  if (!model) {
    heading.textContent = 'No Service selected';
    const hint = document.createElement('p');
    hint.className = 'empty';
    hint.textContent = 'Put the cursor in a Service and run "K8s Route: Show Service route", or turn on "Follow cursor".';
    drawing.append(hint);
    return;
  }
  // A Service rendered from a chart or an overlay says which render it is: the same name may exist in several.
  heading.textContent = `Service ${model.service.namespace}/${model.service.name} · ${model.service.headless ? 'headless' : model.service.type}${model.service.unit ? ` · ${model.service.unit.label}` : ''}`;
  drawing.append(renderRoute(model, document, Math.max(240, drawing.clientWidth || window.innerWidth - 32), poster, showDetails));
}

function current(): { model: RouteModel; svg: SVGSVGElement } | undefined {
  const svg = drawing.querySelector('svg');
  return state.model && svg ? { model: state.model, svg } : undefined;
}

document.getElementById('save-svg')!.addEventListener('click', () => {
  const shown = current();
  if (shown) poster.post({ type: 'export', format: 'svg', name: `${shown.model.service.name}-route.svg`, data: standaloneSvg(shown.svg) });
});
document.getElementById('save-png')!.addEventListener('click', () => {
  const shown = current();
  if (!shown) return;
  const text = standaloneSvg(shown.svg);
  void pngDataUrl(text, shown.svg.width.baseVal.value, shown.svg.height.baseVal.value).then((data) => poster.post({ type: 'export', format: 'png', name: `${shown.model.service.name}-route.png`, data }));
});
document.getElementById('copy-mermaid')!.addEventListener('click', () => {
  if (state.model) poster.post({ type: 'copy', text: toMermaid(state.model), what: 'mermaid' });
});
followToggle.addEventListener('change', () => {
  state = { ...state, follow: followToggle.checked };
  api?.setState(state);
  poster.post({ type: 'follow', follow: followToggle.checked });
});

window.addEventListener('message', (event: MessageEvent) => {
  if (!isToWebview(event.data)) return;
  state = { model: event.data.model, follow: event.data.follow };
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
