/**
 * A worker thread of the analysis pool (pool.ts): takes batches of files with the settings to
 * analyse them with and answers each with the files' records (core/record.ts). The core runs here
 * unchanged; only the host decides threads.
 */
import { parentPort } from 'node:worker_threads';
import type { AnalysisSettings } from '../core/model';
import { analyseFile } from '../core/record';
import type { FileAnalysis } from '../core/record';

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

parentPort?.on('message', (job: WorkerJob) => {
  const analyses: FileAnalysis[] = job.files.map((file) => analyseFile(file, job.settings));
  const answer: WorkerAnswer = { id: job.id, analyses: JSON.stringify(analyses) };
  parentPort!.postMessage(answer);
});
