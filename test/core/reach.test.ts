/**
 * The connectivity engine on fixtures written from the NetworkPolicy semantics (test/reach/*.yaml,
 * expected `reach` text beside each as .txt, and one JSON snapshot), and its properties: adding a
 * rule never removes a connection; adding a policy with no rules never adds one.
 * `UPDATE_EXPECT=1` rewrites the snapshots for review.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { reachJson, reachText } from '../../server/src/cli/reach';
import { analyzeWorkspace } from '../../server/src/core/analyze';
import { fixesFor } from '../../server/src/core/features/fixes';
import { hoverAt } from '../../server/src/core/features/hover';
import { computeRoute } from '../../server/src/core/features/route';
import { defaultSettings } from '../../server/src/core/model';
import { cidrRange, contains } from '../../server/src/core/policy/addresses';
import { Connectivity, peerText } from '../../server/src/core/policy/connectivity';
import type { Peer } from '../../server/src/core/policy/connectivity';
import { splitFixture } from '../fixtureFormat';
import { listFiles, repoRoot } from '../helpers';

const folder = join(repoRoot, 'test', 'reach');
const update = process.env.UPDATE_EXPECT === '1';

function connectivityOf(files: ReadonlyArray<{ path: string; text: string }>): Connectivity {
  return new Connectivity(analyzeWorkspace(files, defaultSettings).repository.plainIndex.objects());
}

function snapshot(actual: string, file: string): void {
  const path = join(folder, file);
  if (update || !existsSync(path)) writeFileSync(path, actual);
  assert.equal(actual, readFileSync(path, 'utf8'), `${file} differs; rerun with UPDATE_EXPECT=1 and review the diff`);
}

for (const fixture of listFiles(folder, ['.yaml'])) {
  const name = fixture.slice(folder.length + 1).replace(/\.yaml$/, '');
  test(`reach ${name}`, () => {
    const connectivity = connectivityOf(splitFixture(readFileSync(fixture, 'utf8'), 'x.yaml'));
    snapshot(reachText([{ label: undefined, unit: { kind: 'plain', root: null, variant: null }, connectivity, place: () => '' }]), `${name}.txt`);
  });
}


/** A Deployment of `name` whose Pods carry `app: name` and declare the given container ports (8080 unless given). */
function deployment(name: string, options: { ports?: readonly number[]; namespace?: string; replicas?: number } = {}): string {
  const ports = (options.ports ?? [8080]).map((port) => `{containerPort: ${port}}`).join(', ');
  const replicas = options.replicas !== undefined ? `  replicas: ${options.replicas}\n` : '';
  return `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}, namespace: ${options.namespace ?? 'shop'}}\nspec:\n${replicas}  selector: {matchLabels: {app: ${name}}}\n  template: {metadata: {labels: {app: ${name}}}, spec: {containers: [{name: ${name}, image: ${name}, ports: [${ports}]}]}}\n`;
}

test('reach json: peers, ranges and port lists', () => {
  const connectivity = connectivityOf(splitFixture(readFileSync(join(folder, 'external.yaml'), 'utf8'), 'x.yaml'));
  snapshot(reachJson([{ label: undefined, unit: { kind: 'plain', root: null, variant: null }, connectivity, place: () => '' }]), 'external.json');
});

test('explain names the isolating policies and the allowing rules', () => {
  const connectivity = connectivityOf(splitFixture(readFileSync(join(folder, 'default-deny.yaml'), 'utf8'), 'x.yaml'));
  const web = connectivity.workloads.find((workload) => workload.name === 'web')!;
  const api = connectivity.workloads.find((workload) => workload.name === 'api')!;
  const explanation = connectivity.explain({ workload: web }, { workload: api });
  assert.deepEqual(explanation.ingress.isolating.map((policy) => policy.object.name).sort(), ['api-from-web', 'default-deny']);
  assert.deepEqual(explanation.ingress.rules.map((rule) => [rule.policy.object.name, rule.rule.index, rule.ports.toString()]), [['api-from-web', 0, 'TCP 3000']]);
  assert.equal(explanation.egress.isolating.length, 0);
  assert.equal(connectivity.explain({ workload: api }, { workload: web }).allowed.isEmpty, true, 'web is isolated by the default deny');
});

/** A small random workspace: workloads with labels and ports, and policies with random rules. */
const labelValue = fc.constantFrom('a', 'b', 'c');
const workloadArb = fc.record({ namespace: fc.constantFrom('one', 'two'), app: labelValue, ports: fc.subarray([80, 443, 53, 8080]) });
const peerArb = fc.oneof(
  fc.record({ podSelector: fc.record({ matchLabels: fc.record({ app: labelValue }) }) }),
  fc.record({ namespaceSelector: fc.record({ matchLabels: fc.record({ 'kubernetes.io/metadata.name': fc.constantFrom('one', 'two') }) }) }),
  // Only blocks the API server accepts: an except lies strictly inside its cidr.
  fc.oneof(
    fc.record({ ipBlock: fc.record({ cidr: fc.constantFrom('10.0.0.0/8', '0.0.0.0/0'), except: fc.constantFrom([], ['10.2.0.0/16']) }) }),
    fc.record({ ipBlock: fc.record({ cidr: fc.constantFrom('10.1.0.0/16', '2001:db8::/32'), except: fc.constant([]) }) }),
  ),
);
const ruleArb = fc.record({ peers: fc.array(peerArb, { maxLength: 2 }), ports: fc.array(fc.oneof(fc.record({ port: fc.constantFrom(80, 443, 53, 'http') }), fc.record({ port: fc.constant(8000), endPort: fc.constant(8100) })), { maxLength: 2 }) }, { requiredKeys: [] });
const policyArb = fc.record({ namespace: fc.constantFrom('one', 'two'), app: fc.option(labelValue), ingress: fc.array(ruleArb, { maxLength: 2 }), egress: fc.option(fc.array(ruleArb, { maxLength: 2 })) });

function manifests(workloads: Array<{ namespace: string; app: string; ports: number[] }>, policies: Array<{ namespace: string; app: string | null; ingress: unknown[]; egress: unknown[] | null }>): Array<{ path: string; text: string }> {
  const docs = workloads.map((workload, index) => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: `w${index}`, namespace: workload.namespace }, spec: { selector: { matchLabels: { app: workload.app } }, template: { metadata: { labels: { app: workload.app } }, spec: { containers: [{ name: 'c', image: 'i', ports: workload.ports.map((port, position) => ({ containerPort: port, ...(position === 0 ? { name: 'http' } : {}) })) }] } } } }));
  const rule = (direction: 'from' | 'to') => (item: unknown) => {
    const { peers, ports } = item as { peers?: unknown[]; ports?: unknown[] };
    return { ...(peers ? { [direction]: peers } : {}), ...(ports ? { ports } : {}) };
  };
  const policyDocs = policies.map((policy, index) => ({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: `p${index}`, namespace: policy.namespace }, spec: { podSelector: policy.app ? { matchLabels: { app: policy.app } } : {}, ingress: policy.ingress.map(rule('from')), ...(policy.egress ? { egress: policy.egress.map(rule('to')) } : {}) } }));
  return [{ path: 'all.yaml', text: [...docs, ...policyDocs].map((doc) => JSON.stringify(doc)).join('\n---\n') }];
}

const sampleAddresses = ['10.0.0.1/32', '10.1.0.1/32', '10.2.0.1/32', '8.8.8.8/32', '2001:db8::1/128', '2001:db9::1/128'].map((text) => [text, cidrRange(text)!] as const);

/** A peer as sample points: a workload itself, a range as the sample addresses it holds (splits differ between runs). */
function points(peer: Peer): string[] {
  if ('workload' in peer) return [peerText(peer)];
  return sampleAddresses.filter(([, address]) => contains(peer.external, address)).map(([text]) => text);
}

/** Every allowed (src, dst, protocol, port) on a few sample ports and addresses, as strings. */
function allowedSet(connectivity: Connectivity): Set<string> {
  const result = new Set<string>();
  for (const { src, dst, conn } of connectivity.connections()) {
    for (const from of points(src)) {
      for (const to of points(dst)) {
        for (const port of [53, 80, 443, 8050, 8080]) for (const protocol of ['TCP', 'UDP'] as const) if (conn.has(protocol, port)) result.add(`${from}>${to}:${protocol}/${port}`);
      }
    }
  }
  return result;
}

test('adding a rule to a policy never removes a connection', () => {
  fc.assert(
    fc.property(fc.array(workloadArb, { minLength: 1, maxLength: 4 }), fc.array(policyArb, { minLength: 1, maxLength: 3 }), ruleArb, fc.nat(), (workloads, policies, extra, which) => {
      const before = allowedSet(connectivityOf(manifests(workloads, policies)));
      const target = which % policies.length;
      const more = policies.map((policy, index) => (index === target ? { ...policy, ingress: [...policy.ingress, extra] } : policy));
      const after = allowedSet(connectivityOf(manifests(workloads, more)));
      for (const connection of before) assert.ok(after.has(connection), `lost ${connection}`);
    }),
    { numRuns: 150 },
  );
});

test('adding a policy with no rules never adds a connection', () => {
  fc.assert(
    fc.property(fc.array(workloadArb, { minLength: 1, maxLength: 4 }), fc.array(policyArb, { maxLength: 3 }), fc.constantFrom('one', 'two'), fc.option(labelValue), (workloads, policies, namespace, app) => {
      const before = allowedSet(connectivityOf(manifests(workloads, policies)));
      const after = allowedSet(connectivityOf(manifests(workloads, [...policies, { namespace, app, ingress: [], egress: [] }])));
      for (const connection of after) assert.ok(before.has(connection), `gained ${connection}`);
    }),
    { numRuns: 150 },
  );
});

test('hover on a policy: the Pods it selects, what a peer admits, what a named port resolves to', () => {
  const files = splitFixture(readFileSync(join(folder, 'default-deny.yaml'), 'utf8'), 'x.yaml');
  const analysis = analyzeWorkspace(files, defaultSettings);
  const index = analysis.repository.plainIndex;
  const text = files.find((file) => file.path === 'policies.yaml')!.text;
  const at = (needle: string, extra = 0): number => text.indexOf(needle) + extra;
  const selector = hoverAt(index, 'policies.yaml', at('podSelector: {}', 2), 'en')!;
  assert.match(selector.markdown, /^\*\*podSelector\*\*/);
  assert.match(selector.markdown, /Selects `\(all\)`: `shop\/api\[Deployment\]`, `shop\/web\[Deployment\]`/);
  const peer = hoverAt(index, 'policies.yaml', at('from: [{podSelector', 10), 'en')!;
  assert.match(peer.markdown, /Admits: `shop\/web\[Deployment\]`/);
  const port = hoverAt(index, 'policies.yaml', at('port: http', 7), 'zh-cn')!;
  assert.match(port.markdown, /目标 Pod 的端口/);
  assert.match(port.markdown, /`shop\/api\[Deployment\]`：TCP 3000/);
});

test('the route of a Service behind a policy has a policy hop: who may connect, or nobody', () => {
  const files = splitFixture(readFileSync(join(repoRoot, 'test', 'fixtures', 'rules', 'networkpolicy', 'service-unreachable.yaml'), 'utf8'), 'x.yaml');
  const index = analyzeWorkspace(files, defaultSettings).repository.plainIndex;
  const routeOf = (namespace: string) => computeRoute(index, index.objects().find((object) => object.object.recognized === 'Service' && object.namespace === namespace)!);
  const open = routeOf('ok').lanes[0].hops.find((hop) => hop.kind === 'policy')!;
  assert.deepEqual([open.label, open.status], ['1 source may connect', 'ok']);
  assert.match(open.detail, /allowed from ok\/api\[Deployment\] \(its own Pods\)/);
  const locked = routeOf('locked').lanes[0].hops.find((hop) => hop.kind === 'policy')!;
  assert.deepEqual([locked.label, locked.status, locked.findings.map((finding) => finding.code)], ['nobody may connect', 'broken', ['networkpolicy/service-unreachable']]);
});

test('the policy hop blames the client\'s egress when the Service side lets the client in, and equal verdicts get equal severities', () => {
  const text = [
    deployment('api', { ports: [8080, 9090] }),
    deployment('web', { ports: [80] }),
    'apiVersion: v1\nkind: Service\nmetadata: {name: api, namespace: shop}\nspec: {selector: {app: api}, ports: [{name: http, port: 80, targetPort: 8080}, {name: admin, port: 90, targetPort: 9090}]}\n',
    // The api side admits web on both ports; web's own egress allows only DNS.
    'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: allow-web-to-api, namespace: shop}\nspec: {podSelector: {matchLabels: {app: api}}, ingress: [{from: [{podSelector: {matchLabels: {app: web}}}]}]}\n',
    'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: web-egress, namespace: shop}\nspec: {podSelector: {matchLabels: {app: web}}, policyTypes: [Egress], egress: [{ports: [{port: 53, protocol: UDP}]}]}\n',
  ].join('---\n');
  const index = analyzeWorkspace([{ path: 'shop.yaml', text }], defaultSettings).repository.plainIndex;
  const route = computeRoute(index, index.objects().find((object) => object.object.recognized === 'Service')!);
  const hops = route.lanes.map((lane) => lane.hops.find((hop) => hop.kind === 'policy')!);
  for (const hop of hops) {
    assert.match(hop.detail, /its rules let some workloads in, but their own egress keeps them out/);
    assert.match(hop.detail, /shop\/web\[Deployment\] would be let in here, but NetworkPolicy\/web-egress \(egress of the client side\) keeps them from sending to this port/);
    assert.ok(hop.links!.some((link) => link.label === 'NetworkPolicy/web-egress (client egress)'));
  }
  // Both lanes say the same, with the same severity.
  assert.deepEqual(hops.map((hop) => [hop.label, hop.status]), [
    ['nobody may connect', 'broken'],
    ['nobody may connect', 'broken'],
  ]);
});

test('the walk from an arbitrary Pod stops at a policy that lets in only some workloads, and passes one that lets in every Pod', () => {
  const walkOf = (from: string): { status: string; finding?: string } => {
    const text = [deployment('api'), deployment('web'), 'apiVersion: v1\nkind: Service\nmetadata: {name: api, namespace: shop}\nspec: {selector: {app: api}, ports: [{port: 80, targetPort: 8080}]}\n', `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: api-in, namespace: shop}\nspec: {podSelector: {matchLabels: {app: api}}, ingress: [{from: [${from}]}]}\n`].join('---\n');
    const index = analyzeWorkspace([{ path: 'shop.yaml', text }], defaultSettings).repository.plainIndex;
    const route = computeRoute(index, index.objects().find((object) => object.object.recognized === 'Service')!);
    const walk = route.lanes[0].picture!.walks.find((candidate) => candidate.client === 'in-cluster')!;
    const step = walk.steps.find((candidate) => candidate.to.startsWith('pod:'))!;
    return { status: step.status, ...(step.finding ? { finding: step.finding } : {}) };
  };
  const some = walkOf('{podSelector: {matchLabels: {app: web}}}');
  assert.equal(some.status, 'broken');
  assert.match(some.finding!, /the policies let in only some workloads \(1 source may connect\), and an arbitrary Pod is not one of them/);
  assert.equal(walkOf('{namespaceSelector: {}}').status, 'ok');
});

test('the picture walks from a Pod of each workload: allowed ones are delivered, denied ones stop with the side and rule reach names', () => {
  const text = [
    deployment('api', { replicas: 3 }),
    deployment('web', { replicas: 3 }),
    deployment('batch', { replicas: 3 }),
    deployment('probe', { namespace: 'ops', replicas: 3 }),
    'apiVersion: v1\nkind: Service\nmetadata: {name: api, namespace: shop}\nspec: {selector: {app: api}, ports: [{port: 80, targetPort: 8080}]}\n',
    // api admits web and batch; batch's own egress allows only DNS.
    'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: api-in, namespace: shop}\nspec: {podSelector: {matchLabels: {app: api}}, ingress: [{from: [{podSelector: {matchLabels: {app: web}}}, {podSelector: {matchLabels: {app: batch}}}]}]}\n',
    'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: batch-out, namespace: shop}\nspec: {podSelector: {matchLabels: {app: batch}}, policyTypes: [Egress], egress: [{ports: [{port: 53, protocol: UDP}]}]}\n',
  ].join('---\n');
  const index = analyzeWorkspace([{ path: 'shop.yaml', text }], defaultSettings).repository.plainIndex;
  const route = computeRoute(index, index.objects().find((object) => object.object.recognized === 'Service')!);
  const picture = route.lanes[0].picture!;
  const policy = route.lanes[0].hops.find((hop) => hop.kind === 'policy')!;
  assert.deepEqual(policy.policies, ['NetworkPolicy/api-in']);
  assert.deepEqual(picture.policy && [picture.policy.verdict, picture.policy.names], ['some', ['NetworkPolicy/api-in']]);
  const verdicts = new Map(policy.sources!.map((source) => [source.label, source]));
  assert.deepEqual([...verdicts.keys()], ['Deployment/api', 'Deployment/batch', 'Deployment/web', 'Deployment/probe (ops)']);
  assert.equal(verdicts.get('Deployment/web')!.allowed, true);
  assert.equal(verdicts.get('Deployment/web')!.reason, 'egress of Deployment/web: no policy isolates it; ingress of Deployment/api: allowed by NetworkPolicy/api-in spec.ingress[0]');
  // Denied by its own egress: the blame is on the source side, as reach puts it.
  assert.equal(verdicts.get('Deployment/batch')!.allowed, false);
  assert.equal(verdicts.get('Deployment/batch')!.reason, 'egress of Deployment/batch: isolated by NetworkPolicy/batch-out, and no rule allows 8080/TCP');
  assert.equal(verdicts.get('Deployment/probe (ops)')!.reason, 'ingress of Deployment/api: isolated by NetworkPolicy/api-in, and no rule allows 8080/TCP');
  // A walk from each: the arbitrary Pod first, then one per workload, stopping where its verdict says.
  const walks = picture.walks.filter((walk) => walk.client === 'in-cluster');
  assert.deepEqual(walks.map((walk) => walk.from ?? '(any)'), ['(any)', 'Deployment/api', 'Deployment/batch', 'Deployment/web', 'Deployment/probe (ops)']);
  const delivered = (walk: (typeof walks)[number]): boolean => walk.steps.every((step) => step.status === 'ok');
  // api's own Pods are not among the sources api-in admits.
  assert.deepEqual(walks.map(delivered), [false, false, false, true, false]);
  const batch = walks.find((walk) => walk.from === 'Deployment/batch')!.steps.find((step) => step.status === 'broken')!;
  assert.equal(batch.finding, verdicts.get('Deployment/batch')!.reason);
  assert.equal(batch.hop, route.lanes[0].hops.indexOf(policy));
  // The packet leaves for the cluster IP and kube-proxy on the client's own node rewrites it; each of the three Pods takes a third.
  const web = walks.find((walk) => walk.from === 'Deployment/web')!;
  assert.deepEqual(web.steps.slice(0, 2).map((step) => [step.from, step.to.split(':')[0], step.rewrite ?? '']), [['client-pod', 'kube-proxy', ''], [`kube-proxy:${picture.clientPod.node}`, 'pod', 'DNAT']]);
  assert.equal(web.steps[1].share, '33.3%');
  assert.equal(web.steps[1].spread?.length, 2);
  assert.ok(web.steps[1].spread!.every((other) => other.share === '33.3%' && other.to.startsWith('pod:Deployment/shop/api#')));
  // In Chinese the same verdicts, in Chinese.
  const zh = computeRoute(index, index.objects().find((object) => object.object.recognized === 'Service')!, 2, 'zh-cn');
  const zhBatch = zh.lanes[0].hops.find((hop) => hop.kind === 'policy')!.sources!.find((source) => source.label === 'Deployment/batch')!;
  assert.equal(zhBatch.reason, 'Deployment/batch 的出站（egress）：被 NetworkPolicy/batch-out 隔离，且没有规则放行 8080/TCP');
});

test('the quick fix of a policy that allows the Service port allows the target port', () => {
  const files = splitFixture(readFileSync(join(repoRoot, 'test', 'fixtures', 'rules', 'networkpolicy', 'service-port-not-target.yaml'), 'utf8'), 'x.yaml');
  const index = analyzeWorkspace(files, defaultSettings).repository.plainIndex;
  const finding = index.findings('invalid/app.yaml').find((item) => item.code === 'networkpolicy/service-port-not-target')!;
  const [fix] = fixesFor(index, finding);
  assert.equal(fix.title, 'Allow the target port 8080 instead');
  const text = index.source('invalid/app.yaml')!.text;
  const fixed = text.slice(0, fix.edits[0].span.start) + fix.edits[0].newText + text.slice(fix.edits[0].span.end);
  const after = analyzeWorkspace(files.map((file) => (file.path === 'invalid/app.yaml' ? { ...file, text: fixed } : file)), defaultSettings);
  assert.deepEqual(after.files.find((file) => file.path === 'invalid/app.yaml')!.findings.map((item) => item.code), []);
});

/** An AdminNetworkPolicy (or the baseline, without priority) as JSON, for the tier tests. */
function adminPolicy(kind: 'AdminNetworkPolicy' | 'BaselineAdminNetworkPolicy', name: string, spec: Record<string, unknown>): string {
  return JSON.stringify({ apiVersion: 'policy.networking.k8s.io/v1alpha1', kind, metadata: { name }, spec });
}

const tierWorkloads = [
  { namespace: 'one', app: 'a', ports: [80, 443] },
  { namespace: 'two', app: 'b', ports: [80] },
];

test('tiers: an admin Deny overrides a NetworkPolicy allow, an admin Allow overrides NetworkPolicy isolation, Pass hands down, networks match addresses', () => {
  const base = manifests(tierWorkloads, [{ namespace: 'two', app: null, ingress: [{ peers: [{ namespaceSelector: {} }], ports: [{ port: 80 }] }], egress: null }])[0].text;
  const withAdmin = (...policies: string[]): Connectivity => connectivityOf([{ path: 'all.yaml', text: [base, ...policies].join('\n---\n') }]);
  const a = (connectivity: Connectivity) => ({ workload: connectivity.workloads.find((workload) => workload.namespace === 'one')! });
  const b = (connectivity: Connectivity) => ({ workload: connectivity.workloads.find((workload) => workload.namespace === 'two')! });
  // Without admin policies: the NetworkPolicy admits TCP 80 from anywhere in the cluster.
  const plain = withAdmin();
  assert.equal(plain.allowed(a(plain), b(plain)).toString(), 'TCP 80');
  // An admin Deny of everything from namespace one wins over the NetworkPolicy's allow.
  const denied = withAdmin(adminPolicy('AdminNetworkPolicy', 'deny', { priority: 1, subject: { namespaces: {} }, ingress: [{ action: 'Deny', from: [{ namespaces: { matchLabels: { 'kubernetes.io/metadata.name': 'one' } } }] }] }));
  assert.equal(denied.allowed(a(denied), b(denied)).toString(), 'No Connections');
  assert.deepEqual(denied.explain(a(denied), b(denied)).ingress.tiers!.map((item) => [item.policy.object.name, item.action, item.ports.toString()]), [['deny', 'Deny', 'All Connections']]);
  // An admin Allow of 443 wins over the NetworkPolicy's isolation (which admits only 80).
  const opened = withAdmin(adminPolicy('AdminNetworkPolicy', 'open', { priority: 1, subject: { pods: { namespaceSelector: {}, podSelector: { matchLabels: { app: 'b' } } } }, ingress: [{ action: 'Allow', from: [{ namespaces: {} }], ports: [{ portNumber: { protocol: 'TCP', port: 443 } }] }] }));
  assert.equal(opened.allowed(a(opened), b(opened)).toString(), 'TCP 80,443');
  // A higher-priority Pass hands the connection to the NetworkPolicies before a lower-priority Deny decides it.
  const passed = withAdmin(
    adminPolicy('AdminNetworkPolicy', 'pass', { priority: 1, subject: { namespaces: {} }, ingress: [{ action: 'Pass', from: [{ namespaces: {} }] }] }),
    adminPolicy('AdminNetworkPolicy', 'deny', { priority: 2, subject: { namespaces: {} }, ingress: [{ action: 'Deny', from: [{ namespaces: {} }] }] }),
  );
  assert.equal(passed.allowed(a(passed), b(passed)).toString(), 'TCP 80');
  // Egress to networks: an admin Deny of 8.8.8.0/24 from namespace one.
  const egress = withAdmin(adminPolicy('AdminNetworkPolicy', 'no-dns-out', { priority: 3, subject: { namespaces: { matchLabels: { 'kubernetes.io/metadata.name': 'one' } } }, egress: [{ action: 'Deny', to: [{ networks: ['8.8.8.0/24'] }] }] }));
  const google = egress.externals.find((range) => contains(range, cidrRange('8.8.8.8/32')!))!;
  const other = egress.externals.find((range) => contains(range, cidrRange('1.1.1.1/32')!))!;
  assert.equal(egress.allowed(a(egress), { external: google }).toString(), 'No Connections');
  assert.equal(egress.allowed(a(egress), { external: other }).toString(), 'All Connections');
  // The baseline decides only where no NetworkPolicy isolates: a's ingress, not b's.
  const baseline = withAdmin(adminPolicy('BaselineAdminNetworkPolicy', 'default', { subject: { namespaces: {} }, ingress: [{ action: 'Deny', from: [{ namespaces: {} }] }] }));
  assert.equal(baseline.allowed(b(baseline), a(baseline)).toString(), 'No Connections');
  assert.equal(baseline.allowed(a(baseline), b(baseline)).toString(), 'TCP 80');
  // A baseline not named default is not the baseline.
  const misnamed = withAdmin(adminPolicy('BaselineAdminNetworkPolicy', 'strict', { subject: { namespaces: {} }, ingress: [{ action: 'Deny', from: [{ namespaces: {} }] }] }));
  assert.equal(misnamed.allowed(b(misnamed), a(misnamed)).toString(), 'All Connections');
});

const adminRuleArb = fc.record({ action: fc.constantFrom('Allow', 'Deny', 'Pass'), from: fc.constant([{ namespaces: {} }]), ports: fc.option(fc.constant([{ portNumber: { protocol: 'TCP', port: 80 } }]), { nil: undefined }) }, { requiredKeys: ['action', 'from'] });

test('tiers: a baseline never changes a connection of a Pod that a NetworkPolicy isolates', () => {
  fc.assert(
    fc.property(fc.array(workloadArb, { minLength: 1, maxLength: 4 }), fc.array(policyArb, { minLength: 1, maxLength: 3 }), fc.array(fc.record({ action: fc.constantFrom('Allow', 'Deny'), from: fc.constant([{ namespaces: {} }]) }), { minLength: 1, maxLength: 2 }), (workloads, policies, rules) => {
      const files = manifests(workloads, policies);
      const without = connectivityOf(files);
      const withBaseline = connectivityOf([{ path: 'all.yaml', text: `${files[0].text}\n---\n${adminPolicy('BaselineAdminNetworkPolicy', 'default', { subject: { namespaces: {} }, ingress: rules })}` }]);
      for (const workload of without.workloads) {
        if (without.ingressPoliciesOf(workload).length === 0) continue;
        const same = withBaseline.workloads.find((candidate) => candidate.id === workload.id)!;
        for (const source of without.workloads) {
          const other = withBaseline.workloads.find((candidate) => candidate.id === source.id)!;
          assert.ok(without.allowed({ workload: source }, { workload }).equals(withBaseline.allowed({ workload: other }, { workload: same })), `${source.id} -> ${workload.id}`);
        }
      }
    }),
    { numRuns: 100 },
  );
});

test('tiers: raising an Allow admin policy above a Deny one never removes a connection the Allow covers', () => {
  fc.assert(
    fc.property(fc.array(workloadArb, { minLength: 1, maxLength: 4 }), fc.array(policyArb, { maxLength: 2 }), adminRuleArb, (workloads, policies, deny) => {
      const files = manifests(workloads, policies);
      const allowRule = { action: 'Allow', from: [{ namespaces: {} }], ports: [{ portNumber: { protocol: 'TCP', port: 80 } }] };
      const build = (allowPriority: number) =>
        connectivityOf([{ path: 'all.yaml', text: [files[0].text, adminPolicy('AdminNetworkPolicy', 'allow', { priority: allowPriority, subject: { namespaces: {} }, ingress: [allowRule] }), adminPolicy('AdminNetworkPolicy', 'deny', { priority: 50, subject: { namespaces: {} }, ingress: [{ ...deny, action: 'Deny' }] })].join('\n---\n') }]);
      const below = build(100);
      const above = build(10);
      for (const destination of below.workloads) {
        for (const source of below.workloads) {
          const before = below.allowed({ workload: source }, { workload: destination }).has('TCP', 80);
          const after = above.allowed({ workload: above.workloads.find((candidate) => candidate.id === source.id)! }, { workload: above.workloads.find((candidate) => candidate.id === destination.id)! }).has('TCP', 80);
          if (before) assert.ok(after, `${source.id} -> ${destination.id} lost TCP 80`);
          assert.ok(after || !before);
        }
      }
    }),
    { numRuns: 100 },
  );
});

test('reach json names the controller of what an Ingress or a route exposes', () => {
  const connectivity = connectivityOf(splitFixture(readFileSync(join(folder, 'exposure.yaml'), 'utf8'), 'x.yaml'));
  const json = JSON.parse(reachJson([{ label: undefined, unit: { kind: 'plain', root: null, variant: null }, connectivity, place: () => '' }])) as { connections: Array<{ src: unknown; dst: { name: string }; conn: unknown }> };
  const exposed = json.connections.filter((item) => typeof item.src === 'object' && item.src !== null && ('ingressController' in item.src || 'gateway' in item.src));
  assert.deepEqual(exposed, [
    { src: { gateway: 'infra/eg' }, dst: { kind: 'Deployment', namespace: 'shop', name: 'api' }, conn: [{ protocol: 'TCP', ports: [[3000, 3000]] }] },
    { src: { ingressController: true }, dst: { kind: 'Deployment', namespace: 'shop', name: 'web' }, conn: [{ protocol: 'TCP', ports: [[8080, 8080]] }] },
  ]);
});

test('hover on admin-tier policies: the Pods a subject and a peer hold, the rank of a priority, an action', () => {
  const files = splitFixture(readFileSync(join(folder, 'tiers.yaml'), 'utf8'), 'x.yaml');
  const index = analyzeWorkspace(files, defaultSettings).repository.plainIndex;
  const text = files.find((file) => file.path === 'policies.yaml')!.text;
  const guard = text.indexOf('name: guard-db');
  const at = (needle: string, extra = 0): number => text.indexOf(needle, guard) + extra;
  const subject = hoverAt(index, 'policies.yaml', at('subject:', 2), 'en')!;
  assert.match(subject.markdown, /^\*\*subject\*\*/);
  assert.match(subject.markdown, /Holds: `db\/postgres\[StatefulSet\]`/);
  const priority = hoverAt(index, 'policies.yaml', at('priority: 10', 12), 'en')!;
  assert.match(priority.markdown, /Decides after `AdminNetworkPolicy\/allow-monitoring`/);
  assert.match(priority.markdown, /Last to decide in its tier/);
  const peer = hoverAt(index, 'policies.yaml', at('from: [{namespaces: {matchLabels: {kubernetes.io/metadata.name: web', 10), 'en')!;
  assert.match(peer.markdown, /Holds: `web\/frontend\[Deployment\]`/);
  const action = hoverAt(index, 'policies.yaml', at('action: Pass', 9), 'zh-cn')!;
  assert.match(action.markdown, /对匹配的端口作出决定：`Pass`/);
});
