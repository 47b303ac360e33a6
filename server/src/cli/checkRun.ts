/**
 * `check --cache` between runs. The last run is kept whole: a hash of all it read, its findings,
 * and each file's shape (namespaces, node ports and cluster IPs: `core/units/shards.ts`).
 * - Every input the same: its findings are printed as they are, nothing is analysed.
 * - A few files changed in a plain repository: only the files of the namespaces they touch (and the
 *   Services sharing their node ports or cluster IPs) are indexed again; every other file's
 *   findings are the last run's, which they cannot differ from.
 * - Otherwise the whole workspace is analysed, with each file's record from the files store.
 * A run that rendered charts or kustomizations keeps each unit's inputs and their fingerprint (the
 * tool found and every file the render reads, chart files beyond the walked manifests included):
 * its findings are used again only when every fingerprint is the same, and it is not stored at
 * all when a render's outcome did not follow from its inputs alone (a timeout).
 */
import type { Finding, FindingUnit } from '../core/model';
import { analyseFile } from '../core/record';
import type { FileAnalysis } from '../core/record';
import { affectedBy, shapeOfIndexed, shapeOfRecord, shapesUnits } from '../core/units/shards';
import type { FileShape } from '../core/units/shards';
import type { ScopedRepository } from '../core/units/scoped';
import { CheckStore, runKey, textHash } from '../node/cache';
import type { LoadedConfig } from './config';
import type { CheckRequest } from './args';
import { locate } from './format';
import type { Located, Report } from './format';
import type { Io, LoadedWorkspace, ReadWorkspace } from './main';
import type { RenderInputs } from '../node/render/renderer';

export const plainUnit: FindingUnit = { kind: 'plain', root: null, variant: null };

/** A file of the last run: its name, text hash, shape, and how many of the run's diagnostics are its. */
type StoredFile = [file: string, hash: string, shape: FileShape, diagnostics: number];

interface StoredRun {
  /** The hash of every input. */
  readonly key: string;
  /** The hash of every input but the files. */
  readonly context: string;
  readonly report: Report;
  readonly files: StoredFile[];
  /** Whether a later run may re-analyse only the namespaces its changes touch. */
  readonly shardable: boolean;
  /** Each unit rendered, with the fingerprint of its inputs. */
  readonly renders: ReadonlyArray<[inputs: RenderInputs, fingerprint: string]>;
}

type Analyse = (part?: { only?: ReadonlySet<string>; known?: ReadonlyMap<string, FileAnalysis> }) => Promise<LoadedWorkspace>;

/** The findings of a check, from the last run where its inputs allow, else from analysis. */
export async function checkReport(read: ReadWorkspace, request: CheckRequest, io: Io, config: LoadedConfig | undefined, analyse: Analyse, fingerprints: (units: readonly RenderInputs[]) => string[]): Promise<Report> {
  const store = read.cacheFolder ? new CheckStore<StoredRun>(read.cacheFolder, process.cwd()) : undefined;
  if (!store) return reportOf(read, (await analyse()).repository).report;
  const context = contextKey(request, config, read);
  const key = runKey([context, ...[...read.texts.keys()].map((file) => `${file}\u0000${hashOf(read, file)}`)]);
  const previous = store.get(isStoredRun);
  const debug = (message: string): void => {
    if (io.env.K8S_ROUTE_DEBUG) io.stderr.write(`k8s-route: ${message}\n`);
  };
  if (previous?.key === key && sameRenders(previous.renders, fingerprints)) {
    debug(`${read.texts.size} files${previous.renders.length > 0 ? ` and ${previous.renders.length} renders` : ''} unchanged since the last run; its findings from the cache`);
    return previous.report;
  }
  const partial = previous && previous.context === context && previous.shardable ? await changedRun(previous, read, key, analyse, debug) : undefined;
  const { run, storable } = partial ? { run: partial, storable: true } : await fullRun(read, analyse, key, context);
  if (storable && !store.set(run) && read.cacheFolder!.tellFailure()) io.stderr.write(`k8s-route: cannot write the cache in ${read.cacheFolder!.directory}; continuing without it\n`);
  return run.report;
}

/**
 * Everything a check's findings follow from besides the files: the settings and options that
 * change analysis, the working folder, the configuration and the files that could not be read.
 * How the findings are printed (--format, --fail-on) is not part of it, nor are the tools and the
 * render timeout: a run that rendered is checked through each unit's fingerprint, which names the
 * tool found, and keeps settled outcomes only.
 */
function contextKey(request: CheckRequest, config: LoadedConfig | undefined, read: ReadWorkspace): string {
  const { format: _format, failOn: _failOn, cache: _cache, helmPath: _helm, kustomizePath: _kustomize, renderTimeoutMs: _timeout, given, ...options } = request;
  const printing = new Set(['--format', '--fail-on', '--cache', '--cache-location', '--helm', '--kustomize', '--render-timeout']);
  const plain = JSON.stringify({ ...options, given: [...given].filter((option) => !printing.has(option)) }, (_name, value: unknown) => (value instanceof Set ? [...value].sort() : value));
  return runKey(['check', plain, process.cwd(), config ? `${config.file}\u0000${config.text}` : '', ...read.problems.map((problem) => `${problem.path}\u0000${problem.message}`)]);
}

function hashOf(read: ReadWorkspace, file: string): string {
  const text = read.texts.get(file) ?? '';
  return read.hashes.get(file) ?? (text === '' ? '' : textHash(text));
}

/** A file's diagnostics: the repository's findings and those found while reading it. */
function diagnosticsOf(repository: ScopedRepository, read: ReadWorkspace, file: string, text: string): Located[] {
  const findings: Finding[] = [...repository.findings(file), ...read.skipped.filter((finding) => finding.file === file).map((finding) => ({ ...finding, unit: plainUnit }))];
  return locate(text, findings, (other) => read.texts.get(other) ?? '');
}

function shapeIn(repository: ScopedRepository, file: string): FileShape {
  return shapeOfIndexed(repository.plainIndexOf(file)?.objects(file) ?? []);
}

/** Whether every unit of the last run would read the same now (the fingerprints are computed only when there are units). */
function sameRenders(renders: StoredRun['renders'], fingerprints: (units: readonly RenderInputs[]) => string[]): boolean {
  if (renders.length === 0) return true;
  const now = fingerprints(renders.map(([inputs]) => inputs));
  return renders.every(([, fingerprint], position) => now[position] === fingerprint);
}

/** A plain repository: no render units, one scope, nothing that relates namespaces. */
function isShardable(loaded: LoadedWorkspace, read: ReadWorkspace, files: readonly StoredFile[]): boolean {
  return loaded.renders.length === 0 && loaded.repository.units().length === 0 && loaded.repository.plainIndexes().length === 1 && read.problems.length === 0 && files.every(([, , shape]) => !shape.wide);
}

/** Every file's diagnostics, in the order the files were read, with how many each file has. */
function reportOf(read: ReadWorkspace, repository: ScopedRepository): { report: Report; counts: number[] } {
  const diagnostics: Located[] = [];
  const counts: number[] = [];
  for (const [file, text] of read.texts) {
    const located = diagnosticsOf(repository, read, file, text);
    diagnostics.push(...located);
    counts.push(located.length);
  }
  return { report: { files: read.texts.size, objects: repository.objectCount(), diagnostics }, counts };
}

async function fullRun(read: ReadWorkspace, analyse: Analyse, key: string, context: string): Promise<{ run: StoredRun; storable: boolean }> {
  const loaded = await analyse();
  const { repository } = loaded;
  const { report, counts } = reportOf(read, repository);
  // What the next run needs to tell which files changed and what they touch: only kept with a cache.
  const files = [...read.texts.keys()].map((file, position): StoredFile => [file, hashOf(read, file), shapeIn(repository, file), counts[position]]);
  const renders = loaded.renders.flatMap(({ inputs, fingerprint }): Array<[RenderInputs, string]> => (fingerprint === undefined ? [] : [[inputs, fingerprint]]));
  const storable = loaded.renders.every((render) => render.settled && render.fingerprint !== undefined);
  return { run: { key, context, report, files, shardable: isShardable(loaded, read, files), renders }, storable };
}

/** At most this share of the files changed for a run to re-analyse only what they touch. */
const changedShare = 0.2;

/**
 * The run after a few files changed in a plain repository: the files of the namespaces they touch
 * are indexed again, the rest keep the last run's findings. Undefined when the changes reach
 * further (a unit, a policy, many files): then the whole workspace is analysed.
 */
async function changedRun(previous: StoredRun, read: ReadWorkspace, key: string, analyse: Analyse, debug: (message: string) => void): Promise<StoredRun | undefined> {
  const before = new Map(previous.files.map((entry) => [entry[0], entry]));
  const changed = [...read.texts.keys()].filter((file) => before.get(file)?.[1] !== hashOf(read, file));
  const isChanged = new Set(changed);
  const removed = [...before.keys()].filter((file) => !read.texts.has(file));
  const count = changed.length + removed.length;
  if (count === 0 || count > changedShare * read.texts.size || [...changed, ...removed].some(shapesUnits)) return undefined;
  // The changed files, analysed now, say which namespaces they are in.
  const sources = new Map(read.sources.map((source) => [source.path, source]));
  const known = new Map<string, FileAnalysis>();
  const now = new Map<string, FileShape>();
  for (const [file, entry] of before) if (read.texts.has(file)) now.set(file, entry[2]);
  for (const file of changed) {
    const source = sources.get(file);
    const analysis = source ? analyseFile(source, read.settings) : undefined;
    if (analysis) known.set(file, analysis);
    const shape = analysis ? shapeOfRecord(analysis, read.settings.defaultNamespace) : { namespaces: [], keys: [], objects: 0, wide: false };
    if (shape.wide) return undefined;
    now.set(file, shape);
  }
  const shards = affectedBy([...changed.map((file) => ({ before: before.get(file)?.[2], after: now.get(file) })), ...removed.map((file) => ({ before: before.get(file)![2], after: undefined }))], now);
  const affected = new Set([...shards.affected, ...changed]);
  const loaded = await analyse({ only: new Set([...affected, ...shards.context]), known });
  const { repository } = loaded;
  if (loaded.renders.length > 0 || repository.units().length > 0 || repository.plainIndexes().length !== 1) return undefined;
  // The index placed the changed files where their records said: else the shards were wrong.
  if (changed.some((file) => JSON.stringify(shapeIn(repository, file)) !== JSON.stringify(now.get(file)))) return undefined;
  debug(`${count} files changed since the last run; ${affected.size} files of their namespaces analysed again (${shards.context.size} more read for node ports and cluster IPs)`);
  // The last run's diagnostics by file, in its order.
  const old = new Map<string, readonly Located[]>();
  let position = 0;
  for (const [file, , , diagnostics] of previous.files) {
    old.set(file, previous.report.diagnostics.slice(position, position + diagnostics));
    position += diagnostics;
  }
  const diagnostics: Located[] = [];
  const files: StoredFile[] = [];
  let objects = previous.report.objects;
  for (const file of [...changed, ...removed]) objects -= before.get(file)?.[2].objects ?? 0;
  for (const [file, text] of read.texts) {
    if (!affected.has(file)) {
      diagnostics.push(...old.get(file)!);
      files.push(before.get(file)!);
      continue;
    }
    const located = diagnosticsOf(repository, read, file, text);
    const shape = shapeIn(repository, file);
    if (isChanged.has(file)) objects += shape.objects;
    diagnostics.push(...located);
    files.push([file, hashOf(read, file), shape, located.length]);
  }
  const run: StoredRun = { key, context: previous.context, report: { files: read.texts.size, objects, diagnostics }, files, shardable: isShardable(loaded, read, files), renders: [] };
  return run;
}

function isStoredRun(value: unknown): value is StoredRun {
  if (typeof value !== 'object' || value === null) return false;
  const run = value as Partial<StoredRun>;
  return typeof run.key === 'string' && typeof run.context === 'string' && typeof run.shardable === 'boolean' && Array.isArray(run.renders) && run.renders.every((render) => Array.isArray(render) && isRenderInputs(render[0]) && typeof render[1] === 'string') && isReport(run.report) && Array.isArray(run.files) && run.files.every(isStoredFile) && run.files.reduce((sum, entry) => sum + entry[3], 0) === run.report.diagnostics.length;
}

function isRenderInputs(value: unknown): value is RenderInputs {
  if (typeof value !== 'object' || value === null) return false;
  const inputs = value as Partial<RenderInputs>;
  return (inputs.kind === 'helm' || inputs.kind === 'kustomize') && typeof inputs.root === 'string' && Array.isArray(inputs.members) && Array.isArray(inputs.kustomizations) && typeof inputs.approximated === 'boolean';
}

function isStoredFile(value: unknown): value is StoredFile {
  if (!Array.isArray(value) || value.length !== 4 || typeof value[0] !== 'string' || typeof value[1] !== 'string' || typeof value[3] !== 'number') return false;
  const shape = value[2] as Partial<FileShape> | null;
  return typeof shape === 'object' && shape !== null && Array.isArray(shape.namespaces) && Array.isArray(shape.keys) && typeof shape.objects === 'number' && typeof shape.wide === 'boolean';
}

/** The shape of a stored report, checked before it is printed. */
function isReport(value: unknown): value is Report {
  if (typeof value !== 'object' || value === null) return false;
  const report = value as Partial<Report>;
  return typeof report.files === 'number' && typeof report.objects === 'number' && Array.isArray(report.diagnostics) && report.diagnostics.every((located) => typeof located === 'object' && located !== null && typeof located.line === 'number' && typeof located.finding?.code === 'string' && typeof located.finding.severity === 'string' && typeof located.finding.message === 'string' && Array.isArray(located.related));
}
