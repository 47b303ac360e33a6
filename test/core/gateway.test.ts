/**
 * Gateway API in the editor: hover, definition, references, completion and the listener lens,
 * on the route fixture with a Gateway in front (test/fixtures/routes/gateway.yaml).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { completeAt } from '../../server/src/core/features/completion';
import { hoverAt } from '../../server/src/core/features/hover';
import { definitionAt, referencesAt } from '../../server/src/core/features/navigation';
import { hostnamesIntersect } from '../../server/src/core/gateway/attach';
import { listenerLenses } from '../../server/src/core/gateway/features';
import { defaultSettings } from '../../server/src/core/model';
import { WorkspaceIndex } from '../../server/src/core/workspace';
import { splitFixture } from '../fixtureFormat';
import { repoRoot } from '../helpers';

const source = readFileSync(join(repoRoot, 'test', 'fixtures', 'routes', 'gateway.yaml'), 'utf8');
const [file] = splitFixture(source, 'gateway.yaml');
const index = new WorkspaceIndex(defaultSettings);
index.update({ path: file.path, text: file.text });
const text = file.text;
/** The offset of the `nth` occurrence of `needle`, plus `delta`. */
function at(needle: string, delta = 0, nth = 0): number {
  let offset = -1;
  for (let count = 0; count <= nth; count++) offset = text.indexOf(needle, offset + 1);
  assert.ok(offset >= 0, needle);
  return offset + delta;
}
const lineOf = (offset: number): string => {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  return text.slice(start, text.indexOf('\n', offset));
};

test('hover on a parentRef, a backendRef and a listener says what they resolve to', () => {
  const parent = hoverAt(index, file.path, at('sectionName: https', 3), 'en')!;
  assert.match(parent.markdown, /\*\*parentRef\*\*/);
  assert.match(parent.markdown, /Attached to `Gateway infra\/edge listener https \(HTTPS 443 \*\.example\.com\)`/);
  const refused = hoverAt(index, file.path, at('sectionName: internal', 3), 'en')!;
  assert.match(refused.markdown, /Not attached: NotAllowedByListeners: .*from is Same/);
  const backend = hoverAt(index, file.path, at('{name: web, port: 80, weight: 90}', 2), 'en')!;
  assert.match(backend.markdown, /Goes to `Service store\/web:80 \(http\) TCP`; share of the rule: 90%/);
  const grant = hoverAt(index, file.path, at('{name: web, namespace: store, port: 80}', 2), 'zh-cn')!;
  assert.match(grant.markdown, /RefNotPermitted/);
  const listener = hoverAt(index, file.path, at('name: https', 7), 'en')!;
  assert.match(listener.markdown, /Routes attached: `HTTPRoute store\/web`, `GRPCRoute store\/web`/);
});

test('definition: from a parentRef to its Gateway and listener, from a backendRef to its Service and port', () => {
  const [gateway] = definitionAt(index, file.path, at('{name: edge, namespace: infra, sectionName: https}', 8));
  assert.equal(text.slice(gateway.span.start, gateway.span.end), 'edge');
  const [listener] = definitionAt(index, file.path, at('sectionName: https', 14));
  assert.equal(text.slice(listener.span.start, listener.span.end), 'https');
  assert.match(lineOf(listener.span.start), /^ {2}- name: https$/);
  const [service] = definitionAt(index, file.path, at('{name: web, port: 9090}', 8));
  assert.equal(text.slice(service.span.start, service.span.end), 'web');
  assert.match(lineOf(service.span.start), /kind: Service|metadata: \{name: web, namespace: store\}/);
  const [port] = definitionAt(index, file.path, at('{name: web, port: 9090}', 18));
  assert.match(lineOf(port.span.start), /name: grpc, port: 9090/);
});

test('references: the routes on a listener, the backendRefs to a Service and to one of its ports', () => {
  const onHttps = referencesAt(index, file.path, at('name: https', 7)).map((target) => lineOf(target.span.start));
  assert.equal(onHttps.length, 2);
  assert.ok(onHttps.every((line) => line.includes('sectionName: https')));
  const toGrpc = referencesAt(index, file.path, at('name: grpc, port: 9090', 8)).map((target) => lineOf(target.span.start));
  assert.deepEqual(toGrpc, ['  rules: [{matches: [{method: {service: store.Cart, method: Add}}], backendRefs: [{name: web, port: 9090}]}]']);
  const toService = referencesAt(index, file.path, at('metadata: {name: web, namespace: store}', 17, 1));
  assert.equal(toService.length, 6);
});

test('completion: Gateway and listener names, Service names and their ports', () => {
  const labels = (offset: number): string[] => completeAt(index, file.path, offset, 'en').map((item) => item.label);
  assert.deepEqual(labels(at('{name: edge, namespace: infra, sectionName: pg}', 7)), ['edge']);
  assert.deepEqual(labels(at('sectionName: pg}', 13)), ['http', 'https', 'tls', 'pg', 'dns', 'internal']);
  assert.deepEqual(labels(at('[{name: web, port: 5432}]', 8)).sort(), ['web', 'web-canary']);
  assert.deepEqual(labels(at('[{name: web, port: 5432}]', 19)), ['80', '9090', '8443', '5432', '53']);
});

test('a lens above each listener counts the routes attached', () => {
  const lenses = listenerLenses(index, file.path).map((lens) => `${text.slice(lens.span.start, lens.span.end)}: ${lens.title}`);
  assert.deepEqual(lenses, ['http: 1 route attached', 'https: 2 routes attached', 'tls: 1 route attached', 'pg: 1 route attached', 'dns: 1 route attached', 'internal: 0 routes attached']);
});

test('hostnames intersect as the Gateway API defines it', () => {
  assert.ok(hostnamesIntersect(undefined, ['a.example.com']));
  assert.ok(hostnamesIntersect('*.example.com', []));
  assert.ok(hostnamesIntersect('*.example.com', ['a.example.com']));
  assert.ok(hostnamesIntersect('*.example.com', ['a.b.example.com']));
  assert.ok(hostnamesIntersect('*.example.com', ['*.b.example.com']));
  assert.ok(hostnamesIntersect('*.b.example.com', ['*.example.com']));
  assert.ok(hostnamesIntersect('a.example.com', ['*.example.com']));
  assert.ok(!hostnamesIntersect('*.example.com', ['example.com']));
  assert.ok(!hostnamesIntersect('a.example.com', ['b.example.com']));
  assert.ok(!hostnamesIntersect('*.example.com', ['a.example.org', '*.org']));
});

test('hover on a route filter says what it does to the requests, in both languages', () => {
  const routes = `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: filters, namespace: store}
spec:
  rules:
  - matches: [{path: {type: PathPrefix, value: /old}}]
    filters:
    - type: RequestRedirect
      requestRedirect: {scheme: https, statusCode: 301, path: {type: ReplacePrefixMatch, replacePrefixMatch: /new}}
  - filters:
    - {type: URLRewrite, urlRewrite: {hostname: internal.example.com, path: {type: ReplaceFullPath, replaceFullPath: /v2}}}
    - {type: RequestHeaderModifier, requestHeaderModifier: {set: [{name: x-env, value: prod}], remove: [x-debug]}}
    - {type: RequestMirror, requestMirror: {backendRef: {name: shadow, port: 80}, percent: 10}}
    backendRefs: [{name: web, port: 80}]
`;
  const local = new WorkspaceIndex(defaultSettings);
  local.update({ path: 'filters.yaml', text: routes });
  const hover = (needle: string, locale: 'en' | 'zh-cn' = 'en'): string => hoverAt(local, 'filters.yaml', routes.indexOf(needle) + 2, locale)!.markdown;
  assert.match(hover('type: RequestRedirect'), /Answers 301 itself, nothing is forwarded; in the Location: scheme https, the prefix `\/old` becomes `\/new`/);
  assert.match(hover('type: URLRewrite'), /The backend receives: Host becomes `internal\.example\.com`, the whole path becomes `\/v2`/);
  assert.match(hover('type: RequestHeaderModifier'), /Request headers: set `x-env: prod`, remove `x-debug`/);
  assert.match(hover('type: RequestMirror'), /A copy goes to `Service store\/shadow:80` \(10% of requests\); its answers are ignored/);
  assert.match(hover('type: RequestMirror', 'zh-cn'), /副本发往 `Service store\/shadow:80`（10% 的请求），其响应被忽略/);
});

test('a backend missing from files that hold no Service at all is information: the cluster may have it', () => {
  const route = 'apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {name: r, namespace: shop}\nspec:\n  rules: [{backendRefs: [{name: api, port: 80}]}]\n';
  const only = new WorkspaceIndex(defaultSettings);
  only.update({ path: 'route.yaml', text: route });
  const [finding] = only.findings('route.yaml').filter((item) => item.code === 'gateway/backend-not-found');
  assert.equal(finding.severity, 'information');
  assert.match(finding.message, /no Service "shop\/api" in these files, which hold no Service at all/);
  // With Services in the files, a missing one is a warning.
  const withServices = new WorkspaceIndex(defaultSettings);
  withServices.update({ path: 'route.yaml', text: route }, { path: 'svc.yaml', text: 'apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: shop}\nspec: {ports: [{port: 80}]}\n' });
  assert.equal(withServices.findings('route.yaml').find((item) => item.code === 'gateway/backend-not-found')!.severity, 'warning');
});
