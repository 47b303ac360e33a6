/**
 * The HTML of the route view: a strict Content Security Policy with a nonce, no inline script,
 * the initial state as escaped JSON in a `data-` attribute, and a legend of the three ports and
 * the three IPs. Pure, so tests build the same page outside VS Code.
 */
import type { InitialState } from '../webview/messages';
import { setViewLocale, t } from '../webview/strings';

export interface RouteHtmlOptions {
  /** The webview's `cspSource`. */
  readonly cspSource: string;
  /** A fresh random nonce for this page. */
  readonly nonce: string;
  readonly scriptUri: string;
  readonly styleUri: string;
  readonly codiconsUri: string;
  readonly state: InitialState;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

const legend: ReadonlyArray<[string, string]> = [
  ['port', 'The Service\'s port on its cluster IP and DNS name: where clients inside the cluster connect.'],
  ['targetPort', 'The port on each Pod that traffic is delivered to; a number or a container port name.'],
  ['nodePort', 'A port opened on every node\'s IP for clients outside the cluster (NodePort, LoadBalancer).'],
  ['node IP', 'The address of a node; useful to outside clients only through a node port.'],
  ['cluster IP', 'The Service\'s virtual IP; no interface has it, kube-proxy rewrites packets sent to it.'],
  ['pod IP', 'The real address of a Pod, from the network plugin; it changes when the Pod is recreated.'],
  ['example values', 'Values in italics are examples: the manifests leave them to the cluster (an allocated node port or cluster IP, Pod and node addresses, the client). The real ones differ; the path does not.'],
  ['arrow labels', 'The packet\'s destination at that step: kube-proxy rewrites it (DNAT) from the cluster IP or node port to a Pod.'],
];

export function routeHtml(options: RouteHtmlOptions): string {
  const csp = [`default-src 'none'`, `script-src 'nonce-${options.nonce}'`, `style-src ${options.cspSource}`, `img-src ${options.cspSource} data:`, `font-src ${options.cspSource}`].join('; ');
  setViewLocale(options.state.locale);
  const legendItems = legend.map(([term, text]) => `<div data-term="${escapeHtml(term)}"><dt>${escapeHtml(t(term))}</dt><dd>${escapeHtml(t(text))}</dd></div>`).join('');
  const say = (text: string): string => escapeHtml(t(text));
  return `<!DOCTYPE html>
<html lang="${options.state.locale === 'zh-cn' ? 'zh-CN' : 'en'}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeHtml(options.codiconsUri)}">
<link rel="stylesheet" href="${escapeHtml(options.styleUri)}">
<title>${say('Service route')}</title>
</head>
<body>
<main id="route-root" data-state="${escapeHtml(JSON.stringify(options.state))}">
<header>
<h1 id="heading">${say('Service route')}</h1>
<select id="unit-select" hidden aria-label="${say('Rendered by')}"></select>
<label class="toggle"><input type="checkbox" id="follow"> ${say('Follow cursor')}</label>
<div class="exports">
<button id="save-svg" type="button" title="${say('Save the drawing as SVG')}"><span class="codicon codicon-save"></span>SVG</button>
<button id="save-png" type="button" title="${say('Save the drawing as PNG')}"><span class="codicon codicon-file-media"></span>PNG</button>
<button id="copy-mermaid" type="button" title="${say('Copy the route as a Mermaid flowchart')}"><span class="codicon codicon-copy"></span>Mermaid</button>
</div>
<div class="overflow">
<button id="more-actions" type="button" aria-haspopup="menu" aria-expanded="false" aria-controls="actions-menu" title="${say('More actions')}" aria-label="${say('More actions')}"><span class="codicon codicon-ellipsis"></span></button>
<div id="actions-menu" role="menu" hidden>
<button type="button" role="menuitem" data-action="save-svg">${say('Save the drawing as SVG')}</button>
<button type="button" role="menuitem" data-action="save-png">${say('Save the drawing as PNG')}</button>
<button type="button" role="menuitem" data-action="copy-mermaid">${say('Copy the route as a Mermaid flowchart')}</button>
</div>
</div>
</header>
<div id="tabs" role="tablist" aria-label="${say('Ports')}"></div>
<div id="toolbar">
<div class="group" role="group" aria-label="${say('View')}"><button type="button" id="view-picture" aria-pressed="true">${say('Picture')}</button><button type="button" id="view-steps" aria-pressed="false">${say('Steps')}</button></div>
<div class="group" id="walk-controls" role="group" aria-label="${say('Packet walk')}"><select id="walk-select" aria-label="${say('Which client')}"></select><button type="button" id="walk-play">${say('Play')}</button><button type="button" id="walk-step">${say('Step')}</button><button type="button" id="walk-reset">${say('Reset')}</button></div>
<div class="group" id="zoom-controls" role="group" aria-label="${say('Zoom')}"><button type="button" id="zoom-out" aria-label="${say('Zoom out')}">−</button><button type="button" id="zoom-fit">${say('Fit')}</button><button type="button" id="zoom-in" aria-label="${say('Zoom in')}">+</button></div>
</div>
<p id="packet" aria-live="polite"></p>
<div id="work">
<div id="drawing"></div>
<section id="details" aria-live="polite" aria-label="${say('Details')}"></section>
</div>
<dl class="legend">${legendItems}</dl>
</main>
<script nonce="${escapeHtml(options.nonce)}" src="${escapeHtml(options.scriptUri)}"></script>
</body>
</html>
`;
}
