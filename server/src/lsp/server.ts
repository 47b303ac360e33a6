/**
 * The language server over one connection. It scans the workspace folders into a RepositoryIndex,
 * overlays the documents open in the editor, and after each debounce cycle publishes diagnostics
 * for every file whose findings changed — opened or not. Helm charts and kustomize roots are
 * rendered in the background (two tools at a time, cancellable, cached by their inputs); plain
 * files never wait for them, and a render's findings are published when it lands. Hover,
 * completion, quick fixes, code lenses, navigation and the route request read the plain index, or
 * the index of the unit that rendered the position asked about.
 * Every handler runs through `guard`: a bug is logged and answered with an empty result.
 */
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { CodeActionKind, DidChangeWatchedFilesNotification, FileChangeType, TextDocuments, TextDocumentSyncKind } from 'vscode-languageserver';
import type { CancellationToken, Connection, InitializeParams } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { isConfigPath } from '../core/config';
import { isJsonPath } from '../core/parse';
import type { AnalysisSettings, Finding, SourceFile } from '../core/model';
import { LineIndex } from '../core/text';
import type { RenderUnit } from '../core/units/repository';
import { ScopedRepository } from '../core/units/scoped';
import { maxFileBytes, readSource, walkMatching } from '../node/files';
import { CacheFolder, FileStore, RenderStore } from '../node/cache';
import { AnalysisPool, threadsFrom } from '../node/pool';
import type { DiskRead } from '../node/analysisWorker';
import { readForScan } from './scan';
import { Seeds } from './seeds';
import { configurationSection, indexStateNotification } from '../protocol';
import type { IndexState, InitializationOptions, ServerSettings } from '../protocol';
import { registerFixes } from './fixes';
import { registerHoverAndCompletion } from './editing';
import { registerLensAndNavigation } from './lenses';
import { registerRequestHandlers } from './requests';
import { registerRoutes } from './routes';
import { RenderScheduler } from './renders';
import { toAnalysisSettings, toDiagnostic } from './convert';
import { folderExcludes, folderIndexes, sameScope } from './folders';
import { Session } from './session';

/** Edits within this many milliseconds are analysed together (initializationOptions.debounceMs overrides it). */
const defaultDebounceMs = 150;
/** Scans of at least this many files report work-done progress. */
const progressThreshold = 50;

export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  const session = new Session(connection, readText);
  const index = new ScopedRepository((uri) => session.scopeKeyOf(uri), session.scopeSpecs(), (uri) => session.displayPath(uri));
  let canWatchDynamically = false;
  let canWatchFolders = false;
  let canReportProgress = false;
  let scanning = false;
  /** While scanning: files indexed so far, of how many. */
  let scanState: { done: number; total: number } | undefined;
  /** Analyses files on every core (worker threads are started on the first large scan). */
  const pool = new AnalysisPool(threadsFrom(process.env), (message) => connection.console.error(`k8s-route: ${message}`));
  /** The persistent cache (initializationOptions.cacheLocation), when the client gave a place for it. */
  let cacheFolder: CacheFolder | undefined;
  let fileStore: FileStore | undefined;
  /** What the index derived at the last start, for a start with the same inputs (when there is a cache). */
  let seeds: Seeds | undefined;
  let debounceMs = defaultDebounceMs;
  const pending = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  /**
   * Files whose last published diagnostics were not empty (they need clearing when they empty),
   * with their error and warning counts for the status bar.
   */
  const published = new Map<string, { errors: number; warnings: number }>();
  /** Files skipped as too large, with their finding. */
  const skipped = new Map<string, Finding>();
  const rulesDoc = pathToFileURL(path.join(__dirname, '..', 'docs', 'rules.md')).toString();

  const log = (message: string): void => connection.console.log(`k8s-route: ${message}`);

  /** Runs a handler; an exception is logged and answered with the fallback, cancellation honoured. */
  function guard<T>(name: string, fallback: T, token: CancellationToken | undefined, handler: () => T): T {
    if (token?.isCancellationRequested) return fallback;
    try {
      return handler();
    } catch (error) {
      connection.console.error(`k8s-route: ${name} failed: ${error instanceof Error ? error.stack : String(error)}`);
      return fallback;
    }
  }

  const renders = new RenderScheduler({
    folderSettings: (key) => session.folderSettings(key),
    folderKeyOf: (uri) => session.folderKeyOf(uri),
    trusted: () => session.trusted,
    unsaved: () => new Map(documents.all().map((document) => [document.uri, textOf(document)])),
    store: () => (cacheFolder ? new RenderStore(cacheFolder) : undefined),
    displayPath: (uri) => session.displayPath(uri),
    log,
    error: (message) => connection.console.error(`k8s-route: ${message}`),
    exists: (unitId) => index.unit(unitId) !== undefined,
    landed: (unit, outcome) =>
      guard('render', undefined, undefined, () => {
        indexChanging();
        publish(index.setRender(unit.id, outcome).changedFiles);
      }),
    changed: () => sendIndexState(),
  });

  connection.onInitialize((params: InitializeParams) => {
    session.folders = params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri, name: 'root' }] : []);
    session.clientLocale = (params.locale ?? 'en').toLowerCase();
    session.canPullConfiguration = params.capabilities.workspace?.configuration === true;
    canWatchDynamically = params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    canWatchFolders = params.capabilities.workspace?.workspaceFolders === true;
    canReportProgress = params.capabilities.window?.workDoneProgress === true;
    const options = params.initializationOptions as InitializationOptions | undefined;
    const requested = options?.debounceMs;
    if (typeof requested === 'number' && requested >= 0 && requested <= 5000) debounceMs = requested;
    session.trusted = options?.trusted !== false;
    if (typeof options?.cacheLocation === 'string' && options.cacheLocation !== '') {
      cacheFolder = new CacheFolder(options.cacheLocation);
      seeds = new Seeds(cacheFolder, workspaceKey());
    }
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        hoverProvider: true,
        completionProvider: { triggerCharacters: [':', ' '] },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
        codeLensProvider: { resolveProvider: false },
        definitionProvider: true,
        referencesProvider: true,
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'k8s-route' },
    };
  });

  connection.onInitialized(() => {
    void (async () => {
      if (canWatchDynamically) {
        // Chart helpers and generator inputs are not manifests, but a change to them changes a render.
        await connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/*.{yaml,yml,tpl,txt,json,env,properties}' }, { globPattern: '**/{kustomization.yaml,kustomization.yml,Kustomization,Chart.yaml,.helmignore}' }] });
      }
      await session.pullSettings();
      reconfigure();
      await scanWorkspace();
      if (canWatchFolders) {
        connection.workspace.onDidChangeWorkspaceFolders((event) => {
          void (async () => {
            const removed = new Set(event.removed.map((folder) => folder.uri));
            session.folders = [...session.folders.filter((folder) => !removed.has(folder.uri)), ...event.added];
            await session.pullSettings();
            reconfigure();
            await scanWorkspace();
          })().catch((error) => connection.console.error(`k8s-route: workspace folders: ${String(error)}`));
        });
      }
    })().catch((error) => connection.console.error(`k8s-route: start-up failed: ${String(error)}`));
  });

  connection.onDidChangeConfiguration((change) => {
    const pushed = (change.settings as Record<string, unknown> | undefined)?.[configurationSection] as Partial<ServerSettings> | undefined;
    void (async () => {
      // The editor announces its settings right after start-up too: only what changed is redone,
      // and the workspace is scanned again only when the files to index changed. A client that
      // answers workspace/configuration is asked (per folder); another's pushed settings apply to all.
      if (session.canPullConfiguration) await session.pullSettings();
      else if (pushed) session.pushed(pushed);
      if (reconfigure()) await scanWorkspace();
    })();
  });

  /** A file's text as the server should read it: the open document's, else the disk's. */
  function readText(uri: string): string | undefined {
    const open = documents.get(uri);
    if (open) return textOf(open);
    if (!uri.startsWith('file:')) return undefined;
    const source = readSource(fileURLToPath(uri));
    return 'text' in source ? source.text : undefined;
  }

  /**
   * Applies the settings and the project configurations (read again from the open documents or
   * the disk): each folder's scopes get their settings, only what changed is analysed again, and
   * renderers whose settings changed render their units again. True when the files to index changed.
   */
  function reconfigure(): boolean {
    const scopeBefore = session.scanKey();
    const configsBefore = [...session.configFindings.keys()];
    const contextBefore = session.analysisContext();
    session.reload();
    // The same settings and configurations (the editor announcing them again) change nothing.
    if (session.analysisContext() !== contextBefore) indexChanging();
    const update = index.configure((uri) => session.scopeKeyOf(uri), session.scopeSpecs(), sameScope);
    const stale = new Map(update.staleUnits.map((unit) => [unit.id, unit]));
    // A folder whose render settings changed renders its units again (unchanged inputs stay cached per renderer).
    for (const unit of renders.settingsChanged(index.units())) stale.set(unit.id, unit);
    publish([...update.changedFiles, ...configsBefore, ...session.configFindings.keys()]);
    renders.schedule([...stale.values()]);
    return session.scanKey() !== scopeBefore;
  }

  /** Reads every matching file of every folder into the index, with progress on long scans. */
  /** The scope (folders and their globs) the last scan read: the same scope asked for twice is read once. */
  let scannedScope: string | undefined;

  async function scanWorkspace(): Promise<void> {
    // Start-up and the settings the editor announces right after it both ask; one pass serves both.
    const scope = session.scanKey();
    if (scope === scannedScope) return;
    scannedScope = scope;
    const started = Date.now();
    scanning = true;
    sendIndexState();
    // Seeds are for building an index from nothing, with nothing else changing it meanwhile.
    const fresh = index.paths().length === 0;
    const since = seeds?.mark() ?? 0;
    // The first scan's cache files are read and checked off this thread while it walks the folders.
    const prefetched = cacheFolder && !fileStore ? cacheFolder.prefetch([...FileStore.fileNames(workspaceKey()), ...(seeds ? [seeds.fileName] : [])]) : undefined;
    // Each folder by its own globs; a file of nested folders is read once, for the deepest.
    const seen = new Set<string>();
    const files = session.folderStates.flatMap((state) =>
      walkMatching(
        state.fsPath,
        (relative) => folderIndexes(state, path.join(state.fsPath, relative)),
        (relative) => folderExcludes(state, path.join(state.fsPath, relative.replace(/\/$/, ''))),
      )
        .filter((file) => !seen.has(file) && seen.add(file))
        .map((file) => ({ uri: pathToFileURL(file).toString(), file }))
        .filter(({ uri }) => session.folderFor(uri) === state),
    );
    const progress = canReportProgress && files.length >= progressThreshold ? await connection.window.createWorkDoneProgress() : undefined;
    progress?.begin('K8s Route', 0, `Indexing ${files.length.toLocaleString('en-US')} manifests`, false);
    const wanted = new Set(files.map(({ uri }) => uri));
    const changed = new Set<string>();
    // Files that left the scan (settings changed, deleted while we were away) leave the index.
    const gone = index.paths().filter((uri) => !wanted.has(uri) && !documents.get(uri));
    const stale = new Map<string, RenderUnit>();
    const note = (update: { changedFiles: readonly string[]; staleUnits: readonly RenderUnit[] }): void => {
      for (const uri of update.changedFiles) changed.add(uri);
      for (const unit of update.staleUnits) stale.set(unit.id, unit);
    };
    note(index.remove(...gone));
    for (const uri of [...skipped.keys()]) if (!wanted.has(uri)) skipped.delete(uri);
    await prefetched;
    const store = persistentFiles();
    const report = (done: number, total: number, doing: 'reading' | 'analysing'): void => {
      progress?.report(Math.round((done / Math.max(1, total)) * (doing === 'reading' ? 10 : 80)) + (doing === 'reading' ? 0 : 10), `${doing === 'reading' ? 'Reading' : 'Analysing'} ${done.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} manifests`);
      scanState = { done, total };
      sendIndexState();
    };
    // One analysis settings object per folder's settings, so the cache key is computed once for each.
    const analysisSettings = new Map<ServerSettings, AnalysisSettings>();
    const read = await readForScan(
      files,
      {
        pool,
        store,
        read: (uri, file, disk) => {
          const open = documents.get(uri);
          return open ? openSource(uri, open) : readFromDisk(uri, file, disk);
        },
        settingsOf: (uri) => {
          const settings = session.settingsFor(uri);
          let analysis = analysisSettings.get(settings);
          if (!analysis) analysisSettings.set(settings, (analysis = toAnalysisSettings(settings)));
          return analysis;
        },
        progress: report,
      },
    );
    // Into the index in batches, each batch's own findings published as it lands; what relates
    // objects to each other waits for the whole workspace, so no early warning is withdrawn later.
    // The files come analysed, so a batch is quick to take; each re-detects the render units.
    const keeper = fresh ? seeds : undefined;
    const seeded = keeper?.begin(session.analysisContext(), read.sources, read.hashes, since) ?? false;
    // With the last start's findings every file is published once, when the index is done: taking
    // the files is then quick, so the batches are larger and their own findings are not sent ahead.
    const batchSize = seeded ? 4000 : 1000;
    for (let start = 0; start < read.sources.length; start += batchSize) {
      const batch = read.sources.slice(start, start + batchSize);
      keeper?.install(index);
      note(index.update(...batch));
      if (!seeded) publishOwn(batch.map((source) => source.path));
      const done = Math.min(read.sources.length, start + batchSize);
      scanState = { done, total: read.sources.length };
      progress?.report(90 + Math.round((done / read.sources.length) * 10), `Indexed ${done.toLocaleString('en-US')} of ${read.sources.length.toLocaleString('en-US')} manifests`);
      sendIndexState();
      // Let requests and cancellations through between batches.
      await new Promise((resolve) => setImmediate(resolve));
    }
    const fromSeeds = keeper?.end() ?? 0;
    scanning = false;
    scanState = undefined;
    progress?.done();
    publish([...changed, ...skipped.keys()]);
    // What this start derived, taken before any render lands, for the next start with these inputs.
    const captured = keeper && !seeded ? keeper.capture(index, since) : undefined;
    // Every unit is asked for once per scan; unchanged ones come from the renderer's cache.
    renders.schedule(index.units().filter((unit) => stale.has(unit.id) || !renders.isRendering(unit.id)));
    if (store) {
      for (const source of read.sources) {
        const hash = read.hashes.get(source.path);
        if (hash !== undefined) store.remember(source.path, hash, source.analyses ?? []);
      }
      setImmediate(() => {
        if (!store.save() || (captured && !keeper!.save(captured))) log(`cannot write the cache in ${cacheFolder?.directory ?? ''}`);
      });
    }
    const parsedHere = index.plainIndexes().reduce((total, plain) => total + plain.index.counts.parsed, 0);
    log(`indexed ${files.length} files in ${Date.now() - started} ms: ${read.fromCache} from the cache, ${read.analysed} analysed (${pool.counts.inWorkers} in worker threads since start), ${parsedHere} parsed by the index since start${read.readAhead ? '; read by a worker thread' : ''}${fromSeeds > 0 ? `; cross-object findings of ${fromSeeds} objects from the last start` : ''}`);
  }

  /** Before the index changes outside a scan's batches: seeding ends, and the scan under way keeps no seed. */
  function indexChanging(): void {
    seeds?.changed();
  }

  /** What tells this workspace's cache files apart from another's in a shared folder: its folders. */
  function workspaceKey(): string {
    return session.folders.map((folder) => folder.uri).join('\u0000');
  }

  /** The persistent cache of file analyses, read once per server. */
  function persistentFiles(): FileStore | undefined {
    if (!cacheFolder) return undefined;
    fileStore ??= new FileStore(cacheFolder, workspaceKey());
    return fileStore;
  }

  /** A file from the disk: read now, or as a worker thread read it (`disk`). */
  function readFromDisk(uri: string, file: string, disk?: DiskRead): SourceFile | undefined {
    const source = disk ? ('text' in disk ? { path: file, text: disk.text } : { path: file, ...disk }) : readSource(file);
    if ('message' in source) {
      log(`cannot read ${file}: ${source.message}`);
      return undefined;
    }
    if ('tooLarge' in source) {
      // A large JSON file is a lock file or a dataset, not a manifest.
      if (isJsonPath(uri)) return undefined;
      skipped.set(uri, { code: 'file/too-large', severity: 'information', file: uri, span: { start: 0, end: 0 }, message: `file is ${(source.tooLarge / 1024 / 1024).toFixed(1)} MB, more than the ${maxFileBytes / 1024 / 1024} MB limit for manifests; it was not checked`, path: null, object: null });
      return undefined;
    }
    skipped.delete(uri);
    return { ...source, path: uri };
  }

  /** An open document as the index reads it: kept whole, so typing re-parses only what changed. */
  function openSource(uri: string, document: TextDocument): SourceFile {
    return { path: uri, text: textOf(document), editing: true };
  }

  function textOf(document: TextDocument): string {
    const text = document.getText();
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  }

  function schedule(uri: string): void {
    pending.add(uri);
    if (timer) clearTimeout(timer);
    timer = setTimeout(flush, debounceMs);
  }

  /** Brings pending edits into the index and publishes what changed, all in one cycle. */
  function flush(): void {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (pending.size === 0) return;
    const sources: SourceFile[] = [];
    for (const uri of pending) {
      const document = documents.get(uri);
      if (document) sources.push(openSource(uri, document));
    }
    pending.clear();
    guard('analysis', undefined, undefined, () => {
      indexChanging();
      const update = index.update(...sources);
      publish(update.changedFiles);
      renders.schedule(update.staleUnits);
      // A project configuration being edited applies as it is typed.
      if (sources.some((source) => isConfigPath(source.path))) configurationChanged();
    });
  }

  /** A .k8s-route.yaml changed (typed, saved, created, deleted): apply it, and rescan if the globs changed. */
  function configurationChanged(): void {
    if (reconfigure()) void scanWorkspace().catch((error) => connection.console.error(`k8s-route: scan failed: ${String(error)}`));
  }

  /** Before answering a request about a document, make sure the index has its latest text. */
  function current(uri: string): void {
    if (pending.has(uri)) flush();
  }

  function publish(uris: Iterable<string>): void {
    send(uris, (uri) => [...index.findings(uri), ...(skipped.has(uri) ? [skipped.get(uri)!] : []), ...(session.configFindings.get(uri) ?? [])]);
    routes.refresh();
    sendIndexState();
  }

  /**
   * Files' findings that need no other object, while a scan is still reading the rest; only for
   * files with nothing published yet, so a rescan never withdraws a warning it will show again.
   */
  function publishOwn(uris: readonly string[]): void {
    send(
      uris.filter((uri) => !published.has(uri)),
      (uri) => index.ownFindings(uri),
    );
  }

  /** Sends each file's findings as diagnostics (an empty list only to clear what was sent before), counting them for the status bar. */
  function send(uris: Iterable<string>, findingsOf: (uri: string) => Finding[]): void {
    const lineIndexes = new Map<string, LineIndex>();
    const lineIndex = (uri: string): LineIndex | undefined => {
      let found = lineIndexes.get(uri);
      if (!found) {
        const source = index.source(uri);
        if (!source) return undefined;
        lineIndexes.set(uri, (found = new LineIndex(source.text)));
      }
      return found;
    };
    for (const uri of new Set(uris)) {
      const findings = findingsOf(uri);
      if (findings.length === 0 && !published.has(uri)) continue;
      const lines = lineIndex(uri) ?? new LineIndex('');
      if (findings.length === 0) published.delete(uri);
      else published.set(uri, { errors: findings.filter((finding) => finding.severity === 'error').length, warnings: findings.filter((finding) => finding.severity === 'warning').length });
      void connection.sendDiagnostics({ uri, version: documents.get(uri)?.version, diagnostics: findings.map((finding) => toDiagnostic(finding, lines, lineIndex, rulesDoc)) });
    }
  }

  function sendIndexState(): void {
    let errors = 0;
    let warnings = 0;
    for (const counts of published.values()) {
      errors += counts.errors;
      warnings += counts.warnings;
    }
    // A chart counts once however many values variants of it are rendering.
    const running = renders.running();
    const wave = renders.wave();
    const charts = new Set(running.filter((unit) => unit.kind === 'helm').map((unit) => unit.root)).size;
    const kustomizations = running.filter((unit) => unit.kind === 'kustomize').length;
    const state: IndexState = {
      indexing: scanning,
      files: index.paths().length,
      services: index.serviceCount(),
      errors,
      warnings,
      ...(scanning && scanState ? { scanned: scanState } : {}),
      ...(running.length > 0 ? { rendering: { charts, kustomizations, done: wave.done, total: wave.total } } : {}),
    };
    void connection.sendNotification(indexStateNotification, state);
  }

  documents.onDidOpen((event) => {
    // Open documents are indexed even outside the scan (an untitled buffer, a file in another folder).
    pending.add(event.document.uri);
    flush();
  });
  documents.onDidChangeContent((event) => schedule(event.document.uri));
  documents.onDidClose((event) => {
    const uri = event.document.uri;
    pending.delete(uri);
    // The file on disk is the truth again: reread it, or forget it when it is not part of the scan.
    const update = session.isIndexed(uri) ? readFromDisk(uri, fileURLToPath(uri)) : undefined;
    indexChanging();
    const result = update ? index.update(update) : index.remove(uri);
    publish([...result.changedFiles, uri]);
    renders.schedule(result.staleUnits);
    // Closed unsaved: the configuration on disk applies again.
    if (isConfigPath(uri)) configurationChanged();
  });

  connection.onDidChangeWatchedFiles((params) => {
    guard('file watching', undefined, undefined, () => {
      const updates: SourceFile[] = [];
      const removals: string[] = [];
      for (const change of params.changes) {
        if (documents.get(change.uri)) continue;
        if (change.type === FileChangeType.Deleted) {
          removals.push(change.uri);
          skipped.delete(change.uri);
        } else if (session.isIndexed(change.uri)) {
          const source = readFromDisk(change.uri, fileURLToPath(change.uri));
          if (source) updates.push(source);
        }
      }
      indexChanging();
      const removed = index.remove(...removals);
      const updated = index.update(...updates);
      publish([...removed.changedFiles, ...removals, ...updated.changedFiles]);
      // A helper template, a values file or a generator input changed on disk: its units render again.
      const affected = new Map<string, RenderUnit>();
      for (const unit of [...removed.staleUnits, ...updated.staleUnits]) affected.set(unit.id, unit);
      for (const change of params.changes) for (const unit of index.unitsAffectedBy(change.uri)) affected.set(unit.id, unit);
      renders.schedule([...affected.values()]);
      if (params.changes.some((change) => isConfigPath(change.uri) && !documents.get(change.uri))) configurationChanged();
    });
  });

  /**
   * A document as requests need it: its latest text in the index (pending edits flushed first)
   * and the line index for converting positions. Undefined when the index does not hold it.
   */
  function documentFor(uri: string): { lines: LineIndex; offsetAt(position: { line: number; character: number }): number } | undefined {
    current(uri);
    const source = index.source(uri);
    if (!source) return undefined;
    const lines = new LineIndex(source.text);
    return { lines, offsetAt: (position) => lines.offsetAt(position) };
  }


  /** A hover on a rendered position: the same facts, computed in its unit, and what the line renders to. */
  registerHoverAndCompletion({ connection, index, documentFor, guard, locale: () => session.locale(), openText: (uri) => documents.get(uri)?.getText() });

  registerFixes({ connection, index, documentFor, guard, rulesDoc, folderFor: (uri) => session.folderFor(uri), openText: (uri) => documents.get(uri)?.getText() });

  const routes = registerRoutes({
    connection,
    index,
    documentFor,
    guard,
    locale: () => session.locale(),
    exampleNodes: (uri) => session.settingsFor(uri).route?.exampleNodes,
    displayPath: (uri) => session.displayPath(uri),
    isRendering: (unitId) => renders.isRendering(unitId),
  });

  registerLensAndNavigation({ connection, index, documentFor, guard, locale: () => session.locale(), scopeTarget: routes.scopeTarget });

  registerRequestHandlers({ connection, index, documentFor, guard });

  documents.listen(connection);
  connection.onShutdown(() => pool.close());
  connection.listen();
}
