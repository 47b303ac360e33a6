/**
 * `request` semantics, written from the Gateway API's type comments (httproute_types.go,
 * grpcroute_types.go, gateway_types.go) and the Ingress API: one test per precedence step, built
 * so that skipping the step would pick the other rule (which would win by namespace/name); the
 * filters; weights and invalid backends; GRPCRoute; Ingress. Properties: a route that cannot
 * match a request never changes its answer; the order of files does not matter.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { answerRequest, modifiedPath } from '../../server/src/core/gateway/request';
import type { RequestAnswer, RequestQuestion } from '../../server/src/core/gateway/request';
import { defaultSettings } from '../../server/src/core/model';
import { WorkspaceIndex } from '../../server/src/core/workspace';
import { repoRoot } from '../helpers';

const gateway = `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: edge, namespace: infra}
spec:
  gatewayClassName: example
  listeners:
  - {name: http, port: 80, protocol: HTTP, allowedRoutes: {namespaces: {from: All}}}
`;

const services = ['a', 'b', 'v1', 'v2', 'web']
  .map((name) => `---\napiVersion: v1\nkind: Service\nmetadata: {name: ${name}, namespace: shop}\nspec: {selector: {app: ${name}}, ports: [{port: 80}]}\n`)
  .join('');

function route(name: string, body: string, kind = 'HTTPRoute'): string {
  return `---\napiVersion: gateway.networking.k8s.io/v1\nkind: ${kind}\nmetadata: {name: ${name}, namespace: shop}\nspec:\n  parentRefs: [{name: edge, namespace: infra}]\n${body}`;
}

function ask(files: Record<string, string>, question: Partial<RequestQuestion> & { url: string }): { answer: RequestAnswer; text: string } {
  const index = new WorkspaceIndex(defaultSettings);
  index.update(...Object.entries(files).map(([path, text]) => ({ path, text })));
  const result = answerRequest(index.objects(), index.gateways(), { method: 'GET', headers: [], ...question });
  assert.ok('answer' in result, JSON.stringify(result));
  return { answer: result.answer, text: result.steps.map((step) => step.text).join('\n') };
}

function winner(files: Record<string, string>, question: Partial<RequestQuestion> & { url: string }): string {
  const { answer } = ask(files, question);
  return `${answer.route?.name}#${answer.route?.rule}`;
}

test('precedence: a matching non-wildcard hostname beats a wildcard one', () => {
  const files = { 'g.yaml': gateway + services, 'a.yaml': route('a-wild', '  hostnames: ["*.example.com"]\n  rules: [{backendRefs: [{name: a, port: 80}]}]\n'), 'b.yaml': route('b-exact', '  hostnames: [shop.example.com]\n  rules: [{backendRefs: [{name: b, port: 80}]}]\n') };
  assert.equal(winner(files, { url: 'http://shop.example.com/' }), 'b-exact#0');
});

test('precedence: between wildcards, the longer matching hostname wins', () => {
  const files = { 'g.yaml': gateway + services, 'a.yaml': route('a-short', '  hostnames: ["*.example.com"]\n  rules: [{backendRefs: [{name: a, port: 80}]}]\n'), 'b.yaml': route('b-long', '  hostnames: ["*.shop.example.com"]\n  rules: [{backendRefs: [{name: b, port: 80}]}]\n') };
  assert.equal(winner(files, { url: 'http://x.shop.example.com/' }), 'b-long#0');
  // A host only the short wildcard covers goes there.
  assert.equal(winner(files, { url: 'http://x.example.com/' }), 'a-short#0');
});

test('precedence: an Exact path beats a PathPrefix of the same or greater length', () => {
  const files = { 'g.yaml': gateway + services, 'a.yaml': route('a', '  rules: [{matches: [{path: {type: PathPrefix, value: /exact}}], backendRefs: [{name: a, port: 80}]}]\n'), 'b.yaml': route('b', '  rules: [{matches: [{path: {type: Exact, value: /exact}}], backendRefs: [{name: b, port: 80}]}]\n') };
  assert.equal(winner(files, { url: 'http://shop.example.com/exact' }), 'b#0');
  assert.equal(winner(files, { url: 'http://shop.example.com/exact/more' }), 'a#0');
});

test('precedence: the longer PathPrefix wins, matched element by element', () => {
  const files = { 'g.yaml': gateway + services, 'a.yaml': route('a', '  rules: [{matches: [{path: {type: PathPrefix, value: /api}}], backendRefs: [{name: a, port: 80}]}]\n'), 'b.yaml': route('b', '  rules: [{matches: [{path: {type: PathPrefix, value: /api/v2/}}], backendRefs: [{name: b, port: 80}]}]\n') };
  assert.equal(winner(files, { url: 'http://shop.example.com/api/v2' }), 'b#0');
  assert.equal(winner(files, { url: 'http://shop.example.com/api/v2x' }), 'a#0');
  const { text } = ask(files, { url: 'http://shop.example.com/apix' });
  assert.match(text, /path \/apix is not under the prefix \/api/);
});

test('precedence: a method match beats none', () => {
  const files = { 'g.yaml': gateway + services, 'a.yaml': route('a', '  rules: [{matches: [{path: {value: /}}], backendRefs: [{name: a, port: 80}]}]\n'), 'b.yaml': route('b', '  rules: [{matches: [{path: {value: /}, method: POST}], backendRefs: [{name: b, port: 80}]}]\n') };
  assert.equal(winner(files, { url: 'http://shop.example.com/', method: 'POST' }), 'b#0');
  assert.equal(winner(files, { url: 'http://shop.example.com/', method: 'GET' }), 'a#0');
});

test('precedence: more header matches, then more query matches, win', () => {
  const files = {
    'g.yaml': gateway + services,
    'a.yaml': route('a', '  rules:\n  - {matches: [{path: {value: /}}], backendRefs: [{name: a, port: 80}]}\n  - {matches: [{queryParams: [{name: v, value: "2"}]}], backendRefs: [{name: v2, port: 80}]}\n'),
    'b.yaml': route('b', '  rules: [{matches: [{headers: [{name: X-Env, value: canary}]}], backendRefs: [{name: b, port: 80}]}]\n'),
  };
  // Header names are case-insensitive; one header match beats one query match.
  assert.equal(winner(files, { url: 'http://shop.example.com/?v=2', headers: [['x-env', 'canary']] }), 'b#0');
  assert.equal(winner(files, { url: 'http://shop.example.com/?v=2' }), 'a#1');
  assert.equal(winner(files, { url: 'http://shop.example.com/?v=3' }), 'a#0');
});

test('precedence: a full tie goes to the oldest route, which the files cannot say: namespace/name decides, and the answer says so', () => {
  const files = { 'g.yaml': gateway + services, 'z.yaml': route('alpha', '  rules: [{backendRefs: [{name: a, port: 80}]}]\n'), 'y.yaml': route('beta', '  rules: [{backendRefs: [{name: b, port: 80}]}]\n') };
  const { answer, text } = ask(files, { url: 'http://shop.example.com/' });
  assert.equal(answer.route?.name, 'alpha');
  assert.match(text, /oldest route in the cluster wins, which the files do not say, so shop\/alpha is picked by namespace\/name/);
  // Within one route, the first matching rule wins.
  const within = { 'g.yaml': gateway + services, 'r.yaml': route('one', '  rules:\n  - {matches: [{path: {value: /x}}], backendRefs: [{name: a, port: 80}]}\n  - {matches: [{path: {value: /x}}], backendRefs: [{name: b, port: 80}]}\n') };
  assert.equal(winner(within, { url: 'http://shop.example.com/x' }), 'one#0');
});

test('listeners: an exact hostname before a wildcard before none; --port and --listener choose', () => {
  const listeners = `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: edge, namespace: infra}
spec:
  gatewayClassName: example
  listeners:
  - {name: any, port: 80, protocol: HTTP, allowedRoutes: {namespaces: {from: All}}}
  - {name: wild, port: 80, protocol: HTTP, hostname: "*.example.com", allowedRoutes: {namespaces: {from: All}}}
  - {name: exact, port: 80, protocol: HTTP, hostname: shop.example.com, allowedRoutes: {namespaces: {from: All}}}
  - {name: alt, port: 8080, protocol: HTTP, allowedRoutes: {namespaces: {from: All}}}
`;
  const files = { 'g.yaml': listeners + services, 'r.yaml': route('r', '  rules: [{backendRefs: [{name: a, port: 80}]}]\n') };
  assert.equal(ask(files, { url: 'http://shop.example.com/' }).answer.gateway?.listener, 'exact');
  assert.equal(ask(files, { url: 'http://x.example.com/' }).answer.gateway?.listener, 'wild');
  assert.equal(ask(files, { url: 'http://example.org/' }).answer.gateway?.listener, 'any');
  assert.equal(ask(files, { url: 'http://shop.example.com:1234/', port: 8080 }).answer.gateway?.listener, 'alt');
  assert.equal(ask(files, { url: 'http://shop.example.com/', gateway: 'infra/edge', listener: 'any' }).answer.gateway?.listener, 'any');
});

test('filters: redirects with and without scheme, port, hostname and path', () => {
  const redirect = (spec: string, matches = '[{path: {type: PathPrefix, value: /old}}]'): Record<string, string> => ({ 'g.yaml': gateway + services, 'r.yaml': route('r', `  rules: [{matches: ${matches}, filters: [{type: RequestRedirect, requestRedirect: ${spec}}]}]\n`) });
  const location = (spec: string, url: string, port?: number): string | undefined => ask(redirect(spec), { url, ...(port ? { port } : {}) }).answer.redirect?.location;
  assert.equal(location('{}', 'http://shop.example.com/old/a?q=1'), 'http://shop.example.com/old/a?q=1');
  assert.equal(ask(redirect('{}'), { url: 'http://shop.example.com/old' }).answer.status, 302);
  assert.equal(location('{scheme: https}', 'http://shop.example.com/old'), 'https://shop.example.com/old');
  assert.equal(location('{scheme: https, port: 8443}', 'http://shop.example.com/old'), 'https://shop.example.com:8443/old');
  assert.equal(location('{hostname: www.example.com, statusCode: 301}', 'http://shop.example.com/old'), 'http://www.example.com/old');
  assert.equal(location('{path: {type: ReplaceFullPath, replaceFullPath: /new}}', 'http://shop.example.com/old/a'), 'http://shop.example.com/new');
  assert.equal(location('{path: {type: ReplacePrefixMatch, replacePrefixMatch: /new}}', 'http://shop.example.com/old/a'), 'http://shop.example.com/new/a');
  // Without a scheme, the listener's port: a request that came in on 8080 of a port-80 listener is sent to 80.
  assert.equal(location('{}', 'http://shop.example.com:8080/old', 80), 'http://shop.example.com/old');
});

test('filters: ReplacePrefixMatch as the specification\'s table shows it', () => {
  const cases: Array<[string, string, string, string]> = [
    ['/foo/bar', '/foo', '/xyz', '/xyz/bar'],
    ['/foo/bar', '/foo', '/xyz/', '/xyz/bar'],
    ['/foo/bar', '/foo/', '/xyz', '/xyz/bar'],
    ['/foo/bar', '/foo/', '/xyz/', '/xyz/bar'],
    ['/foo', '/foo', '/xyz', '/xyz'],
    ['/foo/', '/foo', '/xyz', '/xyz/'],
    ['/foo/bar', '/foo', '', '/bar'],
    ['/foo/', '/foo', '', '/'],
    ['/foo', '/foo', '', '/'],
    ['/foo/', '/foo', '/', '/'],
    ['/foo', '/foo', '/', '/'],
  ];
  for (const [path, prefix, replacement, expected] of cases) {
    assert.equal(modifiedPath({ type: { value: 'ReplacePrefixMatch' }, replacePrefixMatch: { value: replacement } }, path, prefix), expected, `${path} ${prefix} ${replacement}`);
  }
});

test('filters: URLRewrite and RequestHeaderModifier shape what the backend receives; mirrors are named', () => {
  const files = {
    'g.yaml': gateway + services,
    'r.yaml': route(
      'r',
      `  rules:
  - matches: [{path: {type: PathPrefix, value: /api}}]
    filters:
    - {type: URLRewrite, urlRewrite: {hostname: api.internal, path: {type: ReplacePrefixMatch, replacePrefixMatch: /}}}
    - {type: RequestHeaderModifier, requestHeaderModifier: {set: [{name: X-Env, value: prod}], add: [{name: Accept, value: text/html}], remove: [X-Debug]}}
    - {type: RequestMirror, requestMirror: {backendRef: {name: web, port: 80}}}
    backendRefs: [{name: a, port: 80}]
`,
    ),
  };
  const { answer, text } = ask(files, { url: 'http://shop.example.com/api/items?id=7', headers: [['Accept', 'application/json'], ['X-Debug', '1'], ['X-Env', 'dev']] });
  assert.deepEqual(answer.forwarded, { host: 'api.internal', path: '/items?id=7', headers: { accept: 'application/json,text/html', 'x-env': 'prod' } });
  assert.match(text, /RequestMirror spec\.rules\[0\]\.filters\[2\]: a copy goes to Service shop\/web:80/);
});

test('backends: weights split traffic, weight 0 is left out, invalid backends answer 500 for their share; none valid is 500', () => {
  const files = {
    'g.yaml': gateway + services,
    'r.yaml': route(
      'r',
      `  rules:
  - matches: [{path: {value: /split}}]
    backendRefs: [{name: v1, port: 80, weight: 3}, {name: v2, port: 80, weight: 1}, {name: web, port: 80, weight: 0}]
  - matches: [{path: {value: /half}}]
    backendRefs: [{name: v1, port: 80}, {name: nowhere, port: 80}]
  - matches: [{path: {value: /broken}}]
    backendRefs: [{name: nowhere, port: 80}, {name: other, namespace: elsewhere, port: 80}]
`,
    ),
  };
  assert.deepEqual(ask(files, { url: 'http://s/split' }).answer.backends, [{ kind: 'Service', namespace: 'shop', name: 'v1', port: 80, weight: 3 }, { kind: 'Service', namespace: 'shop', name: 'v2', port: 80, weight: 1 }]);
  const half = ask(files, { url: 'http://s/half' });
  assert.equal(half.answer.status, 200);
  assert.match(half.text, /50% of requests get 500/);
  const broken = ask(files, { url: 'http://s/broken' });
  assert.equal(broken.answer.status, 500);
  assert.match(broken.text, /RefNotPermitted/);
  assert.equal(ask(files, { url: 'http://s/none' }).answer.status, 404);
});

test('GRPCRoute: service and method, the longer service match first; HTTPRoutes do not take gRPC requests', () => {
  const files = {
    'g.yaml': gateway + services,
    'a.yaml': route('a', '  rules: [{matches: [{method: {method: Get}}], backendRefs: [{name: a, port: 80}]}]\n', 'GRPCRoute'),
    'b.yaml': route('b', '  rules: [{matches: [{method: {service: shop.Cart, method: Get}}], backendRefs: [{name: b, port: 80}]}]\n', 'GRPCRoute'),
    'h.yaml': route('h', '  rules: [{backendRefs: [{name: web, port: 80}]}]\n'),
  };
  const grpc: Array<readonly [string, string]> = [['content-type', 'application/grpc']];
  assert.equal(winner(files, { url: 'http://s/shop.Cart/Get', method: 'POST', headers: grpc }), 'b#0');
  assert.equal(winner(files, { url: 'http://s/shop.Orders/Get', method: 'POST', headers: grpc }), 'a#0');
  assert.equal(ask(files, { url: 'http://s/shop.Orders/List', method: 'POST', headers: grpc }).answer.status, 404);
  assert.equal(winner(files, { url: 'http://s/shop.Cart/Get', method: 'POST' }), 'h#0');
});

test('Ingress: exact host before wildcard, longest path, Exact before Prefix, default backend, class', () => {
  const ingress = `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: shop, namespace: shop}
spec:
  ingressClassName: nginx
  defaultBackend: {service: {name: web, port: {number: 80}}}
  rules:
  - host: "*.example.com"
    http:
      paths:
      - {path: /, pathType: Prefix, backend: {service: {name: a, port: {number: 80}}}}
  - host: shop.example.com
    http:
      paths:
      - {path: /api, pathType: Prefix, backend: {service: {name: v1, port: {number: 80}}}}
      - {path: /api/v2, pathType: Prefix, backend: {service: {name: v2, port: {number: 80}}}}
      - {path: /api/v2, pathType: Exact, backend: {service: {name: b, port: {number: 80}}}}
`;
  const files = { 'i.yaml': ingress + services };
  const backend = (url: string): string | undefined => ask(files, { url }).answer.backends[0]?.name;
  assert.equal(backend('http://shop.example.com/api/v2'), 'b');
  assert.equal(backend('http://shop.example.com/api/v2/x'), 'v2');
  assert.equal(backend('http://shop.example.com/api/v1'), 'v1');
  assert.equal(backend('http://shop.example.com/other'), 'a');
  // A wildcard covers one label only.
  assert.equal(backend('http://a.b.example.com/'), 'web');
  const { answer, text } = ask(files, { url: 'http://shop.example.com/api/v2/x' });
  assert.deepEqual(answer.route, { kind: 'Ingress', namespace: 'shop', name: 'shop', rule: 1, match: 1 });
  assert.match(text, /Ingress class nginx/);
});

test('properties: a route that cannot match a request never changes its answer; file order does not matter', () => {
  const base = readFileSync(join(repoRoot, 'test', 'request', 'shop.yaml'), 'utf8');
  const urls = ['http://shop.example.com/api/v2/items?x=1', 'http://shop.example.com/api/v1', 'http://shop.example.com/old', 'http://other.example.com/', 'https://shop.example.com/', 'http://shop.example.com/gone/a'];
  const extras = [
    route('other-host', '  hostnames: [elsewhere.example.org]\n  rules: [{backendRefs: [{name: a, port: 80}]}]\n'),
    route('other-method', '  rules: [{matches: [{path: {value: /}, method: DELETE}], backendRefs: [{name: a, port: 80}]}]\n'),
    route('other-header', '  rules: [{matches: [{path: {value: /}, headers: [{name: x-never, value: "1"}]}], backendRefs: [{name: a, port: 80}]}]\n'),
  ];
  for (const url of urls) {
    const before = ask({ 'shop.yaml': base }, { url }).answer;
    for (const extra of extras) assert.deepEqual(ask({ 'shop.yaml': base, 'extra.yaml': extra }, { url }).answer, before, `${url} with ${extra.split('\n')[3]}`);
    const documents = base.split(/^---$/m);
    const reversed = Object.fromEntries(documents.map((document, position) => [`${String(documents.length - position).padStart(2, '0')}.yaml`, document]));
    assert.deepEqual(ask(reversed, { url }).answer, before, `${url} in reversed files`);
  }
});

test('GAMMA: a request to a Service\'s DNS name follows the mesh routes whose parent is that Service; without one it goes to the Service', () => {
  const mesh = `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: reviews-split, namespace: shop}
spec:
  parentRefs: [{group: "", kind: Service, name: web, port: 80}]
  rules:
  - matches: [{headers: [{name: x-user, value: tester}]}]
    backendRefs: [{name: v2, port: 80}]
  - backendRefs: [{name: v1, port: 80, weight: 80}, {name: v2, port: 80, weight: 20}]
`;
  const files = { 's.yaml': services.slice(4), 'mesh.yaml': mesh, 'g.yaml': gateway };
  const tester = ask(files, { url: 'http://web.shop.svc.cluster.local/', headers: [['X-User', 'tester']] });
  assert.equal(tester.answer.gateway, null);
  assert.deepEqual(tester.answer.route, { kind: 'HTTPRoute', namespace: 'shop', name: 'reviews-split', rule: 0, match: 0 });
  assert.deepEqual(tester.answer.backends.map((backend) => backend.name), ['v2']);
  assert.match(tester.text, /DNS name of Service shop\/web/);
  assert.deepEqual(ask(files, { url: 'http://web.shop/' }).answer.backends.map((backend) => [backend.name, backend.weight]), [['v1', 80], ['v2', 20]]);
  // Another port of the Service is not the route's: straight to the Service.
  const direct = ask({ ...files, 's.yaml': services.slice(4).replace('{app: web}, ports: [{port: 80}]', '{app: web}, ports: [{port: 80}, {port: 9090}]') }, { url: 'http://web.shop:9090/' });
  assert.deepEqual(direct.answer.backends, [{ kind: 'Service', namespace: 'shop', name: 'web', port: 9090, weight: 1 }]);
  assert.match(direct.text, /no mesh route/);
});

test('ListenerSets: their listeners take requests only when the Gateway\'s allowedListeners admit them', () => {
  const set = `---
apiVersion: gateway.networking.k8s.io/v1
kind: ListenerSet
metadata: {name: team, namespace: shop}
spec:
  parentRef: {name: edge, namespace: infra}
  listeners: [{name: alt, port: 8080, protocol: HTTP}]
`;
  const routeOnSet = route('r', '  rules: [{backendRefs: [{name: a, port: 80}]}]\n').replace('parentRefs: [{name: edge, namespace: infra}]', 'parentRefs: [{kind: ListenerSet, name: team}]');
  const closed = { 'g.yaml': gateway + services + set, 'r.yaml': routeOnSet };
  const index = new WorkspaceIndex(defaultSettings);
  index.update(...Object.entries(closed).map(([path, text]) => ({ path, text })));
  const result = answerRequest(index.objects(), index.gateways(), { url: 'http://shop.example.com:8080/', method: 'GET', headers: [] });
  assert.ok('usage' in result && /no Gateway listener takes http on port 8080/.test(result.usage), JSON.stringify(result));
  const open = { 'g.yaml': gateway.replace('  listeners:', '  allowedListeners: {namespaces: {from: All}}\n  listeners:') + services + set, 'r.yaml': routeOnSet };
  const { answer } = ask(open, { url: 'http://shop.example.com:8080/' });
  assert.deepEqual([answer.gateway, answer.backends[0]?.name], [{ namespace: 'infra', name: 'edge', listener: 'alt' }, 'a']);
});

test('implementation-defined: a RegularExpression match says so, names a known implementation\'s dialect, and a normalised path is noted', () => {
  const files = {
    'g.yaml': `apiVersion: gateway.networking.k8s.io/v1\nkind: GatewayClass\nmetadata: {name: eg}\nspec: {controllerName: gateway.envoyproxy.io/gatewayclass-controller}\n---\n${gateway.replace('gatewayClassName: example', 'gatewayClassName: eg')}${services}`,
    'r.yaml': route('r', '  rules: [{matches: [{path: {type: RegularExpression, value: "/items/[0-9]+"}}], backendRefs: [{name: a, port: 80}]}]\n'),
  };
  const { answer, text } = ask(files, { url: 'http://s/items/42' });
  assert.equal(answer.backends[0]?.name, 'a');
  assert.match(text, /RegularExpression match: its dialect and its rank among other matches are implementation-specific/);
  assert.match(text, /GatewayClass eg is Envoy Gateway \(gateway\.envoyproxy\.io\/gatewayclass-controller\): an Envoy-based data plane, which matches RegularExpression paths and headers with RE2/);
  assert.equal(ask(files, { url: 'http://s/items/4x' }).answer.status, 404);
  assert.match(ask(files, { url: 'http://s/x/../items/7' }).text, /the path was normalised to \/items\/7/);
});

test('cross-namespace backends: refused without a ReferenceGrant (500), forwarded with one', () => {
  const other = '---\napiVersion: v1\nkind: Service\nmetadata: {name: billing, namespace: pay}\nspec: {selector: {app: billing}, ports: [{port: 80}]}\n';
  const files = { 'g.yaml': gateway + services + other, 'r.yaml': route('r', '  rules: [{backendRefs: [{name: billing, namespace: pay, port: 80}]}]\n') };
  const refused = ask(files, { url: 'http://s/' });
  assert.equal(refused.answer.status, 500);
  assert.match(refused.text, /RefNotPermitted/);
  const grant = '---\napiVersion: gateway.networking.k8s.io/v1beta1\nkind: ReferenceGrant\nmetadata: {name: shop-to-pay, namespace: pay}\nspec:\n  from: [{group: gateway.networking.k8s.io, kind: HTTPRoute, namespace: shop}]\n  to: [{group: "", kind: Service}]\n';
  const allowed = ask({ ...files, 'grant.yaml': grant }, { url: 'http://s/' });
  assert.equal(allowed.answer.status, 200);
  assert.deepEqual(allowed.answer.backends, [{ kind: 'Service', namespace: 'pay', name: 'billing', port: 80, weight: 1 }]);
});
