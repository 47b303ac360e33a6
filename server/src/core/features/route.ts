/**
 * The traffic path of one Service as data (a RouteModel): who connects, where the packet goes
 * (load balancer, node port, kube-proxy, cluster DNS) and which Pods and containers receive it,
 * with the concrete values from the manifests and the findings that break or weaken each hop.
 * The facts follow ../shared/spec/concepts.md. Drawing is the client's business.
 */
import { routeModelVersion } from '../../protocol/route';
import type { HopStatus, PolicySource, ProxyRulesView, RouteFinding, RouteHop, RouteLane, RouteLink, RouteModel, RouteRange } from '../../protocol/route';
import type { ServiceModel, ServicePortModel } from '../decode';
import type { GatewayRouteModel, RouteRuleModel } from '../gateway/model';
import { hostnamesIntersect } from '../gateway/attach';
import type { Finding, Span } from '../model';
import { resolvedNumber, resolveTargetPort, shortName } from '../routing';
import type { IndexedObject } from '../routing';
import { matchedWorkloads } from '../rules/crossObject';
import { ruleInfo } from '../rules/catalog';
import { effectiveClusterIPs, effectiveProtocol, effectiveTargetPort, effectiveType, isHeadless } from '../rules/serviceShape';
import { peerText, rulePorts } from '../policy/connectivity';
import type { AdminRuleRef, Connectivity, Decision, Peer, Workload } from '../policy/connectivity';
import { defaultDnsOptions, recordText, serviceRecords } from '../proxy/dns';
import type { DnsRecord } from '../proxy/dns';
import { iptablesChains, nftablesChains } from '../proxy/names';
import { proxyModes, rulesOf, rulesText } from '../proxy/rules';
import { endpointText, proxyInput, proxyOptionsFor, sliceAddresses } from '../proxy/service';
import type { ProxyInput, ProxyPort } from '../proxy/service';
import type { Protocol } from '../policy/ports';
import { LineIndex } from '../text';
import { routePicture } from './picture';
import type { Locale } from './explain';
import { routeWords } from './routeWords';
import type { RouteWords } from './routeWords';
import type { WorkspaceIndex } from '../workspace';

/** How much of a port's rules the route view carries: the first lines, and names to copy. */
const maxShownLines = 300;
const maxShownNames = 40;

/** How many workloads the picture offers as the source of a walk. */
const maxSources = 12;

/** Findings that mean no traffic gets through the hop they are on. */
const breakingCodes = new Set(['service/selector-matches-nothing', 'service/target-port-unresolved']);

/** The Services a `[namespace/]name` reference names; without a namespace, any namespace. */
export function findServices(index: WorkspaceIndex, reference: string): IndexedObject[] {
  const slash = reference.indexOf('/');
  const namespace = slash === -1 ? undefined : reference.slice(0, slash);
  const name = slash === -1 ? reference : reference.slice(slash + 1);
  return index.objects().filter((object) => object.object.recognized === 'Service' && object.object.name === name && (namespace === undefined || object.namespace === namespace));
}

/** Computes the route of a Service indexed in `index`, its sentences in `locale`. */
export function computeRoute(index: WorkspaceIndex, indexed: IndexedObject, exampleNodes = 2, locale: Locale = 'en'): RouteModel {
  const builder = new RouteBuilder(index, indexed, exampleNodes, routeWords(locale));
  return builder.build();
}

class RouteBuilder {
  private readonly service: ServiceModel;
  private readonly findings: readonly Finding[];
  private readonly lineIndexes = new Map<string, LineIndex>();
  /** The Service's DNS records, computed once for all lanes. */
  private records: DnsRecord[] | undefined;
  /** The Service as kube-proxy sees it, computed once for all lanes. */
  private proxyView: ProxyInput | undefined;

  constructor(
    private readonly index: WorkspaceIndex,
    private readonly indexed: IndexedObject,
    private readonly exampleNodes: number,
    private readonly words: RouteWords,
  ) {
    this.service = indexed.decoded.service ?? { metadata: indexed.decoded.metadata, specSpan: indexed.object.anchorSpan };
    this.findings = index.findings(indexed.file).filter((finding) => finding.object === indexed.id);
  }

  build(): RouteModel {
    const type = effectiveType(this.service);
    const headless = isHeadless(this.service);
    const ports = this.service.ports?.value ?? [];
    const lanes = ports.length > 0 ? ports.map((port) => this.lane(port, type, headless)) : [this.lane(undefined, type, headless)];
    return {
      version: routeModelVersion,
      service: {
        kind: 'Service',
        namespace: this.indexed.namespace,
        name: this.indexed.object.name ?? '',
        type,
        headless,
        file: this.indexed.file,
        range: this.range(this.indexed.file, this.service.metadata.name?.span ?? this.indexed.object.anchorSpan),
      },
      lanes,
    };
  }

  private lane(port: ServicePortModel | undefined, type: string, headless: boolean): RouteLane {
    const target = port ? effectiveTargetPort(port) : undefined;
    const hops: RouteHop[] = [];
    const laneInfo = {
      name: port?.name?.value || null,
      port: port?.port?.value ?? null,
      targetPort: target ?? null,
      nodePort: port?.nodePort?.value || null,
      protocol: port ? effectiveProtocol(port) : 'TCP',
    };
    const withPicture = (): RouteLane => ({ port: laneInfo, hops, ...(port ? { picture: routePicture({ index: this.index, service: this.indexed, port, hops, exampleNodes: this.exampleNodes, words: this.words }) } : {}) });
    if (type === 'ExternalName') {
      this.externalNameHops(port, hops);
      return withPicture();
    }
    if (headless) {
      hops.push(this.hop('client', this.words.inClusterClient, this.words.clientLooksUp));
      hops.push(this.headlessDnsHop(port));
      this.endpointHops(port, hops);
      return withPicture();
    }
    const serviceHop = this.serviceHop(port);
    if (type === 'LoadBalancer' || type === 'NodePort') {
      hops.push(this.hop('client', this.words.externalClient, this.words.clientOutside));
      if (type === 'LoadBalancer') hops.push(this.loadBalancerHop(port));
      if (!(type === 'LoadBalancer' && this.service.allocateLoadBalancerNodePorts?.value === false)) hops.push(this.nodeHop(port));
      hops.push({ ...this.hop('client', this.words.inClusterClient, this.words.clientUsesClusterIP), joins: true });
    } else {
      hops.push(this.hop('client', this.words.inClusterClient, this.words.clusterIPOnly));
    }
    for (const ingress of this.ingressHops(port)) hops.push(ingress);
    for (const gateway of this.gatewayHops(port)) hops.push(gateway);
    for (const mesh of this.meshParentHops(port)) hops.push(mesh);
    hops.push(serviceHop);
    hops.push(this.kubeProxyHop(port));
    this.endpointHops(port, hops);
    return withPicture();
  }

  /** The cluster DNS domain of the settings. */
  private zone(): string {
    return (this.index.settings.clusterDomain || 'cluster.local').replace(/\.$/, '');
  }

  /** The Service's DNS records for one lane: the addresses, and the SRV record of its port. */
  private recordsFor(port: ServicePortModel | undefined): string[] {
    this.records ??= serviceRecords(this.indexed, matchedWorkloads(this.index, this.indexed), { ...defaultDnsOptions, clusterDomain: this.zone() }, sliceAddresses(this.index, this.indexed));
    const srv = port?.name?.value ? `_${port.name.value}._${effectiveProtocol(port).toLowerCase()}.` : undefined;
    return this.records.filter((record) => record.type !== 'SRV' || (srv !== undefined && record.name.startsWith(srv))).map(recordText);
  }

  private serviceHop(port: ServicePortModel | undefined): RouteHop {
    const name = this.indexed.object.name ?? '';
    const dnsName = `${name}.${this.indexed.namespace}.svc.${this.zone()}`;
    const ips = effectiveClusterIPs(this.service).filter((ip) => ip.value !== 'None');
    const number = port?.port?.value ?? '?';
    const address = ips.length > 0 ? this.words.list(ips.map((ip) => `${ip.value}:${number}`)) : `${this.words.clusterIP}:${number}`;
    const details = [
      ips.length > 0 ? this.words.virtualIPRequested(ips.map((ip) => ip.value)) : this.words.virtualIPAllocated,
      this.words.dns(`${dnsName}:${number}`),
    ];
    const externalIPs = this.service.externalIPs?.value ?? [];
    if (externalIPs.length > 0) details.push(this.words.alsoExternalIPs(this.words.list(externalIPs.map((ip) => `${ip.value}:${number}`))));
    if (this.service.sessionAffinity?.value === 'ClientIP') details.push(this.words.sessionAffinity(this.service.affinityTimeoutSeconds?.value ?? 10800));
    if (this.service.internalTrafficPolicy?.value === 'Local') details.push(this.words.internalLocal);
    const findings = this.findingsAt((path) => path.startsWith('spec.clusterIP') || path.startsWith('spec.selector') || path === 'spec.type' || path.startsWith('spec.externalIPs') || path.startsWith('spec.sessionAffinity') || path === 'spec.internalTrafficPolicy' || (port !== undefined && (path === port.path || path === `${port.path}.port` || path === `${port.path}.name` || path === `${port.path}.protocol` || path === `${port.path}.appProtocol`)) || path === 'metadata.name');
    return { ...this.hop('service', `ClusterIP ${address}`, this.words.sentences(details), this.service.type?.span ?? this.service.specSpan, findings), records: this.recordsFor(port) };
  }

  private kubeProxyHop(port: ServicePortModel | undefined): RouteHop {
    const target = port ? effectiveTargetPort(port) : undefined;
    const findings = port ? this.findingsAt((path) => path === `${port.path}.targetPort`) : [];
    const ref = { namespace: this.indexed.namespace, name: this.indexed.object.name ?? '', port: port?.name?.value ?? '', protocol: port ? effectiveProtocol(port) : 'TCP' };
    const chains = this.words.onANode(iptablesChains(ref).service, nftablesChains(ref).service);
    const detail = this.words.kubeProxyDetail(String(target ?? '?'), chains);
    return { ...this.hop('kubeProxy', 'kube-proxy', detail, port?.targetPort?.span, findings), ...(port ? { proxyRules: this.proxyRules(port) } : {}) };
  }

  /** The rules of one port in each mode, for the node and cluster of the default options. */
  private proxyRules(port: ServicePortModel): ProxyRulesView | undefined {
    const options = proxyOptionsFor(this.index.settings);
    this.proxyView ??= proxyInput(this.index, this.indexed, options);
    const same = (candidate: ProxyPort): boolean => candidate.port === port.port?.value && candidate.name === (port.name?.value ?? '') && candidate.protocol === effectiveProtocol(port);
    const all = proxyModes.map((mode) => rulesOf(`${this.indexed.namespace}/${this.indexed.object.name ?? ''}`, this.proxyView!, mode, options, same));
    if (all[0].notProxied) return undefined;
    const [iptables, nftables, ipvs] = all;
    const chainsOf = (lines: readonly string[], pattern: RegExp): string[] => [...new Set(lines.flatMap((line) => [...line.matchAll(pattern)].map((match) => match[1])))].slice(0, maxShownNames);
    // A Service with hundreds of endpoints has thousands of lines: the view shows the first ones.
    const shown = (lines: string[]): string[] =>
      lines.length <= maxShownLines ? lines : [...lines.slice(0, maxShownLines), this.words.moreRuleLines(lines.length - maxShownLines, `${this.indexed.namespace}/${this.indexed.object.name ?? ''}`)];
    const iptablesLines = [...(iptables.iptables?.nat ?? []), ...(iptables.ip6tables?.nat ?? [])];
    return {
      node: options.nodeName,
      examples: iptables.examples,
      names: {
        iptables: chainsOf(iptablesLines, /^:(KUBE-(?:SVC|SVL|EXT|FW|SEP)-[A-Z2-7]{16}) /g),
        nftables: chainsOf(nftables.nftables ?? [], /^add chain ip6? kube-proxy (\S+)$/g),
        ipvs: (ipvs.ipvs?.virtualServers ?? []).map((server) => `${server.protocol} ${endpointText({ ip: server.address, port: server.port })}`),
      },
      text: { iptables: shown(rulesText(iptables).slice(1)), nftables: shown(rulesText(nftables).slice(1)), ipvs: shown(rulesText(ipvs).slice(1)) },
    };
  }

  private nodeHop(port: ServicePortModel | undefined): RouteHop {
    const range = this.index.settings.nodePortRange;
    const nodePort = port?.nodePort?.value;
    const label = `${this.words.anyNodeIP}:${nodePort ?? this.words.allocated(range.min, range.max)}`;
    const policy = this.service.externalTrafficPolicy?.value === 'Local' ? this.words.externalLocal : this.words.externalCluster;
    const findings = port ? this.findingsAt((path) => path === `${port.path}.nodePort` || path === 'spec.externalTrafficPolicy' || path === 'spec.healthCheckNodePort') : [];
    const span = port?.nodePort?.span ?? port?.span;
    return this.hop('node', label, this.words.nodePortOpen(policy), span, findings);
  }

  private loadBalancerHop(port: ServicePortModel | undefined): RouteHop {
    const ip = this.service.loadBalancerIP?.value;
    const number = port?.port?.value ?? '?';
    const details = [ip ? this.words.requestedAddress(ip) : this.words.cloudAssigns];
    if (this.service.loadBalancerClass?.value) details.push(this.words.implementedBy(this.service.loadBalancerClass.value));
    const ranges = this.service.loadBalancerSourceRanges?.value ?? [];
    if (ranges.length > 0) details.push(this.words.onlyFrom(this.words.list(ranges.map((range) => range.value.trim()))));
    details.push(this.service.allocateLoadBalancerNodePorts?.value === false ? this.words.noNodePorts : this.words.forwardsToNodePort);
    const findings = this.findingsAt((path) => path.startsWith('spec.loadBalancer') || path.startsWith('spec.LoadBalancer') || path === 'spec.allocateLoadBalancerNodePorts');
    return this.hop('loadBalancer', `${ip ?? this.words.externalIP}:${number}`, this.words.sentences(details), this.service.type?.span, findings);
  }

  private headlessDnsHop(port: ServicePortModel | undefined): RouteHop {
    const name = this.indexed.object.name ?? '';
    const dnsName = `${name}.${this.indexed.namespace}.svc.${this.zone()}`;
    const statefulSets = [...this.index.templatesIn(this.indexed.namespace)].filter((workload) => workload.object.recognized === 'StatefulSet' && workload.decoded.workload?.serviceName?.value === name);
    const details = [this.words.headless(dnsName)];
    if (port?.name?.value) details.push(this.words.srv(`_${port.name.value}._${effectiveProtocol(port).toLowerCase()}.${dnsName}`));
    for (const statefulSet of statefulSets) details.push(this.words.statefulSetNames(shortName(statefulSet), `${statefulSet.object.name}-0.${dnsName}`));
    const findings = this.findingsAt((path) => path.startsWith('spec.clusterIP') || path.startsWith('spec.selector') || path === 'spec.sessionAffinity' || path === 'spec.externalIPs' || path === 'spec.loadBalancerIP' || (port !== undefined && path.startsWith(port.path)));
    return { ...this.hop('dns', dnsName, this.words.sentences(details), this.service.clusterIP?.span ?? this.service.clusterIPs?.span, findings), records: this.recordsFor(port) };
  }

  private externalNameHops(port: ServicePortModel | undefined, hops: RouteHop[]): void {
    const name = this.indexed.object.name ?? '';
    const external = this.service.externalName?.value ?? '';
    const number = port?.port?.value;
    hops.push(this.hop('client', this.words.inClusterClient, this.words.clientLooksUp));
    const dnsFindings = this.findingsAt((path) => path.startsWith('spec.externalName') || path.startsWith('spec.clusterIPs') || path.startsWith('spec.ipFamil') || path === 'spec.type');
    hops.push({ ...this.hop('dns', `${name}.${this.indexed.namespace}.svc.${this.zone()} → CNAME ${external || '?'}`, this.words.cnameAnswer, this.service.externalName?.span ?? this.service.type?.span, dnsFindings), records: this.recordsFor(port) });
    hops.push(this.hop('external', `${external || '?'}${number ? `:${number}` : ''}`, this.words.externalConnect(number)));
  }

  private ingressHops(port: ServicePortModel | undefined): RouteHop[] {
    if (!port) return [];
    const hops: RouteHop[] = [];
    const name = this.indexed.object.name;
    for (const object of this.index.objects()) {
      if (object.object.recognized !== 'Ingress' || object.namespace !== this.indexed.namespace) continue;
      for (const backend of object.decoded.ingressBackends ?? []) {
        if (backend.serviceName?.value !== name) continue;
        const byNumber = backend.portNumber?.value !== undefined && backend.portNumber.value === port.port?.value;
        const byName = backend.portName?.value !== undefined && backend.portName.value !== '' && backend.portName.value === port.name?.value;
        if (!byNumber && !byName) continue;
        const where = backend.host || backend.httpPath ? `${backend.host ?? this.words.anyHost}${backend.httpPath ? ` ${backend.httpPath}` : ''}` : this.words.defaultBackend;
        // The picture draws the Ingress as an entry like a Gateway listener: its class, the rule, the requests it takes.
        const className = object.decoded.ingress?.className;
        const entry = {
          gateway: `Ingress ${object.namespace}/${object.object.name ?? ''}`,
          listener: className ?? '',
          route: where,
          request: `${backend.host ?? '*'}${backend.httpPath ?? '/'}…`,
          port: 80,
          kind: 'ingress' as const,
        };
        hops.push({ ...this.hop('ingress', `Ingress ${object.object.name}: ${where}`, this.words.ingressRoutes(where, `${name}:${port.port?.value ?? port.name?.value}`), backend.span, [], object.file), joins: true, entry });
      }
    }
    return hops;
  }

  /**
   * One entry hop per Gateway listener a route attaches to and a rule of it sends to this port:
   * the listener (protocol, port, hostname), the rule (hostnames, matches, this backend's weight
   * among the rule's), broken with the controller's reason when the route attaches nowhere or the
   * reference does not resolve.
   */
  private gatewayHops(port: ServicePortModel | undefined): RouteHop[] {
    const analysis = this.index.gateways();
    if (!port || !analysis) return [];
    const hops: RouteHop[] = [];
    for (const backend of analysis.backends) {
      if (backend.service !== this.indexed || backend.ref.port?.value !== port.port?.value) continue;
      const route = backend.route;
      const model = route.decoded.gateway && 'route' in route.decoded.gateway ? route.decoded.gateway.route : undefined;
      if (!model) continue;
      const routeName = `${model.kind}/${route.object.name ?? ''}`;
      const rule = describeRule(this.words, model.kind, model.hostnames?.value.map((hostname) => hostname.value) ?? [], backend.rule, backend.share, backend.ref.weight?.value ?? 1, backend.rule.backendRefs.reduce((sum, ref) => sum + (ref.weight?.value ?? 1), 0));
      const backendFinding = backend.problem ? [{ code: backend.problem.code, severity: ruleInfo(backend.problem.code).severity, message: backend.problem.message }] : [];
      const ruleLink: RouteLink = { label: this.words.ruleLink(routeName, backend.rule.index + 1), file: route.file, range: this.range(route.file, backend.rule.span) };
      const attachments = analysis.attachments.filter((attachment) => attachment.route === route && (attachment.parent !== undefined || attachment.problem !== undefined));
      if (attachments.length === 0) {
        hops.push({ ...this.hop('gateway', this.words.noGateway(routeName), this.words.noGatewayDetail(routeName, rule), backend.ref.span, backendFinding, route.file, 'broken'), joins: true, links: [ruleLink] });
        continue;
      }
      for (const attachment of attachments) {
        const parentName = `${attachment.parent?.object.kind ?? parentKindOf(attachment.ref)} ${attachment.ref.namespace?.value || route.namespace}/${attachment.ref.name?.value ?? ''}`;
        if (attachment.mesh) {
          // A mesh route (GAMMA): requests sent to its parent Service inside the cluster come here.
          const problem = attachment.problem;
          const severity = problem ? (problem.ambiguous ? 'information' : ruleInfo(problem.code).severity) : undefined;
          const findings = [...(problem ? [{ code: problem.code, severity: severity!, message: problem.message }] : []), ...backendFinding];
          hops.push({ ...this.hop('gateway', this.words.meshEntry(parentName, routeName), this.words.meshEntryDetail(parentName, routeName, rule), attachment.ref.span, findings, route.file, severity && severity !== 'information' ? 'broken' : backend.problem && ruleInfo(backend.problem.code).severity !== 'information' ? 'broken' : undefined), joins: true, links: [ruleLink] });
          continue;
        }
        if (attachment.problem && attachment.listeners.length === 0) {
          const findings = [{ code: attachment.problem.code, severity: attachment.problem.ambiguous ? ('information' as const) : ruleInfo(attachment.problem.code).severity, message: attachment.problem.message }, ...backendFinding];
          hops.push({ ...this.hop('gateway', `${parentName} ✗ ${routeName}`, this.words.notAttached(routeName, parentName, attachment.problem.reason, rule), attachment.ref.span, findings, route.file, 'broken'), joins: true, links: [ruleLink] });
          continue;
        }
        for (const listener of attachment.listeners) {
          const owner = listener.owner;
          const where = `${listener.model.protocol?.value ?? '?'} ${listener.model.port?.value ?? '?'}${listener.model.hostname?.value ? ` ${listener.model.hostname.value}` : ''}`;
          const listenerLink: RouteLink = { label: this.words.listenerLink(`${owner.object.kind}/${owner.object.name ?? ''}`, String(listener.model.name?.value ?? listener.model.index)), file: owner.file, range: this.range(owner.file, listener.model.span) };
          const detail = this.words.listenerDetail(listener.model.name?.value ?? '?', `${owner.object.kind} ${owner.namespace}/${owner.object.name ?? ''}`, where, routeName, rule);
          // An attachment the implementation decides carries its note along.
          const noted = attachment.problem ? [{ code: attachment.problem.code, severity: ruleInfo(attachment.problem.code).severity, message: attachment.problem.message }, ...backendFinding] : backendFinding;
          const gatewayModel = owner.decoded.gateway?.kind === 'Gateway' ? owner.decoded.gateway.gateway : undefined;
          const address = gatewayModel?.addresses?.items.find((item) => (item.type?.value ?? 'IPAddress') === 'IPAddress' && item.value)?.value?.value;
          const entry = {
            gateway: `${owner.object.kind} ${owner.namespace}/${owner.object.name ?? ''}`,
            listener: `${listener.model.name?.value ?? '?'} · ${where}`,
            route: this.words.ruleLink(routeName, backend.rule.index + 1),
            request: entryRequest(model, backend.rule, listener.model.hostname?.value),
            port: listener.model.port?.value ?? 0,
            ...(address ? { address } : {}),
          };
          hops.push({ ...this.hop('gateway', `${parentName}:${listener.model.name?.value ?? '?'} · ${where} → ${routeName}`, detail, backend.ref.span, noted, route.file, backend.problem && ruleInfo(backend.problem.code).severity !== 'information' ? 'broken' : undefined), joins: true, links: [listenerLink, ruleLink], entry });
        }
      }
    }
    return hops;
  }

  /**
   * Mesh routes (GAMMA) whose parentRef is this Service (and this port, when they name one): in a
   * mesh, the requests sent to the Service go where their rules send them, which may be other
   * Services. One hop per route, with each rule's backends and shares.
   */
  private meshParentHops(port: ServicePortModel | undefined): RouteHop[] {
    const analysis = this.index.gateways();
    if (!port || !analysis) return [];
    return analysis
      .meshRoutesOf(this.indexed)
      .filter((attachment) => attachment.mesh?.port === undefined || attachment.mesh.port === port.port?.value)
      .map((attachment) => {
        const route = attachment.route;
        const model = route.decoded.gateway && 'route' in route.decoded.gateway ? route.decoded.gateway.route : undefined;
        const routeName = `${route.object.kind}/${route.object.name ?? ''}`;
        const rules = (model?.rules ?? []).map((rule) => {
          const total = rule.backendRefs.reduce((sum, ref) => sum + (ref.weight?.value ?? 1), 0);
          const targets = rule.backendRefs.filter((ref) => (ref.weight?.value ?? 1) > 0).map((ref) => `${ref.kind?.value ?? 'Service'} ${ref.namespace?.value || route.namespace}/${ref.name?.value ?? ''}${ref.port ? `:${ref.port.value}` : ''}${rule.backendRefs.length > 1 && total > 0 ? ` ${Math.round(((ref.weight?.value ?? 1) / total) * 100)}%` : ''}`);
          return this.words.meshRule(rule.index + 1, ruleMatches(this.words, rule).join('; '), this.words.list(targets) || this.words.meshNoBackend);
        });
        const links: RouteLink[] = (model?.rules ?? []).map((rule) => ({ label: this.words.ruleLink(routeName, rule.index + 1), file: route.file, range: this.range(route.file, rule.span) }));
        return { ...this.hop('gateway', this.words.meshParent(routeName), this.words.meshParentDetail(routeName, rules.join(' ')), attachment.ref.span, [], route.file), links };
      });
  }

  /** Pod and container hops, one pair per matched workload, or a broken placeholder. */
  private endpointHops(port: ServicePortModel | undefined, hops: RouteHop[]): void {
    const selector = this.service.selector?.value ?? [];
    const target = port ? effectiveTargetPort(port) : undefined;
    if (selector.length === 0) {
      const findings = this.findings.filter((finding) => finding.code === 'service/no-selector');
      hops.push(this.hop('pod', this.words.byHand, this.words.byHandDetail, this.service.specSpan, findings, undefined, findings.some((finding) => finding.message.includes('none are in the workspace')) ? 'warning' : 'ok'));
      return;
    }
    const workloads = matchedWorkloads(this.index, this.indexed);
    const operated = this.findings.find((finding) => finding.code === 'service/pods-from-operator');
    if (workloads.length === 0 && operated) {
      const operator = typeof operated.data?.operator === 'string' ? operated.data.operator.split('/') : [];
      const name = operator.length >= 3 ? `${operator[0]}/${operator.slice(2).join('/')}` : this.words.itsResource;
      hops.push(this.hop('pod', this.words.operatorPods(name), this.words.operatorDetail(name), this.service.selector?.keySpan, [operated]));
      return;
    }
    if (workloads.length === 0) {
      const findings = this.findings.filter((finding) => finding.code === 'service/selector-matches-nothing');
      hops.push(this.hop('pod', this.words.noPods, this.words.noPodsDetail, this.service.selector?.keySpan, findings, undefined, 'broken'));
      return;
    }
    const policy = port ? this.policyHop(port, workloads) : undefined;
    if (policy) hops.push(policy);
    for (const workload of workloads) {
      const resolution = port ? resolveTargetPort(port, workload) : { kind: 'unknown' as const };
      const workloadFindings = this.findings.filter((finding) => finding.data?.workload === workload.id && (port === undefined || finding.path?.startsWith(`${port.path}.`)));
      const number = resolution.kind === 'resolved' ? resolution.port.number : typeof target === 'number' ? target : undefined;
      const replicas = replicaText(workload, this.words);
      const targetText = typeof target === 'string' ? `targetPort ${target}${number !== undefined ? ` → ${number}` : this.words.unresolvedTarget}` : `targetPort ${target ?? '?'}`;
      const template = workload.decoded.template;
      hops.push({
        ...this.hop('pod', `${shortName(workload)} ${replicas}`, this.words.podDetail(String(number ?? '?'), targetText), template?.labels?.span ?? template?.span, workloadFindings, workload.file),
        workload: workload.id,
        ...(runsSeveralPods(workload) ? { severalPods: true } : {}),
      });
      if (resolution.kind === 'resolved') {
        const declared = resolution.port;
        hops.push({
          ...this.hop('container', `${declared.container}:${declared.number}/${declared.protocol}`, this.words.containerDeclares(declared.container, declared.sidecar === true, declared.name, `${declared.number}/${declared.protocol}`), declared.model.containerPort?.span ?? declared.model.span, [], workload.file),
          workload: workload.id,
        });
      } else if (resolution.kind === 'undeclared' || resolution.kind === 'protocol-mismatch') {
        hops.push({
          ...this.hop('container', `${this.words.aContainer}:${resolution.number}`, this.words.undeclared(`${resolution.number}/${port ? effectiveProtocol(port) : 'TCP'}`), template?.span, [], workload.file, resolution.kind === 'protocol-mismatch' ? 'warning' : 'ok'),
          workload: workload.id,
        });
      } else if (resolution.kind === 'unresolved') {
        hops.push({
          ...this.hop('container', this.words.noPortNamed(resolution.name), this.words.noPortNamedDetail(shortName(workload), port ? effectiveProtocol(port) : 'TCP', resolution.name), template?.span, [], workload.file, 'broken'),
          workload: workload.id,
        });
      }
    }
  }

  /**
   * Who NetworkPolicies let reach the Pods on this port's targetPort: everyone, the workloads and
   * address ranges they allow, or nobody. Only in a unit that has policies.
   */
  private policyHop(port: ServicePortModel, workloads: readonly IndexedObject[]): RouteHop | undefined {
    const connectivity = this.index.connectivity();
    if (!connectivity) return undefined;
    const protocol = effectiveProtocol(port) as Protocol;
    const lines: string[] = [];
    let isolatedCount = 0;
    let blockedCount = 0;
    let evaluated = 0;
    // Whether an arbitrary Pod (the picture's in-cluster client) may connect to every workload here.
    let anyPod: boolean | undefined = true;
    const allowedSources = new Set<string>();
    let firstPolicy: IndexedObject | undefined;
    const links = new Map<string, RouteLink>();
    const baselineLinks = new Map<string, RouteLink>();
    const policyNames = new Set<string>();
    let sourceVerdicts: PolicySource[] | undefined;
    for (const indexed of workloads) {
      const workload = connectivity.workloads.find((candidate) => candidate.object === indexed);
      const resolution = resolveTargetPort(port, indexed);
      const number = resolvedNumber(resolution);
      if (!workload || number === undefined) continue;
      evaluated++;
      const isolating = connectivity.ingressPoliciesOf(workload);
      // Admin and baseline policies that hold the Pods decide around the NetworkPolicies.
      const tiers = connectivity.tierPoliciesOf(workload);
      if (isolating.length === 0 && tiers.length === 0) {
        lines.push(this.words.notIsolated(shortName(indexed), `${number}/${protocol}`));
        continue;
      }
      isolatedCount++;
      firstPolicy ??= tiers[0] ?? isolating[0];
      // The policies that hold these Pods, in the order they decide: admin, NetworkPolicy, baseline.
      const ordered = [...tiers.filter((policy) => policy.decoded.adminPolicy?.tier !== 'baseline').map(tierPolicyName), ...isolating.map((policy) => `NetworkPolicy/${policy.object.name ?? ''}`), ...tiers.filter((policy) => policy.decoded.adminPolicy?.tier === 'baseline').map(tierPolicyName)];
      for (const name of ordered) policyNames.add(name);
      // The picture's walk from a chosen workload: each workload's verdict for the first isolated target.
      sourceVerdicts ??= connectivity.workloads.filter((other) => !other.hostNetwork).sort((left, right) => Number(right.namespace === workload.namespace) - Number(left.namespace === workload.namespace) || left.id.localeCompare(right.id)).slice(0, maxSources).map((other) => this.sourceVerdict(connectivity, other, workload, protocol, number));
      if (tiers.length > 0) anyPod = undefined;
      else if (anyPod && !isolating.some((policy) => (policy.decoded.networkPolicy?.ingress ?? []).some((rule) => rulePorts(rule.ports, workload).has(protocol, number) && admitsEveryPod(rule)))) anyPod = false;
      // The admin and baseline rules that decide this port for some source, each with its action;
      // a tier policy none of whose rules decides it here is linked as a whole.
      const decidingRules = new Map<string, AdminRuleRef>();
      const peers: Peer[] = [...connectivity.workloads.map((other) => ({ workload: other })), ...connectivity.externals.map((external) => ({ external }))];
      // Peers this side lets in whose own egress keeps them out: the blame is theirs, not this policy's.
      const stoppedByEgress: Array<{ peer: Peer; policies: IndexedObject[] }> = [];
      const allowedFrom = (peer: Peer): boolean => {
        // The cheap answer first; the explanation only where it says more: the deciding tier rules,
        // or why a workload this side might let in is kept out.
        if (tiers.length === 0) {
          if (connectivity.allowed(peer, { workload }).has(protocol, number)) return true;
          if (!('workload' in peer) || peer.workload === workload) return false;
        }
        const explanation = connectivity.explain(peer, { workload });
        for (const ref of explanation.ingress.tiers ?? []) if (ref.ports.has(protocol, number)) decidingRules.set(`${ref.policy.id}\u0000${ref.policy.file}\u0000${ref.rule.path}`, ref);
        const allowed = explanation.allowed.has(protocol, number);
        if (!allowed && explanation.ingress.allowed.has(protocol, number) && 'workload' in peer && peer.workload !== workload) {
          stoppedByEgress.push({ peer, policies: [...new Set([...(explanation.egress.tiers ?? []).map((ref) => ref.policy), ...explanation.egress.isolating])] });
        }
        return allowed;
      };
      const allowedPeers = peers.filter(allowedFrom);
      const ruled = new Set([...decidingRules.values()].map((ref) => ref.policy));
      for (const policy of tiers) {
        const name = tierPolicyName(policy);
        // Baseline rules decide after NetworkPolicies, so they are listed after them.
        const target = policy.decoded.adminPolicy?.tier === 'baseline' ? baselineLinks : links;
        if (!ruled.has(policy)) target.set(name, { label: name, file: policy.file, range: this.range(policy.file, policy.object.anchorSpan) });
        for (const ref of [...decidingRules.values()].sort((left, right) => left.rule.index - right.rule.index)) {
          if (ref.policy !== policy) continue;
          target.set(`${name}#${ref.rule.path}`, { label: `${name} ${ref.rule.path}${ref.rule.name ? ` "${ref.rule.name.value}"` : ''}: ${ref.rule.action?.value ?? ref.action}`, file: policy.file, range: this.range(policy.file, ref.rule.span) });
        }
      }
      // A link to each deciding rule: those that let the target port in, or the isolating policy itself.
      for (const policy of isolating) {
        const name = `NetworkPolicy/${policy.object.name ?? ''}`;
        const rules = (policy.decoded.networkPolicy?.ingress ?? []).filter((rule) => rulePorts(rule.ports, workload).has(protocol, number));
        if (rules.length === 0) links.set(name, { label: this.words.isolatesNothing(name), file: policy.file, range: this.range(policy.file, policy.object.anchorSpan) });
        for (const rule of rules) links.set(`${name}#${rule.index}`, { label: `${name} spec.ingress[${rule.index}]`, file: policy.file, range: this.range(policy.file, rule.span) });
      }
      // The workload's own other Pods count: they connect to each other through the Service too.
      const sources = allowedPeers.map((peer) => ('workload' in peer && peer.workload === workload ? this.words.ownPods(peerText(peer)) : peerText(peer)));
      for (const source of sources) allowedSources.add(source);
      if (sources.length === 0) blockedCount++;
      const shown = sources.length > 6 ? this.words.andMore(this.words.list(sources.slice(0, 6)), sources.length - 6) : this.words.list(sources);
      lines.push(this.words.isolatedBy(shortName(indexed), `${number}/${protocol}`, ordered.join(this.words.listSeparator), sources.length === 0 ? (stoppedByEgress.length > 0 ? this.words.onlyEgressBlocks : undefined) : shown));
      if (stoppedByEgress.length > 0) {
        const names = stoppedByEgress.slice(0, 4).map((entry) => peerText(entry.peer));
        const policies = [...new Set(stoppedByEgress.flatMap((entry) => entry.policies))];
        lines.push(this.words.blockedByEgress(stoppedByEgress.length > 4 ? this.words.andMore(this.words.list(names), stoppedByEgress.length - 4) : this.words.list(names), this.words.list(policies.map((policy) => `${policy.object.kind}/${policy.object.name ?? ''}`))));
        for (const policy of policies) links.set(`egress:${policy.id}:${policy.file}`, { label: this.words.egressLink(`${policy.object.kind}/${policy.object.name ?? ''}`), file: policy.file, range: this.range(policy.file, policy.object.anchorSpan) });
      }
    }
    // Pods no policy isolates need no hop: traffic reaches them as if there were no policies.
    if (isolatedCount === 0) return undefined;
    const type = effectiveType(this.service);
    if (type === 'NodePort' || type === 'LoadBalancer') {
      lines.push(this.service.externalTrafficPolicy?.value === 'Local' ? this.words.policyLocal : this.words.policyCluster);
    }
    const findings = this.findings.filter((finding) => finding.code === 'networkpolicy/service-unreachable' && finding.path?.startsWith(`${port.path}.`));
    const label = blockedCount === isolatedCount && allowedSources.size === 0 ? this.words.nobody : this.words.sources(allowedSources.size);
    // The same verdict gets the same severity in every lane: judged over the workloads this port reaches.
    const status: HopStatus = blockedCount > 0 && blockedCount === evaluated ? 'broken' : blockedCount > 0 ? 'warning' : 'ok';
    return { ...this.hop('policy', label, this.words.sentences(lines), firstPolicy?.object.anchorSpan, findings, firstPolicy?.file ?? this.indexed.file, status), links: [...links.values(), ...baselineLinks.values()], policies: [...policyNames], ...(anyPod !== undefined ? { admitsAnyPod: anyPod } : {}), ...(sourceVerdicts && sourceVerdicts.length > 0 ? { sources: sourceVerdicts } : {}) };
  }

  /**
   * Whether a Pod of `source` may connect to `target` on the port, and why, side by side as
   * `reach` explains it: the egress of the source first (the packet leaves it first), then the
   * ingress of the target; a deciding admin or baseline rule by its path and action.
   */
  private sourceVerdict(connectivity: Connectivity, source: Workload, target: Workload, protocol: Protocol, number: number): PolicySource {
    const explanation = connectivity.explain({ workload: source }, { workload: target });
    const allowed = explanation.allowed.has(protocol, number);
    const port = `${number}/${protocol}`;
    const sameNamespace = source.namespace === this.indexed.namespace;
    const label = `${source.kind}/${source.name}${sameNamespace ? '' : ` (${source.namespace})`}`;
    const part = (direction: 'egress' | 'ingress', decision: Decision, who: Workload): { decided: boolean; text: string } => {
      const side = this.words.side(direction, `${who.kind}/${who.name}`);
      const tier = (decision.tiers ?? []).find((ref) => ref.ports.has(protocol, number));
      if (tier) return { decided: tier.action === 'Deny', text: this.words.sideTierRule(side, `${tierPolicyName(tier.policy)} spec.${direction}[${tier.rule.index}]${tier.rule.name?.value ? ` "${tier.rule.name.value}"` : ''}`, tier.action) };
      if (decision.isolating.length === 0) return { decided: false, text: this.words.sideOpen(side) };
      const rules = decision.rules.filter((rule) => rule.ports.has(protocol, number));
      if (rules.length === 0) return { decided: !decision.allowed.has(protocol, number), text: this.words.sideIsolatedNoRule(side, this.words.list(decision.isolating.map((policy) => `NetworkPolicy/${policy.object.name ?? ''}`)), port) };
      return { decided: false, text: this.words.sideAllowedBy(side, this.words.list(rules.map((rule) => `NetworkPolicy/${rule.policy.object.name ?? ''} spec.${direction}[${rule.rule.index}]`))) };
    };
    const egress = part('egress', explanation.egress, source);
    const ingress = part('ingress', explanation.ingress, target);
    // A denied connection names the side that denies it; an allowed one both sides that let it through.
    const reason = allowed ? `${egress.text}; ${ingress.text}` : egress.decided ? egress.text : ingress.text;
    return { workload: source.id, label, allowed, target: target.object.id, reason };
  }

  /**
   * The Service's own findings at the paths `matches` selects. Findings about one workload and
   * the ones that break the path belong on the pod hops, so they are left out here.
   */
  private findingsAt(matches: (path: string) => boolean): Finding[] {
    return this.findings.filter((finding) => finding.path !== null && matches(finding.path) && !breakingCodes.has(finding.code) && finding.data?.workload === undefined && finding.code !== 'service/no-selector' && !finding.code.startsWith('networkpolicy/'));
  }

  private hop(kind: RouteHop['kind'], label: string, detail: string, span?: Span, findings: readonly (Finding | RouteFinding)[] = [], file = this.indexed.file, status?: HopStatus): RouteHop {
    const routeFindings = findings.map((finding) => ({ code: finding.code, severity: finding.severity, message: finding.message }));
    return {
      kind,
      label,
      detail,
      ...(span ? { file, range: this.range(file, span) } : {}),
      status: status ?? statusOf(routeFindings),
      findings: routeFindings,
    };
  }

  private range(file: string, span: Span): RouteRange {
    let lines = this.lineIndexes.get(file);
    if (!lines) {
      lines = new LineIndex(this.index.source(file)?.text ?? '');
      this.lineIndexes.set(file, lines);
    }
    return { start: lines.positionAt(span.start), end: lines.positionAt(span.end) };
  }
}

function statusOf(findings: readonly RouteFinding[]): HopStatus {
  if (findings.some((finding) => finding.severity === 'error' || breakingCodes.has(finding.code))) return 'broken';
  if (findings.some((finding) => finding.severity === 'warning')) return 'warning';
  return 'ok';
}

export function replicaText(workload: IndexedObject, words: RouteWords = routeWords('en')): string {
  switch (workload.object.recognized) {
    case 'DaemonSet':
      return words.replicasDaemon;
    case 'Pod':
      return words.replicasPod;
    case 'Job':
    case 'CronJob':
      return words.replicasJob;
    default: {
      const replicas = workload.decoded.workload?.replicas?.value ?? 1;
      return `× ${replicas}`;
    }
  }
}

/** Whether a workload runs more than one Pod at a time: a DaemonSet, or replicas above one. */
function runsSeveralPods(workload: IndexedObject): boolean {
  switch (workload.object.recognized) {
    case 'DaemonSet':
      return true;
    case 'Pod':
    case 'Job':
    case 'CronJob':
      return false;
    default:
      return (workload.decoded.workload?.replicas?.value ?? 1) > 1;
  }
}

/** A route rule in words: the hostnames, what it matches, and this backend's share of it. */
/** Each match of a rule, in words: path, method, gRPC method, headers. */
function ruleMatches(words: RouteWords, rule: RouteRuleModel): string[] {
  const matches = rule.matches.map((match) => {
    const parts: string[] = [];
    if (match.pathValue || match.pathType) parts.push(`${match.pathType?.value ?? 'PathPrefix'} ${match.pathValue?.value ?? '/'}`);
    if (match.method) parts.push(match.method.value);
    if (match.grpcService || match.grpcMethod) parts.push(`${match.grpcService?.value ?? '*'}/${match.grpcMethod?.value ?? '*'}`);
    for (const header of match.headers) parts.push(words.header(header.name?.value ?? '?', header.value?.value ?? ''));
    return words.list(parts) || words.ruleEverything;
  });
  return matches.length > 0 ? matches : [words.ruleEverything];
}

function describeRule(words: RouteWords, kind: string, hostnames: readonly string[], rule: RouteRuleModel, share: number, weight: number, total: number): string {
  const matches = rule.matches.length > 0 ? ruleMatches(words, rule) : [];
  const weightText = rule.backendRefs.length > 1 ? words.ruleWeight(weight, total, Math.round(share * 100)) : '';
  if (kind === 'TCPRoute' || kind === 'UDPRoute') return words.ruleStream(rule.index + 1, kind === 'UDPRoute', weightText);
  const hosts = hostnames.length > 0 ? words.list(hostnames) : words.anyHost;
  if (kind === 'TLSRoute') return words.ruleTls(rule.index + 1, hosts, weightText);
  return words.ruleHttp(rule.index + 1, hosts, matches, weightText);
}

function parentKindOf(ref: { readonly kind?: { readonly value: string } }): string {
  return ref.kind?.value ?? 'Gateway';
}

/** An admin or baseline policy by kind and name; a ClusterNetworkPolicy also by its tier. */
function tierPolicyName(policy: IndexedObject): string {
  const model = policy.decoded.adminPolicy;
  const name = `${policy.object.kind}/${policy.object.name ?? ''}`;
  return model?.cluster ? `${name} (${model.tier === 'baseline' ? 'Baseline' : 'Admin'})` : name;
}

/**
 * The requests a rule takes through a listener, short, for the picture's arrow: a host the route
 * and listener share (a wildcard's "*" kept), the first match's method and path (a prefix ends
 * with "…"), or a gRPC service/method.
 */
function entryRequest(model: GatewayRouteModel, rule: RouteRuleModel, listenerHostname: string | undefined): string {
  const hostnames = model.hostnames?.value.map((hostname) => hostname.value) ?? [];
  const host = hostnames.find((hostname) => hostnamesIntersect(listenerHostname, [hostname])) ?? listenerHostname ?? '*';
  const match = rule.matches[0];
  if (model.kind === 'GRPCRoute') return `${host}/${match?.grpcService?.value ?? '*'}/${match?.grpcMethod?.value ?? '*'}`;
  if (model.kind !== 'HTTPRoute') return host;
  const type = match?.pathType?.value ?? 'PathPrefix';
  const path = match?.pathValue?.value ?? '/';
  const shown = type === 'RegularExpression' ? `~${path}` : type === 'PathPrefix' ? `${path.replace(/\/$/, '')}/…` : path;
  const conditions = [...(match?.headers ?? []).map((header) => `${header.name?.value ?? '?'}: ${header.value?.value ?? ''}`), ...(match?.queryParams ?? []).map((param) => `?${param.name?.value ?? '?'}=${param.value?.value ?? ''}`)];
  return `${match?.method ? `${match.method.value} ` : ''}${host}${shown}${conditions.length > 0 ? ` [${conditions.join(', ')}]` : ''}${rule.matches.length > 1 ? ` (+${rule.matches.length - 1})` : ''}`;
}

/** A NetworkPolicy ingress rule that lets every Pod of every namespace in: no peers, or a peer selecting all namespaces and all their Pods. */
function admitsEveryPod(rule: { readonly peers?: ReadonlyArray<{ readonly ipBlock?: unknown; readonly namespaceSelector?: { readonly matchLabels: readonly unknown[]; readonly matchExpressions: readonly unknown[] }; readonly podSelector?: { readonly matchLabels: readonly unknown[]; readonly matchExpressions: readonly unknown[] } }> }): boolean {
  const empty = (selector: { readonly matchLabels: readonly unknown[]; readonly matchExpressions: readonly unknown[] } | undefined): boolean => selector !== undefined && selector.matchLabels.length === 0 && selector.matchExpressions.length === 0;
  if (!rule.peers || rule.peers.length === 0) return true;
  return rule.peers.some((peer) => !peer.ipBlock && empty(peer.namespaceSelector) && (peer.podSelector === undefined || empty(peer.podSelector)));
}
