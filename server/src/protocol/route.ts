/**
 * The traffic path of one Service, as the server computes it and the route view draws it.
 * Plain serialisable data, versioned: the client passes it to the webview unchanged.
 */

export const routeModelVersion = 2;

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
  /** For pod hops: the workload runs several Pods (replicas above one, or one per node). */
  readonly severalPods?: boolean;
  /** For a second client: it enters the path at the next hop rather than following the previous one. */
  readonly joins?: boolean;
  /** Places the detail refers to (the deciding rules of a policy hop). */
  readonly links?: readonly RouteLink[];
  /** DNS records the cluster DNS serves at this hop, as zone file lines (`; example` marks example values). */
  readonly records?: readonly string[];
  /** For the kube-proxy hop: what kube-proxy programs on a node for this port, in each mode. */
  readonly proxyRules?: ProxyRulesView;
  /** For a gateway hop that attaches: the listener and rule, as the picture draws them. */
  readonly entry?: GatewayEntry;
  /** For the policy hop: whether any Pod of the cluster may connect (false: only some; absent: cannot be told). */
  readonly admitsAnyPod?: boolean;
  /** For the policy hop: the policies that isolate the Pods, in the order they decide. */
  readonly policies?: readonly string[];
  /** For the policy hop: the verdict for a Pod of each workload of the files, as `reach` explains it. */
  readonly sources?: readonly PolicySource[];
}

/** Whether a Pod of one workload may connect to the port, and the rule (or its absence) that decides. */
export interface PolicySource {
  /** `Kind/namespace/name`. */
  readonly workload: string;
  /** `Deployment/web`, or `Deployment/web (ns)` outside the Service's namespace. */
  readonly label: string;
  readonly allowed: boolean;
  /** The workload (`Kind/namespace/name`) of the Service the verdict is for. */
  readonly target: string;
  /** The deciding side and rule, in the terms `reach` uses. */
  readonly reason: string;
}

/** A Gateway listener and the route rule that sends requests to this port. */
export interface GatewayEntry {
  /** `Gateway infra/edge`. */
  readonly gateway: string;
  /** `https · HTTPS 443 *.example.com`. */
  readonly listener: string;
  /** `HTTPRoute/web rule 1`. */
  readonly route: string;
  /** The requests the rule matches, short: `GET shop.example.com/api…`. */
  readonly request: string;
  readonly port: number;
  /** The Gateway's first IP in spec.addresses, when it has one. */
  readonly address?: string;
  /** An Ingress drawn as an entry: `listener` is its class (empty: the cluster's default class). */
  readonly kind?: 'ingress';
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
  /** The cluster this port's traffic crosses, for the route view's diagram (absent without a port). */
  readonly picture?: RoutePicture;
}

/** An address, and whether it is an example (the manifests leave it to the cluster). */
export interface PictureAddress {
  readonly text: string;
  readonly example: boolean;
}

export interface PictureContainer {
  readonly name: string;
  readonly ports: ReadonlyArray<{ readonly name: string | null; readonly number: number; readonly protocol: string; readonly matched: boolean }>;
}

export interface PicturePod {
  /** `Kind/namespace/name#ordinal`. */
  readonly id: string;
  /** `Kind/namespace/name` of the workload. */
  readonly workload: string;
  /** `Deployment/web`; a StatefulSet's Pod adds its name (`StatefulSet/db · db-0`). */
  readonly label: string;
  /** A StatefulSet Pod under its governing headless Service: its own DNS name (`db-0.db.shop.svc`). */
  readonly dnsName?: string;
  readonly ip: PictureAddress;
  /** The port traffic arrives on (the targetPort resolved), or null when it resolves to none. */
  readonly targetPort: number | null;
  readonly containers: readonly PictureContainer[];
  /** The lane's pod and container hops of this workload. */
  readonly hop?: number;
  readonly containerHop?: number;
  readonly status: 'ok' | 'broken';
}

export interface PictureNode {
  readonly name: string;
  readonly ip: PictureAddress;
  readonly pods: readonly PicturePod[];
  /** Pods of this node not drawn (beyond what fits). */
  morePods?: number;
  /** externalTrafficPolicy Local and no Pod here: external traffic arriving here is dropped. */
  dropsExternal: boolean;
}

/** One step of a packet: from one element to the next, with its header at that step. */
export interface PictureStep {
  /** Element ids: client, load-balancer, node:<name>, kube-proxy:<name>, cluster-ip, dns, client-pod, pod:<id>, container:<id>, external-host, no-pods. */
  readonly from: string;
  readonly to: string;
  readonly source: string;
  readonly destination: string;
  /** What happens at this step: who rewrote the header, or why it stops. */
  readonly note: string;
  /** The rewrite that gave this step its header: DNAT, or DNAT and SNAT. */
  readonly rewrite?: 'DNAT' | 'DNAT+SNAT';
  readonly status: 'ok' | 'broken';
  readonly finding?: string;
  /** The lane hop this step stands for (its source range and details). */
  readonly hop?: number;
  /** A step that picks an endpoint: this one's share of the connections (`33%`). */
  readonly share?: string;
  /** The other endpoints the same step may pick, each with its share: drawn as fainter arrows. */
  readonly spread?: ReadonlyArray<{ readonly to: string; readonly destination: string; readonly share: string }>;
}

export interface PictureWalk {
  /** `gateway`: from outside through the Gateway entry `gateway` names (an index in RoutePicture.gateways). */
  readonly client: 'external' | 'in-cluster' | 'gateway';
  readonly gateway?: number;
  /** An in-cluster walk from a Pod of a named workload (`Deployment/web`), rather than an arbitrary Pod. */
  readonly from?: string;
  readonly steps: readonly PictureStep[];
}

export interface RoutePicture {
  /** ClusterIP, NodePort, LoadBalancer, ExternalName, or headless. */
  readonly type: string;
  readonly port: { readonly name: string | null; readonly number: number; readonly protocol: string };
  readonly client?: PictureAddress;
  readonly loadBalancer?: { readonly address: PictureAddress; readonly port: number; readonly sourceRanges: readonly string[]; readonly hop?: number };
  readonly clusterIP?: { readonly address: PictureAddress; readonly port: number; readonly dnsName: string; readonly hop?: number };
  readonly nodePort?: { readonly number: number; readonly example: boolean };
  readonly dns?: { readonly name: string; readonly answer: readonly string[]; readonly hop?: number };
  readonly externalHost?: string;
  readonly kubeProxyHop?: number;
  readonly externalTrafficPolicy: 'Cluster' | 'Local';
  readonly nodes: readonly PictureNode[];
  /** The in-cluster client, a Pod on one of the nodes. */
  readonly clientPod: { readonly node: string; readonly ip: PictureAddress };
  /** Why no Pod is drawn: the finding of a selector that matches nothing (it names the closest workload). */
  readonly emptySelector?: string;
  /** Workloads beyond what the picture shows. */
  readonly hiddenWorkloads: { readonly count: number; readonly pods: number; readonly names: readonly string[] };
  /** The packet walks: from outside (NodePort, LoadBalancer), through each Gateway entry, and from inside the cluster. */
  readonly walks: readonly PictureWalk[];
  /** Gateway and Ingress entries in front of this port, drawn in the cluster (element ids gateway:<index>). */
  readonly gateways?: readonly PictureGateway[];
  /** The NetworkPolicy gate in front of the Pods (element id policy), when policies isolate them. */
  readonly policy?: PicturePolicy;
}

export interface PicturePolicy {
  /** Who may pass, short: `nobody`, `3 sources`. */
  readonly label: string;
  /** The policies, in the order they decide (admin, NetworkPolicy, baseline). */
  readonly names: readonly string[];
  /** open: any Pod may pass; some: only some sources; closed: nothing passes to some workload here. */
  readonly verdict: 'open' | 'some' | 'closed' | 'unknown';
  readonly hop: number;
}

export interface PictureGateway {
  readonly entry: GatewayEntry;
  readonly address: PictureAddress;
  /** The lane's gateway hop. */
  readonly hop: number;
  readonly status: 'ok' | 'broken';
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
    /** Other files (or units) define a Service of the same namespace and name: titles name the file. */
    readonly definedElsewhere?: boolean;
    /** The render units (overlays, values variants) that render this Service, this one among them, when there are several. */
    readonly alternatives?: ReadonlyArray<{ readonly unit: string; readonly label: string; /** The Service's namespace and name in that unit (an overlay may set its own namespace). */ readonly namespace?: string; readonly name?: string }>;
  };
  readonly lanes: readonly RouteLane[];
}
