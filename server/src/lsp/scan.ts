/**
 * Reading the workspace for a scan: every file's text (an open document's from the editor), what
 * the persistent cache knows of it, and the rest analysed on every core by the pool. It keeps no
 * state: the server hands it the files, the cache and the pool, and gets back the sources to index,
 * each with its analysis, in the order the index should take them (files that shape render units
 * first, so no file is taken for a plain manifest before the kustomization that owns it arrives).
 */
import type { AnalysisSettings, SourceFile } from '../core/model';
import { analysisKey } from '../core/record';
import type { FileAnalysis } from '../core/record';
import { shapesUnits } from '../core/units/shards';
import type { FileStore } from '../node/cache';
import type { DiskRead } from '../node/analysisWorker';
import type { AnalysisPool } from '../node/pool';

export interface ScanReader {
  readonly pool: AnalysisPool;
  /** The persistent cache of file analyses, when the client gave the server a place for it. */
  readonly store: FileStore | undefined;
  /**
   * The source of one file: the open document's text, else the disk's (undefined when unreadable
   * or skipped); `disk` is the file as a worker thread already read it.
   */
  read(uri: string, file: string, disk?: DiskRead): SourceFile | undefined;
  /** The settings a file is analysed with. */
  settingsOf(uri: string): AnalysisSettings;
  /** Files read or analysed so far, of how many. */
  progress(done: number, total: number, doing: 'reading' | 'analysing'): void;
}

export interface ScanRead {
  readonly sources: SourceFile[];
  /** Each read file's hash in the cache, to remember it by. */
  readonly hashes: ReadonlyMap<string, string>;
  readonly fromCache: number;
  readonly analysed: number;
  /** Whether a worker thread read the files while this one parsed the cached records. */
  readonly readAhead: boolean;
}

export async function readForScan(files: ReadonlyArray<{ readonly uri: string; readonly file: string }>, reader: ScanReader): Promise<ScanRead> {
  const sources: SourceFile[] = [];
  const hashes = new Map<string, string>();
  let fromCache = 0;
  // The files the cache cannot answer, by the settings they are analysed with (each computed once
  // per file). Open documents are parsed by the index itself, which keeps their YAML for editing.
  const groups = new Map<string, { settings: AnalysisSettings; positions: number[] }>();
  const keys = new Map<AnalysisSettings, string>();
  // With a cache, the disk is read by a worker thread while this one parses the stored records,
  // which needs only the files' names; the two meet below.
  const ahead = reader.store ? reader.pool.readAhead(files.map(({ file }) => file)) : undefined;
  if (ahead) reader.store!.preload(files.map(({ uri }) => uri));
  for (const [position, { uri, file }] of files.entries()) {
    const disk = ahead ? await ahead.get(position) : undefined;
    const source = reader.read(uri, file, disk);
    if ((position + 1) % 1000 === 0) {
      reader.progress(position + 1, files.length, 'reading');
      await new Promise((resolve) => setImmediate(resolve));
    }
    if (!source) continue;
    if (source.editing) {
      sources.push(source);
      continue;
    }
    const settings = reader.settingsOf(uri);
    let key = keys.get(settings);
    if (key === undefined) keys.set(settings, (key = analysisKey(settings)));
    const known = reader.store?.lookup(uri, source.text, key, disk && 'hash' in disk && disk.text === source.text ? disk.hash : undefined);
    if (known) hashes.set(uri, known.hash);
    if (known?.analyses) {
      fromCache++;
      sources.push({ ...source, analyses: known.analyses });
      continue;
    }
    const group = groups.get(key) ?? { settings, positions: [] };
    group.positions.push(sources.length);
    groups.set(key, group);
    sources.push(source);
  }
  // The rest on every core.
  const total = [...groups.values()].reduce((count, group) => count + group.positions.length, 0);
  let before = 0;
  for (const { settings, positions } of groups.values()) {
    const analyses: FileAnalysis[] = await reader.pool.analyse(
      positions.map((position) => sources[position]),
      settings,
      (done) => reader.progress(before + done, total, 'analysing'),
    );
    positions.forEach((position, order) => (sources[position] = { ...sources[position], analyses: [analyses[order]] }));
    before += positions.length;
  }
  return { sources: [...sources.filter((source) => shapesUnits(source.path)), ...sources.filter((source) => !shapesUnits(source.path))], hashes, fromCache, analysed: total, readAhead: ahead !== undefined };
}
