/**
 * Rendering units with the real tools: `helm template` for chart variants, `kustomize build` (or
 * `kubectl kustomize`) for kustomize roots, through a temporary wrapper kustomization that asks for
 * origin annotations. Runs are bounded (time, output, concurrency), cancellable and cached by a
 * hash of the unit's input files, so an unchanged unit is never rendered twice. Every failure
 * becomes a RenderOutcome with the reason; nothing here throws at its caller.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { isMap, isScalar, isSeq, parseDocument } from 'yaml';
import type { RenderOutcome, RenderUnit } from '../../core/units/repository';
import { inFolder } from '../../core/paths';
import { templateLineOf } from '../../core/units/helmLines';
import { walkMatching } from '../files';
import { Limiter, runTool } from './process';
import type { RenderStore, StoredRender } from '../cache';
import type { ToolRun } from './process';

export interface RenderOptions {
  /** k8sRoute.helm.path / --helm: a helm binary; else `helm` on PATH. */
  readonly helmPath?: string;
  /** k8sRoute.kustomize.path / --kustomize: a kustomize (or kubectl) binary; else `kustomize`, then `kubectl`, on PATH. */
  readonly kustomizePath?: string;
  /** The Helm release name; default the chart's name. */
  readonly releaseName?: string;
  readonly namespace: string;
  readonly timeoutMs: number;
  readonly maxOutputBytes: number;
  readonly concurrency: number;
  /** The environment tools run in (and whose PATH is searched); default process.env. */
  readonly env?: NodeJS.ProcessEnv;
  /** The persistent cache of outputs (`--cache`, the editor's workspace storage); none: memory only. */
  readonly store?: RenderStore;
}

/** How the host names files: the core's names and file-system paths, both ways. */
export interface FileNaming {
  toFs(name: string): string;
  fromFs(fsPath: string): string | undefined;
}

export interface RenderResult {
  readonly outcome: RenderOutcome;
  /** True when the outcome came from the cache. */
  readonly cached: boolean;
  /** How long the tool itself ran (0 when cached or not run). */
  readonly toolMs: number;
  /** `fingerprint` of the unit's inputs, when the render read no unsaved text. */
  readonly fingerprint?: string;
}

/**
 * What a unit's render reads, as plain data a later run can check again without the unit
 * (`UnitRenderer.fingerprint`): which tool, with which options, over which files.
 */
export interface RenderInputs {
  readonly kind: 'helm' | 'kustomize';
  readonly root: string;
  readonly variant: string | undefined;
  readonly valuesFiles: readonly string[] | undefined;
  readonly namespace: string | undefined;
  readonly releaseName: string | undefined;
  /** Kustomize: the member files and the kustomizations (whose folders hold generator inputs). */
  readonly members: readonly string[];
  readonly kustomizations: readonly string[];
  /** Not rendered at all: a kustomization with remote resources or plugins, or a lone component. */
  readonly approximated: boolean;
}

export function renderInputs(unit: RenderUnit): RenderInputs {
  return {
    kind: unit.kind,
    root: unit.root,
    variant: unit.variant,
    valuesFiles: unit.valuesFiles,
    namespace: unit.namespace,
    releaseName: unit.releaseName,
    members: unit.kind === 'kustomize' ? [...unit.members.keys()] : [],
    kustomizations: unit.kustomizations.map((kustomization) => kustomization.path),
    approximated: unit.kind === 'kustomize' && (unit.problems.length > 0 || unit.component),
  };
}

/**
 * Whether a render's outcome follows from its inputs alone, so that the same fingerprint gives the
 * same outcome: not a timeout, an output cut short or a cancelled run.
 */
export function isSettled(outcome: RenderOutcome): boolean {
  if (outcome.status !== 'failed') return true;
  return (outcome.code === 'render/failed' || outcome.code === 'render/missing-dependencies' || outcome.code === 'render/tool-missing') && !/cancelled/.test(outcome.message);
}

export const defaultRenderLimits = { timeoutMs: 20_000, maxOutputBytes: 32 * 1024 * 1024, concurrency: 2 };

export class UnitRenderer {
  private readonly cache = new Map<string, { hash: string; outcome: RenderOutcome }>();
  private readonly limiter: Limiter;
  /** How many times a tool was started, for tests and benchmarks. */
  runs = 0;

  constructor(
    private readonly options: RenderOptions,
    private readonly naming: FileNaming,
  ) {
    this.limiter = new Limiter(Math.max(1, options.concurrency));
  }

  /**
   * Renders a unit, or answers from the cache when its inputs did not change. `unsaved` holds the
   * editor's text of files not yet saved (by the host's names): when the unit reads one, it is
   * rendered from a temporary copy of its inputs with that text, so findings follow typing.
   */
  async render(unit: RenderUnit, signal?: AbortSignal, unsaved: ReadonlyMap<string, string> = new Map()): Promise<RenderResult> {
    const described = renderInputs(unit);
    if (described.approximated) {
      // Remote resources and plugins are reported by the core, and a component alone cannot be
      // built: such units are approximated instead.
      return { outcome: { status: 'off' }, cached: false, toolMs: 0, fingerprint: 'approximated' };
    }
    const tool = unit.kind === 'helm' ? this.helmCommand() : this.kustomizeCommand();
    if ('missing' in tool) return { outcome: tool.missing, cached: false, toolMs: 0, fingerprint: `missing ${unit.kind}` };
    const inputs = this.inputFiles(described);
    const edited = new Map<string, string>();
    for (const [name, text] of unsaved) {
      const file = this.naming.toFs(name);
      if (inputs.includes(file) && readText(file) !== text) edited.set(file, text);
    }
    const hash = this.inputHash(described, tool.command, inputs, edited);
    const fingerprint = edited.size === 0 ? { fingerprint: hash } : {};
    const cached = this.cache.get(unit.id);
    if (cached && cached.hash === hash) return { outcome: cached.outcome, cached: true, toolMs: 0, ...fingerprint };
    // What the disk remembers holds for saved inputs only: unsaved text is rendered each time.
    const storeKey = `${this.naming.toFs(unit.root)}\u0000${unit.id}`;
    const stored = edited.size === 0 ? this.options.store?.get(storeKey) : undefined;
    if (stored && stored.hash === hash) {
      const outcome = this.fromStore(stored);
      this.cache.set(unit.id, { hash, outcome });
      return { outcome, cached: true, toolMs: 0, ...fingerprint };
    }
    const result: { outcome: RenderOutcome; toolMs: number; origins?: string } = await this.limiter.run(async () => {
      if (signal?.aborted) return { outcome: { status: 'failed', code: 'render/failed', message: 'rendering was cancelled' } as RenderOutcome, toolMs: 0 };
      const copy = edited.size > 0 ? materialize([...inputs, this.naming.toFs(unit.root)], edited) : undefined;
      try {
        const place = (file: string): string => (copy ? copy.toCopy(file) : file);
        const result = unit.kind === 'helm' ? await this.renderChart(unit, tool, place, signal) : await this.renderKustomization(unit, tool, place, copy ? copy.fromCopy : (file) => file, signal);
        return copy && result.outcome.status === 'failed' ? { ...result, outcome: { ...result.outcome, message: copy.inText(result.outcome.message) } } : result;
      } finally {
        copy?.dispose();
      }
    });
    // A cancelled run says nothing about the inputs; it is not remembered.
    if (!signal?.aborted) {
      this.cache.set(unit.id, { hash, outcome: result.outcome });
      const kept = edited.size === 0 ? toStore(hash, result) : undefined;
      if (kept) this.options.store?.set(storeKey, kept);
    }
    return { outcome: result.outcome, cached: false, toolMs: result.toolMs, ...fingerprint };
  }

  /** A stored render as an outcome: a kustomize build's origins resolve against the folder they were written for. */
  private fromStore(stored: StoredRender): RenderOutcome {
    if (stored.outcome.status === 'failed') return stored.outcome as RenderOutcome;
    const origins = stored.origins;
    return { status: 'rendered', text: stored.outcome.text, ...(origins !== undefined ? { resolveOrigin: (raw: string) => this.naming.fromFs(path.resolve(origins, raw)) } : {}) };
  }

  private async renderChart(unit: RenderUnit, tool: Tool, place: (file: string) => string, signal?: AbortSignal): Promise<{ outcome: RenderOutcome; toolMs: number }> {
    const root = place(this.naming.toFs(unit.root));
    const missing = missingDependencies(root);
    if (missing.length > 0) {
      return {
        outcome: { status: 'failed', code: 'render/missing-dependencies', key: 'dependencies', message: `the chart's dependencies ${missing.join(', ')} are listed in Chart.yaml but missing from charts/: run \`helm dependency build\` in this folder (K8s Route never downloads them)` },
        toolMs: 0,
      };
    }
    const release = unit.releaseName || this.options.releaseName || unit.chartName || path.basename(root);
    const valuesFiles = unit.valuesFiles ?? (unit.variant ? [unit.variant] : []);
    const args = [...tool.prefix, 'template', release, root, '--namespace', unit.namespace ?? this.options.namespace, '--skip-tests', ...valuesFiles.flatMap((file) => ['--values', place(this.naming.toFs(file))])];
    this.runs++;
    const run = await runTool(tool.command, args, { cwd: root, timeoutMs: this.options.timeoutMs, maxOutputBytes: this.options.maxOutputBytes, signal, env: this.options.env });
    const problem = this.problemOf(run, tool, 'helm template');
    if (problem) {
      // A YAML error counts lines of the template's rendered output: render it (--debug writes
      // the invalid output) and find the template line that wrote that line.
      const yamlError = problem.code === 'render/failed' ? this.yamlErrorPlace(unit, run.stderr) : undefined;
      if (yamlError) {
        const debug = await runTool(tool.command, [...args, '--debug'], { cwd: root, timeoutMs: this.options.timeoutMs, maxOutputBytes: this.options.maxOutputBytes, signal, env: this.options.env });
        const document = renderedDocument(debug.stdout, yamlError.source);
        const template = readText(place(this.naming.toFs(yamlError.file)));
        if (document !== undefined && template !== undefined) {
          const line = templateLineOf(template, document, yamlError.line);
          const message = problem.message.replace(/\byaml: line (\d+):/, `yaml: line $1 of its rendered output (template line ${line}):`);
          return { outcome: { ...problem, message, at: { file: yamlError.file, line } }, toolMs: run.elapsedMs + debug.elapsedMs };
        }
      }
      return { outcome: { ...problem, ...this.helmErrorPlace(unit, run.stderr) }, toolMs: run.elapsedMs };
    }
    return { outcome: { status: 'rendered', text: run.stdout }, toolMs: run.elapsedMs };
  }

  /** Helm's "YAML parse error on <chart>/templates/x.yaml: … yaml: line N": the template and the rendered line. */
  private yamlErrorPlace(unit: RenderUnit, stderr: string): { file: string; source: string; line: number } | undefined {
    const chartName = unit.chartName ?? path.basename(unit.root);
    const match = new RegExp(`YAML parse error on (${escapeRegExp(chartName)}/((?:charts/[^\\s:/]+/)*templates/[^\\s:"]+)):[^\\n]*?yaml: line (\\d+)`).exec(stderr);
    return match ? { file: inFolder(unit.root, match[2]), source: match[1], line: Number(match[3]) } : undefined;
  }

  private async renderKustomization(unit: RenderUnit, tool: Tool, place: (file: string) => string, fromCopy: (file: string) => string, signal?: AbortSignal): Promise<{ outcome: RenderOutcome; toolMs: number; origins?: string }> {
    const root = place(this.naming.toFs(unit.root));
    // A wrapper beside nothing of the user's asks kustomize to say where each object came from.
    const wrapper = fs.mkdtempSync(path.join(os.tmpdir(), 'k8s-route-kustomize-'));
    try {
      const relative = path.relative(wrapper, root).split(path.sep).join('/');
      // A GitOps object's target namespace (Flux targetNamespace) applies over the whole build.
      fs.writeFileSync(path.join(wrapper, 'kustomization.yaml'), `${unit.namespace ? `namespace: ${JSON.stringify(unit.namespace)}\n` : ''}resources:\n- ${JSON.stringify(relative)}\nbuildMetadata: [originAnnotations]\n`);
      this.runs++;
      const run = await runTool(tool.command, [...tool.prefix, wrapper], { cwd: root, timeoutMs: this.options.timeoutMs, maxOutputBytes: this.options.maxOutputBytes, signal, env: this.options.env });
      const problem = this.problemOf(run, tool, tool.display);
      if (problem) return { outcome: { ...problem, message: problem.message.split(wrapper).join('<wrapper>'), ...this.kustomizeErrorPlace(unit, run.stderr, fromCopy) }, toolMs: run.elapsedMs };
      return { outcome: { status: 'rendered', text: run.stdout, resolveOrigin: (raw) => this.naming.fromFs(fromCopy(path.resolve(wrapper, raw))) }, toolMs: run.elapsedMs, origins: wrapper };
    } finally {
      fs.rmSync(wrapper, { recursive: true, force: true });
    }
  }

  private problemOf(run: ToolRun, tool: Tool, what: string): Extract<RenderOutcome, { status: 'failed' }> | undefined {
    const seconds = Math.round(this.options.timeoutMs / 100) / 10;
    if (run.startError) return { status: 'failed', code: 'render/tool-missing', message: `${tool.command} could not be started (${run.startError}); set ${tool.setting} to a working binary` };
    if (run.cancelled) return { status: 'failed', code: 'render/failed', message: `${what} was cancelled` };
    if (run.timedOut) return { status: 'failed', code: 'render/timeout', message: `${what} did not finish within ${seconds} s and was stopped; the objects it makes are not checked` };
    if (run.truncated) return { status: 'failed', code: 'render/output-too-large', message: `${what} wrote more than ${Math.round(this.options.maxOutputBytes / 1024 / 1024)} MB and was stopped; the objects it makes are not checked` };
    if (run.code !== 0) return { status: 'failed', code: 'render/failed', message: `${what} failed: ${toolError(run.stderr) || `exit status ${run.code}`}` };
    return undefined;
  }

  /** Helm names the template and line of an error (`ch/templates/service.yaml:9:22`); point there too. */
  private helmErrorPlace(unit: RenderUnit, stderr: string): { at?: { file: string; line: number } } {
    const chartName = unit.chartName ?? path.basename(unit.root);
    const match = new RegExp(`${escapeRegExp(chartName)}/((?:charts/[^\\s:/]+/)*templates/[^\\s:"]+):(\\d+)`).exec(stderr) ?? new RegExp(`${escapeRegExp(chartName)}/((?:charts/[^\\s:/]+/)*templates/[^\\s:"]+)[^\\n]*?line (\\d+)`).exec(stderr);
    return match ? { at: { file: inFolder(unit.root, match[1]), line: Number(match[2]) } } : {};
  }

  /** A kustomize error that names a file one of the unit's kustomizations refers to: point at that line too. */
  private kustomizeErrorPlace(unit: RenderUnit, stderr: string, fromCopy: (file: string) => string): { at?: { file: string; line: number } } {
    const named = new Set([...stderr.matchAll(/'(\/[^']+)'|\s(\/\S+?)(?=[:\s]|$)/g)].map((match) => fromCopy(match[1] ?? match[2])));
    for (const kustomization of unit.kustomizations) {
      const directory = path.dirname(this.naming.toFs(kustomization.path));
      for (const reference of kustomization.references) {
        if (!named.has(path.resolve(directory, reference.value))) continue;
        const text = readText(this.naming.toFs(kustomization.path)) ?? '';
        return { at: { file: kustomization.path, line: text.slice(0, reference.span.start).split('\n').length } };
      }
    }
    return {};
  }

  private helmCommand(): Tool | { missing: RenderOutcome } {
    const command = this.options.helmPath || findExecutable('helm', this.options.env);
    if (!command) return { missing: { status: 'failed', code: 'render/tool-missing', message: 'helm is not installed (not on PATH; set k8sRoute.helm.path or --helm), so this chart is not rendered and its templates are not checked' } };
    return { command, prefix: [], display: 'helm template', setting: 'k8sRoute.helm.path (--helm)' };
  }

  private kustomizeCommand(): Tool | { missing: RenderOutcome } {
    const configured = this.options.kustomizePath;
    if (configured) {
      const viaKubectl = /kubectl[^/\\]*$/.test(configured);
      return { command: configured, prefix: viaKubectl ? ['kustomize'] : ['build'], display: viaKubectl ? 'kubectl kustomize' : 'kustomize build', setting: 'k8sRoute.kustomize.path (--kustomize)' };
    }
    const kustomize = findExecutable('kustomize', this.options.env);
    if (kustomize) return { command: kustomize, prefix: ['build'], display: 'kustomize build', setting: 'k8sRoute.kustomize.path (--kustomize)' };
    const kubectl = findExecutable('kubectl', this.options.env);
    if (kubectl) return { command: kubectl, prefix: ['kustomize'], display: 'kubectl kustomize', setting: 'k8sRoute.kustomize.path (--kustomize)' };
    return {
      missing: { status: 'failed', code: 'render/tool-missing', message: 'neither kustomize nor kubectl is installed (not on PATH; set k8sRoute.kustomize.path or --kustomize), so this kustomization is checked with a built-in approximation that does not apply patches' },
    };
  }

  /** Every file a render reads: the whole chart, or a kustomization's members and the files beside its kustomizations. */
  private inputFiles(unit: RenderInputs): string[] {
    const files = new Set<string>();
    if (unit.kind === 'helm') {
      for (const file of walkMatching(this.naming.toFs(unit.root), () => true, () => false)) files.add(file);
      // Values files a GitOps source names may lie outside the chart.
      for (const file of unit.valuesFiles ?? []) files.add(this.naming.toFs(file));
    } else {
      for (const member of unit.members) files.add(this.naming.toFs(member));
      // Generator inputs (.env files, config files) are not manifests; the kustomization folders hold them.
      for (const kustomization of unit.kustomizations) for (const file of listFolder(path.dirname(this.naming.toFs(kustomization)))) files.add(file);
    }
    return [...files].sort();
  }

  /**
   * What a render of these inputs would depend on now, as one string: the same string later means
   * the same outcome (for a settled one). Reads the input files and finds the tool, runs nothing.
   */
  fingerprint(unit: RenderInputs): string {
    if (unit.approximated) return 'approximated';
    const tool = unit.kind === 'helm' ? this.helmCommand() : this.kustomizeCommand();
    if ('missing' in tool) return `missing ${unit.kind}`;
    return this.inputHash(unit, tool.command, this.inputFiles(unit), new Map());
  }

  /** A hash of everything the render reads: its input files (unsaved text where there is some) and the command. */
  private inputHash(unit: RenderInputs, command: string, inputs: readonly string[], edited: ReadonlyMap<string, string>): string {
    const hash = createHash('sha256');
    hash.update(`${toolIdentity(command)}\u0000${unit.namespace ?? this.options.namespace}\u0000${unit.releaseName ?? this.options.releaseName ?? ''}\u0000${(unit.valuesFiles ?? [unit.variant ?? '']).join('\u0001')}\u0000`);
    for (const file of inputs) {
      hash.update(file);
      hash.update('\u0000');
      const text = edited.get(file);
      if (text !== undefined) hash.update(text);
      else {
        try {
          hash.update(fs.readFileSync(file));
        } catch {
          hash.update('\u0001missing');
        }
      }
      hash.update('\u0000');
    }
    return hash.digest('hex');
  }
}

/**
 * What a render remembered on disk may be: an output, or a failure the inputs alone explain. A
 * timeout, an output cut short or a cancelled run may go differently next time, and are rendered again.
 */
function toStore(hash: string, result: { outcome: RenderOutcome; origins?: string }): StoredRender | undefined {
  const outcome = result.outcome;
  if (outcome.status === 'rendered') return { hash, outcome: { status: 'rendered', text: outcome.text }, ...(result.origins !== undefined ? { origins: result.origins } : {}) };
  if (outcome.status === 'failed' && (outcome.code === 'render/failed' || outcome.code === 'render/missing-dependencies') && !/cancelled/.test(outcome.message)) return { hash, outcome };
  return undefined;
}

/** The tool binary as a render depends on it: where it really is, its size and its time (an upgrade in place changes them). */
function toolIdentity(command: string): string {
  try {
    const real = fs.realpathSync(command);
    const stat = fs.statSync(real);
    return `${real}:${stat.size}:${stat.mtimeMs}`;
  } catch {
    return command;
  }
}

interface Tool {
  readonly command: string;
  readonly prefix: readonly string[];
  readonly display: string;
  readonly setting: string;
}

/**
 * The tool's error in a sentence: deprecation warnings dropped, and kustomize's account of how it
 * reached the root through our wrapper (it tries the folder as a file first) cut away.
 */
export function toolError(stderr: string): string {
  const lines = stderr.split('\n').filter((line) => line.trim() !== '' && !/^#?\s*Warning:/i.test(line.trim()));
  // Helm's closing advice about --debug cannot be followed through K8s Route; helm 4 also repeats its error.
  const kept = lines.filter((line) => !/^Use --debug flag/.test(line.trim()) && !/^level=\w+ msg=/.test(line.trim()));
  return kept
    .slice(0, 6)
    .join(' ')
    .replace(/^(?:Error|error):\s*/, '')
    .replace(/^(.+?)Error: \1$/, '$1')
    .replace(/^accumulating resources: accumulation err='accumulating resources from '[^']*': '[^']*' must resolve to a file': recursed accumulation of path '[^']*': /, '')
    .slice(0, 1000);
}

/** One template's document in helm's output (`# Source: chart/templates/x.yaml`), as helm counts its lines. */
export function renderedDocument(output: string, source: string): string | undefined {
  const lines = output.split('\n');
  const start = lines.findIndex((line) => line.trim() === `# Source: ${source}`);
  if (start === -1) return undefined;
  const end = lines.findIndex((line, index) => index > start && /^---\s*$/.test(line));
  return lines.slice(start + 1, end === -1 ? undefined : end).join('\n');
}

/** The first executable file called `name` on PATH. */
export function findExecutable(name: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  for (const directory of (env.PATH ?? '').split(path.delimiter)) {
    if (directory === '') continue;
    const candidate = path.join(directory, name);
    try {
      if (fs.statSync(candidate).isFile()) {
        fs.accessSync(candidate, fs.constants.X_OK);
        return candidate;
      }
    } catch {
      // Not here.
    }
  }
  return undefined;
}

/** Dependencies Chart.yaml lists that charts/ holds neither as a folder nor as an archive. */
export function missingDependencies(chartRoot: string): string[] {
  let names: string[] = [];
  try {
    const contents = parseDocument(fs.readFileSync(path.join(chartRoot, 'Chart.yaml'), 'utf8')).contents;
    const dependencies = isMap(contents) ? contents.get('dependencies', true) : undefined;
    if (isSeq(dependencies)) {
      names = dependencies.items.flatMap((item) => {
        const name = isMap(item) ? item.get('name', true) : undefined;
        return isScalar(name) && typeof name.value === 'string' ? [name.value] : [];
      });
    }
  } catch {
    return [];
  }
  if (names.length === 0) return [];
  let entries: string[] = [];
  try {
    entries = fs.readdirSync(path.join(chartRoot, 'charts'));
  } catch {
    entries = [];
  }
  return names.filter((name) => !entries.some((entry) => entry === name || (entry.startsWith(`${name}-`) && entry.endsWith('.tgz'))));
}

function readText(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8').replace(/^\ufeff/, '');
  } catch {
    return undefined;
  }
}

/**
 * A temporary copy of a render's input files, laid out as they are below their common folder,
 * with edited texts in place of what is on disk.
 */
function materialize(files: readonly string[], edited: ReadonlyMap<string, string>): { toCopy(file: string): string; fromCopy(file: string): string; inText(text: string): string; dispose(): void } {
  let common = path.dirname(files[0]);
  for (const file of files) {
    while (common !== path.dirname(common) && path.relative(common, file).startsWith('..')) common = path.dirname(common);
  }
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'k8s-route-unsaved-'));
  const toCopy = (file: string): string => path.join(copy, path.relative(common, file));
  for (const file of files) {
    const target = toCopy(file);
    try {
      if (fs.statSync(file).isDirectory()) {
        fs.mkdirSync(target, { recursive: true });
        continue;
      }
      fs.mkdirSync(path.dirname(target), { recursive: true });
      const text = edited.get(file);
      if (text !== undefined) fs.writeFileSync(target, text);
      else fs.copyFileSync(file, target);
    } catch {
      // A file that vanished meanwhile is missing in the copy too.
    }
  }
  return {
    toCopy,
    fromCopy: (file) => {
      const relative = path.relative(copy, file);
      return relative.startsWith('..') || path.isAbsolute(relative) ? file : path.join(common, relative);
    },
    // A tool's message names the temporary copy: the user's folder is what it means.
    inText: (text) => text.split(copy).join(common),
    dispose: () => fs.rmSync(copy, { recursive: true, force: true }),
  };
}

function listFolder(directory: string): string[] {
  try {
    return fs
      .readdirSync(directory, { withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => path.join(directory, entry.name));
  } catch {
    return [];
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
