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

/**
 * A repository of render units: `bases` kustomize bases with three overlays each (dev, staging,
 * production: a namespace, a name prefix, a strategic-merge patch), and `charts` Helm charts with a
 * helper, a ranged Service and a production values file. Returns the folder of every base.
 */
export function generateRepository(root: string, bases: number, charts: number, seed: number): { bases: string[] } {
  const random = seededRandom(seed);
  const write = (path: string, text: string): void => {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  };
  const baseFolders: string[] = [];
  for (let index = 0; index < bases; index++) {
    const base = `apps/app-${index}/base`;
    baseFolders.push(join(root, base));
    write(`${base}/app.yaml`, manifest(index, random).replace(/\n {2}namespace: team-\d+/g, ''));
    write(`${base}/kustomization.yaml`, `resources: [app.yaml]\nlabels:\n  - pairs: {app.kubernetes.io/part-of: app-${index}}\n`);
    for (const overlay of ['dev', 'staging', 'production']) {
      write(`apps/app-${index}/overlays/${overlay}/kustomization.yaml`, `namespace: app-${index}-${overlay}\nnamePrefix: ${overlay}-\nresources: [../../base]\npatches:\n  - path: replicas.yaml\n`);
      write(`apps/app-${index}/overlays/${overlay}/replicas.yaml`, `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: app-${index}}\nspec: {replicas: ${overlay === 'production' ? 5 : 1}}\n`);
    }
  }
  for (let index = 0; index < charts; index++) {
    const chart = `charts/chart-${index}`;
    write(`${chart}/Chart.yaml`, `apiVersion: v2\nname: chart-${index}\nversion: 0.1.${index}\n`);
    write(`${chart}/values.yaml`, `replicas: 2\nports:\n  - {name: http, port: 80, target: 8080}\n  - {name: metrics, port: 9090, target: 9090}\n`);
    write(`${chart}/values-production.yaml`, `replicas: 6\n`);
    write(`${chart}/templates/_helpers.tpl`, `{{- define "app.labels" -}}\napp: {{ .Release.Name }}\n{{- end -}}\n`);
    write(`${chart}/templates/app.yaml`, `apiVersion: v1\nkind: Service\nmetadata:\n  name: {{ .Release.Name }}\nspec:\n  selector:\n    {{- include "app.labels" . | nindent 4 }}\n  ports:\n    {{- range .Values.ports }}\n    - name: {{ .name }}\n      port: {{ .port }}\n      targetPort: {{ .name }}\n    {{- end }}\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\nspec:\n  replicas: {{ .Values.replicas }}\n  selector:\n    matchLabels:\n      {{- include "app.labels" . | nindent 6 }}\n  template:\n    metadata:\n      labels:\n        {{- include "app.labels" . | nindent 8 }}\n    spec:\n      containers:\n        - name: app\n          image: example/app:1\n          ports:\n            {{- range .Values.ports }}\n            - name: {{ .name }}\n              containerPort: {{ .target }}\n            {{- end }}\n`);
  }
  return { bases: baseFolders };
}
