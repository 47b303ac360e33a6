/**
 * The connectivity benchmark: 2,000 workloads (the generated workspace) and 500 NetworkPolicies
 * with pod, namespace and ipBlock peers and numbered and named ports, from a fixed seed. The floor
 * is parsing the same text; the measure is building the connectivity and walking every allowed
 * connection. The number of external ranges grows with the ipBlocks, so the walk must stay linear
 * in it.
 */
import { parseAllDocuments } from 'yaml';
import { defaultSettings } from '../server/src/core/model';
import { Connectivity } from '../server/src/core/policy/connectivity';
import { WorkspaceIndex } from '../server/src/core/workspace';
import { generateManifests, seededRandom } from './generate';
import { median, now } from './lsp';

export interface PolicyBenchmark {
  readonly workloads: number;
  readonly policies: number;
  readonly externals: number;
  readonly connections: number;
  readonly parseMs: number;
  readonly connectivityMs: number;
  /** The same with 50 AdminNetworkPolicies and a BaselineAdminNetworkPolicy on top. */
  readonly tiers: { readonly parseMs: number; readonly connectivityMs: number; readonly connections: number; readonly admin: number };
}

/** `count` AdminNetworkPolicies over namespaces and Pods, with Allow, Deny and Pass rules, and the baseline. */
export function generateAdminPolicies(count: number, seed: number): string {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const team = (): string => `team-${Math.floor(random() * 17)}`;
  const docs: string[] = [];
  for (let index = 0; index < count; index++) {
    const subject = pick([`{namespaces: {matchLabels: {kubernetes.io/metadata.name: ${team()}}}}`, `{pods: {namespaceSelector: {}, podSelector: {matchLabels: {app: app-${Math.floor(random() * 2000)}}}}}`]);
    const rule = (): string => `    - action: ${pick(['Allow', 'Deny', 'Pass'])}\n      from: [{namespaces: {matchLabels: {kubernetes.io/metadata.name: ${team()}}}}]${random() < 0.5 ? '\n      ports: [{portNumber: {protocol: TCP, port: 8080}}, {portRange: {protocol: UDP, start: 30000, end: 30100}}]' : ''}`;
    const egress = random() < 0.3 ? `\n  egress:\n    - action: Deny\n      to: [{networks: [10.${Math.floor(random() * 256)}.0.0/16]}]` : '';
    docs.push(`apiVersion: policy.networking.k8s.io/v1alpha1\nkind: AdminNetworkPolicy\nmetadata: {name: admin-${index}}\nspec:\n  priority: ${index}\n  subject: ${subject}\n  ingress:\n${rule()}\n${rule()}${egress}\n`);
  }
  docs.push('apiVersion: policy.networking.k8s.io/v1alpha1\nkind: BaselineAdminNetworkPolicy\nmetadata: {name: default}\nspec:\n  subject: {namespaces: {}}\n  ingress:\n    - action: Deny\n      from: [{namespaces: {matchLabels: {kubernetes.io/metadata.name: team-0}}}]\n');
  return docs.join('---\n');
}

export function generatePolicies(count: number, seed: number): string {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const docs: string[] = [];
  for (let index = 0; index < count; index++) {
    const namespace = `team-${index % 17}`;
    const app = `app-${Math.floor(random() * 2000)}`;
    const peer = (): string =>
      pick([
        () => `{podSelector: {matchLabels: {app: app-${Math.floor(random() * 2000)}}}}`,
        () => `{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: team-${Math.floor(random() * 17)}}}}`,
        () => {
          // An except inside its cidr, as the API server requires.
          const block = Math.floor(random() * 256);
          return `{ipBlock: {cidr: 10.${block}.0.0/16, except: [10.${block}.${Math.floor(random() * 256)}.0/24]}}`;
        },
      ])();
    const ports = pick(['[{port: http}]', '[{port: 8080}, {port: 9090}]', '[{port: 30000, endPort: 30100, protocol: UDP}]', '[]']);
    const egress = random() < 0.3 ? `\n  egress:\n    - to: [${peer()}]\n      ports: [{port: 53, protocol: UDP}]` : '';
    docs.push(`apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: policy-${index}, namespace: ${namespace}}\nspec:\n  podSelector: {matchLabels: {app: ${app}}}\n  ingress:\n    - from: [${peer()}, ${peer()}]\n      ports: ${ports}${egress}\n`);
  }
  return docs.join('---\n');
}

export function measurePolicies(rounds: number): PolicyBenchmark {
  const files = [...generateManifests(2000, 42), { path: 'policies.yaml', text: generatePolicies(500, 5) }];
  const plain = run(files, rounds);
  const tiers = run([...files, { path: 'admin.yaml', text: generateAdminPolicies(50, 9) }], rounds);
  return { workloads: plain.workloads, externals: plain.externals, connections: plain.connections, policies: 500, parseMs: plain.parseMs, connectivityMs: plain.connectivityMs, tiers: { parseMs: tiers.parseMs, connectivityMs: tiers.connectivityMs, connections: tiers.connections, admin: 50 } };
}

function run(files: ReadonlyArray<{ path: string; text: string }>, rounds: number): { workloads: number; externals: number; connections: number; parseMs: number; connectivityMs: number } {
  const index = new WorkspaceIndex(defaultSettings);
  index.update(...files);
  const objects = index.objects();
  const parseTimes: number[] = [];
  const connectivityTimes: number[] = [];
  let last = { workloads: 0, externals: 0, connections: 0 };
  for (let round = 0; round < rounds; round++) {
    let start = now();
    for (const file of files) parseAllDocuments(file.text, { merge: true, uniqueKeys: false });
    parseTimes.push(now() - start);
    start = now();
    const connectivity = new Connectivity(objects);
    let connections = 0;
    for (const connection of connectivity.connections()) if (!connection.conn.isEmpty) connections++;
    connectivityTimes.push(now() - start);
    last = { workloads: connectivity.workloads.length, externals: connectivity.externals.length, connections };
  }
  return { ...last, parseMs: median(parseTimes), connectivityMs: median(connectivityTimes) };
}

// `node --import tsx bench/policy.ts` runs this measurement alone.
if (process.argv[1]?.endsWith('policy.ts')) console.log(JSON.stringify(measurePolicies(Number(process.env.BENCH_ROUNDS ?? 3))));
