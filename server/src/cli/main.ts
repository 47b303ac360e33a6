/**
 * `k8s-route`: the command-line checker. Collects files, reads them, renders Helm charts and
 * kustomize roots with the real tools, runs the core over the units and prints the findings. Exit 0 without errors, 1 with errors, 2 on usage or I/O
 * errors (after checking every file it could read).
 */
import * as path from 'node:path';
import packageJson from '../../../package.json';
import type { AnalysisSettings, Finding, SourceFile, Span } from '../core/model';
import { chartConfigOf, clusterOf } from '../core/config';
import { computeRoute } from '../core/features/route';
import { globMatcher } from '../core/glob';
import { isJsonPath } from '../core/parse';
import { rulesText, serviceRules } from '../core/proxy/rules';
import { ScopedRepository } from '../core/units/scoped';
import type { ScopedService } from '../core/units/scoped';
import { findProjectConfig, mergeConfig } from './config';
import type { LoadedConfig } from './config';
import { parseArgs, usage, UsageError } from './args';
import type { CheckRequest, ReachRequest, RequestRequest, RouteRequest, RulesRequest } from './args';
import { Connectivity } from '../core/policy/connectivity';
import { explainReach, placeIn, reachJson, reachText } from './reach';
import { requestJson, requestText } from './request';
import { answerAcross } from '../core/gateway/requestAcross';
import type { UnitConnectivity } from './reach';
import { collectFiles, kustomizeInputs, maxFileBytes, readSource } from '../node/files';
import type { ReadProblem } from '../node/files';
import { defaultRenderLimits, isSettled, renderInputs, UnitRenderer } from '../node/render/renderer';
import type { RenderInputs } from '../node/render/renderer';
import { CacheFolder, defaultCacheLocation, FileStore, RenderStore, textHash } from '../node/cache';
import { checkReport, plainUnit } from './checkRun';
import { AnalysisPool, threadsFrom } from '../node/pool';
import { analysisKey } from '../core/record';
import type { FileAnalysis } from '../core/record';
import { formatRoute } from '../protocol/routeText';
import { formatJson, formatSarif, formatText } from './format';

/** Streams the CLI talks to; tests pass their own. */
export interface Io {
  readonly stdout: NodeJS.WritableStream & { isTTY?: boolean };
  readonly stderr: NodeJS.WritableStream & { isTTY?: boolean };
  readonly env: NodeJS.ProcessEnv;
}

export async function run(argv: readonly string[], io: Io): Promise<number> {
  let request;
  try {
    request = parseArgs(argv);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`k8s-route: ${error.message}\n\n${usage}\n`);
      return 2;
    }
    throw error;
  }
  if (request.command === 'help') {
    io.stdout.write(`${usage}\n`);
    return 0;
  }
  if (request.command === 'version') {
    io.stdout.write(`${packageJson.version}\n`);
    return 0;
  }
  // The project configuration fills in what the command line leaves unset.
  const found = findProjectConfig(request);
  if (found && 'problem' in found) {
    io.stderr.write(`k8s-route: ${found.problem}\n`);
    return 2;
  }
  const config = found;
  if (config) request = mergeConfig(request, config.config);
  if (request.command === 'reach') return reach(request, io, config);
  if (request.command === 'rules') return rules(request, io, config);
  if (request.command === 'request') return sendRequest(request, io, config);
  return request.command === 'route' ? route(request, io, config) : check(request, io, config);
}

export interface LoadedWorkspace {
  readonly repository: ScopedRepository;
  /** Every file read, with its text ('' for files skipped as too large). */
  readonly texts: Map<string, string>;
  readonly problems: ReadProblem[];
  readonly skipped: Finding[];
  /** Each unit the tools were asked to render: what it read, and whether its outcome follows from that alone. */
  readonly renders: ReadonlyArray<{ readonly inputs: RenderInputs; readonly fingerprint: string | undefined; readonly settled: boolean }>;
}

/**
 * Collects and reads the files of a request into a repository index, showing progress on a
 * terminal, then renders its Helm charts and kustomize roots (two tools at a time).
 */
async function loadWorkspace(request: AnyRequest, io: Io, config: LoadedConfig | undefined): Promise<LoadedWorkspace> {
  return analyseWorkspace(readWorkspace(request, io, config), request, io, config);
}

export type AnyRequest = CheckRequest | RouteRequest | ReachRequest | RulesRequest | RequestRequest;

/** The files of a request, read, before any analysis. */
export interface ReadWorkspace {
  readonly settings: AnalysisSettings;
  /** Every file read, with its text ('' for files skipped as too large). */
  readonly texts: Map<string, string>;
  readonly sources: SourceFile[];
  readonly problems: ReadProblem[];
  readonly skipped: Finding[];
  /** With --cache: the cache folder, and each read file's text hash. */
  readonly cacheFolder: CacheFolder | undefined;
  readonly hashes: Map<string, string>;
}

function readWorkspace(request: AnyRequest, io: Io, config: LoadedConfig | undefined): ReadWorkspace {
  const settings: AnalysisSettings = {
    nodePortRange: request.nodePortRange,
    serviceCidrs: request.serviceCidrs,
    ...(request.serviceCidrs.length === 0 ? {} : { serviceCidrsOrigin: request.given.has('--service-cidr') || !config?.config.serviceCidrs ? '--service-cidr' : `serviceCidrs in ${config.file}` }),
    defaultNamespace: request.namespace,
    disabledRules: request.disabled,
    clusterDomain: request.clusterDomain,
  };
  const walked = walkedBy(config);
  const collected = collectFiles(request.paths, walked);
  const { problems } = collected;
  const texts = new Map<string, string>();
  const skipped: Finding[] = [];
  const sources: SourceFile[] = [];
  // --cache: what earlier runs learned of these files and renders.
  const cacheFolder = request.cache ? new CacheFolder(path.resolve(request.cache.location ?? defaultCacheLocation(process.cwd(), io.env))) : undefined;
  const hashes = new Map<string, string>();
  const read = (file: string): void => {
    const source = readSource(file);
    if ('message' in source) {
      problems.push(source);
      return;
    }
    if ('tooLarge' in source) {
      texts.set(source.path, '');
      // A large JSON file in a walked folder is a lock file or a dataset, not a manifest.
      if (!settings.disabledRules.has('file/too-large') && !isJsonPath(source.path)) skipped.push(tooLargeFinding(source.path, source.tooLarge));
      return;
    }
    texts.set(source.path, source.text);
    if (cacheFolder) hashes.set(source.path, textHash(source.text));
    sources.push(source);
  };
  const files = [...collected.files];
  // An overlay given alone still reads the base it builds from.
  files.push(...kustomizeInputs(files.filter((file) => file !== '-'), textOf));
  const progress = createProgress(io, files.length, 'reading');
  files.forEach((file, position) => {
    progress(position);
    read(file);
  });
  progress(files.length);
  for (const problem of problems) io.stderr.write(`k8s-route: cannot read ${problem.path}: ${problem.message}\n`);
  if (config) {
    // The configuration's own findings are reported on it, like a manifest's.
    texts.set(config.file, config.text);
    skipped.push(...config.findings.filter((finding) => !settings.disabledRules.has(finding.code)));
  }
  return { settings, texts, sources, problems, skipped, cacheFolder, hashes };
}

/** Whether the configuration's include and exclude globs let the walk into a file. */
function walkedBy(config: LoadedConfig | undefined): (file: string) => boolean {
  if (!config) return () => true;
  const includes = config.config.include?.map(globMatcher);
  const excludes = config.config.exclude?.map(globMatcher);
  return (file) => {
    const name = relativeToConfig(config, file);
    if (name.startsWith('../')) return true;
    return (includes === undefined || includes.some((matches) => matches(name))) && !(excludes ?? []).some((matches) => matches(name));
  };
}

/** Paths in the configuration are relative to its folder. */
function relativeToConfig(config: LoadedConfig | undefined, file: string): string {
  return config ? path.relative(config.directory, path.resolve(file)).split(path.sep).join('/') : file;
}

/**
 * Analyses what was read into a repository index, using and refreshing the cache, then renders its
 * units. `only` limits the index to some of the files (the rest keep their cache entries as they
 * are), and `known` gives analyses already made.
 */
export async function analyseWorkspace(read: ReadWorkspace, request: AnyRequest, io: Io, config: LoadedConfig | undefined, part: { only?: ReadonlySet<string>; known?: ReadonlyMap<string, FileAnalysis> } = {}): Promise<LoadedWorkspace> {
  const { settings, texts, problems, skipped, cacheFolder, hashes } = read;
  const fileStore = cacheFolder ? new FileStore(cacheFolder, process.cwd()) : undefined;
  const settingsKey = analysisKey(settings);
  const sources = read.sources.flatMap((source) => {
    if (part.only && !part.only.has(source.path)) {
      fileStore?.keep(source.path);
      return [];
    }
    const given = part.known?.get(source.path);
    if (given) return [{ ...source, analyses: [given] }];
    if (!fileStore) return [source];
    const known = fileStore.lookup(source.path, source.text, settingsKey, hashes.get(source.path));
    return [known.analyses ? { ...source, analyses: known.analyses } : source];
  });
  const byResolved = new Map<string, string>();
  for (const file of texts.keys()) if (file !== '-') byResolved.set(path.resolve(file), file);
  // Each cluster the configuration names is checked apart; files in none form one more.
  const clusters = config?.config.clusters ?? [];
  const chart = (root: string) => {
    const options = config ? chartConfigOf(relativeToConfig(config, root), config.config) : undefined;
    // --release-name given on the command line wins over the configuration's per-chart name.
    return options && request.given.has('--release-name') ? { ...options, releaseName: undefined } : options;
  };
  const scopeOf = (file: string): string => (config && file !== '-' ? clusterOf(relativeToConfig(config, file), clusters) ?? '' : '');
  const repository = new ScopedRepository(scopeOf, [...clusters.map((cluster) => ({ key: cluster.name, label: cluster.name, settings, chart })), { key: '', label: clusters.length > 0 ? 'outside the configured clusters' : undefined, settings, chart, gitops: clusters.length === 0 }], (file) => file);
  // What the cache did not know is analysed on every core, then goes into the index in batches.
  const pool = new AnalysisPool(threadsFrom(io.env), (message) => io.stderr.write(`k8s-route: ${message}\n`));
  const unknown = sources.flatMap((source, position) => (source.analyses ? [] : [position]));
  const analysing = createProgress(io, unknown.length, 'analysing');
  const analysed = await pool.analyse(
    unknown.map((position) => sources[position]),
    settings,
    analysing,
  );
  analysing(unknown.length);
  pool.close();
  unknown.forEach((position, order) => (sources[position] = { ...sources[position], analyses: [analysed[order]] }));
  for (let start = 0; start < sources.length; start += 500) repository.update(...sources.slice(start, start + 500));
  if (fileStore) {
    for (const source of sources) fileStore.remember(source.path, hashes.get(source.path)!, source.analyses ?? []);
    if (!fileStore.save() && cacheFolder!.tellFailure()) io.stderr.write(`k8s-route: cannot write the cache in ${cacheFolder!.directory}; continuing without it\n`);
  }
  // K8S_ROUTE_DEBUG: what this run took from the cache and what it did itself.
  const debug = (toolRuns: number, units: number): void => {
    if (io.env.K8S_ROUTE_DEBUG) io.stderr.write(`k8s-route: ${fileStore ? `${fileStore.hits} files from the cache, ` : ''}${pool.counts.here + pool.counts.inWorkers} read anew (${pool.counts.inWorkers} in worker threads); ${toolRuns} tool runs for ${units} units\n`);
  };
  const units = repository.units();
  if (!request.render) {
    for (const unit of units) repository.setRender(unit.id, { status: 'off' });
    debug(0, units.length);
    return { repository, texts, problems, skipped, renders: [] };
  }
  const renderer = rendererFor(read, request, io);
  if (io.stderr.isTTY === true && units.length > 0) io.stderr.write(`\rrendering ${describeUnits(units.map((unit) => unit.kind))}`);
  const outcomes = await Promise.all(units.map(async (unit) => ({ unit, result: await renderer.render(unit) })));
  if (io.stderr.isTTY === true && units.length > 0) io.stderr.write('\r\u001b[K');
  for (const { unit, result } of outcomes) repository.setRender(unit.id, result.outcome);
  debug(renderer.runs, units.length);
  const renders = outcomes.map(({ unit, result }) => ({ inputs: renderInputs(unit), fingerprint: result.fingerprint, settled: isSettled(result.outcome) }));
  return { repository, texts, problems, skipped, renders };
}

/** The renderer of a request's units, its outputs kept in the cache with --cache. */
export function rendererFor(read: ReadWorkspace, request: AnyRequest, io: Io): UnitRenderer {
  const byResolved = new Map<string, string>();
  for (const file of read.texts.keys()) if (file !== '-') byResolved.set(path.resolve(file), file);
  return new UnitRenderer(
    { helmPath: request.helmPath, kustomizePath: request.kustomizePath, releaseName: request.releaseName, namespace: request.namespace, timeoutMs: request.renderTimeoutMs, maxOutputBytes: defaultRenderLimits.maxOutputBytes, concurrency: defaultRenderLimits.concurrency, env: io.env, ...(read.cacheFolder ? { store: new RenderStore(read.cacheFolder) } : {}) },
    { toFs: (file) => path.resolve(file), fromFs: (fsPath) => byResolved.get(fsPath) },
  );
}

function textOf(file: string): string | undefined {
  const source = readSource(file);
  return 'text' in source ? source.text : undefined;
}

/** "3 charts, 12 overlays" */
export function describeUnits(kinds: ReadonlyArray<'helm' | 'kustomize'>): string {
  const charts = kinds.filter((kind) => kind === 'helm').length;
  const kustomizations = kinds.length - charts;
  const parts = [charts > 0 ? `${charts} chart${charts === 1 ? '' : 's'}` : '', kustomizations > 0 ? `${kustomizations} kustomization${kustomizations === 1 ? '' : 's'}` : ''];
  return parts.filter(Boolean).join(', ');
}


async function check(request: CheckRequest, io: Io, config: LoadedConfig | undefined): Promise<number> {
  const read = readWorkspace(request, io, config);
  const report = await checkReport(read, request, io, config, (part) => analyseWorkspace(read, request, io, config, part), (units) => {
    const renderer = rendererFor(read, request, io);
    return units.map((unit) => renderer.fingerprint(unit));
  });
  if (request.format === 'json') io.stdout.write(formatJson(report));
  else if (request.format === 'sarif') io.stdout.write(formatSarif(report, packageJson.version));
  else io.stdout.write(formatText(report, io.stdout.isTTY === true && !io.env.NO_COLOR));

  if (read.problems.length > 0) return 2;
  const failing = request.failOn === 'warning' ? ['error', 'warning'] : ['error'];
  return report.diagnostics.some((located) => failing.includes(located.finding.severity)) ? 1 : 0;
}

/** `--unit` against a unit: its folder, with `@values-file` for a Helm variant; `plain` for the plain files. */
function unitMatches(wanted: string, candidate: ScopedService): boolean {
  const [folder, variant] = wanted.split('@');
  if (!candidate.unit) return candidate.scope === '' ? folder === 'plain' : folder === `cluster:${candidate.scope}`;
  const same = path.resolve(folder) === path.resolve(candidate.unit.root);
  if (!same) return false;
  if (variant === undefined) return candidate.unit.variant === undefined;
  return candidate.unit.variant !== undefined && path.basename(candidate.unit.variant) === path.basename(variant);
}

function unitText(candidate: ScopedService): string {
  if (!candidate.unit) return candidate.scope === '' ? 'plain' : `cluster:${candidate.scope}`;
  return candidate.unit.variant ? `${candidate.unit.root}@${path.basename(candidate.unit.variant)}` : candidate.unit.root;
}

async function route(request: RouteRequest, io: Io, config: LoadedConfig | undefined): Promise<number> {
  const { repository, problems } = await loadWorkspace(request, io, config);
  const match = pickService(repository, request, io);
  if (!match) return 2;
  const model = repository.mapRoute(match.unit?.id, computeRoute(match.index, match.service));
  if (request.format === 'json') io.stdout.write(`${JSON.stringify(model)}\n`);
  else io.stdout.write(formatRoute(model, io.stdout.isTTY === true && !io.env.NO_COLOR));
  if (problems.length > 0) return 2;
  // Like check, 1 means "something is wrong": here, a port whose traffic cannot arrive. A broken
  // entry that joins the path (a Gateway route not attached) leaves the other entries working.
  return model.lanes.some((lane) => lane.hops.some((hop) => hop.status === 'broken' && hop.joins !== true)) ? 1 : 0;
}

/** The one Service `--service` (and `--unit`) name, or undefined after saying why on stderr. */
function pickService(repository: ScopedRepository, request: RouteRequest | RulesRequest, io: Io): ScopedService | undefined {
  const slash = request.service.indexOf('/');
  const namespace = slash === -1 ? undefined : request.service.slice(0, slash);
  const name = slash === -1 ? request.service : request.service.slice(slash + 1);
  const all = repository.services();
  const named = all.filter(({ service }) => service.object.name === name && (namespace === undefined || service.namespace === namespace));
  const matches = request.unit === undefined ? named : named.filter((candidate) => unitMatches(request.unit!, candidate));
  if (matches.length === 1) return matches[0];
  const shown = matches.length > 1 ? matches : all;
  // The unit is worth naming only when some Service comes from a chart, a kustomization or a named cluster.
  const withUnits = shown.some((candidate) => candidate.unit !== undefined || candidate.scope !== '');
  const listed = shown.map((candidate) => `${candidate.service.namespace}/${candidate.service.object.name ?? ''}${withUnits ? `  (--unit ${unitText(candidate)})` : ''}`);
  const unique = [...new Set(listed)].sort();
  const acrossUnits = new Set(matches.map(unitText)).size > 1;
  const reason =
    matches.length === 0
      ? `no Service "${request.service}"${request.unit !== undefined ? ` in unit ${request.unit}` : ''} in the given files`
      : acrossUnits
        ? `"${request.service}" names ${matches.length} Services in different units; choose one with --unit`
        : unique.length < matches.length
          ? `"${request.service}" names ${unique.length} Service${unique.length === 1 ? '' : 's'}, defined ${matches.length} times in all; add the namespace (NAMESPACE/NAME) or check the duplicates`
          : `"${request.service}" names ${matches.length} Services; add the namespace (NAMESPACE/NAME) or check the duplicates`;
  io.stderr.write(`k8s-route: ${reason}\n${unique.length > 0 ? `${matches.length > 1 ? 'Candidates' : 'Services found'}:\n${unique.map((line) => `  ${line}`).join('\n')}\n` : 'No Services were found.\n'}`);
  return undefined;
}

/**
 * `rules`: what kube-proxy programs for one Service on one node, in the mode asked for. Exit 0,
 * 2 when the Service is not found or a path could not be read.
 */
async function rules(request: RulesRequest, io: Io, config: LoadedConfig | undefined): Promise<number> {
  const { repository, problems } = await loadWorkspace(request, io, config);
  const match = pickService(repository, request, io);
  if (!match) return 2;
  const result = serviceRules(match.index, match.service, request.mode, request.proxy);
  io.stdout.write(request.format === 'json' ? `${JSON.stringify(result)}\n` : `${rulesText(result).join('\n')}\n`);
  return problems.length > 0 ? 2 : 0;
}

/**
 * `reach`: every unit's allowed connections, or one connection explained. Exit 0, or 1 when the
 * connection asked about is denied; 2 when a peer is not found or a path could not be read.
 */
async function reach(request: ReachRequest, io: Io, config: LoadedConfig | undefined): Promise<number> {
  const { repository, texts, problems } = await loadWorkspace(request, io, config);
  const textOf = (file: string): string => texts.get(file) ?? repository.source(file)?.text ?? '';
  const units: UnitConnectivity[] = repository.plainIndexes().map((plain) => ({ label: plain.label, unit: plainUnit, connectivity: new Connectivity(plain.index.objects()), place: (file: string, span: Span) => placeIn(file, textOf(file), span.start) }));
  for (const unit of repository.units()) {
    const index = repository.unitIndex(unit.id);
    const place = (file: string, span: Span): string => {
      const source = repository.sourceOf(unit.id, span) ?? { file, span };
      return placeIn(source.file, textOf(source.file), source.span.start);
    };
    if (index) units.push({ label: `${unit.root} ${unit.label}`, unit: unit.ref, connectivity: new Connectivity(index.objects()), place });
  }
  const populated = units.filter((unit) => unit.connectivity.workloads.length > 0);
  if (request.from !== undefined && request.to !== undefined) {
    const answer = explainReach(populated, { from: request.from, to: request.to, port: request.port });
    if ('missing' in answer) {
      const known = [...new Set(populated.flatMap((unit) => unit.connectivity.workloads.map((workload) => `${workload.namespace}/${workload.name}[${workload.kind}]`)))].sort();
      io.stderr.write(`k8s-route: ${answer.missing}\n${known.length > 0 ? `Workloads found:\n${known.map((line) => `  ${line}`).join('\n')}\n` : 'No workloads were found.\n'}`);
      return 2;
    }
    io.stdout.write(answer.text);
    if (problems.length > 0) return 2;
    return answer.allowed ? 0 : 1;
  }
  io.stdout.write(request.format === 'json' ? reachJson(populated) : reachText(populated));
  return problems.length > 0 ? 2 : 0;
}

/**
 * `request`: which backend gets one request, in the unit whose Gateway or Ingress takes it. Exit 0
 * when it is forwarded or redirected, 1 otherwise, 2 on a usage error (no such Gateway, several).
 */
async function sendRequest(request: RequestRequest, io: Io, config: LoadedConfig | undefined): Promise<number> {
  const { repository, texts, problems } = await loadWorkspace(request, io, config);
  const textOf = (file: string): string => texts.get(file) ?? repository.source(file)?.text ?? '';
  const question = { url: request.url, method: request.method, headers: request.headers, port: request.port, gateway: request.gateway, listener: request.listener, ingressClass: request.ingressClass };
  const chosen = answerAcross(repository, question, request.unit, (left, right) => path.resolve(left) === path.resolve(right));
  if ('usage' in chosen) {
    io.stderr.write(`k8s-route: ${chosen.usage}\n${chosen.candidates.length > 0 ? `Candidates:\n${chosen.candidates.map((line) => `  ${line}`).join('\n')}\n` : ''}`);
    return 2;
  }
  io.stdout.write(request.format === 'json' ? requestJson(chosen.answer) : requestText(request.method, request.url, chosen, (file, span) => placeIn(file, textOf(file), span.start)));
  if (problems.length > 0) return 2;
  return chosen.answer.status === 200 || chosen.answer.redirect !== null ? 0 : 1;
}

function tooLargeFinding(file: string, size: number): Finding {
  return {
    code: 'file/too-large',
    severity: 'information',
    file,
    span: { start: 0, end: 0 },
    message: `file is ${(size / 1024 / 1024).toFixed(1)} MB, more than the ${maxFileBytes / 1024 / 1024} MB limit for manifests; it was not checked`,
    path: null,
    object: null,
  };
}

/** A one-line counter on stderr, only on a terminal and only when the run is long enough to need it. */
function createProgress(io: Io, total: number, doing: string): (done: number) => void {
  if (io.stderr.isTTY !== true || total < 200) return () => {};
  let lastShown = -1;
  return (done) => {
    const percent = Math.floor((done / total) * 100);
    if (done === total) {
      io.stderr.write('\r\u001b[K');
      return;
    }
    if (percent === lastShown) return;
    lastShown = percent;
    io.stderr.write(`\r${doing} ${done}/${total} files (${percent}%)`);
  };
}

if (require.main === module) {
  run(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env }).then(
    (status) => {
      // The whole run's peak memory, worker threads included (K8S_ROUTE_DEBUG; the bench reads it).
      if (process.env.K8S_ROUTE_DEBUG) process.stderr.write(`k8s-route: peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MiB\n`);
      process.exitCode = status;
    },
    (error: unknown) => {
      process.stderr.write(`k8s-route: internal error: ${error instanceof Error ? error.stack : String(error)}\n`);
      process.exitCode = 2;
    },
  );
}
