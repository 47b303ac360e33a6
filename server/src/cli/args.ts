/**
 * Command-line parsing for `k8s-route`: turns argv into a typed request or a usage error.
 * It does not read files or print; main.ts does.
 */
import { cidrListProblem, parseLegacyCidr, parseLegacyIp } from '../core/ip';
import { parsePortRange } from '../core/config';
import type { PortRange } from '../core/model';
import { formatAddress } from '../core/policy/addresses';
import { ruleCatalog } from '../core/rules/catalog';
import { proxyModes } from '../core/proxy/rules';
import type { ProxyMode } from '../core/proxy/rules';
import { defaultProxyOptions, proxyOptionsFor } from '../core/proxy/service';
import type { ProxyOptions } from '../core/proxy/service';

export type OutputFormat = 'text' | 'json' | 'sarif';

/** How units are rendered: the tools, or not at all. */
export interface RenderRequest {
  /** False with --no-render: kustomize units are approximated, chart templates skipped. */
  readonly render: boolean;
  readonly helmPath: string | undefined;
  readonly kustomizePath: string | undefined;
  readonly releaseName: string | undefined;
  readonly renderTimeoutMs: number;
  /** `--cache` (and `--cache-location`): the folder of the persistent cache, or undefined for none. */
  readonly cache: { readonly location: string | undefined } | undefined;
  /** `--cluster-domain`: the cluster DNS domain names and records use. */
  readonly clusterDomain: string;
  /** The options given on the command line (`--namespace`, …): they win over the project configuration. */
  readonly given: ReadonlySet<string>;
  /** `--config FILE`, or null with `--no-config`; undefined: look for .k8s-route.yaml from the first path up. */
  readonly config: string | null | undefined;
}

/** What every command reads the files with: their paths and the cluster facts analysis depends on. */
export interface AnalysisRequest extends RenderRequest {
  readonly paths: readonly string[];
  readonly nodePortRange: PortRange;
  readonly serviceCidrs: readonly string[];
  readonly namespace: string;
  readonly disabled: ReadonlySet<string>;
}

export interface CheckRequest extends AnalysisRequest {
  readonly command: 'check';
  readonly format: OutputFormat;
  /** The lowest severity that makes the exit status 1. */
  readonly failOn: 'error' | 'warning';
}

export interface RouteRequest extends AnalysisRequest {
  readonly command: 'route';
  /** `[namespace/]name` of the Service. */
  readonly service: string;
  /** `--unit`: the chart or kustomization folder (`@values-file` for a Helm variant) the Service is in. */
  readonly unit: string | undefined;
  readonly format: 'text' | 'json';
}

export interface ReachRequest extends AnalysisRequest {
  readonly command: 'reach';
  readonly format: 'text' | 'json';
  /** `--from` and `--to`: one connection to explain instead of them all. */
  readonly from: string | undefined;
  readonly to: string | undefined;
  /** `--port N/PROTO`: the port the question is about. */
  readonly port: { readonly number: number; readonly protocol: 'TCP' | 'UDP' | 'SCTP' } | undefined;
}

export interface RulesRequest extends AnalysisRequest {
  readonly command: 'rules';
  /** `[namespace/]name` of the Service. */
  readonly service: string;
  readonly unit: string | undefined;
  readonly format: 'text' | 'json';
  readonly mode: ProxyMode;
  /** The node and cluster settings kube-proxy runs with. */
  readonly proxy: ProxyOptions;
}

export interface RequestRequest extends AnalysisRequest {
  readonly command: 'request';
  /** The request's URL: its authority is the Host header. */
  readonly url: string;
  readonly method: string;
  /** `-H 'Name: value'`, in order. */
  readonly headers: ReadonlyArray<readonly [string, string]>;
  /** `--port N`: the port the connection arrives on (the listener's). */
  readonly port: number | undefined;
  readonly gateway: string | undefined;
  readonly listener: string | undefined;
  readonly ingressClass: string | undefined;
  readonly unit: string | undefined;
  readonly format: 'text' | 'json';
}

export type Request = CheckRequest | RouteRequest | ReachRequest | RulesRequest | RequestRequest | { readonly command: 'help' } | { readonly command: 'version' };

export class UsageError extends Error {}

export const usage = `Usage: k8s-route check [options] <file|dir>...
       k8s-route route --service [NAMESPACE/]NAME [options] <file|dir>...
       k8s-route reach [--from PEER --to PEER [--port N/PROTO]] [options] <file|dir>...
       k8s-route rules --service [NAMESPACE/]NAME [--mode iptables|nftables|ipvs] [options] <file|dir>...
       k8s-route request [--gateway NS/NAME] [--listener NAME] [--port N] [--method M] [-H 'Name: value']... URL <file|dir>...

Checks Kubernetes manifests (*.yaml, *.yml, *.json) for Service networking mistakes: everything the
API server would reject, with its field paths. Directories are searched recursively
(node_modules, .git and hidden folders are skipped). Helm charts (a folder with Chart.yaml,
once per values-*.yaml variant) and kustomize roots are rendered with helm and kustomize and
checked unit by unit, with findings on the template, patch or resource line that wrote the value;
the other files are checked together. A path of - reads one manifest stream from stdin.

\`route\` draws the traffic path to one Service's containers: client, load balancer, node port,
kube-proxy, cluster IP or DNS, Pods and containers, one lane per port, broken hops marked.

\`reach\` lists the connections NetworkPolicies allow between workloads and address ranges outside
the cluster, one line each: SRC => DST : CONN. With --from and --to it explains one connection,
naming the deciding policies and rules. A PEER is namespace/name[Kind], namespace/name, or an IP.

\`request\` answers which backend gets one HTTP or gRPC request, as the Gateway API (or, without a
Gateway that takes it, the Ingress API) decides it: the listener, the route rule that wins and why
the others lost, the filters, the backends with their share. The URL's authority is the Host
header; the connection arrives on --port, else on the URL's port or its scheme's default.

Options:
  --format text|json|sarif     output format (default: text; route: text or json)
  --service [NS/]NAME          route: the Service to draw
  --node-port-range MIN-MAX    the cluster's node port range (default: 30000-32767)
  --service-cidr CIDR[,CIDR]   the cluster's service CIDRs; clusterIPs outside them, and IP
                               families they lack, are errors (default: none, only the syntax
                               of cluster IPs is checked; any IP family is accepted)
  --namespace NS               namespace of objects that set none (default: default)
  --disable CODE[,CODE]        turn off rules by code, e.g. service/ignored-field
  --fail-on error|warning      lowest severity that fails the run (default: error); warning also
                               fails on broken routes the API server accepts
  --mode iptables|nftables|ipvs
                               rules: the kube-proxy mode (default: iptables)
  --node-name NAME             rules: the node kube-proxy runs on (default: node-1, an example)
  --node-ip IP[,IP]            rules: its address, one per family (default: 192.168.0.10)
  --cluster-cidr CIDR[,CIDR]   rules: kube-proxy --cluster-cidr (default: unset, as kube-proxy)
  --masquerade-all             rules: kube-proxy --masquerade-all
  --pod-cidr CIDR[,CIDR]       rules: where example Pod IPs come from (default: 10.244.0.0/16)
  --from PEER, --to PEER       reach: the connection to explain
  --port N/PROTO               reach: the port asked about, e.g. 8080/TCP (exit 1 when denied)
  --gateway [NS/]NAME          request: the Gateway (default: the one whose listener takes the URL)
  --listener NAME              request: the listener of that Gateway
  --port N                     request: the port the connection arrives on (the listener port)
  --method M, -X M             request: the HTTP method (default: GET)
  --header 'N: V', -H 'N: V'   request: a request header (repeatable); content-type
                               application/grpc makes it a gRPC request (GRPCRoutes)
  --ingress-class NAME         request: the Ingress class, when Ingresses answer
  --unit FOLDER[@VALUES]       route, rules, request: the render unit of the Service (or request)
                               when several define it
                               (a kustomization folder, a chart folder, @values-x.yaml for a variant,
                               "plain" for the files outside charts and kustomizations, or
                               cluster:NAME for those of a cluster the configuration names)
  --helm PATH                  the helm binary (default: helm on PATH)
  --kustomize PATH             the kustomize or kubectl binary (default: kustomize, else kubectl, on PATH)
  --release-name NAME          the Helm release name (default: each chart's name)
  --render-timeout SECONDS     stop a helm or kustomize run after this long (default: 20)
  --cluster-domain DOMAIN      the cluster DNS domain (default: cluster.local)
  --cache                      keep what was learned of each file and each render between runs, so
                               an unchanged file is not parsed and an unchanged chart or
                               kustomization not rendered again (default location:
                               node_modules/.cache/k8s-route when there is a node_modules, else
                               the user cache folder, e.g. ~/.cache/k8s-route)
  --cache-location PATH        the folder of that cache (implies --cache)
  --no-render                  do not run helm or kustomize: kustomizations are approximated (no
                               patches applied) and chart templates are skipped
  --config FILE                the project configuration to use (default: the nearest
                               .k8s-route.yaml from the first path up); options given here win
  --no-config                  ignore any .k8s-route.yaml
  -h, --help                   show this help
  -v, --version                show the version

Exit status: 0 no errors, 1 errors found (or warnings, with --fail-on warning; for route, a port
whose traffic cannot arrive; for request, a request neither forwarded nor redirected), 2 usage or
I/O error (or no such Service).
Rule codes and their reasons: docs/rules.md`;

/** Parses the arguments after the program name. */
export function parseArgs(argv: readonly string[]): Request {
  if (argv.length === 0) throw new UsageError('missing command: try `k8s-route check <dir>`');
  if (argv.includes('-h') || argv.includes('--help') || argv[0] === 'help') return { command: 'help' };
  if (argv.includes('-v') || argv.includes('--version')) return { command: 'version' };
  const [command, ...rest] = argv;
  if (command !== 'check' && command !== 'route' && command !== 'reach' && command !== 'rules' && command !== 'request') throw new UsageError(`unknown command "${command}": the commands are check, route, reach, rules and request`);

  const paths: string[] = [];
  let format: OutputFormat = 'text';
  let nodePortRange: PortRange = { min: 30000, max: 32767 };
  let serviceCidrs: string[] = [];
  let namespace = 'default';
  const disabled = new Set<string>();
  let failOn: 'error' | 'warning' = 'error';
  let service: string | undefined;
  let unit: string | undefined;
  let render = true;
  let helmPath: string | undefined;
  let kustomizePath: string | undefined;
  let releaseName: string | undefined;
  let renderTimeoutMs = 20_000;
  let cache: { location: string | undefined } | undefined;
  let clusterDomain = 'cluster.local';
  let from: string | undefined;
  let to: string | undefined;
  let portText: string | undefined;
  let method: string | undefined;
  const headers: Array<readonly [string, string]> = [];
  let gateway: string | undefined;
  let listener: string | undefined;
  let ingressClass: string | undefined;
  let mode: ProxyMode | undefined;
  const proxy = { ...defaultProxyOptions, nodeIPs: { ...defaultProxyOptions.nodeIPs }, podCidrs: { ...defaultProxyOptions.podCidrs }, serviceCidrs: { ...defaultProxyOptions.serviceCidrs } };
  let proxyOptionUsed: string | undefined;
  const given = new Set<string>();
  let config: string | null | undefined;
  for (let index = 0; index < rest.length; index++) {
    const argument = rest[index];
    if (!argument.startsWith('-') || argument === '-' || argument === '--') {
      if (argument !== '--') paths.push(argument);
      else paths.push(...rest.slice(index + 1));
      if (argument === '--') break;
      continue;
    }
    if (argument === '-H' || argument === '-X') {
      const next = rest[index + 1];
      if (next === undefined) throw new UsageError(`${argument} needs a value`);
      index++;
      given.add(argument === '-H' ? '--header' : '--method');
      if (argument === '-H') headers.push(parseHeader(next));
      else method = parseMethod(next);
      continue;
    }
    if (!argument.startsWith('--')) throw new UsageError(`unknown option ${argument}`);
    const equals = argument.indexOf('=');
    const name = equals === -1 ? argument : argument.slice(0, equals);
    const value = (): string => {
      if (equals !== -1) return argument.slice(equals + 1);
      const next = rest[index + 1];
      if (next === undefined) throw new UsageError(`${name} needs a value`);
      index++;
      return next;
    };
    given.add(name);
    switch (name) {
      case '--config':
        config = value();
        if (config === '') throw new UsageError('--config needs a file');
        break;
      case '--no-config':
        if (equals !== -1) throw new UsageError('--no-config takes no value');
        config = null;
        break;
      case '--format': {
        const text = value();
        if (text !== 'text' && text !== 'json' && text !== 'sarif') throw new UsageError(`--format must be text, json or sarif, not "${text}"`);
        format = text;
        break;
      }
      case '--node-port-range':
        nodePortRange = parseNodePortRange(value());
        break;
      case '--service-cidr':
        serviceCidrs = parseCidrs(value());
        break;
      case '--namespace': {
        const text = value();
        if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(text) || text.length > 63) throw new UsageError(`--namespace "${text}" is not a valid namespace name`);
        namespace = text;
        break;
      }
      case '--disable':
        for (const code of value().split(',').map((item) => item.trim()).filter(Boolean)) {
          if (!(code in ruleCatalog)) throw new UsageError(`--disable: unknown rule code "${code}" (see docs/rules.md)`);
          disabled.add(code);
        }
        break;
      case '--service': {
        const text = value();
        if (!/^([a-z0-9]([-a-z0-9]*[a-z0-9])?\/)?[a-z]([-a-z0-9]*[a-z0-9])?$/.test(text)) throw new UsageError(`--service must be NAME or NAMESPACE/NAME, not "${text}"`);
        service = text;
        break;
      }
      case '--from':
        from = value();
        break;
      case '--to':
        to = value();
        break;
      case '--port':
        portText = value();
        break;
      case '--method':
        method = parseMethod(value());
        break;
      case '--header':
        headers.push(parseHeader(value()));
        break;
      case '--gateway': {
        const text = value();
        if (!/^([a-z0-9]([-a-z0-9]*[a-z0-9])?\/)?[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(text)) throw new UsageError(`--gateway must be NAME or NAMESPACE/NAME, not "${text}"`);
        gateway = text;
        break;
      }
      case '--listener':
        listener = value();
        if (listener === '') throw new UsageError('--listener needs a name');
        break;
      case '--ingress-class':
        ingressClass = value();
        if (ingressClass === '') throw new UsageError('--ingress-class needs a name');
        break;
      case '--unit':
        unit = value();
        if (unit === '') throw new UsageError('--unit needs a folder');
        break;
      case '--helm':
        helmPath = value();
        break;
      case '--kustomize':
        kustomizePath = value();
        break;
      case '--release-name': {
        const text = value();
        if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(text) || text.length > 53) throw new UsageError(`--release-name "${text}" is not a valid Helm release name`);
        releaseName = text;
        break;
      }
      case '--render-timeout': {
        const text = value();
        const seconds = Number(text);
        if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 3600) throw new UsageError(`--render-timeout must be a number of seconds (up to 3600), not "${text}"`);
        renderTimeoutMs = Math.round(seconds * 1000);
        break;
      }
      case '--cluster-domain': {
        const text = value().replace(/\.$/, '');
        if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(text) || text.length > 253) throw new UsageError(`--cluster-domain "${text}" is not a DNS domain such as cluster.local`);
        clusterDomain = text;
        break;
      }
      case '--mode': {
        const text = value();
        if (!(proxyModes as readonly string[]).includes(text)) throw new UsageError(`--mode must be iptables, nftables or ipvs, not "${text}"`);
        mode = text as ProxyMode;
        break;
      }
      case '--node-name': {
        const text = value();
        if (!/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(text) || text.length > 253) throw new UsageError(`--node-name "${text}" is not a valid node name`);
        proxy.nodeName = text;
        proxy.exampleNode = false;
        if (text === proxy.otherNode.name) proxy.otherNode = { ...proxy.otherNode, name: text === 'node-1' ? 'node-2' : 'node-1' };
        proxyOptionUsed ??= name;
        break;
      }
      case '--node-ip': {
        const seen = new Map<string, string>();
        for (const text of value().split(',').map((item) => item.trim())) {
          const ip = parseLegacyIp(text);
          if (!ip) throw new UsageError(`--node-ip "${text}" is not an IP address`);
          const before = seen.get(ip.family);
          if (before !== undefined) throw new UsageError(`--node-ip takes one address per IP family, but ${before} and ${text} are both ${ip.family}`);
          seen.set(ip.family, text);
          proxy.nodeIPs[ip.family] = text;
        }
        proxy.exampleNode = false;
        proxyOptionUsed ??= name;
        break;
      }
      case '--cluster-cidr':
        proxy.clusterCidrs = parseCidrs(value(), name).map(canonicalCidr);
        proxyOptionUsed ??= name;
        break;
      case '--pod-cidr':
        for (const cidr of parseCidrs(value(), name)) proxy.podCidrs[parseLegacyCidr(cidr)!.family] = cidr;
        proxyOptionUsed ??= name;
        break;
      case '--masquerade-all':
        if (equals !== -1) throw new UsageError('--masquerade-all takes no value');
        proxy.masqueradeAll = true;
        proxyOptionUsed ??= name;
        break;
      case '--cache':
        if (equals !== -1) throw new UsageError('--cache takes no value; give the folder with --cache-location');
        cache = { location: cache?.location };
        break;
      case '--cache-location': {
        const text = value();
        if (text === '') throw new UsageError('--cache-location needs a folder');
        cache = { location: text };
        break;
      }
      case '--no-render':
        if (equals !== -1) throw new UsageError('--no-render takes no value');
        render = false;
        break;
      case '--fail-on': {
        const text = value();
        if (text !== 'error' && text !== 'warning') throw new UsageError(`--fail-on must be error or warning, not "${text}"`);
        failOn = text;
        break;
      }
      default:
        throw new UsageError(`unknown option ${name}`);
    }
  }
  const requestOptions = [method !== undefined ? '--method' : '', headers.length > 0 ? '--header' : '', gateway !== undefined ? '--gateway' : '', listener !== undefined ? '--listener' : '', ingressClass !== undefined ? '--ingress-class' : ''].filter(Boolean);
  if (command === 'request') {
    const url = paths.shift();
    if (url === undefined) throw new UsageError('request needs a URL, e.g. k8s-route request http://shop.example.com/ .');
    if (!/^https?:\/\//i.test(url)) throw new UsageError(`request: "${url}" is not an http or https URL; give the URL first, then the files`);
    if (paths.length === 0) throw new UsageError('no files or directories given: try `k8s-route request URL .`');
    if (format === 'sarif') throw new UsageError('request prints text or json, not sarif');
    if (mode !== undefined || proxyOptionUsed !== undefined) throw new UsageError(`${mode !== undefined ? '--mode' : proxyOptionUsed} is an option of rules`);
    if (from !== undefined || to !== undefined) throw new UsageError('--from and --to are options of reach');
    if (service !== undefined) throw new UsageError('--service is an option of route and rules');
    let port: number | undefined;
    if (portText !== undefined) {
      port = /^\d{1,5}$/.test(portText) ? Number(portText) : NaN;
      if (!(port >= 1 && port <= 65535)) throw new UsageError(`--port must be a port number (1-65535), not "${portText}"`);
    }
    if (listener !== undefined && gateway === undefined) throw new UsageError('--listener needs --gateway');
    return { command, paths, url, method: method ?? 'GET', headers, port, gateway, listener, ingressClass, unit, format, nodePortRange, serviceCidrs, namespace, disabled, render, helmPath, kustomizePath, releaseName, renderTimeoutMs, cache, clusterDomain, given, config };
  }
  if (requestOptions.length > 0) throw new UsageError(`${requestOptions[0]} is an option of request`);
  let port: ReachRequest['port'];
  if (portText !== undefined) {
    const match = /^(\d{1,5})(?:\/(TCP|UDP|SCTP))?$/i.exec(portText);
    const number = match ? Number(match[1]) : NaN;
    if (!match || number < 1 || number > 65535) throw new UsageError(`--port must look like 8080/TCP (1-65535; TCP, UDP or SCTP), not "${portText}"`);
    port = { number, protocol: (match[2]?.toUpperCase() ?? 'TCP') as 'TCP' | 'UDP' | 'SCTP' };
  }
  if (paths.length === 0) throw new UsageError(`no files or directories given: try \`k8s-route ${command} .\``);
  if (command !== 'rules' && (mode !== undefined || proxyOptionUsed !== undefined)) throw new UsageError(`${mode !== undefined ? '--mode' : proxyOptionUsed} is an option of rules`);
  if (command === 'rules') {
    if (service === undefined) throw new UsageError('rules needs --service [NAMESPACE/]NAME');
    if (format === 'sarif') throw new UsageError('rules prints text or json, not sarif');
    if (from !== undefined || to !== undefined || port !== undefined) throw new UsageError('--from, --to and --port are options of reach');
    return { command, paths, service, unit, format, mode: mode ?? 'iptables', nodePortRange, serviceCidrs, namespace, disabled, render, helmPath, kustomizePath, releaseName, renderTimeoutMs, cache, clusterDomain, given, config, proxy: proxyOptionsFor({ serviceCidrs, nodePortRange }, proxy) };
  }
  if (command === 'reach') {
    if (format === 'sarif') throw new UsageError('reach prints text or json, not sarif');
    if ((from === undefined) !== (to === undefined)) throw new UsageError('reach needs both --from and --to, or neither');
    if (port !== undefined && from === undefined) throw new UsageError('--port needs --from and --to');
    if (service !== undefined || unit !== undefined) throw new UsageError('--service and --unit are options of route');
    return { command, paths, format, from, to, port, nodePortRange, serviceCidrs, namespace, disabled, render, helmPath, kustomizePath, releaseName, renderTimeoutMs, cache, clusterDomain, given, config };
  }
  if (from !== undefined || to !== undefined || port !== undefined) throw new UsageError('--from, --to and --port are options of reach');
  if (command === 'route') {
    if (service === undefined) throw new UsageError('route needs --service [NAMESPACE/]NAME');
    if (format === 'sarif') throw new UsageError('route prints text or json, not sarif');
    return { command, paths, service, unit, format, nodePortRange, serviceCidrs, namespace, disabled, render, helmPath, kustomizePath, releaseName, renderTimeoutMs, cache, clusterDomain, given, config };
  }
  if (service !== undefined) throw new UsageError('--service is an option of route, not check');
  if (unit !== undefined) throw new UsageError('--unit is an option of route, not check');
  return { command, paths, format, nodePortRange, serviceCidrs, namespace, disabled, failOn, render, helmPath, kustomizePath, releaseName, renderTimeoutMs, cache, clusterDomain, given, config };
}

const httpMethods = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', 'PATCH'];

function parseMethod(text: string): string {
  const method = text.toUpperCase();
  if (!httpMethods.includes(method)) throw new UsageError(`--method must be one of ${httpMethods.join(', ')}, not "${text}"`);
  return method;
}

function parseHeader(text: string): readonly [string, string] {
  const colon = text.indexOf(':');
  const name = colon === -1 ? '' : text.slice(0, colon).trim();
  if (!/^[A-Za-z0-9!#$%&'*+\-.^_`|~]+$/.test(name)) throw new UsageError(`--header must look like 'Name: value', not "${text}"`);
  return [name, text.slice(colon + 1).trim()];
}

function parseNodePortRange(text: string): PortRange {
  const range = parsePortRange(text);
  if (!range) throw new UsageError(`--node-port-range must look like 30000-32767 (1-65535, low to high), not "${text}"`);
  return range;
}

function parseCidrs(text: string, option = '--service-cidr'): string[] {
  const cidrs = text.split(',').map((item) => item.trim()).filter(Boolean);
  if (cidrs.length === 0 || cidrs.length > 2) throw new UsageError(`${option} takes one CIDR, or two (one IPv4 and one IPv6) for dual-stack`);
  const problem = cidrListProblem(cidrs);
  if (problem) throw new UsageError(`${option}: ${problem}`);
  return cidrs;
}

/** A CIDR as kube-proxy writes it in its rules: the network address, canonical. */
export function canonicalCidr(text: string): string {
  const cidr = parseLegacyCidr(text)!;
  const width = cidr.family === 'IPv4' ? 32 : 128;
  const value = cidr.address.toByteArray().reduce((total, byte) => (total << 8n) | BigInt(byte), 0n);
  const hostBits = BigInt(width - cidr.prefixLength);
  return `${formatAddress(cidr.family, (value >> hostBits) << hostBits)}/${cidr.prefixLength}`;
}
