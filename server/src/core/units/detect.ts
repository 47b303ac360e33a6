/**
 * Render units: which files of a workspace are built together, the way GitOps tools find
 * application sources. A folder with `Chart.yaml` is a Helm chart (its `charts/` subcharts are
 * part of it), rendered once with `values.yaml` and once more per extra values file beside it; a
 * kustomization that no other kustomization uses is a kustomize root; every other manifest belongs
 * to the one plain unit. Detection reads only kustomizations and charts, never runs anything.
 */
import { isMap, isScalar, parseDocument } from 'yaml';
import { basenameOf, dirnameOf, inFolder, isWithin, joinRelative } from '../paths';
import { isKustomizationPath, parseKustomization } from './kustomization';
import type { InlinePatch, Kustomization, KustomizationProblem, KustomizationReference } from './kustomization';

/** How a unit is named in findings and in the CLI's JSON. */
export interface UnitRef {
  readonly kind: 'helm' | 'kustomize' | 'plain';
  /** The chart or kustomization folder; null for the plain unit. */
  readonly root: string | null;
  /** The extra values file of a Helm variant, or null. */
  readonly variant: string | null;
}

/** What a member file is to its unit. */
export type MemberRole = 'resource' | 'patch' | 'config' | 'input' | 'kustomization' | 'chart';

/** A patch of a kustomize unit, in the order kustomize applies them (inner kustomizations first). */
export type UnitPatch = { readonly file: string; readonly reference: KustomizationReference } | { readonly file: string; readonly inline: InlinePatch };

export interface RenderUnit {
  readonly id: string;
  readonly kind: 'helm' | 'kustomize';
  /** The chart or kustomization folder. */
  readonly root: string;
  /** `Chart.yaml` or the root kustomization: where findings about the unit as a whole go. */
  readonly rootFile: string;
  /** Helm: the extra values file of this variant. */
  readonly variant: string | undefined;
  /** Helm: the chart's name from Chart.yaml (the first folder of `# Source:` paths). */
  readonly chartName: string | undefined;
  /** Helm: the release name the project configuration (or a GitOps object) gives this chart, if any. */
  readonly releaseName?: string;
  /** Helm: every values file of the variant, in the order helm reads them (after values.yaml); a GitOps source may give several. */
  readonly valuesFiles?: readonly string[];
  /** The namespace a GitOps object deploys the unit to: kustomize's namespace, helm's --namespace, the namespace of objects without one. */
  readonly namespace?: string;
  /** Flux postBuild.substitute: `${name}` in the built output becomes the value. */
  readonly substitute?: Readonly<Record<string, string>>;
  /** The GitOps object that deploys the unit (`Kustomization flux-system/apps`), for labels. */
  readonly via?: string;
  /** Workspace files that belong to the unit, with their role. Helm units own every file under the chart. */
  readonly members: ReadonlyMap<string, MemberRole>;
  /** Kustomize: the kustomizations, inner ones first. */
  readonly kustomizations: readonly Kustomization[];
  readonly patches: readonly UnitPatch[];
  /** What the real tool will not do here, on the lines that ask for it. */
  readonly problems: ReadonlyArray<KustomizationProblem & { readonly file: string }>;
  /**
   * Kustomize: the root is a `kind: Component` that no kustomization uses (yet). kustomize cannot
   * build it alone, so it is only approximated: its resources checked, its patches known as patches.
   */
  readonly component: boolean;
  /** `in overlays/production`, `with values-production.yaml`: how findings say where they apply. */
  readonly label: string;
  readonly ref: UnitRef;
}

export interface DetectInput {
  /** Every file the host indexes (manifests, charts, kustomizations). */
  readonly paths: Iterable<string>;
  /** The text of a file the host holds, for kustomizations, charts and plugin configurations. */
  readonly text: (path: string) => string | undefined;
  /** A path as users read it (relative to the workspace folder). */
  readonly display: (path: string) => string;
  /** Kustomizations already read, by path and text, so a repeated detection reads only what changed. */
  readonly parse?: (path: string, text: string) => Kustomization;
  /** A chart's options from the project configuration, by its folder. */
  readonly chart?: (root: string) => ChartOptions | undefined;
  /** A kustomization's options from the GitOps object that deploys it, by its folder. */
  readonly kustomize?: (root: string) => KustomizeOptions | undefined;
}

/** What the project configuration says about one chart. */
export interface ChartOptions {
  readonly releaseName?: string;
  /** Values files (relative to the chart folder) to render as variants, instead of the `values-*.yaml` beside Chart.yaml. */
  readonly valuesFiles?: readonly string[];
  /**
   * A GitOps source deploying the chart (an Argo CD Application): one render with these values
   * files in order (workspace paths), in this namespace, instead of the variants.
   */
  readonly deployed?: { readonly valuesFiles: readonly string[]; readonly namespace?: string; readonly releaseName?: string; readonly via: string };
}

/** What a GitOps object says about a kustomization it deploys (Flux targetNamespace, postBuild.substitute). */
export interface KustomizeOptions {
  readonly namespace?: string;
  readonly substitute?: Readonly<Record<string, string>>;
  readonly via: string;
}

export function detectUnits(input: DetectInput): RenderUnit[] {
  const paths = [...input.paths];
  const known = new Set(paths);
  const parse = input.parse ?? parseKustomization;
  return [...detectCharts(paths, known, input), ...detectKustomizations(paths, known, input, parse)];
}

const valuesVariant = /^(?:values[-.].+|.+\.values)\.ya?ml$/;

function detectCharts(paths: readonly string[], known: ReadonlySet<string>, input: DetectInput): RenderUnit[] {
  const charts = paths.filter((path) => basenameOf(path) === 'Chart.yaml').map(dirnameOf);
  const chartSet = new Set(charts);
  // A chart inside another chart's charts/ folder renders as part of that chart.
  const isSubchart = (root: string): boolean => {
    for (let parent = dirnameOf(root); parent !== root && parent !== ''; parent = dirnameOf(parent)) {
      if (chartSet.has(parent) && isWithin(root, inFolder(parent, 'charts'))) return true;
      if (dirnameOf(parent) === parent) break;
    }
    return false;
  };
  const units: RenderUnit[] = [];
  for (const root of charts.sort()) {
    if (isSubchart(root)) continue;
    const rootFile = inFolder(root, 'Chart.yaml');
    // A library chart (type: library) only lends templates to other charts: helm never renders it on its own.
    if (/^type:\s*["']?library["']?\s*(#.*)?$/m.test(input.text(rootFile) ?? '')) continue;
    const chartName = chartNameOf(input.text(rootFile)) ?? basenameOf(root);
    const members = new Map<string, MemberRole>();
    for (const path of paths) if (isWithin(path, root)) members.set(path, path === rootFile ? 'chart' : 'resource');
    const options = input.chart?.(root);
    const deployed = options?.deployed;
    if (deployed) {
      // Deployed by a GitOps object: rendered once, the way it deploys it.
      for (const file of deployed.valuesFiles) if (!members.has(file) && known.has(file)) members.set(file, 'input');
      const last = deployed.valuesFiles[deployed.valuesFiles.length - 1];
      const releaseName = deployed.releaseName ?? options?.releaseName;
      units.push({
        kind: 'helm', root, rootFile, chartName, members, kustomizations: [], patches: [], problems: [], component: false,
        id: `helm:${rootFile}#deployed`, variant: last, valuesFiles: deployed.valuesFiles,
        ...(releaseName ? { releaseName } : {}), ...(deployed.namespace ? { namespace: deployed.namespace } : {}), via: deployed.via,
        label: `as ${deployed.via} deploys it`, ref: { kind: 'helm', root, variant: last ?? null },
      });
      continue;
    }
    const variants = options?.valuesFiles
      ? [...new Set(options.valuesFiles.map((file) => inFolder(root, file.replace(/^\.\//, ''))))].filter((file) => file !== inFolder(root, 'values.yaml'))
      : paths.filter((path) => dirnameOf(path) === root && valuesVariant.test(basenameOf(path)) && basenameOf(path) !== 'values.yaml').sort();
    const base = { kind: 'helm' as const, root, rootFile, chartName, members, kustomizations: [], patches: [], problems: [], component: false, ...(options?.releaseName ? { releaseName: options.releaseName } : {}) };
    const hasValues = known.has(inFolder(root, 'values.yaml'));
    units.push({ ...base, id: `helm:${rootFile}`, variant: undefined, label: `with ${hasValues ? 'values.yaml' : 'the default values'}`, ref: { kind: 'helm', root, variant: null } });
    for (const variant of variants) {
      // A configured values file in a subfolder is named by its path in the chart.
      const name = root === '' ? variant : variant.slice(root.length + 1);
      units.push({ ...base, id: `helm:${rootFile}#${name}`, variant, label: `with ${name}`, ref: { kind: 'helm', root, variant } });
    }
  }
  return units;
}

function chartNameOf(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  try {
    const contents = parseDocument(text, { prettyErrors: false }).contents;
    const name = isMap(contents) ? contents.get('name', true) : undefined;
    return isScalar(name) && typeof name.value === 'string' && name.value !== '' ? name.value : undefined;
  } catch {
    return undefined;
  }
}

function detectKustomizations(paths: readonly string[], known: ReadonlySet<string>, input: DetectInput, parse: (path: string, text: string) => Kustomization): RenderUnit[] {
  const byDirectory = new Map<string, Kustomization>();
  for (const path of paths) {
    if (!isKustomizationPath(path)) continue;
    const text = input.text(path);
    if (text === undefined) continue;
    const directory = dirnameOf(path);
    // kustomize refuses a folder with two kustomization files; the first name wins here.
    if (!byDirectory.has(directory)) byDirectory.set(directory, parse(path, text));
  }
  const nestedTarget = (kustomization: Kustomization, reference: KustomizationReference): Kustomization | undefined => {
    const directory = joinRelative(dirnameOf(kustomization.path), reference.value);
    return directory === undefined ? undefined : byDirectory.get(directory);
  };
  const used = new Set<string>();
  for (const kustomization of byDirectory.values()) {
    for (const reference of kustomization.references) {
      if (reference.role !== 'resource' && reference.role !== 'component') continue;
      const target = nestedTarget(kustomization, reference);
      if (target && target !== kustomization) used.add(target.path);
    }
  }
  const units: RenderUnit[] = [];
  for (const root of [...byDirectory.values()].sort((left, right) => left.path.localeCompare(right.path))) {
    if (used.has(root.path)) continue;
    const members = new Map<string, MemberRole>();
    const kustomizations: Kustomization[] = [];
    const patches: UnitPatch[] = [];
    const problems: Array<KustomizationProblem & { file: string }> = [];
    // kustomize rejects a folder reached twice; here it is simply read once.
    const seen = new Set<string>();
    const visit = (kustomization: Kustomization): void => {
      if (seen.has(kustomization.path)) return;
      seen.add(kustomization.path);
      members.set(kustomization.path, 'kustomization');
      problems.push(...kustomization.problems.map((problem) => ({ ...problem, file: kustomization.path })));
      const directory = dirnameOf(kustomization.path);
      for (const reference of kustomization.references) {
        const file = joinRelative(directory, reference.value);
        if (file === undefined) continue;
        if (known.has(file)) {
          if (!members.has(file) || members.get(file) === 'input') members.set(file, reference.role === 'component' ? 'resource' : reference.role);
          if (reference.role === 'patch') patches.push({ file, reference });
          if (reference.role === 'config' && isPluginText(input.text(file))) problems.push({ code: 'render/plugin-disabled', span: reference.span, message: `${reference.value} configures a KRM function or exec plugin; K8s Route never runs plugins, so the unit is approximated without it`, file: kustomization.path });
          continue;
        }
        if (reference.role === 'resource' || reference.role === 'component') {
          const target = nestedTarget(kustomization, reference);
          if (target) visit(target);
        }
      }
      for (const inline of kustomization.inlinePatches) patches.push({ file: kustomization.path, inline });
      kustomizations.push(kustomization);
    };
    visit(root);
    const rootDirectory = dirnameOf(root.path);
    const gitops = input.kustomize?.(rootDirectory);
    units.push({
      ...(gitops?.namespace ? { namespace: gitops.namespace } : {}),
      ...(gitops?.substitute ? { substitute: gitops.substitute } : {}),
      ...(gitops ? { via: gitops.via } : {}),
      id: `kustomize:${root.path}`,
      kind: 'kustomize',
      root: rootDirectory,
      rootFile: root.path,
      variant: undefined,
      chartName: undefined,
      members,
      kustomizations,
      patches,
      problems,
      component: root.isComponent,
      label: `in ${input.display(rootDirectory) || '.'}`,
      ref: { kind: 'kustomize', root: rootDirectory, variant: null },
    });
  }
  return units;
}

function isPluginText(text: string | undefined): boolean {
  return text !== undefined && (/config\.(kubernetes\.io|k8s\.io)\/function\s*:/.test(text) || /^\s*exec\s*:/m.test(text));
}
