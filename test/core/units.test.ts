/**
 * Render units in the core, without tools: detection, the kustomize approximation, reading
 * rendered output back, and carrying findings to their lines, on hand-made cases and on random
 * input (fast-check). Nothing may throw, and every finding must lie inside its file.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { defaultSettings } from '../../server/src/core/model';
import { detectUnits } from '../../server/src/core/units/detect';
import { locateInTemplate, renderedPlace } from '../../server/src/core/units/locate';
import { readHelmOutput, readKustomizeOutput } from '../../server/src/core/units/rendered';
import { RepositoryIndex } from '../../server/src/core/units/repository';
import { parseFile } from '../../server/src/core/parse';

const service = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  type: NodePort\n  selector: {app: web}\n  ports:\n    - name: http\n      port: 80\n      nodePort: 80\n';

test('units: charts with variants, kustomize roots (not bases, not components used by others), the rest plain', () => {
  const files: Record<string, string> = {
    'c/Chart.yaml': 'apiVersion: v2\nname: shop\nversion: 1.0.0\n',
    'c/values.yaml': '',
    'c/values-prod.yaml': '',
    'c/prod.values.yaml': '',
    'c/charts/sub/Chart.yaml': 'apiVersion: v2\nname: sub\nversion: 1.0.0\n',
    // A library chart (as bitnami/common) is never rendered on its own: no unit, no render failure.
    'common/Chart.yaml': 'apiVersion: v2\nname: common\ntype: library\nversion: 2.0.0\n',
    'common/templates/_names.tpl': '{{- define "common.names.name" -}}x{{- end -}}\n',
    'k/base/kustomization.yaml': 'resources: [svc.yaml]\n',
    'k/base/svc.yaml': service,
    'k/comp/kustomization.yaml': 'kind: Component\npatches: [{path: p.yaml}]\n',
    'k/comp/p.yaml': 'kind: Service\n',
    'k/prod/kustomization.yaml': 'resources: [../base]\ncomponents: [../comp]\ntransformers: [t.yaml]\n',
    'k/prod/t.yaml': 'kind: LabelTransformer\n',
    'plain.yaml': service,
  };
  const units = detectUnits({ paths: Object.keys(files), text: (path) => files[path], display: (path) => path });
  assert.deepEqual(units.map((unit) => [unit.id, unit.label]), [
    ['helm:c/Chart.yaml', 'with values.yaml'],
    ['helm:c/Chart.yaml#prod.values.yaml', 'with prod.values.yaml'],
    ['helm:c/Chart.yaml#values-prod.yaml', 'with values-prod.yaml'],
    ['kustomize:k/prod/kustomization.yaml', 'in k/prod'],
  ]);
  const prod = units[3];
  assert.deepEqual([...prod.members].sort(), [['k/base/kustomization.yaml', 'kustomization'], ['k/base/svc.yaml', 'resource'], ['k/comp/kustomization.yaml', 'kustomization'], ['k/comp/p.yaml', 'patch'], ['k/prod/kustomization.yaml', 'kustomization'], ['k/prod/t.yaml', 'config']]);
});

test('helm output: each document knows its template, subcharts included', () => {
  const text = '---\n# Source: shop/templates/a.yaml\nkind: A\n---\n# Source: shop/charts/sub/templates/b.yaml\nkind: B\n---\n# Source: other/templates/c.yaml\nkind: C\n';
  assert.deepEqual(readHelmOutput(text, 'repo/c', 'shop').documents.map((document) => document.source), ['repo/c/templates/a.yaml', 'repo/c/charts/sub/templates/b.yaml', undefined]);
});

test('kustomize output: origin annotations are read and removed, an emptied annotations key too', () => {
  const text = 'apiVersion: v1\nkind: Service\nmetadata:\n  annotations:\n    config.kubernetes.io/origin: |\n      path: ../repo/base/svc.yaml\n  name: web\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  annotations:\n    keep: "yes"\n    config.kubernetes.io/origin: |\n      configuredIn: ../repo/kustomization.yaml\n      configuredBy:\n        kind: ConfigMapGenerator\n  name: cm\n';
  const read = readKustomizeOutput(text, (raw) => raw.replace('../', ''));
  assert.equal(read.text, 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  annotations:\n    keep: "yes"\n  name: cm\n');
  assert.deepEqual(read.documents.map((document) => [document.source, document.generatedBy]), [['repo/base/svc.yaml', undefined], [undefined, 'repo/kustomization.yaml']]);
});

test('template lines: keys by indentation over action-only lines, list items by position or the range body', () => {
  const template = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: {{ .Release.Name }}\n  labels:\n    {{- include "x" . | nindent 4 }}\nspec:\n  ports:\n    {{- range .Values.ports }}\n    - name: {{ .name }}\n      port: {{ .port }}\n    {{- end }}\n';
  const rendered = parseFile({ path: 'r.yaml', text: 'apiVersion: v1\nkind: Service\nmetadata:\n  name: x\nspec:\n  ports:\n    - name: a\n      port: 1\n    - name: b\n      port: 99999\n' }).objects[0];
  const offset = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: x\nspec:\n  ports:\n    - name: a\n      port: 1\n    - name: b\n      port: '.length;
  const found = locateInTemplate(template, 'Service', 0, renderedPlace(rendered, { start: offset, end: offset + 5 }));
  assert.equal(template.slice(found.span.start, found.span.end), '{{ .port }}');
  assert.equal(found.templated, true);
});

test('findings of an approximated overlay land on the base line, once, saying where when not everywhere', () => {
  const repository = new RepositoryIndex(defaultSettings);
  repository.update(
    { path: 'base/kustomization.yaml', text: 'resources: [svc.yaml]\n' },
    { path: 'base/svc.yaml', text: service },
    { path: 'dev/kustomization.yaml', text: 'namespace: dev\nresources: [../base]\n' },
    { path: 'prod/kustomization.yaml', text: 'namespace: prod\nnamePrefix: prod-\nresources: [../base]\n' },
  );
  for (const unit of repository.units()) repository.setRender(unit.id, { status: 'off' });
  const findings = repository.findings('base/svc.yaml');
  const nodePort = findings.filter((finding) => finding.code === 'service/node-port-out-of-range');
  assert.equal(nodePort.length, 1, 'the same finding from both overlays is one');
  assert.equal(service.slice(nodePort[0].span.start, nodePort[0].span.end), '80');
  assert.equal(nodePort[0].units?.length, 2);
  const nothing = findings.filter((finding) => finding.code === 'service/selector-matches-nothing').map((finding) => finding.message);
  assert.equal(nothing.length, 2, 'different namespaces make different messages');
  assert.ok(nothing.some((message) => message.endsWith('(in prod)') && message.includes('namespace prod')));
});

const text = fc.string({ unit: fc.constantFrom('a', ':', ' ', '  ', '\n', '- ', '[', ']', '{', '}', 'resources', 'patches', 'path', 'namePrefix: x-', 'namespace: n', 'kind: Service', 'kind: Component', 'svc.yaml', '../b', 'labels', 'pairs', '{{', '}}', '---', '|', '#', '$patch: delete', 'metadata', 'spec', 'ports', 'port', '80'), maxLength: 200 });

test('random kustomizations, resources, patches and rendered output never break the repository index', () => {
  fc.assert(
    fc.property(text, text, text, text, (kustomization, resource, patch, rendered) => {
      const repository = new RepositoryIndex(defaultSettings);
      const sources = [
        { path: 'k/kustomization.yaml', text: `resources: [svc.yaml, ../b]\npatches: [{path: p.yaml}]\n${kustomization}` },
        { path: 'k/svc.yaml', text: `apiVersion: v1\nkind: Service\n${resource}` },
        { path: 'k/p.yaml', text: patch },
        { path: 'b/kustomization.yaml', text: kustomization },
        { path: 'c/Chart.yaml', text: 'name: c\n' },
        { path: 'c/templates/t.yaml', text: `apiVersion: v1\nkind: Service\n${resource}{{ x }}` },
      ];
      repository.update(...sources);
      for (const unit of repository.units()) {
        const output = unit.kind === 'helm' ? `---\n# Source: c/templates/t.yaml\napiVersion: v1\nkind: Service\n${rendered}` : `apiVersion: v1\nkind: Service\nmetadata:\n  annotations:\n    config.kubernetes.io/origin: |\n      path: svc.yaml\n${rendered}`;
        repository.setRender(unit.id, { status: 'rendered', text: output, resolveOrigin: () => 'k/svc.yaml' });
      }
      for (const source of sources) {
        for (const finding of repository.findings(source.path)) {
          const length = repository.source(finding.file)!.text.length;
          assert.ok(finding.span.start >= 0 && finding.span.start <= finding.span.end && finding.span.end <= length, `${finding.code} ${finding.span.start}-${finding.span.end} outside ${finding.file}`);
          assert.doesNotMatch(finding.message, /could not find the line/);
        }
        for (let offset = 0; offset <= source.text.length; offset += 7) repository.renderedAt(source.path, offset);
      }
      for (const unit of repository.units()) repository.setRender(unit.id, { status: 'off' });
      for (const source of sources) repository.findings(source.path);
    }),
    { numRuns: 300 },
  );
});

test('the Service at a position of a template is the one that line wrote, not the template\'s first', () => {
  const template = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: {{ .Release.Name }}-a\nspec:\n  ports:\n    - port: 80\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: {{ .Release.Name }}-b\nspec:\n  ports:\n    - port: 81\n';
  const repository = new RepositoryIndex(defaultSettings);
  repository.update({ path: 'c/Chart.yaml', text: 'name: c\n' }, { path: 'c/templates/s.yaml', text: template });
  const [unit] = repository.units();
  repository.setRender(unit.id, { status: 'rendered', text: '---\n# Source: c/templates/s.yaml\napiVersion: v1\nkind: Service\nmetadata:\n  name: x-a\nspec:\n  ports:\n    - port: 80\n---\n# Source: c/templates/s.yaml\napiVersion: v1\nkind: Service\nmetadata:\n  name: x-b\nspec:\n  ports:\n    - port: 81\n' });
  assert.equal(repository.serviceAt('c/templates/s.yaml', template.indexOf('port: 81') + 6)?.service.object.name, 'x-b');
  assert.equal(repository.serviceAt('c/templates/s.yaml', template.indexOf('port: 80') + 6)?.service.object.name, 'x-a');
});
