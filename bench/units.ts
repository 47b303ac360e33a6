/**
 * The render-unit benchmark: a generated repository of 30 kustomize overlays and 10 charts (with a
 * production variant each, so 20 chart renders). The floor is the tools' own time: every unit's
 * render command run on its own, one after another, summed and divided by the renderer's
 * concurrency. The measure is the whole cold index through the same code the CLI runs (detection,
 * rendering two at a time, reading the output back, analysis, mapping findings to their lines).
 * Then one base file changes and the re-renders are counted.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { defaultSettings } from '../server/src/core/model';
import { RepositoryIndex } from '../server/src/core/units/repository';
import { collectFiles } from '../server/src/node/files';
import { defaultRenderLimits, UnitRenderer } from '../server/src/node/render/renderer';
import { generateRepository } from './generate';
import { median, now } from './lsp';

/** The pinned helm and kubectl (scripts/tools.mjs), extracted on first use. */
function ensureTools(): string {
  return execFileSync(process.execPath, [join(__dirname, '..', 'scripts', 'tools.mjs')], { encoding: 'utf8' }).trim();
}

export interface UnitBenchmark {
  readonly overlays: number;
  readonly chartRenders: number;
  readonly toolsMs: number;
  readonly floorMs: number;
  /** The same tool runs, two at a time, by a bare scheduler: what two processes on this machine really take. */
  readonly parallelToolsMs: number;
  /** Of the cold index: detection and reading files, and analysis with mapping, apart from rendering. */
  readonly analysisMs: number;
  readonly coldMs: number;
  readonly reRendered: number;
  readonly unitsOfBase: number;
  readonly totalUnits: number;
}

export async function measureUnits(rounds: number): Promise<UnitBenchmark> {
  const tools = ensureTools();
  const helm = join(tools, 'helm');
  const kubectl = join(tools, 'kubectl');
  const root = mkdtempSync(join(tmpdir(), 'k8s-route-bench-units-'));
  try {
    const { bases } = generateRepository(root, 10, 10, 11);
    const load = (): { repository: RepositoryIndex; texts: Map<string, string> } => {
      const texts = new Map(collectFiles([root]).files.map((file) => [file, readFileSync(file, 'utf8')]));
      const repository = new RepositoryIndex(defaultSettings);
      repository.update(...[...texts].map(([path, text]) => ({ path, text })));
      return { repository, texts };
    };
    const units = load().repository.units();

    // The floor: each tool run alone, as the renderer would run it.
    const wrappers = new Map<string, string>();
    const commandOf = (unit: (typeof units)[number]): [string, string[]] => {
      if (unit.kind === 'helm') return [helm, ['template', unit.chartName ?? 'x', unit.root, '--namespace', 'default', '--skip-tests', ...(unit.variant ? ['--values', unit.variant] : [])]];
      let wrapper = wrappers.get(unit.id);
      if (!wrapper) {
        wrapper = mkdtempSync(join(tmpdir(), 'k8s-route-bench-wrapper-'));
        writeFileSync(join(wrapper, 'kustomization.yaml'), `resources:\n- ${JSON.stringify(relative(wrapper, unit.root))}\nbuildMetadata: [originAnnotations]\n`);
        wrappers.set(unit.id, wrapper);
      }
      return [kubectl, ['kustomize', wrapper]];
    };
    const toolRun = (unit: (typeof units)[number]): number => {
      const [command, args] = commandOf(unit);
      const start = now();
      spawnSync(command, args, { encoding: 'utf8' });
      return now() - start;
    };
    const parallelTools = async (): Promise<number> => {
      const start = now();
      const queue = [...units];
      const worker = async (): Promise<void> => {
        for (let unit = queue.shift(); unit; unit = queue.shift()) {
          const [command, args] = commandOf(unit);
          await new Promise((resolve) => spawn(command, args, { stdio: 'ignore' }).on('close', resolve));
        }
      };
      await Promise.all(Array.from({ length: defaultRenderLimits.concurrency }, worker));
      return now() - start;
    };
    const cold = async (): Promise<{ ms: number; analysisMs: number; repository: RepositoryIndex; renderer: UnitRenderer }> => {
      const start = now();
      const { repository } = load();
      const loaded = now();
      const renderer = new UnitRenderer({ helmPath: helm, kustomizePath: kubectl, namespace: 'default', ...defaultRenderLimits }, { toFs: (path) => path, fromFs: (path) => path });
      const results = await Promise.all(repository.units().map(async (unit) => ({ unit, result: await renderer.render(unit) })));
      const rendered = now();
      for (const { unit, result } of results) repository.setRender(unit.id, result.outcome);
      for (const path of repository.paths()) repository.findings(path);
      const end = now();
      return { ms: end - start, analysisMs: loaded - start + (end - rendered), repository, renderer };
    };
    for (const unit of units) toolRun(unit);
    const toolTimes: number[] = [];
    const parallelTimes: number[] = [];
    const coldTimes: number[] = [];
    const analysisTimes: number[] = [];
    let last: Awaited<ReturnType<typeof cold>> | undefined;
    for (let round = 0; round < rounds; round++) {
      toolTimes.push(units.reduce((sum, unit) => sum + toolRun(unit), 0));
      parallelTimes.push(await parallelTools());
      last = await cold();
      coldTimes.push(last.ms);
      analysisTimes.push(last.analysisMs);
    }
    for (const wrapper of wrappers.values()) rmSync(wrapper, { recursive: true, force: true });
    // An edit to one base file: only the overlays that build from it render again.
    const { repository, renderer } = last!;
    const baseFile = join(bases[0], 'app.yaml');
    const edited = readFileSync(baseFile, 'utf8').replace('replicas:', 'replicas: 2\n  # edited\n  minReadySeconds: 1\n  revisionHistoryLimit:');
    writeFileSync(baseFile, edited);
    const before = renderer.runs;
    const update = repository.update({ path: baseFile, text: edited });
    const stale = update.staleUnits;
    await Promise.all(repository.units().map((unit) => renderer.render(unit)));
    const toolsMs = median(toolTimes);
    return {
      overlays: units.filter((unit) => unit.kind === 'kustomize').length,
      chartRenders: units.filter((unit) => unit.kind === 'helm').length,
      toolsMs,
      floorMs: toolsMs / defaultRenderLimits.concurrency,
      parallelToolsMs: median(parallelTimes),
      analysisMs: median(analysisTimes),
      coldMs: median(coldTimes),
      reRendered: renderer.runs - before,
      unitsOfBase: stale.length,
      totalUnits: units.length,
    };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
