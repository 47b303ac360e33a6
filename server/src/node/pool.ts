/**
 * The analysis pool: parses files and runs their single-object rules on every core, the CLI's and
 * the language server's. Files go out in batches to worker threads (analysisWorker.ts) and to this
 * thread, which takes its share between answers; each file comes back as its record
 * (core/record.ts), which the index takes without parsing. With one core, or too little to share,
 * it analyses here, as before, with nothing started.
 */
import { availableParallelism } from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { AnalysisSettings, SourceFile } from '../core/model';
import { analyseFile } from '../core/record';
import type { FileAnalysis } from '../core/record';
import { diskRead } from './analysisWorker';
import type { DiskRead, ReadAnswer, ReadJob, WorkerAnswer, WorkerJob } from './analysisWorker';

/** Below this much text, starting a thread costs more than it saves. */
const minimumSharedBytes = 2 * 1024 * 1024;
/** Reading ahead in a thread pays from about this many files. */
const minimumReadAhead = 2000;
/** Files per read job: answers arrive steadily, each a modest message. */
const readBatch = 500;
/** About this much text per batch: small enough to share out evenly, large enough to pay for the message. */
const batchBytes = 256 * 1024;

/** The threads to use: `K8S_ROUTE_THREADS` when set (1: this thread only), else one per core. */
export function threadsFrom(env: NodeJS.ProcessEnv): number {
  const wanted = Number(env.K8S_ROUTE_THREADS);
  if (Number.isInteger(wanted) && wanted >= 1) return Math.min(wanted, 64);
  return Math.max(1, availableParallelism());
}

export class AnalysisPool {
  private readonly workers: Worker[] = [];
  private nextJob = 0;
  /** Files analysed by worker threads and by this one, for the log and the tests. */
  readonly counts = { inWorkers: 0, here: 0 };

  /**
   * @param threads how many threads may analyse at once, this one included.
   * @param trouble hears why a worker thread failed (its batches are then analysed in this thread).
   */
  constructor(
    private readonly threads: number,
    private readonly trouble: (message: string) => void = () => {},
  ) {}

  /** The records of `files`, in their order, made with `settings`; `progress` hears how many are done as batches finish. */
  async analyse(files: readonly SourceFile[], settings: AnalysisSettings, progress?: (done: number) => void): Promise<FileAnalysis[]> {
    const bytes = files.reduce((total, file) => total + file.text.length, 0);
    const batches = batchesOf(files);
    if (this.threads <= 1 || bytes < minimumSharedBytes) {
      // Here, batch by batch, so a long run still tells its progress.
      const analyses: FileAnalysis[] = [];
      for (const batch of batches) {
        analyses.push(...this.here(batch, settings));
        progress?.(analyses.length);
      }
      return analyses;
    }
    const results: FileAnalysis[][] = new Array(batches.length);
    let taken = 0;
    const take = (): number | undefined => (taken < batches.length ? taken++ : undefined);
    const workers = this.start(Math.min(this.threads - 1, batches.length - 1));
    // Busy workers keep the process alive until their answers are in.
    for (const worker of workers) worker.ref();
    await new Promise<void>((resolve) => {
      let done = 0;
      let finished = 0;
      const finish = (position: number, analyses: FileAnalysis[]): void => {
        results[position] = analyses;
        finished += analyses.length;
        progress?.(finished);
        if (++done === batches.length) resolve();
      };
      // Each worker keeps two batches in hand, so it never waits while this thread is busy.
      for (const worker of workers) {
        const sent = new Map<number, number>();
        const send = (): void => {
          const position = take();
          if (position === undefined) return;
          const id = this.nextJob++;
          sent.set(id, position);
          const job: WorkerJob = { id, settings, files: batches[position].map(({ path: file, text }) => ({ path: file, text })) };
          worker.postMessage(job);
        };
        const onMessage = (answer: WorkerAnswer): void => {
          const position = sent.get(answer.id);
          if (position === undefined) return;
          sent.delete(answer.id);
          send();
          if (sent.size === 0) detach();
          const analyses = JSON.parse(answer.analyses) as FileAnalysis[];
          this.counts.inWorkers += analyses.length;
          finish(position, analyses);
        };
        // A worker that fails (or stops) hands its batches back to this thread.
        const onError = (): void => {
          detach();
          for (const position of sent.values()) finish(position, this.here(batches[position], settings));
          sent.clear();
          this.drop(worker);
        };
        const detach = (): void => {
          worker.off('message', onMessage);
          worker.off('error', onError);
          worker.off('exit', onError);
        };
        worker.on('message', onMessage);
        worker.on('error', onError);
        worker.on('exit', onError);
        send();
        send();
      }
      // This thread takes its share between answers.
      const work = (): void => {
        const position = take();
        if (position === undefined) return;
        finish(position, this.here(batches[position], settings));
        setImmediate(work);
      };
      setImmediate(work);
    });
    for (const worker of workers) worker.unref();
    return results.flat();
  }

  /**
   * Starts reading `files` from the disk in a worker thread, so this thread can do other work
   * meanwhile (the language server parses its cached records); `undefined` with one core, or for
   * too few files to pay for a thread. A file whose answer never comes (the worker failed) is read
   * here when asked for.
   */
  readAhead(files: readonly string[]): ReadAhead | undefined {
    if (this.threads <= 1 || files.length < minimumReadAhead) return undefined;
    const [worker] = this.start(1);
    if (!worker) return undefined;
    const answers: Array<DiskRead | undefined> = new Array(files.length);
    const waiting = new Set<() => void>();
    const jobs = new Map<number, number>();
    let failed = false;
    const settle = (): void => {
      for (const wake of waiting) wake();
      waiting.clear();
    };
    const onMessage = (answer: ReadAnswer): void => {
      const first = jobs.get(answer.id);
      if (first === undefined || !('read' in answer)) return;
      jobs.delete(answer.id);
      answer.read.forEach((read, offset) => (answers[first + offset] = read));
      if (jobs.size === 0) detach();
      settle();
    };
    const onError = (): void => {
      failed = true;
      detach();
      settle();
    };
    const detach = (): void => {
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onError);
      worker.unref();
    };
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onError);
    worker.ref();
    for (let first = 0; first < files.length; first += readBatch) {
      const id = this.nextJob++;
      jobs.set(id, first);
      const job: ReadJob = { id, read: files.slice(first, first + readBatch) };
      worker.postMessage(job);
    }
    return {
      get: async (position: number): Promise<DiskRead> => {
        while (answers[position] === undefined && !failed) await new Promise<void>((resolve) => waiting.add(resolve));
        return answers[position] ?? diskRead(files[position]);
      },
    };
  }

  /** Stops the worker threads. */
  close(): void {
    for (const worker of this.workers.splice(0)) void worker.terminate();
  }

  private here(files: readonly SourceFile[], settings: AnalysisSettings): FileAnalysis[] {
    this.counts.here += files.length;
    return files.map((file) => analyseFile(file, settings));
  }

  private start(count: number): Worker[] {
    while (this.workers.length < count) {
      let worker: Worker;
      try {
        worker = startWorker();
      } catch (error) {
        this.trouble(`a worker thread could not start (${error instanceof Error ? error.message : String(error)}); files are analysed in the main thread`);
        break;
      }
      // An idle worker never keeps the process alive.
      worker.unref();
      worker.on('error', (error) => {
        this.trouble(`a worker thread failed (${error instanceof Error ? error.message : String(error)}); its files are analysed in the main thread`);
        this.drop(worker);
      });
      worker.on('exit', () => this.drop(worker));
      this.workers.push(worker);
    }
    return this.workers.slice(0, count);
  }

  private drop(worker: Worker): void {
    const position = this.workers.indexOf(worker);
    if (position !== -1) this.workers.splice(position, 1);
    void worker.terminate();
  }
}

/** Files being read by a worker thread, by their position in the list given. */
export interface ReadAhead {
  get(position: number): Promise<DiskRead>;
}

/** A worker running dist/worker.js beside this bundle, or, run from source (tests, the bench), the source through tsx. */
function startWorker(): Worker {
  if (!__filename.endsWith('.ts')) return new Worker(path.join(__dirname, 'worker.js'));
  return new Worker(`require('tsx/cjs'); require(${JSON.stringify(path.join(__dirname, 'analysisWorker.ts'))});`, { eval: true });
}

function batchesOf(files: readonly SourceFile[]): SourceFile[][] {
  const batches: SourceFile[][] = [];
  let current: SourceFile[] = [];
  let size = 0;
  for (const file of files) {
    current.push(file);
    size += file.text.length;
    if (size >= batchBytes) {
      batches.push(current);
      current = [];
      size = 0;
    }
  }
  if (current.length > 0) batches.push(current);
  return batches;
}
