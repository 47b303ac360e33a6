/**
 * Hover: what the field under the cursor means (explain.ts) and what it computes to in this
 * workspace — where a targetPort resolves in each selected workload, which workloads a selector
 * matches, the addresses a port and nodePort are reached at, the route of a type, and which
 * Services send traffic to a container port or select a pod template. Markdown out; links are
 * `file#Lline` built from the file names the host gave.
 */
import type { ServicePortModel } from '../decode';
import type { Span } from '../model';
import { resolveTargetPort, shortName } from '../routing';
import type { IndexedObject } from '../routing';
import { matchedWorkloads, servicesSelecting } from '../rules/crossObject';
import { effectiveClusterIPs, effectiveProtocol, effectiveTargetPort, effectiveType, isHeadless } from '../rules/serviceShape';
import { LineIndex } from '../text';
import type { WorkspaceIndex } from '../workspace';
import { explainContainerField, explainServiceField, explainTemplateLabels, factLabels, hoverMarkdown } from './explain';
import type { Locale } from './explain';
import { locateAt, pathOf } from './locate';
import type { Location, Segment } from './locate';
import { computeRoute, replicaText } from './route';
import { routeWords } from './routeWords';
import { policyHover } from '../policy/hover';
import { adminPolicyHover } from '../policy/adminHover';
import { gatewayHover } from '../gateway/features';
import { iptablesChains, nftablesChains } from '../proxy/names';

export interface HoverResult {
  readonly markdown: string;
  readonly span: Span;
}

/** Another definition of the same object, outside what is applied together with this one. */
export interface DefinitionElsewhere {
  readonly file: string;
  /** 1-based line of its `metadata.name`, in `file`. */
  readonly line: number;
  /** The file as users read it (relative to the workspace), when it differs from `file`. */
  readonly label?: string;
}

export interface HoverOptions {
  /** Other definitions of an object in the repository (other files, other units). */
  readonly definitionsElsewhere?: (object: IndexedObject) => readonly DefinitionElsewhere[];
}

export function hoverAt(index: WorkspaceIndex, file: string, offset: number, locale: Locale, options: HoverOptions = {}): HoverResult | undefined {
  const location = locateAt(index, file, offset);
  if (!location) return undefined;
  if (location.segments[0] === 'metadata' && location.segments[1] === 'name' && location.segments.length === 2) {
    const elsewhere = options.definitionsElsewhere?.(location.object) ?? [];
    if (elsewhere.length > 0) return { markdown: definitionsMarkdown(location.object, elsewhere, locale), span: location.span };
  }
  const facts = new Facts(index, locale);
  if (location.object.object.recognized === 'Service') return serviceHover(location, facts);
  if (location.object.object.recognized === 'NetworkPolicy') return policyHover(index, location, locale);
  if (location.object.decoded.adminPolicy) return adminPolicyHover(index, location, locale);
  if (location.object.decoded.gateway) return gatewayHover(index, location, locale);
  return templateHover(location, facts);
}

/** The hover of a name defined in other files too: where, and what that means. */
function definitionsMarkdown(object: IndexedObject, elsewhere: readonly DefinitionElsewhere[], locale: Locale): string {
  const shown = elsewhere.slice(0, 10).map((place) => `[${place.label ?? place.file}:${place.line}](${place.file}#L${place.line})`);
  const more = elsewhere.length > shown.length ? elsewhere.length - shown.length : 0;
  if (locale === 'zh-cn') {
    return hoverMarkdown(
      { title: `${object.id} 的其他定义`, text: '这些文件也定义了同一个对象。它们可能是轮流应用的替代方案；若与本文件一起应用，后应用的定义会覆盖先应用的。' },
      [`也定义于：${shown.join('、')}${more > 0 ? `，另有 ${more} 处` : ''}`],
      locale,
    );
  }
  return hoverMarkdown(
    { title: `Other definitions of ${object.id}`, text: 'These files define the same object. They may be alternatives applied one at a time; applied together with this file, the one applied last replaces the others.' },
    [`Also defined in ${shown.join(', ')}${more > 0 ? ` and ${more} more` : ''}`],
    locale,
  );
}

/** The Service field pattern a path falls under, for explanations. */
export function servicePattern(segments: readonly Segment[]): string | undefined {
  const generic = pathOf(segments).replace(/\[\d+\]/g, '[*]');
  if (generic === 'kind') return 'kind';
  if (generic.startsWith('spec.sessionAffinityConfig')) return 'spec.sessionAffinity';
  if (generic.startsWith('spec.selector')) return 'spec.selector';
  if (/^spec\.(externalIPs|clusterIPs|ipFamilies|loadBalancerSourceRanges)\[\*\]$/.test(generic)) return generic.slice(0, -3);
  if (generic === 'spec.ports[*]') return 'spec.ports';
  return generic;
}

function serviceHover(location: Location, facts: Facts): HoverResult | undefined {
  const pattern = servicePattern(location.segments);
  const explanation = pattern && explainServiceField(pattern, facts.locale);
  if (!pattern || !explanation) return undefined;
  const service = location.object;
  const portIndex = typeof location.segments[2] === 'number' && location.segments[1] === 'ports' ? location.segments[2] : undefined;
  const lines = facts.serviceFacts(service, pattern, portIndex);
  return { markdown: hoverMarkdown(explanation, lines, facts.locale), span: location.span };
}

function templateHover(location: Location, facts: Facts): HoverResult | undefined {
  const template = location.object.decoded.template;
  if (!template) return undefined;
  const prefix = template.path === '' ? [] : template.path.split('.');
  const segments = location.segments;
  if (!prefix.every((segment, position) => segments[position] === segment)) return undefined;
  const rest = segments.slice(prefix.length);
  if (rest[0] === 'metadata' && rest[1] === 'labels') {
    return { markdown: hoverMarkdown(explainTemplateLabels(facts.locale), facts.selectedBy(location.object), facts.locale), span: location.span };
  }
  // spec.containers[i].ports[j].field
  if (rest[0] === 'spec' && (rest[1] === 'containers' || rest[1] === 'initContainers') && rest[3] === 'ports' && typeof rest[4] === 'number' && typeof rest[5] === 'string') {
    const explanation = explainContainerField(rest[5], facts.locale);
    if (!explanation) return undefined;
    const container = template.spec?.containers.find((candidate) => candidate.group === rest[1] && candidate.index === rest[2]);
    const port = container?.ports?.value.find((candidate) => candidate.index === rest[4]);
    return { markdown: hoverMarkdown(explanation, port ? facts.usedBy(location.object, port.containerPort?.value, port.name?.value) : [], facts.locale), span: location.span };
  }
  return undefined;
}

/** Computed facts, worded for one locale. */
class Facts {
  private readonly labels: Readonly<Record<string, string>>;
  private readonly lineIndexes = new Map<string, LineIndex>();

  constructor(
    private readonly index: WorkspaceIndex,
    readonly locale: Locale,
  ) {
    this.labels = factLabels[locale];
  }

  serviceFacts(service: IndexedObject, pattern: string, portIndex: number | undefined): string[] {
    const model = service.decoded.service;
    if (!model) return [];
    const port = portIndex === undefined ? undefined : model.ports?.value.find((candidate) => candidate.index === portIndex);
    const name = service.object.name ?? '';
    const dnsName = `${name}.${service.namespace}.svc.${(this.index.settings.clusterDomain || 'cluster.local').replace(/\.$/, '')}`;
    switch (pattern) {
      case 'spec.type':
      case 'kind':
        return [this.routeLine(service)];
      case 'spec.ports[*].port': {
        if (!port?.port) return [];
        const type = effectiveType(model);
        if (type === 'ExternalName') return [`${this.labels.inCluster}: \`${dnsName}:${port.port.value}\` → \`${model.externalName?.value ?? '?'}:${port.port.value}\``];
        const ips = effectiveClusterIPs(model).filter((ip) => ip.value !== 'None');
        const addresses = [`\`${dnsName}:${port.port.value}\``, ...ips.map((ip) => `\`${ip.value}:${port.port!.value}\``)];
        const ref = { namespace: service.namespace, name, port: port.name?.value ?? '', protocol: effectiveProtocol(port) };
        const lines = [`${this.labels.inCluster}: ${addresses.join(', ')}`];
        if (port.name?.value) lines.push(`${this.labels.srv}: \`_${port.name.value}._${effectiveProtocol(port).toLowerCase()}.${dnsName}.\``);
        // The chains to grep for on a node: `iptables-save | grep KUBE-SVC-…`, `nft list chain ip kube-proxy service-…`.
        if (!isHeadless(model)) lines.push(`${this.labels.onNode}: iptables \`${iptablesChains(ref).service}\`, nftables \`${nftablesChains(ref).service}\``);
        return lines;
      }
      case 'spec.ports[*].nodePort': {
        const range = this.index.settings.nodePortRange;
        const nodePort = port?.nodePort?.value;
        // An explicit node port is the manifest's choice, not the cluster's: say so, and whether it is in the range.
        const how = nodePort === undefined ? `${this.labels.allocated} ${range.min}-${range.max}` : nodePort >= range.min && nodePort <= range.max ? `${this.labels.explicitIn} ${range.min}-${range.max}` : `${this.labels.explicitOutside} ${range.min}-${range.max}`;
        return [`${this.labels.fromOutside}: \`${this.labels.nodeIP}:${nodePort ?? '?'}\` (${how})`];
      }
      case 'spec.ports[*].targetPort':
        return port ? this.targetPortFacts(service, port) : [];
      case 'spec.selector':
        return this.selectorFacts(service);
      default:
        return [];
    }
  }

  private targetPortFacts(service: IndexedObject, port: ServicePortModel): string[] {
    const target = effectiveTargetPort(port);
    return matchedWorkloads(this.index, service).map((workload) => {
      const resolution = resolveTargetPort(port, workload);
      const link = this.link(workload);
      switch (resolution.kind) {
        case 'resolved':
          return `${link}: \`${target}\` → \`${resolution.port.number}/${resolution.port.protocol}\` (${resolution.port.container})`;
        case 'unresolved':
          return `${link}: \`${target}\` → ${this.labels.unresolved}`;
        case 'undeclared':
        case 'protocol-mismatch':
          return `${link}: \`${resolution.number}/${effectiveProtocol(port)}\` (${this.labels.notDeclared})`;
        default:
          return `${link}: ?`;
      }
    });
  }

  private selectorFacts(service: IndexedObject): string[] {
    const workloads = matchedWorkloads(this.index, service);
    if (workloads.length === 0) return [`${this.labels.selectsNothing} ${service.namespace}`];
    return workloads.map((workload) => `${this.labels.selects} ${this.link(workload)} ${this.replicas(workload)}`);
  }

  /** The Services whose selector matches a workload's template. */
  selectedBy(workload: IndexedObject): string[] {
    const services = servicesSelecting(this.index, workload);
    if (services.length === 0) return [this.labels.nothingSelects];
    return [`${this.labels.selectedBy}: ${services.map((service) => this.link(service)).join(', ')}`];
  }

  /** The Services whose traffic ends at a container port of this workload. */
  usedBy(workload: IndexedObject, number: number | undefined, name: string | undefined): string[] {
    const users: string[] = [];
    for (const service of servicesSelecting(this.index, workload)) {
      for (const port of service.decoded.service?.ports?.value ?? []) {
        const resolution = resolveTargetPort(port, workload);
        if (resolution.kind === 'resolved' && resolution.port.number === number && resolution.port.name === name) {
          users.push(`${this.link(service)} \`${port.port?.value ?? '?'}\` → \`${effectiveTargetPort(port)}\``);
        }
      }
    }
    return users.length > 0 ? [`${this.labels.usedBy}: ${users.join(', ')}`] : [];
  }

  private routeLine(service: IndexedObject): string {
    const model = computeRoute(this.index, service, 2, this.locale);
    const lane = model.lanes[0];
    if (!lane) return '';
    const hops = lane.hops.filter((hop) => !hop.joins).map((hop) => hop.label);
    const kind = model.service.headless ? 'headless' : model.service.type;
    return `${this.labels.route} (${kind}): ${hops.join(' → ')}`;
  }

  private replicas(workload: IndexedObject): string {
    return replicaText(workload, routeWords(this.locale));
  }

  private link(object: IndexedObject): string {
    let lines = this.lineIndexes.get(object.file);
    if (!lines) {
      lines = new LineIndex(this.index.source(object.file)?.text ?? '');
      this.lineIndexes.set(object.file, lines);
    }
    const line = lines.positionAt(object.object.anchorSpan.start).line + 1;
    return `[${shortName(object)}](${object.file}#L${line})`;
  }
}

