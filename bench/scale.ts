/**
 * (i) Monorepo scale: a generated workspace of 20,000 manifest files (bench/generate.ts, fixed
 * seed), checked by the built CLI and indexed by the built server, cold and from the persistent
 * cache, against the floor of reading and YAML-parsing the same files once in one thread
 * (in-process, measured in the same run). Then the render units of bench/units.ts: a second start
 * of the server with unchanged inputs, its tool runs counted.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { collectFiles } from '../server/src/node/files';
import { LspClient } from '../test/lsp/lspClient';
import { generateRepository, generateWorkspace } from './generate';
import { measureServer, measureStart, median, now, writeBenchFixtures } from './lsp';
import type { ServerMeasurements } from './lsp';

const root = join(__dirname, '..');
const cli = join(root, 'dist', 'cli.js');

export interface ScaleBenchmark {
  readonly files: number;
  readonly megabytes: number;
  readonly floorMs: number;
  readonly cold: CliRun;
  readonly coldOneThread: CliRun;
  readonly warm: CliRun;
  readonly warmOneChanged: CliRun;
  /** Parsing the changed file once, the allowance the issue gives the warm run with one change. */
  readonly changedParseMs: number;
  readonly serverCold: ServerMeasurements;
  readonly serverWarm: ServerMeasurements;
  /** Start to index done: the median of three starts, cold (each with an empty cache) and warm. */
  readonly serverColdMs: number;
  readonly serverWarmMs: number;
  readonly bigParseMs: number;
  readonly units: { readonly units: number; readonly coldToolRuns: number; readonly warmToolRuns: number; readonly warmMs: number };
}

interface CliRun {
  readonly ms: number;
  readonly peakRssMiB: number;
  readonly debug: string;
}

/** The run of median time. */
function medianRun(runs: readonly CliRun[]): CliRun {
  return [...runs].sort((left, right) => left.ms - right.ms)[Math.floor(runs.length / 2)];
}

/** One `check` of the folder by the built CLI, timed from outside, its peak memory from its own account. */
function check(folder: string, extra: readonly string[], env: NodeJS.ProcessEnv = {}): CliRun {
  const start = now();
  const result = spawnSync(process.execPath, [cli, 'check', '--no-render', '--format', 'json', ...extra, folder], { encoding: 'utf8', env: { ...process.env, K8S_ROUTE_DEBUG: '1', ...env }, maxBuffer: 1024 * 1024 * 1024 });
  const ms = now() - start;
  if (result.status !== 0 && result.status !== 1) throw new Error(`check failed: ${result.stderr}`);
  const peak = /peak RSS (\d+) MiB/.exec(result.stderr);
  return { ms, peakRssMiB: Number(peak?.[1] ?? 0), debug: result.stderr.split('\n').filter((line) => /read anew|since the last run/.test(line)).map((line) => line.replace(/^k8s-route: /, '')).join('; ') };
}

export async function measureScale(rounds: number, big: string): Promise<ScaleBenchmark> {
  const folder = mkdtempSync(join(tmpdir(), 'k8s-route-bench-20000-'));
  const cache = mkdtempSync(join(tmpdir(), 'k8s-route-bench-cache-'));
  try {
    generateWorkspace(folder, 20000, 42);
    mkdirSync(join(folder, 'orders'), { recursive: true });
    writeBenchFixtures(folder, big);
    const paths = collectFiles([folder]).files;
    let bytes = 0;
    const floorStart = now();
    for (const file of paths) {
      const text = readFileSync(file, 'utf8');
      bytes += text.length;
      parseAllDocuments(text, { merge: true, uniqueKeys: false });
    }
    const floorMs = now() - floorStart;

    // Starts and whole runs vary more than latencies: each is the median of three.
    const cold = medianRun(Array.from({ length: 3 }, () => check(folder, [])));
    const coldOneThread = check(folder, [], { K8S_ROUTE_THREADS: '1' });
    // The cache: written by a first run, then read by unchanged runs, then one file changes.
    const cliCache = join(cache, 'cli');
    check(folder, ['--cache-location', cliCache]);
    const warmRuns = Array.from({ length: rounds }, () => check(folder, ['--cache-location', cliCache]));
    const warm = warmRuns.sort((left, right) => left.ms - right.ms)[Math.floor(rounds / 2)];
    const changed = join(folder, 'orders', 'service.yaml');
    const changedRuns = Array.from({ length: rounds }, (_, round) => {
      appendFileSync(changed, `# edit ${round}\n`);
      return check(folder, ['--cache-location', cliCache]);
    });
    const warmOneChanged = changedRuns.sort((left, right) => left.ms - right.ms)[Math.floor(rounds / 2)];
    const changedText = readFileSync(changed, 'utf8');
    const changedParseMs = median(Array.from({ length: 9 }, () => {
      const start = now();
      parseAllDocuments(changedText, { merge: true, uniqueKeys: false });
      return now() - start;
    }));

    // The server: a first start fills its cache, a second reads it.
    const serverCache = join(cache, 'server');
    const coldStarts: number[] = [];
    for (let round = 0; round < 2; round++) {
      const fresh = join(cache, `server-cold-${round}`);
      coldStarts.push(await measureStart(folder, paths.length, { cacheLocation: fresh }));
      rmSync(fresh, { recursive: true, force: true });
    }
    const serverCold = await measureServer(folder, paths.length, Math.max(3, rounds), { cacheLocation: serverCache });
    const serverWarm = await measureServer(folder, paths.length, Math.max(3, rounds), { cacheLocation: serverCache });
    const warmStarts = [serverWarm.coldIndexMs];
    for (let round = 0; round < 2; round++) warmStarts.push(await measureStart(folder, paths.length, { cacheLocation: serverCache }));
    const serverColdMs = median([serverCold.coldIndexMs, ...coldStarts]);
    const serverWarmMs = median(warmStarts);
    const bigParseMs = median(Array.from({ length: 9 }, () => {
      const start = now();
      parseAllDocuments(big, { merge: true, uniqueKeys: false });
      return now() - start;
    }));
    return { files: paths.length, megabytes: bytes / 1024 / 1024, floorMs, cold, coldOneThread, warm, warmOneChanged, changedParseMs, serverCold, serverWarm, serverColdMs, serverWarmMs, bigParseMs, units: await measureUnitRestart() };
  } finally {
    rmSync(folder, { recursive: true, force: true });
    rmSync(cache, { recursive: true, force: true });
  }
}

/** The 50 render units of bench/units.ts, started twice with one cache: tool runs each time, and how long the second start takes until every unit has landed. */
async function measureUnitRestart(): Promise<ScaleBenchmark['units']> {
  const tools = execFileSync(process.execPath, [join(root, 'scripts', 'tools.mjs')], { encoding: 'utf8' }).trim();
  const repository = mkdtempSync(join(tmpdir(), 'k8s-route-bench-units-cache-'));
  const cache = mkdtempSync(join(tmpdir(), 'k8s-route-bench-units-store-'));
  try {
    generateRepository(repository, 10, 10, 11);
    const start = async (): Promise<{ toolRuns: number; ms: number; units: number }> => {
      const client = new LspClient();
      client.settings = { helm: { path: join(tools, 'helm') }, kustomize: { path: join(tools, 'kubectl') } };
      const started = now();
      try {
        await client.initialize(repository, { initializationOptions: { debounceMs: 0, cacheLocation: cache } });
        const states = (): Array<{ indexing: boolean; rendering?: { total?: number } }> => client.notifications.filter((note) => note.method === 'k8sRoute/indexState').map((note) => note.params);
        // Done: the scan is over, renders were asked for, and none is running any more.
        await client.until(() => {
          const all = states();
          const asked = all.some((state) => state.rendering !== undefined);
          const last = all[all.length - 1];
          return asked && last !== undefined && !last.indexing && last.rendering === undefined;
        });
        const ms = now() - started;
        const asked = Math.max(...states().map((state) => state.rendering?.total ?? 0));
        const toolRuns = client.notifications.filter((note) => note.method === 'window/logMessage' && /^k8s-route: rendered /.test(note.params.message)).length;
        return { toolRuns, ms, units: asked };
      } finally {
        await client.stop();
      }
    };
    const cold = await start();
    const warm = await start();
    return { units: cold.units, coldToolRuns: cold.toolRuns, warmToolRuns: warm.toolRuns, warmMs: warm.ms };
  } finally {
    rmSync(repository, { recursive: true, force: true });
    rmSync(cache, { recursive: true, force: true });
  }
}
