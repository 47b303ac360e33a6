/**
 * (h) What the cluster model costs a cold index: the same repository indexed in-process with it
 * (references nearest first across plain files and units, GitOps clusters read and a folder two
 * clusters deploy held by both) and without it (each unit seeing only itself, no GitOps reading),
 * rounds interleaved so both meet the same machine. The repository: the 2,000 generated files in
 * 40 folders, 10 kustomize bases with three overlays each (approximated: no tool runs here), and
 * two Flux cluster folders that deploy 30 and 20 of the 40 folders (10 of them in both).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { defaultSettings } from '../server/src/core/model';
import { ScopedRepository } from '../server/src/core/units/scoped';
import { collectFiles } from '../server/src/node/files';
import { generateRepository, generateWorkspace } from './generate';
import { median, now } from './lsp';

export interface ClusterBench {
  readonly files: number;
  /** The repository without its GitOps folders: nearest-first references across units, or each unit alone. */
  readonly plainWithMs: number;
  readonly plainWithoutMs: number;
  /** With the two Flux cluster folders: each cluster its own scope (files both deploy analysed twice), or none. */
  readonly withMs: number;
  readonly withoutMs: number;
  readonly clusters: number;
  readonly sharedFiles: number;
}

const flux = (name: string, path: string): string => `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: ${name}\n  namespace: flux-system\nspec:\n  sourceRef: {kind: GitRepository, name: flux-system}\n  path: ./${path}\n  interval: 10m\n`;

export function measureClusters(rounds: number): ClusterBench {
  const root = mkdtempSync(join(tmpdir(), 'k8s-route-bench-clusters-'));
  try {
    generateWorkspace(root, 2000, 42);
    generateRepository(root, 10, 0, 7);
    for (const [cluster, from, to] of [['east', 0, 30], ['west', 20, 40]] as const) {
      mkdirSync(join(root, 'clusters', cluster), { recursive: true });
      const documents: string[] = [];
      for (let folder = from; folder < to; folder++) documents.push(flux(`service-${folder}`, `service-${folder}`));
      for (let app = 0; app < 10; app++) documents.push(flux(`app-${app}`, `apps/app-${app}/overlays/${cluster === 'east' ? 'staging' : 'production'}`));
      writeFileSync(join(root, 'clusters', cluster, 'apps.yaml'), documents.join('---\n'));
    }
    const all = collectFiles([root]).files.map((file) => ({ path: relative(root, file).split('\\').join('/'), text: readFileSync(file, 'utf8') }));
    const plain = all.filter((source) => !source.path.startsWith('clusters/'));
    const index = (sources: typeof all, model: boolean): ScopedRepository => {
      const repository = new ScopedRepository(() => '', [{ key: '', label: undefined, settings: defaultSettings, gitops: model, seeEachOther: model }]);
      for (let start = 0; start < sources.length; start += 500) repository.update(...sources.slice(start, start + 500));
      for (const unit of repository.units()) repository.setRender(unit.id, { status: 'off' });
      return repository;
    };
    const time = (sources: typeof all, model: boolean): number => {
      const start = now();
      index(sources, model);
      return now() - start;
    };
    const times = { plainWith: [] as number[], plainWithout: [] as number[], with: [] as number[], without: [] as number[] };
    time(all, true);
    time(all, false);
    for (let round = 0; round < rounds; round++) {
      times.plainWith.push(time(plain, true));
      times.plainWithout.push(time(plain, false));
      times.with.push(time(all, true));
      times.without.push(time(all, false));
    }
    const sample = index(all, true);
    const shared = all.filter((source) => sample.scopeKeysOf(source.path).length > 1).length;
    const clusters = new Set(all.flatMap((source) => sample.scopeKeysOf(source.path)).filter((key) => key.includes('#gitops:'))).size;
    return { files: all.length, plainWithMs: median(times.plainWith), plainWithoutMs: median(times.plainWithout), withMs: median(times.with), withoutMs: median(times.without), clusters, sharedFiles: shared };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

// `node --import tsx bench/clusters.ts` runs this measurement alone.
if (process.argv[1]?.endsWith('clusters.ts')) {
  const result = measureClusters(Number(process.env.BENCH_ROUNDS ?? 5));
  console.log(JSON.stringify(result));
}
