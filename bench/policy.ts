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
        () => `{ipBlock: {cidr: 10.${Math.floor(random() * 256)}.0.0/16, except: [10.${Math.floor(random() * 256)}.${Math.floor(random() * 256)}.0/24]}}`,
      ])();
    const ports = pick(['[{port: http}]', '[{port: 8080}, {port: 9090}]', '[{port: 30000, endPort: 30100, protocol: UDP}]', '[]']);
    const egress = random() < 0.3 ? `\n  egress:\n    - to: [${peer()}]\n      ports: [{port: 53, protocol: UDP}]` : '';
    docs.push(`apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: policy-${index}, namespace: ${namespace}}\nspec:\n  podSelector: {matchLabels: {app: ${app}}}\n  ingress:\n    - from: [${peer()}, ${peer()}]\n      ports: ${ports}${egress}\n`);
  }
  return docs.join('---\n');
}

export function measurePolicies(rounds: number): PolicyBenchmark {
  const files = [...generateManifests(2000, 42), { path: 'policies.yaml', text: generatePolicies(500, 5) }];
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
  return { ...last, policies: 500, parseMs: median(parseTimes), connectivityMs: median(connectivityTimes) };
}
