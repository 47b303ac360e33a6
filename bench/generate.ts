/**
 * Deterministic benchmark workspaces: realistic manifests (Deployments with Services of every
 * type, StatefulSets, ConfigMaps), generated from a seed so every run measures the same input.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** A small seeded generator (mulberry32), so workspaces are identical across runs. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

const serviceTypes = ['ClusterIP', 'NodePort', 'LoadBalancer', 'headless', 'ExternalName'];

function manifest(index: number, random: () => number): string {
  const name = `app-${index}`;
  const namespace = `team-${index % 17}`;
  const port = 3000 + Math.floor(random() * 5000);
  const type = serviceTypes[Math.floor(random() * serviceTypes.length)];
  const replicas = 1 + Math.floor(random() * 5);
  const workloadKind = type === 'headless' ? 'StatefulSet' : 'Deployment';
  const parts: string[] = [];
  parts.push(`apiVersion: apps/v1
kind: ${workloadKind}
metadata:
  name: ${name}
  namespace: ${namespace}
  labels:
    app.kubernetes.io/name: ${name}
    app.kubernetes.io/part-of: bench
spec:
  replicas: ${replicas}${workloadKind === 'StatefulSet' ? `\n  serviceName: ${name}` : ''}
  selector:
    matchLabels:
      app: ${name}
  template:
    metadata:
      labels:
        app: ${name}
        version: v${1 + (index % 4)}
      annotations:
        prometheus.io/scrape: "true"
    spec:
      containers:
        - name: main
          image: registry.example.com/${name}:1.${index % 10}.0
          args: ["--port=${port}", "--log-level=info"]
          ports:
            - name: http
              containerPort: ${port}
            - name: metrics
              containerPort: 9090
          env:
            - name: NAMESPACE
              valueFrom: {fieldRef: {fieldPath: metadata.namespace}}
          resources:
            requests: {cpu: 100m, memory: 128Mi}
            limits: {cpu: 500m, memory: 256Mi}
          readinessProbe:
            httpGet: {path: /ready, port: http}
`);
  const spec =
    type === 'ExternalName'
      ? `  type: ExternalName\n  externalName: ${name}.example.com\n`
      : `${type === 'headless' ? '  clusterIP: None\n' : type === 'ClusterIP' ? '' : `  type: ${type}\n`}  selector:\n    app: ${name}\n  ports:\n    - name: http\n      port: 80\n      targetPort: http${type === 'NodePort' ? `\n      nodePort: ${30000 + (index % 2700)}` : ''}\n    - name: metrics\n      port: 9090\n`;
  parts.push(`apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\n  namespace: ${namespace}\nspec:\n${spec}`);
  if (type !== 'ExternalName' && random() < 0.25) {
    parts.push(`apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: ${name}\n  namespace: ${namespace}\nspec:\n  rules:\n    - host: ${name}.example.com\n      http:\n        paths:\n          - path: /\n            pathType: Prefix\n            backend:\n              service:\n                name: ${name}\n                port:\n                  name: http\n`);
  }
  if (random() < 0.3) parts.push(`apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}-config\n  namespace: ${namespace}\ndata:\n  config.yaml: |\n    listen: ":${port}"\n    upstreams: [a, b, c]\n`);
  return parts.join('---\n');
}

/**
 * One multi-document file of about `lines` lines (a whole platform in one file, as `kubectl get
 * -o yaml` or a rendered chart produces), with a NodePort Service first whose nodePort the
 * benchmark toggles between valid and invalid.
 */
export function generateBigFile(lines: number, seed: number): string {
  const random = seededRandom(seed);
  const head = `apiVersion: v1\nkind: Service\nmetadata:\n  name: edge\n  namespace: big\nspec:\n  type: NodePort\n  selector:\n    app: app-0\n  ports:\n    - name: http\n      port: 80\n      nodePort: 30080\n`;
  const parts = [head];
  let count = head.split('\n').length;
  for (let index = 0; count < lines; index++) {
    const text = manifest(index, random).replace(/namespace: team-\d+/g, 'namespace: big');
    parts.push(text);
    count += text.split('\n').length;
  }
  return parts.join('---\n');
}

/** `count` manifest files as relative paths and texts, the same for the same seed. */
export function generateManifests(count: number, seed: number): Array<{ path: string; text: string }> {
  const random = seededRandom(seed);
  const files: Array<{ path: string; text: string }> = [];
  for (let index = 0; index < count; index++) files.push({ path: `service-${index % 40}/app-${index}.yaml`, text: manifest(index, random) });
  return files;
}

/** Writes `count` manifest files under `root` and returns their paths. */
export function generateWorkspace(root: string, count: number, seed: number): string[] {
  return generateManifests(count, seed).map((file) => {
    const path = join(root, file.path);
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, file.text);
    return path;
  });
}
