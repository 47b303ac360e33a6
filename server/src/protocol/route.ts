/**
 * The traffic path of one Service, as the server computes it and the route view draws it.
 * Plain serialisable data, versioned: the client passes it to the webview unchanged.
 */

export const routeModelVersion = 1;

/** A position as LSP counts it: 0-based line, UTF-16 column. */
export interface RoutePosition {
  readonly line: number;
  readonly character: number;
}

export interface RouteRange {
  readonly start: RoutePosition;
  readonly end: RoutePosition;
}

export type HopKind = 'client' | 'loadBalancer' | 'node' | 'kubeProxy' | 'service' | 'dns' | 'policy' | 'pod' | 'container' | 'external' | 'ingress' | 'gateway';

export type HopStatus = 'ok' | 'warning' | 'broken';

export interface RouteFinding {
  readonly code: string;
  readonly severity: 'error' | 'warning' | 'information' | 'hint';
  readonly message: string;
}

/** A place a hop's detail refers to, such as one rule of a policy: the route view offers to open it. */
export interface RouteLink {
  readonly label: string;
  readonly file: string;
  readonly range: RouteRange;
}

/** One stop on the way from a client to a container. */
export interface RouteHop {
  readonly kind: HopKind;
  /** Short text for the box, with the concrete values: `10.96.0.10:80`, `Deployment/web × 3`. */
  readonly label: string;
  /** What happens at this hop, in a sentence or two. */
  readonly detail: string;
  /** Where the hop is defined, when it comes from a manifest. */
  readonly file?: string;
  readonly range?: RouteRange;
  readonly status: HopStatus;
  readonly findings: readonly RouteFinding[];
  /** For pod and container hops: the workload (`Kind/namespace/name`) this alternative belongs to. */
  readonly workload?: string;
  /** For a second client: it enters the path at the next hop rather than following the previous one. */
  readonly joins?: boolean;
  /** Places the detail refers to (the deciding rules of a policy hop). */
  readonly links?: readonly RouteLink[];
  /** DNS records the cluster DNS serves at this hop, as zone file lines (`; example` marks example values). */
  readonly records?: readonly string[];
  /** For the kube-proxy hop: what kube-proxy programs on a node for this port, in each mode. */
  readonly proxyRules?: ProxyRulesView;
}

export type ProxyModeName = 'iptables' | 'nftables' | 'ipvs';

/** The rules of one Service port in each kube-proxy mode, as the mode's own tools print them. */
export interface ProxyRulesView {
  /** The node they are computed for (`node-1`, an example unless configured). */
  readonly node: string;
  /** Values the manifests leave to the cluster, described (the cluster IP, Pod IPs, …). */
  readonly examples: readonly string[];
  /** What to grep for on a node, per mode: chain names, or IPVS virtual servers. */
  readonly names: Readonly<Record<ProxyModeName, readonly string[]>>;
  /** The rules as `iptables-save`, `nft` and `ipvsadm -Ln` / `ipset save` print them. */
  readonly text: Readonly<Record<ProxyModeName, readonly string[]>>;
}

export interface RouteLane {
  readonly port: {
    readonly name: string | null;
    readonly port: number | null;
    /** A number, a container port name, or null when unknown. */
    readonly targetPort: number | string | null;
    /** The requested node port, or null (allocated, or none for this type). */
    readonly nodePort: number | null;
    readonly protocol: string;
  };
  readonly hops: readonly RouteHop[];
}

export interface RouteUnit {
  /** The unit's id, as ServiceSummary.unit and the route request name it. */
  readonly id: string;
  readonly kind: 'helm' | 'kustomize';
  readonly root: string;
  readonly variant: string | null;
  /** `in overlays/production`, `with values-production.yaml`. */
  readonly label: string;
}

export interface RouteModel {
  readonly version: typeof routeModelVersion;
  readonly service: {
    readonly kind: 'Service';
    readonly namespace: string;
    readonly name: string;
    /** ClusterIP, NodePort, LoadBalancer or ExternalName; `headless` is a ClusterIP with clusterIP None. */
    readonly type: string;
    readonly headless: boolean;
    readonly file: string;
    readonly range: RouteRange;
    /** The render unit the Service was rendered in (a chart variant, a kustomize root); absent for plain files. */
    readonly unit?: RouteUnit;
  };
  readonly lanes: readonly RouteLane[];
}
