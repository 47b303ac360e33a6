/**
 * Editor features at the core level: a hover for every Service networking field and container
 * port field in both languages, completion on a half-typed manifest, and the code lens summary.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { completeAt } from '../../server/src/core/features/completion';
import { hoverAt } from '../../server/src/core/features/hover';
import { serviceLenses } from '../../server/src/core/features/lens';
import { defaultSettings } from '../../server/src/core/model';
import { WorkspaceIndex } from '../../server/src/core/workspace';

const manifest = `apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec:
  type: LoadBalancer
  clusterIP: None
  selector: {app: web}
  externalName: x.example.com
  externalTrafficPolicy: Local
  internalTrafficPolicy: Cluster
  sessionAffinity: ClientIP
  sessionAffinityConfig: {clientIP: {timeoutSeconds: 60}}
  externalIPs: [203.0.113.1]
  loadBalancerIP: 203.0.113.2
  loadBalancerClass: example.com/lb
  loadBalancerSourceRanges: [10.0.0.0/8]
  allocateLoadBalancerNodePorts: true
  healthCheckNodePort: 31000
  ipFamilies: [IPv4]
  ipFamilyPolicy: SingleStack
  publishNotReadyAddresses: true
  trafficDistribution: PreferSameZone
  ports:
    - name: http
      port: 80
      targetPort: http
      nodePort: 30080
      protocol: TCP
      appProtocol: http
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  replicas: 3
  selector: {matchLabels: {app: web}}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: web
          ports:
            - name: http
              containerPort: 8080
              protocol: TCP
              hostPort: 8080
`;

function indexOf(text: string): WorkspaceIndex {
  const index = new WorkspaceIndex(defaultSettings);
  index.update({ path: 'm.yaml', text });
  return index;
}

test('every networking field has a hover in English and Simplified Chinese', () => {
  const index = indexOf(manifest);
  const keys = ['type', 'clusterIP', 'selector', 'externalName', 'externalTrafficPolicy', 'internalTrafficPolicy', 'sessionAffinity', 'sessionAffinityConfig', 'externalIPs', 'loadBalancerIP', 'loadBalancerClass', 'loadBalancerSourceRanges', 'allocateLoadBalancerNodePorts', 'healthCheckNodePort', 'ipFamilies', 'ipFamilyPolicy', 'publishNotReadyAddresses', 'trafficDistribution', 'ports', '- name', 'port', 'targetPort', 'nodePort', 'protocol', 'appProtocol', 'containerPort', '- name: http\n              containerPort', 'hostPort', 'labels: {app'];
  for (const key of keys) {
    const needle = key.startsWith('- ') ? key : `${key}:`;
    const offset = manifest.indexOf(needle, key === 'containerPort' || key === 'hostPort' || key.startsWith('labels') || key.includes('containerPort') ? manifest.indexOf('kind: Deployment') : 0) + (key.startsWith('- ') ? 2 : 0);
    for (const locale of ['en', 'zh-cn'] as const) {
      const hover = hoverAt(index, 'm.yaml', offset, locale);
      assert.ok(hover, `no ${locale} hover on ${JSON.stringify(key)}`);
      if (locale === 'zh-cn') assert.match(hover.markdown, /[\u4e00-\u9fff]/, `zh-cn hover on ${key} is not Chinese`);
    }
  }
  const hover = (needle: string, extra = 0): string => hoverAt(index, 'm.yaml', manifest.indexOf(needle) + extra, 'en')!.markdown;
  assert.match(hover('port: 80'), /In the cluster: `web\.shop\.svc\.cluster\.local:80`/);
  // An explicit node port is the manifest's, not allocated: the hover says so, and whether the range holds it.
  assert.match(hover('nodePort: 30080'), /From outside: `<node IP>:30080` \(set explicitly, within the range 30000-32767\)/);
  const outside = indexOf(manifest.replace('nodePort: 30080', 'nodePort: 8080'));
  assert.match(hoverAt(outside, 'm.yaml', manifest.replace('nodePort: 30080', 'nodePort: 8080').indexOf('nodePort: 8080'), 'en')!.markdown, /`<node IP>:8080` \(set explicitly, outside the range 30000-32767\)/);
  assert.match(hover('containerPort: 8080'), /Used by: \[Service\/web\]\(m\.yaml#L2\) `80` → `http`/);
  assert.match(hover('labels: {app', 9), /Selected by: \[Service\/web\]\(m\.yaml#L2\)/);
  assert.equal(hoverAt(index, 'm.yaml', manifest.indexOf('apiVersion: v1'), 'en'), undefined, 'no hover where there is nothing to explain');
});

test('completion works on a manifest being typed', () => {
  const text = `${manifest.split('---')[1]}---\napiVersion: v1\nkind: Service\nmetadata: {name: draft, namespace: shop}\nspec:\n  selector:\n    app: web\n  ports:\n    - port: 80\n      protocol: \n      targetPort: h`;
  const index = indexOf(text);
  const at = (needle: string, extra: number): string[] => completeAt(index, 'm.yaml', text.lastIndexOf(needle) + extra, 'en').map((item) => item.label).sort();
  assert.deepEqual(at('targetPort: h', 13), ['8080', 'http']);
  assert.deepEqual(at('protocol: \n', 10), ['SCTP', 'TCP', 'UDP']);
  const replace = completeAt(index, 'm.yaml', text.length, 'en').find((item) => item.label === 'http')!;
  assert.deepEqual(replace.span, { start: text.length - 1, end: text.length }, 'the typed "h" is replaced');
});

test('code lenses summarise where each Service sends its traffic', () => {
  const index = indexOf(manifest.replace('  clusterIP: None\n', ''));
  assert.deepEqual(serviceLenses(index, 'm.yaml').map((lens) => lens.summary), ['→ Deployment/web × 3 · 80→http(8080)']);
});
