/**
 * Every finding code the core can produce, with its default severity, a one-line summary and the
 * reason it matters. docs/rules.md, SARIF rule metadata and `--disable` validation read this
 * table; a test checks that each code has fixtures and that nothing reports an unlisted code.
 */
import type { Severity } from '../model';

export interface RuleInfo {
  readonly severity: Severity;
  readonly summary: string;
  /** Why the rule exists: what the API server or the cluster does with such a manifest. */
  readonly reason: string;
  /** The section of ../shared/spec/service-rules.md the rule implements, when there is one. */
  readonly source?: string;
  /** 'workspace' for findings that relate several objects (computed by the workspace index). */
  readonly scope?: 'object' | 'workspace';
}

const rejected = 'The API server rejects the object with this error, so `kubectl apply` fails.';

export const ruleCatalog: Readonly<Record<string, RuleInfo>> = {
  'yaml/syntax': { severity: 'error', summary: 'The YAML cannot be parsed.', reason: 'kubectl cannot decode a document with a syntax error; the other documents of the file are still checked.' },
  'yaml/duplicate-key': { severity: 'warning', summary: 'A mapping sets the same key twice.', reason: 'kubectl converts YAML to JSON keeping only the later value, so the earlier one is silently lost; usually a merge mistake.' },
  'yaml/not-text': { severity: 'information', summary: 'The file is binary, not a text manifest.', reason: 'A file with NUL bytes cannot be a manifest; it is skipped instead of producing noise.' },
  'file/too-large': { severity: 'information', summary: 'The file is too large to be a manifest and was skipped.', reason: 'Files over 8 MB are skipped so that one generated dump cannot stall the check.' },
  'template/skipped': { severity: 'information', summary: 'The file is a Go template (Helm chart or similar) and is not checked as YAML.', reason: 'Template actions outside quoted strings make the file invalid YAML until it is rendered; render it (helm template) and check the output.' },
  'networkpolicy/service-unreachable': { severity: 'warning', summary: 'NetworkPolicies let nothing reach the targetPort of a Service port.', reason: 'The Pods behind the Service are isolated for ingress and no rule of any policy selecting them allows this port from any workload or address, so every connection to the Service is dropped. The API server accepts this.', scope: 'workspace' },
  'networkpolicy/unknown-port': { severity: 'warning', summary: 'A policy port names a container port the Pods do not have.', reason: 'A named port in a policy resolves against the destination Pod\'s container ports, by name and protocol; a name none of them has allows nothing.', scope: 'workspace' },
  'networkpolicy/service-port-not-target': { severity: 'warning', summary: 'A policy allows a Service\'s port where its Pods listen on another targetPort.', reason: 'Policies see the Pods\' own ports: traffic sent to the Service arrives at the Pod on the targetPort, which this policy does not allow.', scope: 'workspace' },
  'networkpolicy/dns-blocked': { severity: 'warning', summary: 'Egress isolation without a rule for DNS (UDP and TCP 53).', reason: 'A Pod isolated for egress needs rules allowing UDP and TCP 53 to the cluster DNS: without UDP every Service name lookup fails, which looks like every Service being down; without TCP, answers too large for UDP fail.', scope: 'workspace' },
  'networkpolicy/selects-nothing': { severity: 'information', summary: 'A policy\'s podSelector selects no Pod in its namespace.', reason: 'The policy changes nothing as written; usually a label typo, or the workloads live in another namespace.', scope: 'workspace' },
  'networkpolicy/host-network': { severity: 'information', summary: 'A policy selects Pods that use the node\'s network.', reason: 'Pods with hostNetwork: true are selected like any other, but whether the network plugin enforces policies on them varies.', scope: 'workspace' },
  'render/tool-missing': { severity: 'information', summary: 'helm, or kustomize and kubectl, is not installed, so a unit is not rendered by the real tool.', reason: 'Without helm a chart\'s templates cannot be checked at all; without kustomize a kustomization is checked with a built-in approximation that does not apply patches. Install the tool or point k8sRoute.helm.path / k8sRoute.kustomize.path (--helm, --kustomize) at it.' },
  'render/failed': { severity: 'warning', summary: 'helm template or kustomize build failed on this unit.', reason: 'The tool\'s own error is shown with the place it names; a chart or kustomization that does not render cannot be deployed either.' },
  'render/timeout': { severity: 'warning', summary: 'Rendering a unit took longer than the time limit and was stopped.', reason: 'A runaway template or an enormous kustomization must not stall the editor or CI; raise k8sRoute.renderTimeoutSeconds (--render-timeout) if the unit is just large.' },
  'render/output-too-large': { severity: 'warning', summary: 'A unit rendered to more output than the limit and was stopped.', reason: 'Rendered output is capped so that one unit cannot exhaust memory; its objects are not checked.' },
  'render/missing-dependencies': { severity: 'warning', summary: 'Chart.yaml lists dependencies that charts/ does not hold.', reason: 'helm template refuses a chart whose dependencies are not vendored; `helm dependency build` downloads them. K8s Route never does, because that reaches the network.' },
  'render/untrusted': { severity: 'information', summary: 'Rendering is off because the workspace is not trusted.', reason: 'Rendering runs helm and kustomize on the workspace\'s files; VS Code\'s workspace trust decides whether that may happen. Kustomizations are approximated and chart templates skipped until the workspace is trusted.' },
  'render/remote-resource': { severity: 'information', summary: 'A kustomization names a remote resource, which is not fetched.', reason: 'K8s Route renders only what is in the workspace and never reaches the network; the unit is checked with the built-in approximation, without the remote objects.' },
  'render/plugin-disabled': { severity: 'information', summary: 'A kustomization asks for a plugin (KRM function, exec plugin, helmCharts), which is never run.', reason: 'Plugins execute arbitrary programs or download charts; K8s Route never enables them, so the unit is checked with the built-in approximation.' },
  'internal/error': { severity: 'information', summary: 'The checker failed on one object.', reason: 'A bug in K8s Route must never hide the other findings: the failing object is named and the rest of the workspace is still checked.' },
  'schema/wrong-type': { severity: 'error', summary: 'A field has a value of the wrong type.', reason: 'The Kubernetes decoder refuses the request before any validation runs (for example `port: "80"`: a port is an integer).' },

  'metadata/name-required': { severity: 'error', summary: 'The object has no metadata.name.', reason: 'Every object needs a name (or generateName).', source: '3.1' },
  'metadata/invalid-name': { severity: 'error', summary: 'metadata.name has the wrong format for its kind.', reason: `Service names must be DNS-1035 labels (start with a letter, no dots); StatefulSet names DNS-1123 labels; most other kinds DNS-1123 subdomains. ${rejected}`, source: '2, 3.1' },
  'metadata/invalid-namespace': { severity: 'error', summary: 'metadata.namespace is not a DNS-1123 label.', reason: rejected, source: '3.1' },
  'metadata/invalid-labels': { severity: 'error', summary: 'A label key or value is malformed.', reason: `Label keys are qualified names and values at most 63 name characters. ${rejected}`, source: '3.1' },
  'metadata/invalid-annotations': { severity: 'error', summary: 'An annotation key is malformed, or the annotations exceed 256 KiB.', reason: rejected, source: '3.1' },

  'service/invalid-type': { severity: 'error', summary: 'spec.type is not ClusterIP, NodePort, LoadBalancer or ExternalName.', reason: `Values are case-sensitive: \`nodePort\` is not \`NodePort\`. ${rejected}`, source: '3.2' },
  'service/ports-required': { severity: 'error', summary: 'The Service has no ports.', reason: `Only headless (clusterIP: None) and ExternalName Services may omit spec.ports. ${rejected}`, source: '3.3' },
  'service/port-name-required': { severity: 'error', summary: 'A port of a multi-port Service has no name.', reason: `With more than one port, every port needs a name so that endpoints and SRV records can tell them apart. ${rejected}`, source: '3.3' },
  'service/invalid-port-name': { severity: 'error', summary: 'A Service port name is not a DNS-1123 label.', reason: `Service port names are DNS-1123 labels (lowercase, digits, '-', up to 63). ${rejected}`, source: '3.4' },
  'service/duplicate-port-name': { severity: 'error', summary: 'Two Service ports share a name.', reason: rejected, source: '3.3' },
  'service/port-out-of-range': { severity: 'error', summary: 'spec.ports[i].port is missing or outside 1-65535.', reason: rejected, source: '3.4' },
  'service/invalid-protocol': { severity: 'error', summary: 'A port protocol is not TCP, UDP or SCTP.', reason: `Values are case-sensitive. ${rejected}`, source: '3.4' },
  'service/duplicate-port': { severity: 'error', summary: 'Two entries expose the same port and protocol.', reason: `The same number may appear twice only with different protocols (53/TCP and 53/UDP). ${rejected}`, source: '3.3' },
  'service/target-port-out-of-range': { severity: 'error', summary: 'A numeric targetPort is outside 1-65535.', reason: `targetPort 0 (or omitted) means "same as port"; any other number must be a port number. ${rejected}`, source: '3.4' },
  'service/invalid-target-port-name': { severity: 'error', summary: 'A string targetPort is not a valid port name.', reason: `A quoted number such as "8080" is a string, and strings are port names (IANA service names: up to 15 lowercase letters, digits and '-', at least one letter). ${rejected}`, source: '3.4' },
  'service/invalid-app-protocol': { severity: 'error', summary: 'appProtocol is not a qualified name.', reason: rejected, source: '3.4' },
  'service/node-port-forbidden': { severity: 'error', summary: 'A ClusterIP Service sets a nodePort.', reason: `Node ports exist only for NodePort and LoadBalancer Services. ${rejected}`, source: '3.4' },
  'service/node-port-out-of-range': { severity: 'error', summary: 'A nodePort is outside the cluster\'s node port range.', reason: 'The allocator refuses node ports outside --service-node-port-range (30000-32767 unless configured). Omit nodePort to have one allocated.', source: '3.4' },
  'service/duplicate-node-port': { severity: 'error', summary: 'Two entries of one Service use the same nodePort.', reason: 'A node port may be shared only by entries with the same port (such as 53/TCP and 53/UDP); otherwise the allocator reports it as already allocated.', source: '3.3, 3.4' },
  'service/ignored-field': { severity: 'warning', summary: 'A field has no effect for this kind of Service.', reason: 'The API server accepts it with a warning (externalName on a non-ExternalName Service, externalIPs on ExternalName, loadBalancerIP, externalIPs or ClientIP affinity on a headless Service).', source: '3.14' },
  'service/external-name-forbidden-field': { severity: 'error', summary: 'An ExternalName Service sets clusterIP, ipFamilies or ipFamilyPolicy.', reason: `An ExternalName Service is only a DNS CNAME; it has no cluster IP. ${rejected}`, source: '3.9' },
  'service/external-name-required': { severity: 'error', summary: 'An ExternalName Service has no externalName.', reason: rejected, source: '3.9' },
  'service/invalid-external-name': { severity: 'error', summary: 'externalName is not a DNS-1123 subdomain.', reason: rejected, source: '3.9' },
  'service/cluster-ips-mismatch': { severity: 'error', summary: 'clusterIP and clusterIPs disagree.', reason: `clusterIPs[0] must equal clusterIP, and clusterIPs needs clusterIP. ${rejected}`, source: '3.8' },
  'service/invalid-ip-family': { severity: 'error', summary: 'An ipFamilies entry is not IPv4 or IPv6, or repeats.', reason: rejected, source: '3.8' },
  'service/invalid-ip-family-policy': { severity: 'error', summary: 'ipFamilyPolicy is not SingleStack, PreferDualStack or RequireDualStack.', reason: rejected, source: '3.8' },
  'service/invalid-cluster-ip': { severity: 'error', summary: 'A cluster IP is not an IP, or the list of cluster IPs is inconsistent.', reason: `Each value must be an IP (or a lone None), at most one per family, matching ipFamilies. ${rejected}`, source: '3.8' },
  'service/non-canonical-ip': { severity: 'warning', summary: 'An IP is written in a non-canonical form.', reason: 'Leading zeros and IPv4-mapped IPv6 are accepted with a warning today and rejected under strict IP validation.', source: '3.14' },
  'service/headless-not-allowed': { severity: 'error', summary: 'A NodePort or LoadBalancer Service is headless.', reason: `Node ports forward to a cluster IP, which a headless Service does not have. ${rejected}`, source: '3.7' },
  'service/ip-family-policy-mismatch': { severity: 'error', summary: 'SingleStack with two IPs or families.', reason: 'The allocator refuses two families when the policy (given, or defaulted to SingleStack) is single-stack.', source: '3.8' },
  'service/ip-family-not-configured': { severity: 'error', summary: 'An IP family the cluster does not serve is requested.', reason: 'The allocator refuses families not configured on the cluster (single-stack IPv4 unless service CIDRs say otherwise).', source: '3.8' },
  'service/cluster-ip-outside-cidr': { severity: 'error', summary: 'A clusterIP is outside the configured service CIDRs.', reason: 'The allocator cannot reserve an address outside --service-cluster-ip-range. Only checked when service CIDRs are configured.', source: '3.8' },
  'service/invalid-external-ip': { severity: 'error', summary: 'An externalIP is not an IP, or is a special address.', reason: `Unspecified, loopback and link-local addresses may not be external IPs. ${rejected}`, source: '3.10' },
  'service/invalid-selector': { severity: 'error', summary: 'A selector key or value is malformed.', reason: rejected, source: '3.5' },
  'service/invalid-session-affinity': { severity: 'error', summary: 'sessionAffinity is not ClientIP or None.', reason: rejected, source: '3.6' },
  'service/invalid-affinity-timeout': { severity: 'error', summary: 'ClientIP affinity timeout is not within 1-86400 seconds.', reason: rejected, source: '3.6' },
  'service/load-balancer-field-forbidden': { severity: 'error', summary: 'A LoadBalancer-only field is set on another type.', reason: `allocateLoadBalancerNodePorts, loadBalancerClass, loadBalancerSourceRanges and the source-ranges annotation need type LoadBalancer. ${rejected}`, source: '3.11' },
  'service/invalid-load-balancer-class': { severity: 'error', summary: 'loadBalancerClass is not a qualified name.', reason: rejected, source: '3.11' },
  'service/invalid-source-range': { severity: 'error', summary: 'A load balancer source range is not a CIDR.', reason: rejected, source: '3.11' },
  'service/ambiguous-cidr': { severity: 'warning', summary: 'A source range has host bits set beyond its prefix.', reason: 'Accepted with a warning; under strict IP validation it is rejected.', source: '3.14' },
  'service/external-traffic-policy-forbidden': { severity: 'error', summary: 'externalTrafficPolicy on a Service that is not externally accessible.', reason: `It applies to NodePort, LoadBalancer and Services with externalIPs only. ${rejected}`, source: '3.12' },
  'service/invalid-traffic-policy': { severity: 'error', summary: 'A traffic policy is not Cluster or Local.', reason: rejected, source: '3.12, 3.13' },
  'service/health-check-node-port-forbidden': { severity: 'error', summary: 'healthCheckNodePort without LoadBalancer and externalTrafficPolicy Local.', reason: rejected, source: '3.12' },
  'service/health-check-node-port-out-of-range': { severity: 'error', summary: 'healthCheckNodePort is outside the node port range.', reason: 'The allocator fails with an internal error (no field path) when the requested port is outside the range.', source: '3.12' },
  'service/invalid-traffic-distribution': { severity: 'error', summary: 'trafficDistribution has an unsupported value.', reason: rejected, source: '3.13' },
  'service/deprecated-value': { severity: 'warning', summary: 'A deprecated annotation or value is used.', reason: 'The API server accepts it with a deprecation warning.', source: '3.14' },
  'service/topology-annotation-mismatch': { severity: 'error', summary: 'topology-mode and topology-aware-hints annotations disagree.', reason: rejected, source: '3.1' },

  'container/ephemeral-ports': { severity: 'error', summary: 'An ephemeral container declares ports.', reason: rejected, source: '4' },
  'container/invalid-port-name': { severity: 'error', summary: 'A container port name is not an IANA service name.', reason: `Container port names (the names a Service targetPort refers to) are at most 15 lowercase letters, digits and '-', with at least one letter. ${rejected}`, source: '4' },
  'container/duplicate-port-name': { severity: 'error', summary: 'Two ports of one container share a name.', reason: rejected, source: '4' },
  'container/port-required': { severity: 'error', summary: 'A container port has no containerPort.', reason: rejected, source: '4' },
  'container/port-out-of-range': { severity: 'error', summary: 'containerPort or hostPort is outside 1-65535.', reason: rejected, source: '4' },
  'container/invalid-protocol': { severity: 'error', summary: 'A container port protocol is not TCP, UDP or SCTP.', reason: rejected, source: '4' },
  'container/duplicate-host-port': { severity: 'error', summary: 'Two container ports claim the same hostPort.', reason: rejected, source: '4' },
  'container/host-port-mismatch': { severity: 'error', summary: 'With hostNetwork, a hostPort differs from its containerPort.', reason: `On the host network the container listens on the node itself, so the two numbers must agree. ${rejected}`, source: '4' },

  'workload/selector-required': { severity: 'error', summary: 'A workload has no spec.selector.', reason: `apps/v1 does not default the selector. ${rejected}`, source: '5' },
  'workload/empty-selector': { severity: 'error', summary: 'A workload selector is empty.', reason: `An empty selector would select every Pod in the namespace. ${rejected}`, source: '5' },
  'workload/invalid-selector': { severity: 'error', summary: 'A workload selector is malformed.', reason: rejected, source: '5' },
  'workload/selector-mismatch': { severity: 'error', summary: 'A workload\'s selector does not match its own template labels.', reason: `The controller could never find the Pods it creates. ${rejected}`, source: '5' },
  'workload/invalid-template-labels': { severity: 'error', summary: 'A pod template label is malformed.', reason: rejected, source: '5' },
  'workload/invalid-restart-policy': { severity: 'error', summary: 'A long-running workload\'s restartPolicy is not Always.', reason: rejected, source: '5' },

  'service/no-selector': { scope: 'workspace', severity: 'information', summary: 'The Service has no selector, so its endpoints must be written by hand.', reason: 'Kubernetes only creates endpoints for Services with a selector. Without one, traffic goes nowhere unless Endpoints or EndpointSlice objects list the backends; the finding says whether the workspace has any.' },
  'service/selector-matches-nothing': { scope: 'workspace', severity: 'warning', summary: 'The selector matches no pod template in the Service\'s namespace.', reason: 'The endpoints controller compares the selector with the labels of Pods, which come from pod templates (not from the workload\'s own labels). With no match anywhere in the workspace, the Service has no endpoints unless the Pods come from elsewhere. The closest candidate is named.' },
  'service/target-port-unresolved': { scope: 'workspace', severity: 'warning', summary: 'A named targetPort does not exist in a workload the Service selects.', reason: 'kube-proxy resolves a named targetPort in each Pod by name and protocol; a Pod without that port gets no traffic from this Service port. The cluster accepts the manifest, so this is a warning; use `--fail-on warning` to fail CI on it.' },
  'service/target-port-varies': { scope: 'workspace', severity: 'information', summary: 'A named targetPort resolves to different numbers in different workloads.', reason: 'This is allowed and sometimes intended (a migration between ports); it is shown so it is never a surprise.' },
  'service/target-port-undeclared': { scope: 'workspace', severity: 'information', summary: 'A numeric targetPort is not among the container ports a workload declares.', reason: 'Declaring container ports is documentation: traffic still arrives if the process listens. Reported only for workloads that declare some ports, since the list then looks incomplete.' },
  'service/protocol-mismatch': { scope: 'workspace', severity: 'warning', summary: 'The Service port and the container port on that number use different protocols.', reason: 'Traffic is forwarded with the Service port\'s protocol; a UDP Service in front of a TCP listener (or the reverse) reaches nothing.' },
  'service/node-port-conflict': { scope: 'workspace', severity: 'error', summary: 'Two Services request the same nodePort.', reason: 'Node ports are allocated cluster-wide; the allocator rejects the second Service ("provided port is already allocated").', source: '3.4' },
  'service/cluster-ip-conflict': { scope: 'workspace', severity: 'error', summary: 'Two Services request the same clusterIP.', reason: 'A cluster IP can be allocated to one Service only; the allocator rejects the second.', source: '3.8' },
  'workspace/duplicate-object': { scope: 'workspace', severity: 'warning', summary: 'The same kind, namespace and name is defined more than once.', reason: 'Applying both means the one applied last replaces the other; usually a copy that should have been renamed (or overlays for different clusters checked together).' },
  'workload/service-name-unknown': { scope: 'workspace', severity: 'warning', summary: 'A StatefulSet\'s serviceName names no Service in its namespace.', reason: 'The governing Service gives StatefulSet Pods their stable DNS names (pod-0.name.namespace.svc); without it the names do not resolve.' },
  'workload/service-name-not-headless': { scope: 'workspace', severity: 'warning', summary: 'A StatefulSet\'s serviceName names a Service that is not headless.', reason: 'Per-Pod DNS records are only published for a headless Service (clusterIP: None).' },
  'ingress/unknown-service': { scope: 'workspace', severity: 'warning', summary: 'An Ingress backend names a Service that is not in the workspace.', reason: 'The ingress controller answers 503 for a backend Service that does not exist.' },
  'ingress/unknown-port': { scope: 'workspace', severity: 'warning', summary: 'An Ingress backend names a port the Service does not have.', reason: 'The ingress controller cannot route to a Service port that does not exist; the API server accepts the Ingress, so this is a warning.' },
};

/** The catalog entry for a code; unknown codes are a programming error caught by tests. */
export function ruleInfo(code: string): RuleInfo {
  return ruleCatalog[code] ?? { severity: 'error', summary: code, reason: '' };
}
