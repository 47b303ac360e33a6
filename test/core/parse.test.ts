/**
 * Parsing: every YAML shape a manifest can take reaches the rules with exact source ranges,
 * and nothing a user can type makes parsing throw or hang.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeWorkspace } from '../../server/src/core/analyze';
import { defaultSettings } from '../../server/src/core/model';
import type { Finding } from '../../server/src/core/model';
import { parseFile } from '../../server/src/core/parse';
import { findTemplateAction } from '../../server/src/core/template';
import { LineIndex } from '../../server/src/core/text';

function findings(text: string, path = 'm.yaml'): Finding[] {
  return [...analyzeWorkspace([{ path, text }], defaultSettings).files[0].findings];
}

function at(text: string, finding: Finding): string {
  return text.slice(finding.span.start, finding.span.end);
}

const badNodePortService = 'apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  type: NodePort\n  ports:\n    - port: 80\n      nodePort: 8080\n';

test('finds objects in multi-document files and in kind: List', () => {
  const text = `${badNodePortService}---\napiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: Service\n    metadata: {name: b}\n    spec: {type: NodePort, ports: [{port: 80, nodePort: 9090}]}\n  - apiVersion: apps/v1\n    kind: Deployment\n    metadata: {name: c}\n---\nplain: yaml\n---\n`;
  const parsed = parseFile({ path: 'm.yaml', text });
  assert.deepEqual(parsed.objects.map((object) => `${object.kind}/${object.name}`), ['Service/web', 'Service/b', 'Deployment/c']);
  const nodePorts = findings(text).filter((finding) => finding.code === 'service/node-port-out-of-range');
  assert.deepEqual(nodePorts.map((finding) => [at(text, finding), finding.path]), [['8080', 'spec.ports[0].nodePort'], ['9090', 'spec.ports[0].nodePort']]);
});

test('ranges stay exact with CRLF line ends and in flow style', () => {
  const text = badNodePortService.replace(/\n/g, '\r\n');
  const [finding] = findings(text).filter((item) => item.code === 'service/node-port-out-of-range');
  assert.equal(at(text, finding), '8080');
  assert.deepEqual(new LineIndex(text).positionAt(finding.span.start), { line: 7, character: 16 });
  const flow = 'apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec: {type: NodePort, ports: [{port: 80, nodePort: 1}]}\n';
  const [flowFinding] = findings(flow).filter((item) => item.code === 'service/node-port-out-of-range');
  assert.equal(at(flow, flowFinding), '1');
});

test('anchors, aliases and merge keys are read as Kubernetes reads them', () => {
  const text = [
    'apiVersion: v1',
    'kind: Service',
    'metadata: {name: web}',
    'spec:',
    '  type: NodePort',
    '  ports:',
    '    - &base {port: 80, nodePort: 7000, name: a}',
    '    - <<: *base',
    '      name: b',
    '      port: 81',
    '',
  ].join('\n');
  const result = findings(text);
  const outOfRange = result.filter((finding) => finding.code === 'service/node-port-out-of-range');
  assert.deepEqual(outOfRange.map((finding) => finding.path), ['spec.ports[0].nodePort', 'spec.ports[1].nodePort']);
  // The merged-in value points at the `<<` key that brought it in.
  assert.equal(at(text, outOfRange[1]), '<<');
  // Both entries use nodePort 7000 with different ports: the allocator refuses the second.
  assert.ok(result.some((finding) => finding.code === 'service/duplicate-node-port' && finding.path === 'spec.ports[1].nodePort'));
});

test('a byte order mark stripped by the host leaves offsets aligned', () => {
  const text = badNodePortService;
  const withBom = `\ufeff${text}`;
  assert.deepEqual(findings(withBom.slice(1)).map((finding) => finding.span), findings(text).map((finding) => finding.span));
  // Even unstripped, the BOM does not break parsing.
  assert.ok(findings(withBom).some((finding) => finding.code === 'service/node-port-out-of-range'));
});

test('a syntax error is reported where it is and other documents are still checked', () => {
  const text = `apiVersion: v1\nkind: Service\nmetadata: {name: a\n---\n${badNodePortService}`;
  const result = findings(text);
  const syntax = result.find((finding) => finding.code === 'yaml/syntax');
  assert.ok(syntax, 'no yaml/syntax finding');
  assert.ok(new LineIndex(text).positionAt(syntax.span.start).line <= 3);
  assert.ok(result.some((finding) => finding.code === 'service/node-port-out-of-range'));
});

test('non-Kubernetes YAML and unknown kinds yield no findings', () => {
  assert.deepEqual(findings('name: x\nlist: [1, 2]\n'), []);
  assert.deepEqual(findings('apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: Bad_Name}\nspec: {port: "x"}\n'), []);
  assert.deepEqual(findings(''), []);
  assert.deepEqual(findings('# only a comment\n'), []);
});

test('wrong types become findings at the value, never exceptions', () => {
  const shapes = ['[]', '{}', '"text"', '12', 'true', 'null', '~', '[[1]]', '{a: {b: c}}'];
  const fields = ['metadata', 'spec', 'spec.ports', 'spec.selector', 'spec.ports.0.port', 'spec.ports.0.targetPort', 'spec.template.spec.containers', 'spec.template.metadata.labels'];
  for (const kind of ['Service', 'Deployment']) {
    for (const field of fields) {
      for (const shape of shapes) {
        const text = manifestWith(kind, field, shape);
        const result = findings(text);
        for (const finding of result) {
          assert.ok(finding.span.start >= 0 && finding.span.end <= text.length && finding.span.start <= finding.span.end, `bad span for ${field}=${shape}`);
          assert.notEqual(finding.code, 'internal/error', `${kind} ${field}=${shape}: ${finding.message}`);
        }
      }
    }
  }
});

function manifestWith(kind: string, field: string, value: string): string {
  const apiVersion = kind === 'Service' ? 'v1' : 'apps/v1';
  const base: Record<string, unknown> = {
    metadata: { name: 'web' },
    spec: { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 8080 }], template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c' }] } } },
  };
  const parts = field.split('.');
  let target = base as Record<string, unknown>;
  for (const part of parts.slice(0, -1)) target = target[part] as Record<string, unknown>;
  target[parts[parts.length - 1]] = `@@${value}@@`;
  return `apiVersion: ${apiVersion}\nkind: ${kind}\n${JSON.stringify(base).replace(/"@@(.*?)@@"/, (_match, raw: string) => raw.replace(/\\"/g, '"'))}\n`.replace(/^\{/m, '').replace(/\}\n$/, '\n').replace(/^"metadata"/m, '"metadata"');
}

test('an alias bomb is never expanded', () => {
  // Twelve levels of ten-fold aliases: expanding it would take 10^12 nodes.
  const levels = ['l0: &l0 [x, x, x, x, x, x, x, x, x, x]'];
  for (let level = 1; level <= 12; level++) levels.push(`l${level}: &l${level} [${Array(10).fill(`*l${level - 1}`).join(', ')}]`);
  const text = `bomb:\n${levels.map((line) => `  ${line}`).join('\n')}\napiVersion: v1\nkind: Service\nmetadata:\n  name: bomb\n  labels: *l12\nspec:\n  selector: {app: *l12}\n  ports: *l12\n  type: *l12\n`;
  const result = findings(text);
  const wrongTypes = result.filter((finding) => finding.code === 'schema/wrong-type').map((finding) => finding.path);
  assert.deepEqual(wrongTypes.sort(), ['metadata.labels', 'spec.ports[0]', 'spec.ports[1]', 'spec.ports[2]', 'spec.ports[3]', 'spec.ports[4]', 'spec.ports[5]', 'spec.ports[6]', 'spec.ports[7]', 'spec.ports[8]', 'spec.ports[9]', 'spec.selector[app]', 'spec.type'].sort());
});

test('template detection: actions outside quotes are templates, quoted ones are not', () => {
  assert.equal(findTemplateAction('a: "{{ x }}"\nb: |\n  {{ y }}\n# {{ z }}\n'), -1);
  assert.equal(findTemplateAction("a: '{{ x }}'\n"), -1);
  assert.notEqual(findTemplateAction('{{- if .Values.x }}\na: b\n{{- end }}\n'), -1);
  assert.notEqual(findTemplateAction('a: prefix-{{ .Release.Name }}\n'), -1);
  assert.notEqual(findTemplateAction('a: {{ .Values.x }}\n'), -1);
  // Sentences and commands around template text are plain YAML text.
  assert.equal(findTemplateAction('summary: Pod {{ $labels.namespace }}/{{ $labels.pod }} is down\n'), -1);
  assert.equal(findTemplateAction('run: echo ${{ secrets.TOKEN }} | docker login --password-stdin\n'), -1);
  // A file with template actions and no Kubernetes object gets no finding at all.
  assert.deepEqual(findings('builds:\n- ldflags: {{ .Env.LDFLAGS }}\n'), []);
  const skipped = findings('apiVersion: v1\nkind: Service\nmetadata:\n  name: {{ .Release.Name }}\nspec:\n  ports: [{port: 99999}]\n');
  assert.deepEqual(skipped.map((finding) => finding.code), ['template/skipped']);
  // A chart's templates belong to its render unit; with no tool to render it, they are skipped.
  const chart = analyzeWorkspace([{ path: 'chart/Chart.yaml', text: 'apiVersion: v2\nname: chart\nversion: 0.1.0\n' }, { path: 'chart/templates/svc.yaml', text: badNodePortService }], defaultSettings).files[1].findings;
  assert.deepEqual(chart.map((finding) => [finding.code, finding.severity]), [['template/skipped', 'information']]);
});

test('garbage input never throws', () => {
  const samples = ['\u0000\u0001binary', '{{{{', ']]]', ':\n:\n:', '- - - -', '"unterminated', `${'['.repeat(2000)}`, 'a: &x *x', '? [a]\n: b', 'kind: Service\napiVersion: v1\nspec: *nope', '%YAML 1.2\n---\n'];
  for (const sample of samples) {
    assert.doesNotThrow(() => findings(sample), `threw on ${JSON.stringify(sample.slice(0, 30))}`);
  }
});

test('documents are parsed one by one: an edit re-parses only its own document', () => {
  const documents = Array.from({ length: 50 }, (_, index) => `apiVersion: v1\nkind: Service\nmetadata: {name: s${index}}\nspec: {type: NodePort, ports: [{port: 80, nodePort: ${index === 25 ? 1 : 30000 + index}}]}\n`);
  const text = `%YAML 1.2\n---\n${documents.join('---\n')}`;
  const first = parseFile({ path: 'm.yaml', text });
  assert.equal(first.objects.length, 50);
  assert.equal(first.chunks.size, 50, 'one chunk per document, the directive kept with the first');
  // Lengthen document 10: the other 49 come from the cache, at their new offsets.
  const edited = text.replace('name: s10}', 'name: s10-renamed}');
  const second = parseFile({ path: 'm.yaml', text: edited }, first.chunks);
  const reused = [...second.chunks.values()].filter((documents) => [...first.chunks.values()].includes(documents));
  assert.equal(reused.length, 49);
  const finding = analyzeWorkspace([{ path: 'm.yaml', text: edited }], defaultSettings).files[0].findings.find((item) => item.code === 'service/node-port-out-of-range')!;
  assert.equal(edited.slice(finding.span.start, finding.span.end), '1');
  const viaCache = second.objects[25];
  assert.equal(edited.slice(viaCache.anchorSpan.start, viaCache.anchorSpan.end), 'Service');
  assert.equal(edited.slice(viaCache.span.start, viaCache.span.start + 10), 'apiVersion');
});

test('a YAML file with no Kubernetes object gets no finding, even when it is broken', () => {
  const workflow = 'name: ci\non: [push]\njobs:\n  build:\n    steps:\n      - run: echo ${{ secrets.TOKEN }}\n  broken: [\n';
  const compose = 'services:\n  web:\n    image: nginx\n    image: httpd\n';
  for (const text of [workflow, compose]) assert.deepEqual(parseFile({ path: 'x.yaml', text }).findings, [], text);
  // A manifest, even one that does not parse, is still told what is wrong with it.
  assert.deepEqual(parseFile({ path: 'x.yaml', text: 'apiVersion: v1\nkind: Service\nmetadata: {name: a, name: b}\n' }).findings.map((finding) => finding.code), ['yaml/duplicate-key']);
  assert.deepEqual(parseFile({ path: 'x.yaml', text: 'kind: Service\nspec: [\n' }).findings.map((finding) => finding.code), ['yaml/syntax']);
});
