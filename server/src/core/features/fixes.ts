/**
 * Quick fixes, built from the finding and the decoded models it points at: each fix is a titled
 * set of text edits that makes its finding go away. The first fix of a finding is the preferred one.
 */
import type { Finding } from '../model';
import { declaredPorts, shortName, templateLabels } from '../routing';
import type { IndexedObject } from '../routing';
import { effectiveProtocol } from '../rules/serviceShape';
import type { WorkspaceIndex } from '../workspace';
import { asJsonEdit, insertEntry, insertListItem, removeEntrySpan } from './edits';
import { isJsonPath } from '../parse';
import type { TextEdit } from './edits';

export interface Fix {
  readonly title: string;
  readonly edits: readonly TextEdit[];
  readonly preferred: boolean;
  /** The finding this fix resolves. */
  readonly finding: Finding;
}

export function fixesFor(index: WorkspaceIndex, finding: Finding): Fix[] {
  // Edits are written as YAML; in a JSON manifest they become JSON.
  return yamlFixes(index, finding).map((fix) => ({ ...fix, edits: fix.edits.map((edit) => (isJsonPath(edit.file) ? asJsonEdit(index.source(edit.file)?.text ?? '', edit) : edit)) }));
}

function yamlFixes(index: WorkspaceIndex, finding: Finding): Fix[] {
  // A policy that allows the Service port: allow the Pods' target port instead.
  if (finding.code === 'networkpolicy/service-port-not-target' && typeof finding.data?.targetPort === 'number') {
    return [{ title: `Allow the target port ${finding.data.targetPort} instead`, edits: [{ file: finding.file, span: finding.span, newText: String(finding.data.targetPort) }], preferred: true, finding }];
  }
  const service = index.objects(finding.file).find((object) => object.id === finding.object && object.object.recognized === 'Service' && object.object.span.start <= finding.span.start && finding.span.end <= object.object.span.end + 1);
  if (!service?.decoded.service) return [];
  const text = index.source(finding.file)?.text ?? '';
  const proposals = proposalsFor(index, finding, service, text);
  return proposals.map((proposal, position) => ({ ...proposal, preferred: position === 0, finding }));
}

type Proposal = { title: string; edits: TextEdit[] };

function portOf(service: IndexedObject, path: string | null) {
  const index = path ? Number(/^spec\.ports\[(\d+)\]/.exec(path)?.[1]) : NaN;
  return service.decoded.service?.ports?.value.find((port) => port.index === index);
}

function proposalsFor(index: WorkspaceIndex, finding: Finding, service: IndexedObject, text: string): Proposal[] {
  const file = finding.file;
  const model = service.decoded.service!;
  const replace = (span: { start: number; end: number }, newText: string): TextEdit => ({ file, span, newText });
  switch (finding.code) {
    case 'service/node-port-out-of-range':
    case 'service/node-port-conflict': {
      const port = portOf(service, finding.path);
      if (!port?.nodePort) return [];
      const free = freeNodePort(index);
      const proposals: Proposal[] = [{ title: 'Remove nodePort (the cluster allocates a free one)', edits: [{ file, span: removeEntrySpan(text, port.nodePort.keySpan, port.nodePort.span), newText: '' }] }];
      if (free !== undefined) proposals.push({ title: `Use nodePort ${free} (free, in range)`, edits: [replace(port.nodePort.span, String(free))] });
      return proposals;
    }
    case 'service/node-port-forbidden': {
      const port = portOf(service, finding.path);
      if (!port?.nodePort) return [];
      const proposals: Proposal[] = [{ title: 'Remove nodePort', edits: [{ file, span: removeEntrySpan(text, port.nodePort.keySpan, port.nodePort.span), newText: '' }] }];
      proposals.push({ title: 'Change type to NodePort', edits: [model.type ? replace(model.type.span, 'NodePort') : insertEntry(file, text, model.specSpan, 'type: NodePort')] });
      return proposals;
    }
    case 'service/port-name-required': {
      const port = portOf(service, finding.path);
      if (!port) return [];
      const taken = new Set((model.ports?.value ?? []).map((candidate) => candidate.name?.value).filter(Boolean));
      let name = String(finding.data?.suggestedName ?? 'port');
      for (let suffix = 2; taken.has(name); suffix++) name = `${finding.data?.suggestedName ?? 'port'}-${suffix}`;
      const edit = port.name ? replace(port.name.span, name) : insertEntry(file, text, port.span, `name: ${name}`);
      return [{ title: `Name this port "${name}"`, edits: [edit] }];
    }
    case 'service/invalid-target-port-name': {
      const port = portOf(service, finding.path);
      const replacement = finding.data?.replacement;
      if (!port?.targetPort || typeof replacement !== 'number') return [];
      return [{ title: `Write targetPort ${replacement} as a number`, edits: [replace(port.targetPort.span, String(replacement))] }];
    }
    case 'service/invalid-type': {
      const replacement = finding.data?.replacement;
      if (typeof replacement !== 'string' || !model.type) return [];
      return [{ title: `Change type to ${replacement}`, edits: [replace(model.type.span, replacement)] }];
    }
    case 'service/target-port-unresolved':
      return targetPortProposals(index, finding, service);
    case 'service/selector-matches-nothing':
      return selectorProposals(index, finding, service, text);
    case 'service/headless-not-allowed': {
      const proposals: Proposal[] = [];
      const removals: TextEdit[] = [];
      if (model.clusterIP) removals.push({ file, span: removeEntrySpan(text, model.clusterIP.keySpan, model.clusterIP.span), newText: '' });
      if (model.clusterIPs) removals.push({ file, span: removeEntrySpan(text, model.clusterIPs.keySpan, model.clusterIPs.span), newText: '' });
      if (removals.length > 0) proposals.push({ title: 'Remove clusterIP: None (keep a cluster IP)', edits: removals });
      if (model.type) proposals.push({ title: 'Change type to ClusterIP (keep it headless)', edits: [replace(model.type.span, 'ClusterIP'), ...removeNodePorts(text, file, service)] });
      return proposals;
    }
    default:
      return [];
  }
}

/** A headless ClusterIP Service may not keep node ports. */
function removeNodePorts(text: string, file: string, service: IndexedObject): TextEdit[] {
  return (service.decoded.service?.ports?.value ?? []).flatMap((port) => (port.nodePort ? [{ file, span: removeEntrySpan(text, port.nodePort.keySpan, port.nodePort.span), newText: '' }] : []));
}

function freeNodePort(index: WorkspaceIndex): number | undefined {
  const range = index.settings.nodePortRange;
  for (let candidate = range.min; candidate <= range.max; candidate++) {
    if ([...index.servicesWithNodePort(candidate)].length === 0) return candidate;
  }
  return undefined;
}

function targetPortProposals(index: WorkspaceIndex, finding: Finding, service: IndexedObject): Proposal[] {
  const port = portOf(service, finding.path);
  const workload = index.objects().find((object) => object.id === finding.data?.workload);
  if (!port || !workload) return [];
  const protocol = effectiveProtocol(port);
  const proposals: Proposal[] = [];
  const span = port.targetPort?.span;
  for (const declared of declaredPorts(workload)) {
    if (!declared.name || declared.protocol !== protocol || !span) continue;
    proposals.push({ title: `Use targetPort "${declared.name}" (${declared.number}/${declared.protocol} in ${shortName(workload)})`, edits: [{ file: finding.file, span, newText: declared.name }] });
  }
  const name = typeof port.targetPort?.value === 'string' ? port.targetPort.value : undefined;
  const container = workload.decoded.template?.spec?.containers.find((candidate) => candidate.group === 'containers');
  const workloadText = index.source(workload.file)?.text;
  if (name && container && workloadText !== undefined) {
    const number = port.port?.value ?? 80;
    const item = `{name: ${name}, containerPort: ${number}${protocol === 'TCP' ? '' : `, protocol: ${protocol}`}}`;
    const edit = container.ports ? insertListItem(workload.file, workloadText, container.ports.span, item) : insertEntry(workload.file, workloadText, container.span, `ports: [${item}]`);
    proposals.push({ title: `Add port "${name}" (${number}) to container ${container.name?.value ?? container.index} of ${shortName(workload)}`, edits: [edit] });
  }
  return proposals;
}

function selectorProposals(index: WorkspaceIndex, finding: Finding, service: IndexedObject, text: string): Proposal[] {
  const candidate = index.objects().find((object) => object.id === finding.data?.candidate);
  const selector = service.decoded.service?.selector;
  if (!candidate || !selector) return [];
  const labels = templateLabels(candidate);
  const edits: TextEdit[] = [];
  for (const pair of selector.value) {
    const label = labels.find((entry) => entry.key === pair.key);
    if (!label) edits.push({ file: finding.file, span: removeEntrySpan(text, pair.keySpan, pair.valueSpan), newText: '' });
    else if (label.value !== pair.value) edits.push({ file: finding.file, span: pair.valueSpan, newText: label.value });
  }
  if (edits.length === selector.value.length && edits.every((edit) => edit.newText === '')) {
    // Nothing shared: select by all the candidate's template labels instead.
    return [{ title: `Select ${shortName(candidate)} by its template labels`, edits: [{ file: finding.file, span: selector.span, newText: `{${labels.map((label) => `${label.key}: ${label.value}`).join(', ')}}` }] }];
  }
  if (edits.length === 0) return [];
  const shown = labels.filter((label) => selector.value.some((pair) => pair.key === label.key));
  return [{ title: `Select ${shortName(candidate)} (${shown.map((label) => `${label.key}=${label.value}`).join(', ')})`, edits }];
}
