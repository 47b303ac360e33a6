/**
 * The persistent cache: what the engine learned of the workspace's files and render units, kept on
 * disk so the next run reads it instead of parsing and rendering again.
 *
 * Every cache file is written whole to a temporary name and renamed into place, so a reader (or a
 * second run writing at the same time) never sees half a file. A file starts with a magic line and
 * the SHA-256 of its body; the body (JSON, which reads plain data fastest) names the engine build
 * that wrote it. A file
 * that is truncated, corrupt, of another engine build or of another format is ignored and written
 * again; nothing read from it is trusted before those checks pass.
 *
 * - files: per workspace, 16 files of `path → { hash of the text, its analyses }` (core/record.ts),
 *   each object's model stored apart and parsed when first read (`entryLine`). An entry is used
 *   only when the text read now has the same hash: a file edited behind the cache's back, with the
 *   same size and time, is analysed again.
 * - renders: one file per render unit, `hash of its inputs → the tool's output` (renderer.ts).
 * - check, index: per workspace, one whole value: the last `check` run (cli/checkRun.ts), and what
 *   the language server's index derived at its last start (lsp/seeds.ts).
 */
import { createHash, randomBytes, webcrypto } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import packageJson from '../../../package.json';
import type { IndexKeys } from '../core/indexKeys';
import type { Finding, Span } from '../core/model';
import { analysisFormat } from '../core/record';
import type { FileAnalysis, ObjectAnalysis } from '../core/record';
import type { DecodedObject } from '../core/rules/registry';

const magic = Buffer.from('k8s-route cache 1\n');
const digestBytes = 32;

/** The engine build: its version and a hash of the code that runs (any change to it invalidates). */
export function engineStamp(): string {
  let code = '';
  try {
    code = createHash('sha256').update(fs.readFileSync(__filename)).digest('hex').slice(0, 16);
  } catch {
    code = 'unknown';
  }
  return `${packageJson.version}+${code}+${analysisFormat}`;
}

/** Where `--cache` keeps its files by default: node_modules/.cache/k8s-route when there is a node_modules, else the user's cache folder. */
export function defaultCacheLocation(cwd: string, env: NodeJS.ProcessEnv): string {
  const modules = path.join(cwd, 'node_modules');
  if (isDirectory(modules)) return path.join(modules, '.cache', 'k8s-route');
  return userCacheFolder(env);
}

function userCacheFolder(env: NodeJS.ProcessEnv): string {
  if (process.platform === 'win32') return path.join(env.LOCALAPPDATA || path.join(os.homedir(), 'AppData', 'Local'), 'k8s-route', 'Cache');
  if (process.platform === 'darwin') return path.join(os.homedir(), 'Library', 'Caches', 'k8s-route');
  return path.join(env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'k8s-route');
}

/**
 * Creates a folder and its missing parents one by one. Node's recursive mkdirSync never returns
 * where mkdir answers ENOENT under a parent that exists (/proc): here each level is tried once.
 */
function makeFolder(directory: string): void {
  const missing: string[] = [];
  for (let folder = path.resolve(directory); !isDirectory(folder); folder = path.dirname(folder)) {
    missing.push(folder);
    if (path.dirname(folder) === folder) break;
  }
  for (const folder of missing.reverse()) {
    try {
      fs.mkdirSync(folder);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}

function isDirectory(folder: string): boolean {
  try {
    return fs.statSync(folder).isDirectory();
  } catch {
    return false;
  }
}

/** An item of a list that is already JSON text (read with `readLines` and kept as it was, or encoded by `entryLine`). */
class RawJson {
  constructor(readonly text: Buffer) {}
}

/** One folder of cache files, each checked on reading and replaced atomically on writing. */
export class CacheFolder {
  constructor(
    readonly directory: string,
    readonly stamp: string = engineStamp(),
  ) {}

  private failureTold = false;

  /** True the first time it is asked after a write failed: a host says once that it goes on without the cache. */
  tellFailure(): boolean {
    if (this.failureTold) return false;
    this.failureTold = true;
    return true;
  }

  /** The payload stored under `name`, or undefined when there is none or it cannot be trusted. */
  read(name: string): unknown {
    const body = this.trustedBody(name);
    if (!body) return undefined;
    try {
      const envelope = JSON.parse(body.toString('utf8')) as unknown;
      if (!isRecord(envelope) || envelope.stamp !== this.stamp || !('payload' in envelope)) return undefined;
      return envelope.payload;
    } catch {
      return undefined;
    }
  }

  /**
   * The JSON text of each item of a list stored by `writeList`, as bytes, unparsed: for a reader
   * that parses only the items it needs; undefined when the file cannot be trusted.
   */
  readLines(name: string): Buffer[] | undefined {
    const body = this.trustedBody(name);
    if (!body) return undefined;
    const head = `{"stamp":${JSON.stringify(this.stamp)},"payload":[\n`;
    if (body.length < head.length + 2 || body.toString('utf8', 0, head.length) !== head || body.toString('utf8', body.length - 2) !== ']}') return undefined;
    const lines: Buffer[] = [];
    for (let start = head.length; start < body.length - 2; ) {
      const end = body.indexOf(10, start);
      if (end === -1) return undefined;
      lines.push(body.subarray(lines.length === 0 ? start : start + 1, end));
      start = end + 1;
    }
    return lines;
  }

  /** Bodies read ahead by `prefetch`, each handed out once. */
  private readonly prefetched = new Map<string, Buffer | undefined>();

  /**
   * Reads cache files and checks their digests off this thread (the file system's and the crypto
   * thread pool), for the next `read` or `readLines` of each: a host starts it, does other work,
   * and awaits it before reading. A file written after this resolves is read again.
   */
  async prefetch(names: readonly string[]): Promise<void> {
    await Promise.all(
      names.map(async (name) => {
        let body: Buffer | undefined;
        try {
          const bytes = await fs.promises.readFile(path.join(this.directory, name));
          const parts = split(bytes);
          if (parts) body = Buffer.from(await webcrypto.subtle.digest('SHA-256', parts.body)).equals(parts.digest) ? parts.body : undefined;
        } catch {
          body = undefined;
        }
        this.prefetched.set(name, body);
      }),
    );
  }

  /** A cache file's body when its magic line and digest hold, else undefined. */
  private trustedBody(name: string): Buffer | undefined {
    if (this.prefetched.has(name)) {
      const body = this.prefetched.get(name);
      this.prefetched.delete(name);
      return body;
    }
    let bytes: Buffer;
    try {
      bytes = fs.readFileSync(path.join(this.directory, name));
    } catch {
      return undefined;
    }
    const parts = split(bytes);
    return parts && createHash('sha256').update(parts.body).digest().equals(parts.digest) ? parts.body : undefined;
  }

  /** Stores a payload under `name`: written to a temporary file, then renamed over the old one. False when the folder cannot be written. */
  write(name: string, payload: unknown): boolean {
    return this.writeParts(name, [JSON.stringify(payload ?? null)]);
  }

  /**
   * Stores a list under `name` item by item, one line each (JSON text has no raw line breaks), so
   * a large one never becomes one string in memory. The file is still one JSON envelope.
   */
  writeList(name: string, items: Iterable<unknown>): boolean {
    const parts = (function* (): Generator<string | Buffer> {
      yield '[\n';
      let first = true;
      for (const item of items) {
        if (!first) yield ',';
        yield item instanceof RawJson ? item.text : JSON.stringify(item ?? null);
        yield '\n';
        first = false;
      }
      yield ']';
    })();
    return this.writeParts(name, parts);
  }

  /** Writes the envelope around the payload's JSON text, given in parts, and its digest, then renames it into place. */
  private writeParts(name: string, payload: Iterable<string | Buffer>): boolean {
    this.prefetched.delete(name);
    const target = path.join(this.directory, name);
    const temporary = `${target}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    let descriptor: number | undefined;
    try {
      makeFolder(this.directory);
      descriptor = fs.openSync(temporary, 'w');
      const digest = createHash('sha256');
      let position = magic.length + digestBytes;
      fs.writeSync(descriptor, Buffer.concat([magic, Buffer.alloc(digestBytes)]), 0, position, 0);
      // Parts are gathered into writes of about a megabyte.
      let pending: Buffer[] = [];
      let pendingBytes = 0;
      const flush = (): void => {
        const bytes = pending.length === 1 ? pending[0] : Buffer.concat(pending, pendingBytes);
        fs.writeSync(descriptor!, bytes, 0, bytes.length, position);
        position += bytes.length;
        pending = [];
        pendingBytes = 0;
      };
      const put = (text: string | Buffer): void => {
        const bytes = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
        digest.update(bytes);
        pending.push(bytes);
        pendingBytes += bytes.length;
        if (pendingBytes >= 1 << 20) flush();
      };
      put(`{"stamp":${JSON.stringify(this.stamp)},"payload":`);
      for (const part of payload) put(part);
      put('}');
      flush();
      fs.writeSync(descriptor, digest.digest(), 0, digestBytes, magic.length);
      fs.closeSync(descriptor);
      descriptor = undefined;
      fs.renameSync(temporary, target);
      return true;
    } catch {
      try {
        if (descriptor !== undefined) fs.closeSync(descriptor);
        fs.rmSync(temporary, { force: true });
      } catch {
        // nothing to clean
      }
      return false;
    }
  }
}

/** A cache file's stored digest and body, or undefined when it does not start with the magic line and a digest. */
function split(bytes: Buffer): { digest: Buffer; body: Buffer } | undefined {
  if (bytes.length < magic.length + digestBytes || !bytes.subarray(0, magic.length).equals(magic)) return undefined;
  return { digest: bytes.subarray(magic.length, magic.length + digestBytes), body: bytes.subarray(magic.length + digestBytes) };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The hash a text is known by in the cache. */
export function textHash(text: string): string {
  return createHash('sha1').update(text).digest('base64');
}

interface FileEntry {
  readonly hash: string;
  readonly analyses: readonly FileAnalysis[];
}

/**
 * The analyses of one workspace's files by their text's hash. `lookup` hands back what matches
 * the text read now; `remember` records what this run analysed; `save` writes the entries of this
 * run only, so files gone from the workspace leave the cache.
 */
export class FileStore {
  /** Entries by file: parsed when first looked up, else the JSON of the stored item as it was read. */
  private stored = new Map<string, FileEntry | Buffer>();
  private readonly current = new Map<string, FileEntry | Buffer>();
  /** How many lookups found an analysis to use: for the debug line and the tests. */
  hits = 0;

  /** @param workspace what tells this workspace's file apart from another's in a shared folder (its root). */
  constructor(
    private readonly folder: CacheFolder,
    workspace: string,
  ) {
    this.name = FileStore.nameOf(workspace);
    for (let shard = 0; shard < fileShards; shard++) for (const [file, line] of indexLines(folder.readLines(this.shardName(shard)))) this.stored.set(file, line);
  }

  private readonly name: string;

  private static nameOf(workspace: string): string {
    return `files-${createHash('sha256').update(workspace).digest('hex').slice(0, 16)}`;
  }

  /** The cache files a store of this workspace reads, for `CacheFolder.prefetch`. */
  static fileNames(workspace: string): string[] {
    const name = FileStore.nameOf(workspace);
    return Array.from({ length: fileShards }, (_, shard) => shardFileName(name, shard));
  }

  /** The entries are kept in several files by their file's name, so a change rewrites one of them. */
  private shardName(shard: number): string {
    return shardFileName(this.name, shard);
  }

  /** Parses the stored entries of these files now (what `lookup` would do later), while their texts are still being read. */
  preload(files: Iterable<string>): void {
    for (const file of files) this.entryOf(file);
  }

  /** The stored entry of a file, parsed now if it was not yet; undefined when there is none or it has the wrong shape. */
  private entryOf(file: string): FileEntry | undefined {
    const entry = this.stored.get(file);
    if (entry === undefined || !Buffer.isBuffer(entry)) return entry as FileEntry | undefined;
    const parsed = parseEntry(entry);
    if (parsed) this.stored.set(file, parsed);
    else this.stored.delete(file);
    return parsed;
  }

  /**
   * The stored analysis of a file made from this very text with these settings (`analysisKey`), if
   * any; `hash` is what to remember the file by.
   */
  lookup(file: string, text: string, settings: string, hash = textHash(text)): { hash: string; analyses: readonly FileAnalysis[] | undefined } {
    const entry = this.entryOf(file);
    const analyses = entry && entry.hash === hash ? entry.analyses.filter((analysis) => analysis.settings === settings) : [];
    if (analyses.length > 0) this.hits++;
    return { hash, analyses: analyses.length > 0 ? (analyses.length === entry!.analyses.length ? entry!.analyses : analyses) : undefined };
  }

  remember(file: string, hash: string, analyses: readonly FileAnalysis[]): void {
    if (analyses.length === 0) return;
    // An entry read and used as it was stays the same object, so an unchanged run writes nothing.
    const stored = this.entryOf(file);
    this.current.set(file, stored && stored.hash === hash && sameAnalyses(stored.analyses, analyses) ? stored : { hash, analyses });
  }

  /** Keeps a file's stored entry for the next run as it is, unread: a run that did not need the file still saw it unchanged. */
  keep(file: string): void {
    const stored = this.stored.get(file);
    if (stored !== undefined) this.current.set(file, stored);
  }

  /** Writes this run's entries where they are not exactly what was read; false when the cache folder cannot be written. */
  save(): boolean {
    const shards = (entries: Map<string, FileEntry | Buffer>): Array<Map<string, FileEntry | Buffer>> => {
      const split = Array.from({ length: fileShards }, () => new Map<string, FileEntry | Buffer>());
      for (const [file, entry] of entries) split[shardOf(file)].set(file, entry);
      return split;
    };
    const before = shards(this.stored);
    const after = shards(this.current);
    let written = true;
    after.forEach((entries, shard) => {
      const unchanged = entries.size === before[shard].size && [...entries].every(([file, entry]) => before[shard].get(file) === entry);
      if (unchanged) return;
      const items = (function* (): Generator<unknown> {
        for (const [file, entry] of entries) yield new RawJson(Buffer.isBuffer(entry) ? entry : entryLine(file, entry));
      })();
      written = this.folder.writeList(this.shardName(shard), items) && written;
    });
    // A later scan of the same process (settings changed) finds what this one analysed.
    if (written) this.stored = new Map(this.current);
    return written;
  }
}

const fileShards = 16;

function shardFileName(name: string, shard: number): string {
  return `${name}-${shard.toString().padStart(2, '0')}.bin`;
}

/** Which of the files store's files holds a file's entry (FNV-1a of its name). */
function shardOf(file: string): number {
  let hash = 0x811c9dc5;
  for (let position = 0; position < file.length; position++) hash = Math.imul(hash ^ file.charCodeAt(position), 0x01000193);
  return (hash >>> 0) % fileShards;
}

/**
 * A files store item, one line: `[n,"file",{entry},model,model,…]`. The entry is the file's hash
 * and analyses with each object's model left out; `n` is the byte length of `"file",{entry}`, and
 * each object's `model` is the byte length of its model's JSON, which follow in the objects' order.
 * A reader parses the entry alone; a model is parsed when its object's `decoded` is first read,
 * which an index built from records does only for the objects a rule or a feature looks into.
 */
function entryLine(file: string, entry: FileEntry): Buffer {
  const models: Buffer[] = [];
  const analyses = entry.analyses.map((analysis) => ({
    ...analysis,
    objects: analysis.objects.map((object) => {
      const text = object instanceof StoredObject ? object.modelText : Buffer.from(JSON.stringify(object.decoded), 'utf8');
      models.push(text);
      if (object instanceof StoredObject) return { ...object.fields, model: text.length };
      const { decoded: _decoded, ...fields } = object;
      return { ...fields, model: text.length };
    }),
  }));
  const head = Buffer.from(`${JSON.stringify(file)},${JSON.stringify({ hash: entry.hash, analyses })}`, 'utf8');
  const parts: Buffer[] = [Buffer.from(`[${head.length},`, 'utf8'), head];
  for (const model of models) parts.push(comma, model);
  parts.push(closing);
  return Buffer.concat(parts);
}

const comma = Buffer.from(',');
const closing = Buffer.from(']');

/** An object of a stored record: its fields read, its model parsed on first use. */
class StoredObject implements ObjectAnalysis {
  private model: DecodedObject | undefined;
  /** @param line the stored item, whose bytes from `start` to `end` are the model's JSON. */
  constructor(
    readonly fields: Omit<ObjectAnalysis, 'decoded'>,
    private readonly line: Buffer,
    private readonly start: number,
    private readonly end: number,
  ) {}
  /** The model's JSON as stored. */
  get modelText(): Buffer {
    return this.line.subarray(this.start, this.end);
  }
  get decoded(): DecodedObject {
    if (!this.model) {
      // The file's digest held and its stamp is this build's, so the text is what this build
      // wrote; a model that still fails to read leaves the object with no fields decoded.
      let model: unknown;
      try {
        model = JSON.parse(this.line.toString('utf8', this.start, this.end));
      } catch {
        model = undefined;
      }
      this.model = isRecord(model) && isRecord(model.metadata) ? (model as unknown as DecodedObject) : { metadata: {} };
    }
    return this.model;
  }
  get apiVersion(): string {
    return this.fields.apiVersion;
  }
  get kind(): string {
    return this.fields.kind;
  }
  get recognized(): ObjectAnalysis['recognized'] {
    return this.fields.recognized;
  }
  get name(): string | undefined {
    return this.fields.name;
  }
  get namespace(): string | undefined {
    return this.fields.namespace;
  }
  get anchorSpan(): Span {
    return this.fields.anchorSpan;
  }
  get span(): Span {
    return this.fields.span;
  }
  get keys(): IndexKeys {
    return this.fields.keys;
  }
  get findings(): readonly Finding[] {
    return this.fields.findings;
  }
}

/** The stored items by file, unparsed: each line's file name is read from its start. */
function indexLines(lines: readonly Buffer[] | undefined): Map<string, Buffer> {
  const entries = new Map<string, Buffer>();
  for (const line of lines ?? []) {
    const file = leadingString(line);
    if (file !== undefined) entries.set(file, line);
  }
  return entries;
}

/** Where the head `"file",{entry}` of an item starts and ends, or undefined when the item is not `[n,…`. */
function headOf(line: Buffer): { start: number; end: number } | undefined {
  if (line[0] !== 91) return undefined;
  let length = 0;
  let position = 1;
  for (; position < line.length && position < 12 && line[position] >= 48 && line[position] <= 57; position++) length = length * 10 + line[position] - 48;
  if (position === 1 || line[position] !== 44 || position + 1 + length > line.length) return undefined;
  return { start: position + 1, end: position + 1 + length };
}

/** The file name an item's head starts with, or undefined. */
function leadingString(line: Buffer): string | undefined {
  const head = headOf(line);
  if (!head || line[head.start] !== 34) return undefined;
  for (let position = head.start + 1; position < head.end; position++) {
    const byte = line[position];
    if (byte === 92) position++;
    else if (byte === 34) {
      try {
        const value = JSON.parse(line.toString('utf8', head.start, position + 1)) as unknown;
        return typeof value === 'string' ? value : undefined;
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

/** A stored item's entry, if its head is JSON of the right shape and its models are where it says. */
function parseEntry(line: Buffer): FileEntry | undefined {
  const head = headOf(line);
  if (!head) return undefined;
  let item: unknown;
  try {
    item = JSON.parse(`[${line.toString('utf8', head.start, head.end)}]`);
  } catch {
    return undefined;
  }
  if (!Array.isArray(item) || item.length !== 2 || typeof item[0] !== 'string' || !isRecord(item[1])) return undefined;
  const { hash, analyses } = item[1];
  if (typeof hash !== 'string' || !Array.isArray(analyses) || !analyses.every(isStoredAnalysis)) return undefined;
  let position = head.end;
  const restored: FileAnalysis[] = [];
  for (const analysis of analyses) {
    const objects: ObjectAnalysis[] = [];
    for (const fields of analysis.objects) {
      const model = fields.model;
      if (line[position] !== 44 || position + 1 + model > line.length - 1) return undefined;
      objects.push(new StoredObject(fields, line, position + 1, position + 1 + model));
      position += 1 + model;
    }
    restored.push({ settings: analysis.settings, findings: analysis.findings, objects });
  }
  if (position !== line.length - 1 || line[position] !== 93) return undefined;
  return { hash, analyses: restored };
}

function sameAnalyses(left: readonly FileAnalysis[], right: readonly FileAnalysis[]): boolean {
  return left.length === right.length && left.every((analysis, position) => analysis === right[position]);
}

/** A stored analysis as its entry holds it: each object's model is the byte length of its JSON. */
interface StoredAnalysis {
  readonly settings: string;
  readonly findings: readonly Finding[];
  readonly objects: ReadonlyArray<Omit<ObjectAnalysis, 'decoded'> & { readonly model: number }>;
}

/** The shape of a stored analysis, checked before the index uses it. */
function isStoredAnalysis(value: unknown): value is StoredAnalysis {
  return (
    isRecord(value) &&
    typeof value.settings === 'string' &&
    Array.isArray(value.findings) &&
    Array.isArray(value.objects) &&
    value.objects.every((object) => isRecord(object) && typeof object.kind === 'string' && typeof object.apiVersion === 'string' && Number.isSafeInteger(object.model) && (object.model as number) >= 0 && isRecord(object.keys) && Array.isArray(object.findings) && isRecord(object.span) && isRecord(object.anchorSpan))
  );
}

/** A render unit's stored output. */
export interface StoredRender {
  /** The hash of the unit's inputs it was rendered from. */
  readonly hash: string;
  /** The tool's output, or the failure it reported. */
  readonly outcome: { readonly status: 'rendered'; readonly text: string } | { readonly status: 'failed'; readonly code: string; readonly message: string; readonly key?: string; readonly at?: { readonly file: string; readonly line: number } };
  /** Kustomize: the folder origin annotations are relative to. */
  readonly origins?: string;
}

/** Render outputs by unit, one cache file each. */
export class RenderStore {
  constructor(private readonly folder: CacheFolder) {}

  private nameOf(unitKey: string): string {
    return `render-${createHash('sha256').update(unitKey).digest('hex').slice(0, 24)}.bin`;
  }

  get(unitKey: string): StoredRender | undefined {
    const payload = this.folder.read(this.nameOf(unitKey));
    if (!isRecord(payload) || typeof payload.hash !== 'string' || !isRecord(payload.outcome)) return undefined;
    const outcome = payload.outcome;
    if (outcome.status === 'rendered' && typeof outcome.text === 'string' && (payload.origins === undefined || typeof payload.origins === 'string')) return payload as unknown as StoredRender;
    if (outcome.status === 'failed' && typeof outcome.code === 'string' && typeof outcome.message === 'string') return payload as unknown as StoredRender;
    return undefined;
  }

  set(unitKey: string, render: StoredRender): void {
    this.folder.write(this.nameOf(unitKey), render);
  }
}

/**
 * One value per workspace, stored whole: the last `check` run of a working folder
 * (`cli/checkRun.ts` says what it holds), or what the language server's index derived at its last
 * start (`lsp/seeds.ts`). One file, rewritten by each run that stores it.
 */
export class CheckStore<Run> {
  private readonly name: string;

  constructor(
    private readonly folder: CacheFolder,
    workspace: string,
    kind: 'check' | 'index' = 'check',
  ) {
    this.name = CheckStore.fileName(workspace, kind);
  }

  /** The cache file a store of this workspace and kind reads, for `CacheFolder.prefetch`. */
  static fileName(workspace: string, kind: 'check' | 'index' = 'check'): string {
    return `${kind}-${createHash('sha256').update(workspace).digest('hex').slice(0, 16)}.bin`;
  }

  /** The stored run, if there is one of the right shape. */
  get(isRun: (value: unknown) => value is Run): Run | undefined {
    const payload = this.folder.read(this.name);
    return isRun(payload) ? payload : undefined;
  }

  set(run: Run): boolean {
    return this.folder.write(this.name, run);
  }
}

/**
 * A hash of the inputs of a run: each part (settings, options, a file's name and text hash) in
 * order, separated so that no two lists of parts give the same stream.
 */
export function runKey(parts: Iterable<string>): string {
  const hash = createHash('sha256');
  // The same stream as one update per piece, handed over in chunks of about a megabyte.
  let chunk: string[] = [];
  let size = 0;
  for (const part of parts) {
    chunk.push(String(part.length), ':', part);
    size += part.length;
    if (size >= 1 << 20) {
      hash.update(chunk.join(''));
      chunk = [];
      size = 0;
    }
  }
  hash.update(chunk.join(''));
  return hash.digest('hex');
}
