/**
 * `k8s-route`: the command-line checker. Collects files, reads them, runs the core over them as
 * one workspace and prints the findings. Exit 0 without errors, 1 with errors, 2 on usage or I/O
 * errors (after checking every file it could read).
 */
import packageJson from '../../../package.json';
import type { AnalysisSettings, Finding, SourceFile } from '../core/model';
import { computeRoute, findServices } from '../core/features/route';
import { WorkspaceIndex } from '../core/workspace';
import { parseArgs, usage, UsageError } from './args';
import type { CheckRequest, RouteRequest } from './args';
import { ChartTemplateCache, collectFiles, maxFileBytes, readSource } from '../node/files';
import type { ReadProblem } from '../node/files';
import { formatRoute } from '../protocol/routeText';
import { formatJson, formatSarif, formatText, locate } from './format';
import type { Located } from './format';

/** Streams the CLI talks to; tests pass their own. */
export interface Io {
  readonly stdout: NodeJS.WritableStream & { isTTY?: boolean };
  readonly stderr: NodeJS.WritableStream & { isTTY?: boolean };
  readonly env: NodeJS.ProcessEnv;
}

export function run(argv: readonly string[], io: Io): number {
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
  return request.command === 'route' ? route(request, io) : check(request, io);
}

interface LoadedWorkspace {
  readonly index: WorkspaceIndex;
  /** Every file read, with its text ('' for files skipped as too large). */
  readonly texts: Map<string, string>;
  readonly problems: ReadProblem[];
  readonly skipped: Finding[];
}

/** Collects and reads the files of a request into a workspace index, showing progress on a terminal. */
function loadWorkspace(request: CheckRequest | RouteRequest, io: Io): LoadedWorkspace {
  const settings: AnalysisSettings = {
    nodePortRange: request.nodePortRange,
    serviceCidrs: request.serviceCidrs,
    defaultNamespace: request.namespace,
    disabledRules: request.disabled,
  };
  const { files, problems } = collectFiles(request.paths);
  const progress = createProgress(io, files.length);
  const chartTemplates = new ChartTemplateCache();
  const index = new WorkspaceIndex(settings);
  const texts = new Map<string, string>();
  const skipped: Finding[] = [];
  // Files go into the index in batches so a long run can show progress.
  let batch: SourceFile[] = [];
  const flush = (): void => {
    index.update(...batch);
    batch = [];
  };
  files.forEach((file, position) => {
    progress(position);
    const source = readSource(file, chartTemplates);
    if ('message' in source) {
      problems.push(source);
      return;
    }
    if ('tooLarge' in source) {
      texts.set(source.path, '');
      if (!settings.disabledRules.has('file/too-large')) skipped.push(tooLargeFinding(source.path, source.tooLarge));
      return;
    }
    texts.set(source.path, source.text);
    batch.push(source);
    if (batch.length >= 100) flush();
  });
  flush();
  progress(files.length);
  for (const problem of problems) io.stderr.write(`k8s-route: cannot read ${problem.path}: ${problem.message}\n`);
  return { index, texts, problems, skipped };
}

function check(request: CheckRequest, io: Io): number {
  const { index, texts, problems, skipped } = loadWorkspace(request, io);
  const diagnostics: Located[] = [];
  for (const [path, text] of texts) {
    diagnostics.push(...locate(text, [...index.findings(path), ...skipped.filter((finding) => finding.file === path)], (file) => texts.get(file) ?? ''));
  }
  const report = { files: texts.size, objects: index.objectCount(), diagnostics };
  if (request.format === 'json') io.stdout.write(formatJson(report));
  else if (request.format === 'sarif') io.stdout.write(formatSarif(report, packageJson.version));
  else io.stdout.write(formatText(report, io.stdout.isTTY === true && !io.env.NO_COLOR));

  if (problems.length > 0) return 2;
  const failing = request.failOn === 'warning' ? ['error', 'warning'] : ['error'];
  return diagnostics.some((located) => failing.includes(located.finding.severity)) ? 1 : 0;
}

function route(request: RouteRequest, io: Io): number {
  const { index, problems } = loadWorkspace(request, io);
  const matches = findServices(index, request.service);
  if (matches.length !== 1) {
    const known = index.objects().filter((object) => object.object.recognized === 'Service').map((object) => `${object.namespace}/${object.object.name ?? ''}`);
    const unique = [...new Set(known)].sort();
    const reason = matches.length === 0 ? `no Service "${request.service}" in the given files` : `"${request.service}" names ${matches.length} Services; add the namespace (NAMESPACE/NAME) or check the duplicates`;
    io.stderr.write(`k8s-route: ${reason}\n${unique.length > 0 ? `Services found:\n${unique.map((name) => `  ${name}`).join('\n')}\n` : 'No Services were found.\n'}`);
    return 2;
  }
  const model = computeRoute(index, matches[0]);
  if (request.format === 'json') io.stdout.write(`${JSON.stringify(model)}\n`);
  else io.stdout.write(formatRoute(model, io.stdout.isTTY === true && !io.env.NO_COLOR));
  if (problems.length > 0) return 2;
  // Like check, 1 means "something is wrong": here, a port whose traffic cannot arrive.
  return model.lanes.some((lane) => lane.hops.some((hop) => hop.status === 'broken')) ? 1 : 0;
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
function createProgress(io: Io, total: number): (done: number) => void {
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
    io.stderr.write(`\rchecking ${done}/${total} files (${percent}%)`);
  };
}

if (require.main === module) {
  process.exitCode = run(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env });
}
