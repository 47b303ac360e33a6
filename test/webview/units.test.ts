/**
 * The webview's pure parts, without a browser: message validation, the page's escaping of the
 * initial state, the layout's numbers and the Mermaid text.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { escapeHtml, routeHtml } from '../../client/src/routeHtml';
import { routeFiles } from '../../client/src/routeFiles';
import { box, layoutRoute } from '../../client/webview/layout';
import { isFromWebview, isToWebview } from '../../client/webview/messages';
import { toMermaid } from '../../client/webview/mermaid';
import type { RouteModel } from '../../server/src/protocol/route';

const hop = (kind: RouteModel['lanes'][number]['hops'][number]['kind'], label: string, extra: Partial<RouteModel['lanes'][number]['hops'][number]> = {}) => ({ kind, label, detail: '', status: 'ok' as const, findings: [], ...extra });
const model: RouteModel = {
  version: 2,
  service: { kind: 'Service', namespace: 'ns', name: 'web', type: 'ClusterIP', headless: false, file: 'file:///w/a.yaml', range: { start: { line: 1, character: 0 }, end: { line: 1, character: 3 } } },
  lanes: [{ port: { name: 'http', port: 80, targetPort: 'http', nodePort: null, protocol: 'TCP' }, hops: [hop('client', 'In-cluster client'), hop('service', 'ClusterIP "x" <b>:80', { file: 'file:///w/a.yaml', range: { start: { line: 3, character: 2 }, end: { line: 3, character: 6 } } }), hop('kubeProxy', 'kube-proxy'), hop('pod', 'Deployment/a × 2', { workload: 'a', file: 'file:///w/b.yaml' }), hop('container', 'a:8080/TCP', { workload: 'a' }), hop('pod', 'Deployment/b × 1', { workload: 'b', status: 'broken' }), hop('container', 'no port named http', { workload: 'b', status: 'broken' })] }],
};

test('only well-formed messages pass validation', () => {
  assert.ok(isFromWebview({ type: 'reveal', file: 'file:///w/a.yaml', range: { start: { line: 1, character: 2 }, end: { line: 1, character: 5 } } }));
  assert.ok(!isFromWebview({ type: 'reveal', file: 'file:///w/a.yaml', range: { start: { line: -1, character: 2 }, end: { line: 1, character: 5 } } }));
  assert.ok(!isFromWebview({ type: 'reveal', file: 42, range: null }));
  assert.ok(!isFromWebview({ type: 'run', command: 'rm -rf /' }));
  assert.ok(!isFromWebview(null));
  assert.ok(isFromWebview({ type: 'export', format: 'svg', name: 'a.svg', data: '<svg/>' }));
  assert.ok(!isFromWebview({ type: 'export', format: 'exe', name: 'a', data: '' }));
  assert.ok(isFromWebview({ type: 'follow', follow: true }) && !isFromWebview({ type: 'follow', follow: 'yes' }));
  assert.ok(isToWebview({ type: 'route', model, follow: false }) && isToWebview({ type: 'route', model: null, follow: true }));
  assert.ok(!isToWebview({ type: 'route', model: { version: 1 }, follow: false }));
});

test('the page escapes the initial state and carries a strict CSP with the nonce', () => {
  const html = routeHtml({ cspSource: 'https://csp.example', nonce: 'abc123', scriptUri: 'https://csp.example/route.js', styleUri: 'https://csp.example/route.css', codiconsUri: 'https://csp.example/codicon.css', state: { model, follow: false } });
  assert.match(html, /content="default-src &#39;none&#39;; script-src &#39;nonce-abc123&#39;; style-src https:\/\/csp\.example; img-src https:\/\/csp\.example data:; font-src https:\/\/csp\.example"/);
  assert.equal((html.match(/<script/g) ?? []).length, 1, 'one script, the bundle');
  assert.match(html, /<script nonce="abc123" src="https:\/\/csp\.example\/route\.js"><\/script>/);
  assert.doesNotMatch(html, /<b>/, 'manifest text cannot open a tag');
  const state = /data-state="([^"]*)"/.exec(html)![1];
  const decoded = state.replace(/&#(\d+);/g, (_match, code: string) => String.fromCharCode(Number(code)));
  assert.deepEqual(JSON.parse(decoded), { model, follow: false });
  assert.equal(escapeHtml(`<"'&>`), '&#60;&#34;&#39;&#38;&#62;');
});

test('the webview may reveal only files the route came from', () => {
  assert.deepEqual([...routeFiles(model)].sort(), ['file:///w/a.yaml', 'file:///w/b.yaml']);
});

test('layout: a main row, one branch per workload, joining hops bypassed, wrapping when narrow', () => {
  const shapes = [[{ joins: false, branch: undefined, findingLines: 0 }, { joins: false, branch: undefined, findingLines: 0 }, { joins: true, branch: undefined, findingLines: 0 }, { joins: false, branch: undefined, findingLines: 1 }, { joins: false, branch: 'a', findingLines: 0 }, { joins: false, branch: 'a', findingLines: 0 }, { joins: false, branch: 'b', findingLines: 0 }]];
  const wide = layoutRoute(shapes, 2000);
  const [lane] = wide.lanes;
  const at = (hop: number) => lane.boxes.find((placed) => placed.hop === hop)!;
  assert.deepEqual([0, 1, 2, 3].map((hop) => at(hop).y), [at(0).y, at(0).y, at(0).y, at(0).y], 'main hops share a row');
  assert.equal(at(1).x - at(0).x, box.width + box.gap);
  assert.ok(at(4).y > at(3).y && at(6).y > at(4).y, 'each workload gets its own row below');
  assert.equal(at(5).y, at(4).y);
  assert.ok(at(4).y - at(3).y >= box.height + box.findingLine, 'room for the finding under hop 3');
  assert.deepEqual(lane.edges.map((edge) => `${edge.from}>${edge.to}${edge.bypass ? ' bypass' : ''}`), ['0>1', '2>3', '1>3 bypass', '3>4', '4>5', '3>6']);
  const narrow = layoutRoute(shapes, 250);
  assert.ok(narrow.lanes[0].boxes.every((placed) => placed.x === box.padding), 'one box per row in a narrow panel');
  assert.ok(narrow.width <= 250);
});

test('Mermaid: a flowchart per port, labels escaped, broken hops styled', () => {
  const text = toMermaid(model);
  assert.equal(text.split('\n')[0], 'flowchart LR');
  assert.match(text, /l0h1\["ClusterIP #34;x#34; #60;b#62;:80"\]/);
  assert.match(text, /l0h2 --> l0h3\n/);
  assert.match(text, /l0h2 --> l0h5\n/);
  assert.match(text, /l0h5 --> l0h6\n/);
  assert.match(text, /class l0h5 broken/);
});

test('Mermaid: the node port leads to the cluster IP, and the in-cluster client and Ingresses join the path', () => {
  const nodePort: RouteModel = {
    ...model,
    lanes: [
      {
        port: { name: 'http', port: 80, targetPort: 8080, nodePort: 30080, protocol: 'TCP' },
        hops: [hop('client', 'External client'), hop('node', '<any node IP>:30080'), hop('client', 'In-cluster client', { joins: true }), hop('ingress', 'Ingress web: any host /', { joins: true }), hop('service', 'ClusterIP'), hop('kubeProxy', 'kube-proxy'), hop('pod', 'Deployment/a × 2', { workload: 'a' }), hop('container', 'a:8080/TCP', { workload: 'a' }), hop('pod', 'Deployment/b × 1', { workload: 'b' }), hop('container', 'b:8080/TCP', { workload: 'b' })],
      },
    ],
  };
  const edges = toMermaid(nodePort).split('\n').filter((line) => line.includes('-->')).map((line) => line.trim());
  assert.deepEqual(edges, ['l0h0 --> l0h1', 'l0h1 --> l0h4', 'l0h2 --> l0h4', 'l0h3 --> l0h4', 'l0h4 --> l0h5', 'l0h5 --> l0h6', 'l0h6 --> l0h7', 'l0h5 --> l0h8', 'l0h8 --> l0h9']);
});
