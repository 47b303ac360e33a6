/**
 * A worker thread of the analysis pool (pool.ts): takes batches of files with the settings to
 * analyse them with and answers each with the files' records (core/record.ts). The core runs here
 * unchanged; only the host decides threads.
 */
import { parentPort } from 'node:worker_threads';
import type { AnalysisSettings } from '../core/model';
import { analyseFile } from '../core/record';
import type { FileAnalysis } from '../core/record';
import { textHash } from './cache';
import { readSource } from './files';

export interface WorkerJob {
  readonly id: number;
  readonly settings: AnalysisSettings;
  readonly files: ReadonlyArray<{ readonly path: string; readonly text: string }>;
}

export interface WorkerAnswer {
  readonly id: number;
  /** The files' records as JSON text: a string crosses threads as one copy, and JSON.parse reads plain data faster than the structured clone would. */
  readonly analyses: string;
}

/** Files to read from the disk, each answered with its text and hash (or why it was not read). */
export interface ReadJob {
  readonly id: number;
  readonly read: readonly string[];
}

/** What reading one file gave: its text and `textHash`, or it was too large, or the reason it could not be read. */
export type DiskRead = { readonly text: string; readonly hash: string } | { readonly tooLarge: number } | { readonly message: string };

export interface ReadAnswer {
  readonly id: number;
  readonly read: readonly DiskRead[];
}

/** Reads one file as `readSource` does, with the hash the cache keys it by. */
export function diskRead(file: string): DiskRead {
  const source = readSource(file);
  if ('message' in source) return { message: source.message };
  if ('tooLarge' in source) return { tooLarge: source.tooLarge };
  return { text: source.text, hash: textHash(source.text) };
}

parentPort?.on('message', (job: WorkerJob | ReadJob) => {
  if ('read' in job) {
    const answer: ReadAnswer = { id: job.id, read: job.read.map(diskRead) };
    parentPort!.postMessage(answer);
    return;
  }
  const analyses: FileAnalysis[] = job.files.map((file) => analyseFile(file, job.settings));
  const answer: WorkerAnswer = { id: job.id, analyses: JSON.stringify(analyses) };
  parentPort!.postMessage(answer);
});
