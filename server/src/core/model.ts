/**
 * The plain data the analysis core produces and consumes: spans, findings, settings.
 * Nothing here knows about LSP, files on disk or the terminal; hosts convert these types.
 */
import type { FileAnalysis } from './record';

/** How bad a finding is, in the words LSP and the CLI both use. */
export type Severity = 'error' | 'warning' | 'information' | 'hint';

/** A half-open range of UTF-16 offsets into one file's text. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

/** Another place a finding refers to, such as the other Service that holds the same nodePort. */
export interface RelatedLocation {
  readonly file: string;
  readonly span: Span;
  readonly message: string;
}

/** One problem found in a manifest. */
export interface Finding {
  /** Stable `family/name` code, documented in docs/rules.md. */
  readonly code: string;
  readonly severity: Severity;
  /** The file the finding is in, as the host named it. */
  readonly file: string;
  readonly span: Span;
  /** What is wrong and what is allowed, lowercase, no final period. */
  readonly message: string;
  /** The Kubernetes field path as the API server prints it, or null when there is none. */
  readonly path: string | null;
  /** `Kind/namespace/name` of the object the finding belongs to, or null (syntax errors, templates). */
  readonly object: string | null;
  readonly related?: readonly RelatedLocation[];
  /** Typed data a quick fix needs; shape depends on the code. */
  readonly data?: Readonly<Record<string, unknown>>;
  /** The render unit the finding comes from (the first, when several units give it). */
  readonly unit?: FindingUnit;
  /** Every unit that gives the finding, when there are several. */
  readonly units?: readonly FindingUnit[];
}

/** A render unit as findings name it: a Helm chart (and values variant), a kustomize root, or the plain files. */
export interface FindingUnit {
  readonly kind: 'helm' | 'kustomize' | 'plain';
  readonly root: string | null;
  readonly variant: string | null;
}

/** An inclusive port range such as the node port range 30000-32767. */
export interface PortRange {
  readonly min: number;
  readonly max: number;
}

/** The cluster-dependent facts the rules need; defaults are the real kube-apiserver defaults. */
export interface AnalysisSettings {
  /** kube-apiserver --service-node-port-range. */
  readonly nodePortRange: PortRange;
  /**
   * kube-apiserver --service-cluster-ip-range, already validated by the host.
   * Empty: cluster IPs are checked for syntax only, and IP families not against the cluster.
   */
  readonly serviceCidrs: readonly string[];
  /** Where the service CIDRs were configured (`--service-cidr`, `.k8s-route.yaml`), for messages. */
  readonly serviceCidrsOrigin?: string;
  /** Namespace of objects without metadata.namespace. */
  readonly defaultNamespace: string;
  /** Rule codes the user turned off. */
  readonly disabledRules: ReadonlySet<string>;
  /** The cluster DNS domain (kubelet --cluster-domain); `cluster.local` when unset. */
  readonly clusterDomain?: string;
}

export const defaultSettings: AnalysisSettings = {
  nodePortRange: { min: 30000, max: 32767 },
  serviceCidrs: [],
  defaultNamespace: 'default',
  disabledRules: new Set(),
};

/** One file handed to the core by a host. */
export interface SourceFile {
  /** The name findings carry back; the core never opens it. */
  readonly path: string;
  readonly text: string;
  /**
   * Analyses of exactly this text made elsewhere (a worker thread, the persistent cache): an index
   * uses the one made with its settings instead of parsing.
   */
  readonly analyses?: readonly FileAnalysis[];
  /**
   * An open document being edited: the index keeps its YAML, so the next edit re-parses only the
   * documents it changed. Other files are kept lean (record.ts) and their YAML rebuilt on demand.
   */
  readonly editing?: boolean;
}

/** Orders findings by position, then code and message, so output is stable. */
export function compareFindings(left: Finding, right: Finding): number {
  return left.span.start - right.span.start || left.span.end - right.span.end || left.code.localeCompare(right.code) || left.message.localeCompare(right.message);
}
