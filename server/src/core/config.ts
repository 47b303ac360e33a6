/**
 * The project configuration file, `.k8s-route.yaml`: the cluster facts a team commits beside its
 * manifests, shared by the editor and CI. One table (`configFields`) describes every key; it
 * validates the file (findings on the key or value at fault, a bad value ignored, not fatal) and
 * generates the JSON Schema the YAML extension uses. Precedence is the host's business: a
 * command-line option or an editor setting the user set wins over the file, the file over defaults.
 */
import { closest } from './spelling';
import { isMap, isScalar, isSeq, parseDocument } from 'yaml';
import type { Node, Pair } from 'yaml';
import { cidrListProblem } from './ip';
import type { Finding, PortRange, SourceFile, Span } from './model';
import { dns1123LabelProblem, dns1123SubdomainProblem } from './names';
import { ruleCatalog } from './rules/catalog';

export const configFileName = '.k8s-route.yaml';

/** Whether a path (or URI) names a project configuration file. */
export function isConfigPath(path: string): boolean {
  return /(?:^|[\\/])\.k8s-route\.ya?ml$/.test(path);
}

/** A Helm chart's own options, by its folder relative to the configuration file. */
export interface ChartConfig {
  readonly releaseName?: string;
  /** Values files (relative to the chart folder) rendered as variants, each over values.yaml; replaces the `values-*.yaml` found beside it. */
  readonly valuesFiles?: readonly string[];
}

/** One cluster: the folders (relative to the configuration file) whose plain manifests are deployed together. */
export interface ClusterConfig {
  readonly name: string;
  readonly folders: readonly string[];
}

/** The file's values, validated; a key absent here was absent or invalid in the file. */
export interface ProjectConfig {
  readonly nodePortRange?: PortRange;
  readonly serviceCidrs?: readonly string[];
  readonly clusterCidrs?: readonly string[];
  readonly podCidrs?: readonly string[];
  readonly clusterDomain?: string;
  readonly defaultNamespace?: string;
  readonly disabledRules?: readonly string[];
  readonly failOn?: 'error' | 'warning';
  readonly include?: readonly string[];
  readonly exclude?: readonly string[];
  readonly render?: { readonly enabled?: boolean; readonly timeoutSeconds?: number };
  readonly helm?: { readonly releaseName?: string; readonly charts?: Readonly<Record<string, ChartConfig>> };
  readonly clusters?: readonly ClusterConfig[];
  readonly route?: { readonly exampleNodes?: number };
}

type Check = (value: unknown) => string | undefined;

/** One key of the file: its JSON type, what it means, and the check beyond the type. */
export interface ConfigField {
  readonly type: 'string' | 'boolean' | 'integer' | 'array' | 'object';
  readonly description: string;
  readonly enum?: readonly string[];
  readonly pattern?: string;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly items?: ConfigField;
  /** An object's known keys. */
  readonly properties?: Readonly<Record<string, ConfigField>>;
  /** An object whose keys are free (chart folders): the field of each value. */
  readonly additionalProperties?: ConfigField;
  readonly required?: readonly string[];
  readonly check?: Check;
  /** The value as the hosts use it, once checked (a port range as numbers). */
  readonly convert?: (value: unknown) => unknown;
  readonly examples?: readonly unknown[];
}

const cidrList = (what: string): Check => (value) => {
  const cidrs = value as string[];
  if (cidrs.length > 2) return `${what} holds at most two CIDRs, one IPv4 and one IPv6`;
  return cidrListProblem(cidrs);
};

const stringList = (description: string, check?: Check): ConfigField => ({ type: 'array', items: { type: 'string', description: '' }, description, check });

export const configFields: Readonly<Record<string, ConfigField>> = {
  nodePortRange: {
    type: 'string',
    pattern: '^\\d{1,5}-\\d{1,5}$',
    description: 'The cluster\'s node port range (kube-apiserver --service-node-port-range), e.g. 30000-32767.',
    examples: ['30000-32767'],
    check: (value) => (parsePortRange(value as string) ? undefined : `"${String(value)}" is not a port range such as 30000-32767 (1-65535, low to high)`),
    convert: (value) => parsePortRange(value as string),
  },
  serviceCidrs: stringList('The service CIDRs (kube-apiserver --service-cluster-ip-range): one, or one IPv4 and one IPv6. Cluster IPs outside them are errors.', cidrList('serviceCidrs')),
  clusterCidrs: stringList('kube-proxy --cluster-cidr, one per family: traffic from outside it to a cluster IP is masqueraded. Used by `k8s-route rules`.', cidrList('clusterCidrs')),
  podCidrs: stringList('Where example Pod IPs come from in routes and kube-proxy rules (default 10.244.0.0/16).', cidrList('podCidrs')),
  clusterDomain: {
    type: 'string',
    description: 'The cluster DNS domain (kubelet --cluster-domain), cluster.local by default.',
    check: (value) => (dns1123SubdomainProblem(value as string) === undefined ? undefined : `"${String(value)}" is not a DNS domain such as cluster.local`),
  },
  defaultNamespace: {
    type: 'string',
    description: 'The namespace of objects that set none (what kubectl apply uses without -n).',
    check: (value) => (dns1123LabelProblem(value as string) === undefined ? undefined : `"${String(value)}" is not a namespace name (lower-case letters, digits and '-', at most 63)`),
  },
  disabledRules: {
    type: 'array',
    description: 'Rule codes to turn off, e.g. service/no-selector (see docs/rules.md).',
    items: { type: 'string', description: '', check: (code) => (ruleCatalog[code as string] ? undefined : `no rule has the code "${String(code)}"`) },
  },
  failOn: { type: 'string', enum: ['error', 'warning'], description: 'The lowest severity that makes `k8s-route check` fail (exit status 1).' },
  include: stringList('Globs, relative to this file, of the manifest files to index (default **/*.yaml, **/*.yml, **/*.json, **/Kustomization).'),
  exclude: stringList('Globs, relative to this file, of files and folders never to index (node_modules and .git never are).'),
  render: {
    type: 'object',
    description: 'Rendering Helm charts and kustomizations with the real tools (their paths are per machine: editor settings or --helm / --kustomize).',
    properties: {
      enabled: { type: 'boolean', description: 'Render charts and kustomizations (false: kustomizations are approximated, chart templates skipped).' },
      timeoutSeconds: { type: 'integer', minimum: 1, maximum: 600, description: 'Stop a helm or kustomize run after this many seconds (default 20).' },
    },
  },
  helm: {
    type: 'object',
    description: 'Helm options.',
    properties: {
      releaseName: { type: 'string', description: 'The release name for every chart (default: each chart\'s name).' },
      charts: {
        type: 'object',
        description: 'Options of one chart, by its folder relative to this file.',
        additionalProperties: {
          type: 'object',
          description: 'A chart\'s options.',
          properties: {
            releaseName: { type: 'string', description: 'The release name of this chart.' },
            valuesFiles: stringList('The values files to render this chart with, one variant each over values.yaml, relative to the chart folder; replaces the values-*.yaml found beside Chart.yaml.', (value) =>
              (value as string[]).some((file) => file.startsWith('/') || file.split(/[\\/]/).includes('..')) ? 'values files must be inside the chart folder (a relative path without ..)' : undefined,
            ),
          },
        },
      },
    },
  },
  clusters: {
    type: 'array',
    description: 'Which folders form one cluster. Plain manifests of different clusters are checked apart (a Service never selects Pods of another cluster); folders in no cluster form one more.',
    items: {
      type: 'object',
      description: 'One cluster.',
      required: ['name', 'folders'],
      properties: {
        name: { type: 'string', description: 'How findings and the route name this cluster.' },
        folders: stringList('Folders, relative to this file, whose manifests this cluster runs.'),
      },
    },
  },
  route: {
    type: 'object',
    description: 'The route view.',
    properties: { exampleNodes: { type: 'integer', minimum: 1, maximum: 4, description: 'How many example nodes the cluster picture draws at least (default 2).' } },
  },
};

export function parsePortRange(text: string): PortRange | undefined {
  const match = /^(\d{1,5})-(\d{1,5})$/.exec(text.trim());
  if (!match) return undefined;
  const min = Number(match[1]);
  const max = Number(match[2]);
  return min >= 1 && max <= 65535 && min <= max ? { min, max } : undefined;
}

export interface ReadConfig {
  readonly config: ProjectConfig;
  readonly findings: readonly Finding[];
}

/** Reads and validates a configuration file. Never throws; what is wrong is a finding and is left out. */
export function readProjectConfig(file: SourceFile): ReadConfig {
  const findings: Finding[] = [];
  // The messages name the key already, so the findings carry no field path to repeat it.
  const report = (code: string, severity: Finding['severity'], span: Span, message: string): void => {
    findings.push({ code, severity, file: file.path, span, message, path: null, object: null });
  };
  let document;
  try {
    document = parseDocument(file.text, { prettyErrors: false, uniqueKeys: false });
  } catch {
    report('yaml/syntax', 'error', { start: 0, end: 0 }, 'the configuration could not be read');
    return { config: {}, findings };
  }
  if (document.errors.length > 0) {
    for (const error of document.errors) report('yaml/syntax', 'error', { start: Math.min(error.pos[0], file.text.length), end: Math.min(error.pos[1], file.text.length) }, error.message.replace(/\.$/, '').replace(/^./, (first) => first.toLowerCase()));
    return { config: {}, findings };
  }
  const contents = document.contents as Node | null;
  if (contents === null || (isScalar(contents) && contents.value === null)) return { config: {}, findings };
  const root = { type: 'object', description: '', properties: configFields } as const satisfies ConfigField;
  const value = readValue(contents, root, '', report);
  return { config: (value ?? {}) as ProjectConfig, findings };
}

type Report = (code: string, severity: Finding['severity'], span: Span, message: string) => void;

function spanOf(node: Node | null | undefined): Span {
  const range = node?.range;
  return range ? { start: range[0], end: range[1] } : { start: 0, end: 0 };
}

const typeNames: Record<ConfigField['type'], string> = { string: 'a string', boolean: 'true or false', integer: 'a whole number', array: 'a list', object: 'a mapping' };

/** The value of a node checked against its field; undefined (with a finding) when it does not fit. */
function readValue(node: Node, field: ConfigField, path: string, report: Report): unknown {
  const span = spanOf(node);
  const label = path === '' ? 'the configuration' : path;
  const wrong = (): undefined => {
    report('config/invalid-value', 'error', span, `${label} must be ${typeNames[field.type]}; this value is ignored`);
    return undefined;
  };
  let value: unknown;
  switch (field.type) {
    case 'string':
      if (!isScalar(node) || typeof node.value !== 'string') return wrong();
      value = node.value;
      if (field.enum && !field.enum.includes(node.value)) {
        report('config/invalid-value', 'error', span, `${label} must be one of ${field.enum.join(', ')}, not "${node.value}"; this value is ignored`);
        return undefined;
      }
      break;
    case 'boolean':
      if (!isScalar(node) || typeof node.value !== 'boolean') return wrong();
      value = node.value;
      break;
    case 'integer':
      if (!isScalar(node) || typeof node.value !== 'number' || !Number.isInteger(node.value)) return wrong();
      if ((field.minimum !== undefined && node.value < field.minimum) || (field.maximum !== undefined && node.value > field.maximum)) {
        report('config/invalid-value', 'error', span, `${label} must be between ${field.minimum} and ${field.maximum}, not ${node.value}; this value is ignored`);
        return undefined;
      }
      value = node.value;
      break;
    case 'array': {
      if (!isSeq(node)) return wrong();
      const items: unknown[] = [];
      node.items.forEach((item, index) => {
        const read = readValue(item as Node, field.items!, `${path}[${index}]`, report);
        if (read !== undefined) items.push(read);
      });
      value = items;
      break;
    }
    case 'object': {
      if (!isMap(node)) return wrong();
      const result: Record<string, unknown> = {};
      for (const pair of node.items as Array<Pair<Node, Node | null>>) {
        const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
        const keySpan = spanOf(pair.key);
        const child = key === undefined ? undefined : field.properties?.[key] ?? field.additionalProperties;
        const childPath = path === '' ? (key ?? '') : `${path}.${key}`;
        if (key === undefined || !child) {
          const known = Object.keys(field.properties ?? {});
          const near = key === undefined ? undefined : closest(key, known);
          report('config/unknown-key', 'warning', keySpan, `${path === '' ? '' : `${path} has no key `}"${key ?? '?'}"${path === '' ? ' is not a configuration key' : ''}${near ? `; did you mean "${near}"?` : `; the keys are ${known.join(', ')}`}`);
          continue;
        }
        if (pair.value === null || (isScalar(pair.value) && pair.value.value === null)) continue;
        const read = readValue(pair.value, child, childPath, report);
        if (read !== undefined) result[key] = read;
      }
      for (const key of field.required ?? []) {
        if (!(key in result)) report('config/invalid-value', 'error', span, `${label} needs ${key}; it is ignored`);
      }
      if ((field.required ?? []).some((key) => !(key in result))) return undefined;
      value = result;
      break;
    }
  }
  const problem = field.check?.(value);
  if (problem) {
    report('config/invalid-value', 'error', span, `${label}: ${problem}; this value is ignored`);
    return undefined;
  }
  return field.convert ? field.convert(value) : value;
}

/** The JSON Schema of the file, from the same table, for the YAML extension's completion and validation. */
export function configSchema(): Record<string, unknown> {
  const convert = (field: ConfigField): Record<string, unknown> => ({
    type: field.type,
    ...(field.description ? { description: field.description } : {}),
    ...(field.enum ? { enum: field.enum } : {}),
    ...(field.pattern ? { pattern: field.pattern } : {}),
    ...(field.minimum !== undefined ? { minimum: field.minimum } : {}),
    ...(field.maximum !== undefined ? { maximum: field.maximum } : {}),
    ...(field.examples ? { examples: field.examples } : {}),
    ...(field.items ? { items: convert(field.items) } : {}),
    ...(field.properties ? { properties: Object.fromEntries(Object.entries(field.properties).map(([key, child]) => [key, convert(child)])), additionalProperties: field.additionalProperties ? convert(field.additionalProperties) : false } : field.additionalProperties ? { additionalProperties: convert(field.additionalProperties) } : {}),
    ...(field.required ? { required: field.required } : {}),
  });
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://k8s-route.dev/schemas/k8s-route.schema.json',
    title: 'K8s Route project configuration (.k8s-route.yaml)',
    ...convert({ type: 'object', description: 'Cluster facts and checking options shared by the editor and `k8s-route` in CI. A command-line option or an editor setting you set wins over this file; this file wins over the defaults.', properties: configFields }),
  };
}

/**
 * The directories to look in for the configuration, from a folder up to the filesystem root:
 * the nearest file wins. Paths are '/'-separated; the host checks which exists.
 */
export function configCandidates(folder: string): string[] {
  const candidates: string[] = [];
  let current = folder.replace(/\/+$/, '') || '/';
  for (let steps = 0; steps < 256; steps++) {
    candidates.push(`${current === '/' ? '' : current}/${configFileName}`);
    const parent = current.replace(/\/[^/]*$/, '') || '/';
    if (parent === current) break;
    current = parent;
  }
  return candidates;
}

function normalFolder(folder: string): string {
  return folder.replace(/\\/g, '/').replace(/^\.\/+/, '').replace(/\/+$/, '');
}

/** The cluster a file belongs to, by its path relative to the configuration's folder ('/'-separated). */
export function clusterOf(relative: string, clusters: readonly ClusterConfig[]): string | undefined {
  for (const cluster of clusters) {
    for (const folder of cluster.folders.map(normalFolder)) {
      if (folder === '' || folder === '.' || relative === folder || relative.startsWith(`${folder}/`)) return cluster.name;
    }
  }
  return undefined;
}

/** A chart's options, by its folder relative to the configuration's folder ('/'-separated). */
export function chartConfigOf(relativeRoot: string, config: ProjectConfig): ChartConfig | undefined {
  const charts = config.helm?.charts;
  if (!charts) return undefined;
  for (const [folder, options] of Object.entries(charts)) if (normalFolder(folder) === relativeRoot) return options;
  return undefined;
}
