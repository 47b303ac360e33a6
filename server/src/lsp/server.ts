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
import type { CancellationToken, Connection, InitializeParams, WorkspaceFolder } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Locale } from '../core/features/explain';
import { computeRoute } from '../core/features/route';
import { isConfigPath } from '../core/config';
import { isJsonPath } from '../core/parse';
import type { Finding, SourceFile } from '../core/model';
import { effectiveType, isHeadless } from '../core/rules/serviceShape';
import { servicesSelecting } from '../core/rules/crossObject';
import type { IndexedObject } from '../core/routing';
import { LineIndex } from '../core/text';
import type { RenderOutcome, RenderUnit } from '../core/units/repository';
import { ScopedRepository } from '../core/units/scoped';
import type { ScopedService } from '../core/units/scoped';
import { maxFileBytes, readSource, walkMatching } from '../node/files';
import { defaultRenderLimits, UnitRenderer } from '../node/render/renderer';
import { CacheFolder, FileStore, RenderStore } from '../node/cache';
import { AnalysisPool, threadsFrom } from '../node/pool';
import { readForScan } from './scan';
import { configurationSection, indexStateNotification, routeChangedNotification, routeRequest, routeUnavailableRequest, servicesRequest } from '../protocol';
import type { IndexState, InitializationOptions, RouteParams, ServerSettings, ServicesParams, ServiceSummary } from '../protocol';
import type { RouteModel } from '../protocol/route';
import { registerFixes } from './fixes';
import { registerHoverAndCompletion } from './editing';
import { registerLensAndNavigation } from './lenses';
import { registerRequestHandlers } from './requests';
import { toAnalysisSettings, toDiagnostic } from './convert';
import { folderExcludes, folderIndexes, folderOf, loadFolder, mergeSettings, scopeKeyOf, scopeSpecs, sameScope } from './folders';
import type { FolderState } from './folders';

/** Edits within this many milliseconds are analysed together (initializationOptions.debounceMs overrides it). */
const defaultDebounceMs = 150;
/** Scans of at least this many files report work-done progress. */
const progressThreshold = 50;

export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  /** The settings the user set in the editor (not their defaults): for the whole editor, and per folder. */
  let explicitGlobal: Partial<ServerSettings> = {};
  let explicitByFolder = new Map<string, Partial<ServerSettings>>();
  /** The editor-wide settings, over the defaults: the language, and everything of files outside the folders. */
  let settings: ServerSettings = mergeSettings({}, undefined);
  /** Each workspace folder with its project configuration and effective settings. */
  let folderStates: FolderState[] = [];
  /** The findings of the project configuration files in use, by URI. */
  let configFindings = new Map<string, Finding[]>();
  const index = new ScopedRepository((uri) => scopeKeyOf(folderStates, uri), scopeSpecs([], settings), displayPath);
  /** False when the editor says the workspace is not trusted: no tool ever runs on its files. */
  let trusted = true;
  /** One renderer per folder ('' outside them), with the settings it was made with. */
  const renderers = new Map<string, { key: string; renderer: UnitRenderer }>();
  /** Renders under way, by unit id, so a newer request for the same unit cancels the older. */
  const renderJobs = new Map<string, { controller: AbortController; unit: RenderUnit }>();
  let folders: WorkspaceFolder[] = [];
  let clientLocale = 'en';
  let canPullConfiguration = false;
  let canWatchDynamically = false;
  let canWatchFolders = false;
  let canReportProgress = false;
  let scanning = false;
  /** While scanning: files indexed so far, of how many. */
  let scanState: { done: number; total: number } | undefined;
  /** Units asked for since rendering last began, and how many of them are done. */
  let renderWave = { done: 0, total: 0 };
  /** Analyses files on every core (worker threads are started on the first large scan). */
  const pool = new AnalysisPool(threadsFrom(process.env));
  /** The persistent cache (initializationOptions.cacheLocation), when the client gave a place for it. */
  let cacheFolder: CacheFolder | undefined;
  let fileStore: FileStore | undefined;
  let debounceMs = defaultDebounceMs;
  const pending = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  /**
   * Files whose last published diagnostics were not empty (they need clearing when they empty),
   * with their error and warning counts for the status bar.
   */
  const published = new Map<string, { errors: number; warnings: number }>();
  /** Routes the client asked for, by Service id, with the last model sent. */
  const trackedRoutes = new Map<string, { text: string; file: string }>();
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

  connection.onInitialize((params: InitializeParams) => {
    folders = params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri, name: 'root' }] : []);
    clientLocale = (params.locale ?? 'en').toLowerCase();
    canPullConfiguration = params.capabilities.workspace?.configuration === true;
    canWatchDynamically = params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    canWatchFolders = params.capabilities.workspace?.workspaceFolders === true;
    canReportProgress = params.capabilities.window?.workDoneProgress === true;
    const options = params.initializationOptions as InitializationOptions | undefined;
    const requested = options?.debounceMs;
    if (typeof requested === 'number' && requested >= 0 && requested <= 5000) debounceMs = requested;
    trusted = options?.trusted !== false;
    if (typeof options?.cacheLocation === 'string' && options.cacheLocation !== '') cacheFolder = new CacheFolder(options.cacheLocation);
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
      await pullSettings();
      reconfigure();
      await scanWorkspace();
      if (canWatchFolders) {
        connection.workspace.onDidChangeWorkspaceFolders((event) => {
          void (async () => {
            const removed = new Set(event.removed.map((folder) => folder.uri));
            folders = [...folders.filter((folder) => !removed.has(folder.uri)), ...event.added];
            await pullSettings();
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
      if (canPullConfiguration) await pullSettings();
      else if (pushed) {
        explicitGlobal = pushed;
        explicitByFolder = new Map();
      }
      if (reconfigure()) await scanWorkspace();
    })();
  });

  /** Reads the editor's settings: those for the whole editor and those of each folder. */
  async function pullSettings(): Promise<void> {
    if (!canPullConfiguration) return;
    try {
      const items = [{ section: configurationSection }, ...folders.map((folder) => ({ section: configurationSection, scopeUri: folder.uri }))];
      const pulled = (await connection.workspace.getConfiguration(items)) as Array<Partial<ServerSettings> | null>;
      explicitGlobal = pulled[0] ?? {};
      explicitByFolder = new Map(folders.map((folder, position) => [folder.uri, pulled[position + 1] ?? explicitGlobal]));
    } catch (error) {
      connection.console.error(`k8s-route: could not read settings: ${String(error)}`);
    }
  }

  /** A file's text as the server should read it: the open document's, else the disk's. */
  function readText(uri: string): string | undefined {
    const open = documents.get(uri);
    if (open) return textOf(open);
    if (!uri.startsWith('file:')) return undefined;
    const source = readSource(fileURLToPath(uri));
    return 'text' in source ? source.text : undefined;
  }

  /** What decides which files are indexed: each folder's globs and where they are relative to. */
  function scanKey(): string {
    return JSON.stringify(folderStates.map((state) => [state.uri, state.globBase, state.settings.include, state.settings.exclude]));
  }

  /**
   * Applies the settings and the project configurations (read again from the open documents or
   * the disk): each folder's scopes get their settings, only what changed is analysed again, and
   * renderers whose settings changed render their units again. True when the files to index changed.
   */
  function reconfigure(): boolean {
    const scopeBefore = scanKey();
    const configsBefore = [...configFindings.keys()];
    settings = mergeSettings(explicitGlobal, undefined);
    folderStates = folders.filter((folder) => folder.uri.startsWith('file:')).map((folder) => loadFolder(folder, explicitByFolder.get(folder.uri) ?? explicitGlobal, readText));
    configFindings = new Map();
    for (const state of folderStates) {
      if (!state.config || configFindings.has(state.config.uri)) continue;
      const disabled = new Set(state.settings.disabledRules);
      configFindings.set(state.config.uri, state.config.findings.filter((finding) => !disabled.has(finding.code)));
    }
    const update = index.configure((uri) => scopeKeyOf(folderStates, uri), scopeSpecs(folderStates, settings), sameScope);
    const stale = new Map(update.staleUnits.map((unit) => [unit.id, unit]));
    // A folder whose render settings changed renders its units again (unchanged inputs stay cached per renderer).
    for (const [key, current] of [...renderers]) {
      const wanted = JSON.stringify(renderSettings(folderSettings(key)));
      if (current.key === wanted) continue;
      renderers.delete(key);
      for (const unit of index.units()) if (folderKeyOf(unit.rootFile) === key) stale.set(unit.id, unit);
    }
    publish([...update.changedFiles, ...configsBefore, ...configFindings.keys()]);
    scheduleRenders([...stale.values()]);
    return scanKey() !== scopeBefore;
  }

  /** The folder (its URI, '' outside every folder) a file belongs to. */
  function folderKeyOf(uri: string): string {
    return folderOf(folderStates, uri)?.uri ?? '';
  }

  /** The effective settings of a folder ('' : the editor's). */
  function folderSettings(key: string): ServerSettings {
    return folderStates.find((state) => state.uri === key)?.settings ?? settings;
  }

  /** The effective settings that apply to a file. */
  function settingsFor(uri: string): ServerSettings {
    return folderSettings(folderKeyOf(uri));
  }

  function rendererFor(unit: RenderUnit): UnitRenderer {
    const key = folderKeyOf(unit.rootFile);
    const current = folderSettings(key);
    const wanted = JSON.stringify(renderSettings(current));
    let entry = renderers.get(key);
    if (!entry || entry.key !== wanted) renderers.set(key, (entry = { key: wanted, renderer: createRenderer(current) }));
    return entry.renderer;
  }

  /** The settings a render depends on. */
  function renderSettings(current: ServerSettings): unknown {
    return { render: current.render, timeout: current.renderTimeoutSeconds, helm: current.helm, kustomize: current.kustomize, namespace: current.defaultNamespace };
  }

  function createRenderer(settings: ServerSettings): UnitRenderer {
    const seconds = typeof settings.renderTimeoutSeconds === 'number' && settings.renderTimeoutSeconds > 0 ? Math.min(settings.renderTimeoutSeconds, 600) : defaultRenderLimits.timeoutMs / 1000;
    const helm = typeof settings.helm === 'object' && settings.helm !== null ? settings.helm : {};
    const kustomize = typeof settings.kustomize === 'object' && settings.kustomize !== null ? settings.kustomize : {};
    return new UnitRenderer(
      {
        helmPath: typeof helm.path === 'string' && helm.path !== '' ? helm.path : undefined,
        kustomizePath: typeof kustomize.path === 'string' && kustomize.path !== '' ? kustomize.path : undefined,
        releaseName: typeof helm.releaseName === 'string' && helm.releaseName !== '' ? helm.releaseName : undefined,
        namespace: toAnalysisSettings(settings).defaultNamespace,
        timeoutMs: seconds * 1000,
        maxOutputBytes: defaultRenderLimits.maxOutputBytes,
        concurrency: defaultRenderLimits.concurrency,
        ...(cacheFolder ? { store: new RenderStore(cacheFolder) } : {}),
      },
      { toFs: (uri) => (uri.startsWith('file:') ? fileURLToPath(uri) : uri), fromFs: (file) => pathToFileURL(file).toString() },
    );
  }

  /** A file as users read it: relative to its workspace folder. */
  function displayPath(uri: string): string {
    return folderRelative(uri) ?? (uri.startsWith('file:') ? fileURLToPath(uri) : uri);
  }

  /**
   * Renders units in the background. A unit asked for again cancels its running render; the
   * renderer answers unchanged inputs from its cache. Each result is published as it lands.
   */
  function scheduleRenders(units: readonly RenderUnit[]): void {
    if (renderJobs.size === 0) renderWave = { done: 0, total: 0 };
    for (const unit of units) {
      // A unit asked for again while it renders replaces its job; it counts once.
      if (!renderJobs.has(unit.id)) renderWave.total++;
      renderJobs.get(unit.id)?.controller.abort();
      const job = { controller: new AbortController(), unit };
      renderJobs.set(unit.id, job);
      void renderUnit(job).catch((error) => connection.console.error(`k8s-route: rendering ${unit.rootFile} failed: ${String(error)}`));
    }
    if (units.length > 0) sendIndexState();
  }

  async function renderUnit(job: { controller: AbortController; unit: RenderUnit }): Promise<void> {
    const { unit, controller } = job;
    let outcome: RenderOutcome;
    if (!settingsFor(unit.rootFile).render) outcome = { status: 'off' };
    else if (!trusted) outcome = { status: 'failed', code: 'render/untrusted', message: 'the workspace is not trusted, so helm and kustomize are not run on it: kustomizations are approximated and chart templates skipped until you trust it' };
    else {
      const started = Date.now();
      // Open documents may hold unsaved text the unit reads; the renderer uses it where it differs from disk.
      const unsaved = new Map(documents.all().map((document) => [document.uri, textOf(document)]));
      const result = await rendererFor(unit).render(unit, controller.signal, unsaved);
      const name = `${displayPath(unit.rootFile)}${unit.variant ? ` with ${path.basename(unit.variant)}` : ''}`;
      // The tool's own time and the wait for a free slot are told apart; a render a newer edit replaced is cancelled, not failed.
      const waited = Math.max(0, Date.now() - started - result.toolMs);
      if (controller.signal.aborted) log(`render of ${name} cancelled: a newer edit asked for it again`);
      else if (!result.cached) log(`rendered ${name} in ${result.toolMs} ms${waited >= 50 ? ` (after ${waited} ms waiting for other renders)` : ''} (${result.outcome.status})`);
      outcome = result.outcome;
    }
    if (renderJobs.get(unit.id) !== job) return;
    renderJobs.delete(unit.id);
    renderWave.done++;
    if (controller.signal.aborted || !index.unit(unit.id)) {
      sendIndexState();
      return;
    }
    guard('render', undefined, undefined, () => publish(index.setRender(unit.id, outcome).changedFiles));
  }

  function locale(): Locale {
    const chosen = settings.hoverLanguage === 'auto' ? clientLocale : settings.hoverLanguage;
    return chosen.startsWith('zh') ? 'zh-cn' : 'en';
  }

  /** Whether a file URI is one its folder's settings ask to index. */
  function isIndexed(uri: string): boolean {
    const folder = folderOf(folderStates, uri);
    return folder !== undefined && folderIndexes(folder, fileURLToPath(uri));
  }

  /** A file URI's path relative to the first workspace folder holding it, '/'-separated; undefined outside them. */
  function folderRelative(uri: string): string | undefined {
    if (!uri.startsWith('file:')) return undefined;
    const file = fileURLToPath(uri);
    for (const folder of folders) {
      if (!folder.uri.startsWith('file:')) continue;
      const relative = path.relative(fileURLToPath(folder.uri), file).split(path.sep).join('/');
      if (!relative.startsWith('..') && !path.isAbsolute(relative)) return relative;
    }
    return undefined;
  }

  /** Reads every matching file of every folder into the index, with progress on long scans. */
  /** The scope (folders and their globs) the last scan read: the same scope asked for twice is read once. */
  let scannedScope: string | undefined;

  async function scanWorkspace(): Promise<void> {
    // Start-up and the settings the editor announces right after it both ask; one pass serves both.
    const scope = scanKey();
    if (scope === scannedScope) return;
    scannedScope = scope;
    const started = Date.now();
    scanning = true;
    sendIndexState();
    // Each folder by its own globs; a file of nested folders is read once, for the deepest.
    const files = [
      ...new Set(
        folderStates.flatMap((state) =>
          walkMatching(
            state.fsPath,
            (relative) => folderIndexes(state, path.join(state.fsPath, relative)),
            (relative) => folderExcludes(state, path.join(state.fsPath, relative.replace(/\/$/, ''))),
          ).filter((file) => folderOf(folderStates, pathToFileURL(file).toString()) === state),
        ),
      ),
    ];
    const progress = canReportProgress && files.length >= progressThreshold ? await connection.window.createWorkDoneProgress() : undefined;
    progress?.begin('K8s Route', 0, `Indexing ${files.length.toLocaleString('en-US')} manifests`, false);
    const wanted = new Set(files.map((file) => pathToFileURL(file).toString()));
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
    const store = persistentFiles();
    const report = (done: number, total: number, doing: 'reading' | 'analysing'): void => {
      progress?.report(Math.round((done / Math.max(1, total)) * (doing === 'reading' ? 10 : 80)) + (doing === 'reading' ? 0 : 10), `${doing === 'reading' ? 'Reading' : 'Analysing'} ${done.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} manifests`);
      scanState = { done, total };
      sendIndexState();
    };
    const read = await readForScan(
      files.map((file) => ({ uri: pathToFileURL(file).toString(), file })),
      {
        pool,
        store,
        read: (uri, file) => {
          const open = documents.get(uri);
          return open ? openSource(uri, open) : readFromDisk(uri, file);
        },
        settingsOf: (uri) => toAnalysisSettings(settingsFor(uri)),
        progress: report,
      },
    );
    // Into the index in batches, each batch's own findings published as it lands; what relates
    // objects to each other waits for the whole workspace, so no early warning is withdrawn later.
    for (let start = 0; start < read.sources.length; start += 200) {
      const batch = read.sources.slice(start, start + 200);
      note(index.update(...batch));
      publishOwn(batch.map((source) => source.path));
      const done = Math.min(read.sources.length, start + 200);
      scanState = { done, total: read.sources.length };
      progress?.report(90 + Math.round((done / read.sources.length) * 10), `Indexed ${done.toLocaleString('en-US')} of ${read.sources.length.toLocaleString('en-US')} manifests`);
      sendIndexState();
      // Let requests and cancellations through between batches.
      await new Promise((resolve) => setImmediate(resolve));
    }
    scanning = false;
    scanState = undefined;
    progress?.done();
    publish([...changed, ...skipped.keys()]);
    // Every unit is asked for once per scan; unchanged ones come from the renderer's cache.
    scheduleRenders(index.units().filter((unit) => stale.has(unit.id) || !renderJobs.has(unit.id)));
    if (store) {
      for (const source of read.sources) {
        const hash = read.hashes.get(source.path);
        if (hash !== undefined) store.remember(source.path, hash, source.analyses ?? []);
      }
      setImmediate(() => {
        if (!store.save()) log(`cannot write the cache in ${cacheFolder?.directory ?? ''}`);
      });
    }
    const parsedHere = index.plainIndexes().reduce((total, plain) => total + plain.index.counts.parsed, 0);
    log(`indexed ${files.length} files in ${Date.now() - started} ms: ${read.fromCache} from the cache, ${read.analysed} analysed (${pool.counts.inWorkers} in worker threads since start), ${parsedHere} parsed by the index since start`);
  }

  /** The persistent cache of file analyses, read once per server. */
  function persistentFiles(): FileStore | undefined {
    if (!cacheFolder) return undefined;
    fileStore ??= new FileStore(cacheFolder, folders.map((folder) => folder.uri).join('\u0000'));
    return fileStore;
  }

  function readFromDisk(uri: string, file: string): SourceFile | undefined {
    const source = readSource(file);
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
      const update = index.update(...sources);
      publish(update.changedFiles);
      scheduleRenders(update.staleUnits);
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
      const lines = lineIndex(uri) ?? new LineIndex('');
      const findings = [...index.findings(uri), ...(skipped.has(uri) ? [skipped.get(uri)!] : []), ...(configFindings.get(uri) ?? [])];
      if (findings.length === 0 && !published.has(uri)) continue;
      if (findings.length === 0) published.delete(uri);
      else published.set(uri, { errors: findings.filter((finding) => finding.severity === 'error').length, warnings: findings.filter((finding) => finding.severity === 'warning').length });
      void connection.sendDiagnostics({ uri, version: documents.get(uri)?.version, diagnostics: findings.map((finding) => toDiagnostic(finding, lines, lineIndex, rulesDoc)) });
    }
    refreshRoutes();
    sendIndexState();
  }

  /** Files' findings that need no other object, while a scan is still reading the rest. */
  function publishOwn(uris: readonly string[]): void {
    for (const uri of uris) {
      const findings = index.ownFindings(uri);
      if (findings.length === 0) continue;
      const lines = new LineIndex(index.source(uri)?.text ?? '');
      published.set(uri, { errors: findings.filter((finding) => finding.severity === 'error').length, warnings: findings.filter((finding) => finding.severity === 'warning').length });
      void connection.sendDiagnostics({ uri, version: documents.get(uri)?.version, diagnostics: findings.map((finding) => toDiagnostic(finding, lines, () => lines, rulesDoc)) });
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
    const running = [...renderJobs.values()].map((job) => job.unit);
    const charts = new Set(running.filter((unit) => unit.kind === 'helm').map((unit) => unit.root)).size;
    const kustomizations = running.filter((unit) => unit.kind === 'kustomize').length;
    const state: IndexState = {
      indexing: scanning,
      files: index.paths().length,
      services: index.serviceCount(),
      errors,
      warnings,
      ...(scanning && scanState ? { scanned: scanState } : {}),
      ...(running.length > 0 ? { rendering: { charts, kustomizations, done: renderWave.done, total: renderWave.total } } : {}),
    };
    void connection.sendNotification(indexStateNotification, state);
  }

  /**
   * Each route a panel shows follows its own Service: the same unit, scope, id and file. Another
   * Service of the same name in another file or folder is another route, never redrawn in its place.
   */
  function refreshRoutes(): void {
    for (const [key, last] of trackedRoutes) {
      const [unit, scope, id, file] = splitRouteKey(key);
      const found = index.services().find((candidate) => candidate.service.id === id && candidate.unit?.id === unit && candidate.scope === scope && candidate.service.file === file);
      const model = found ? routeOf(found) : null;
      const text = JSON.stringify(model);
      if (text === last.text) continue;
      if (model === null) trackedRoutes.delete(key);
      else trackedRoutes.set(key, { text, file: model.service.file });
      const [, namespace, name] = id.split('/');
      void connection.sendNotification(routeChangedNotification, { service: { namespace, name, ...(unit ? { unit } : {}), file: last.file }, model });
    }
  }

  function routeKey(found: ScopedService): string {
    return `${found.unit?.id ?? ''}\u0000${found.scope}\u0000${found.service.id}\u0000${found.service.file}`;
  }

  function splitRouteKey(key: string): [string | undefined, string, string, string] {
    const [unit, scope, id, file] = key.split('\u0000');
    return [unit === '' ? undefined : unit, scope, id, file];
  }

  /**
   * How a request names the scope of a plain Service (`scope:<key>` in the `unit` field), needed
   * only while several scopes hold objects; undefined otherwise.
   */
  function scopeTarget(key: string): string | undefined {
    const populated = index.plainIndexes().filter((plain) => plain.index.objectCount() > 0 || plain.key === key);
    return populated.length > 1 ? `scope:${key}` : undefined;
  }

  function routeOf(found: ScopedService): ReturnType<typeof computeRoute> {
    const nodes = settingsFor(found.unit?.rootFile ?? found.service.file).route?.exampleNodes;
    const model = index.mapRoute(found.unit?.id, computeRoute(found.index, found.service, typeof nodes === 'number' && nodes >= 1 && nodes <= 4 ? Math.floor(nodes) : 2, locale()));
    // Same-named Services elsewhere (alternatives side by side, other folders): the panel names the file.
    const elsewhere = index.services().some((candidate) => candidate !== found && candidate.service.id === found.service.id && (candidate.service.file !== found.service.file || candidate.unit?.id !== found.unit?.id));
    // The overlays or values variants that render the same Service: the panel switches between them.
    // The same written Service (its template or base resource) rendered by each unit that reads it.
    const source = found.unit ? routeFileOf(found) : undefined;
    // Only the units that read that file can render it: the others are not looked at.
    const reading = new Set(source ? index.unitsOf(source).map((unit) => unit.id) : []);
    // Another Service written in the same file is not an alternative: the same name is asked for (each unit may put it in its own namespace).
    const units = source ? index.services().filter((candidate) => candidate.unit && reading.has(candidate.unit.id) && routeFileOf(candidate) === source && candidate.service.object.name === found.service.object.name) : [];
    const alternatives = units.length > 1 ? units.map((candidate) => ({ unit: candidate.unit!.id, label: candidate.unit!.label, namespace: candidate.service.namespace, name: candidate.service.object.name ?? '' })) : undefined;
    return elsewhere || alternatives ? { ...model, service: { ...model.service, ...(elsewhere ? { definedElsewhere: true } : {}), ...(alternatives ? { alternatives } : {}) } } : model;
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
    const update = isIndexed(uri) ? readFromDisk(uri, fileURLToPath(uri)) : undefined;
    const result = update ? index.update(update) : index.remove(uri);
    publish([...result.changedFiles, uri]);
    scheduleRenders(result.staleUnits);
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
        } else if (isIndexed(change.uri)) {
          const source = readFromDisk(change.uri, fileURLToPath(change.uri));
          if (source) updates.push(source);
        }
      }
      const removed = index.remove(...removals);
      const updated = index.update(...updates);
      publish([...removed.changedFiles, ...removals, ...updated.changedFiles]);
      // A helper template, a values file or a generator input changed on disk: its units render again.
      const affected = new Map<string, RenderUnit>();
      for (const unit of [...removed.staleUnits, ...updated.staleUnits]) affected.set(unit.id, unit);
      for (const change of params.changes) for (const unit of index.unitsAffectedBy(change.uri)) affected.set(unit.id, unit);
      scheduleRenders([...affected.values()]);
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
  registerHoverAndCompletion({ connection, index, documentFor, guard, locale, openText: (uri) => documents.get(uri)?.getText() });

  registerFixes({ connection, index, documentFor, guard, rulesDoc, folderFor: (uri) => folderOf(folderStates, uri), openText: (uri) => documents.get(uri)?.getText() });

  registerLensAndNavigation({ connection, index, documentFor, guard, locale, scopeTarget });

  connection.onRequest(routeRequest, (params: RouteParams, token): RouteModel | null =>
    guard('route', null, token, () => {
      const found = serviceFor(params);
      if (!found) return null;
      const model = routeOf(found);
      trackedRoutes.set(routeKey(found), { text: JSON.stringify(model), file: model.service.file });
      return model;
    }),
  );

  connection.onRequest(routeUnavailableRequest, (params: { textDocument?: { uri?: unknown } }, token): string | null =>
    guard('route unavailable', null, token, () => {
      const uri = params?.textDocument?.uri;
      if (typeof uri !== 'string' || index.plainIndexOf(uri)) return null;
      for (const unit of index.unitsOf(uri)) {
        const outcome = index.outcome(unit.id);
        const where = `${displayPath(unit.rootFile)} ${unit.label}`;
        if (renderJobs.has(unit.id) || !outcome) return `${where} is still being rendered; try again in a moment`;
        if (outcome.status === 'failed') return `${where} could not be rendered: ${outcome.message}`;
        if (outcome.status === 'off' && unit.kind === 'helm') return `${where} is not rendered: rendering is off (k8sRoute.render)`;
      }
      return index.unitsOf(uri).length > 0 ? 'no Service is rendered from this place' : null;
    }),
  );

  /** The file a Service's route names (its source file, for a rendered one). */
  function routeFileOf(candidate: ScopedService): string {
    return candidate.unit ? (index.sourceOf(candidate.unit.id, candidate.service.object.anchorSpan)?.file ?? candidate.service.file) : candidate.service.file;
  }

  function serviceFor(params: RouteParams): ScopedService | undefined {
    if (params && 'textDocument' in params) {
      const document = documentFor(params.textDocument.uri);
      if (!document) return undefined;
      return index.serviceAt(params.textDocument.uri, document.offsetAt(params.position));
    }
    if (params && typeof params.name === 'string' && typeof params.namespace === 'string') {
      const all = index.services().filter((candidate) => candidate.service.object.name === params.name && candidate.service.namespace === params.namespace);
      // A file names one definition among same-named ones (the file its route model names).
      const inFile = typeof params.file === 'string' ? all.filter((candidate) => candidate.service.file === params.file || routeFileOf(candidate) === params.file) : [];
      const named = inFile.length > 0 ? inFile : all;
      const wanted = typeof params.unit === 'string' ? params.unit : undefined;
      if (wanted?.startsWith('scope:')) return named.find((candidate) => !candidate.unit && candidate.scope === wanted.slice('scope:'.length)) ?? named[0];
      return named.find((candidate) => (candidate.unit?.id ?? undefined) === wanted) ?? named[0];
    }
    return undefined;
  }

  /** The Services that select the workload at a position (plain, or rendered from that place). */
  function servicesOfWorkloadAt(uri: string, offset: number): Set<IndexedObject> | undefined {
    const places = index.plainIndexOf(uri) ? [{ index: index.plainIndexOf(uri)!, file: uri, offset }] : index.renderedAt(uri, offset);
    let found: Set<IndexedObject> | undefined;
    for (const place of places) {
      const workload = place.index.objects(place.file).find((object) => object.decoded.template && object.object.span.start <= place.offset && place.offset <= object.object.span.end);
      if (!workload) continue;
      found ??= new Set();
      for (const service of servicesSelecting(place.index, workload)) found.add(service);
    }
    return found;
  }

  connection.onRequest(servicesRequest, (params: ServicesParams | undefined, token): ServiceSummary[] =>
    guard('services', [], token, () => {
      // At a workload: only the Services that select it.
      const document = params?.textDocument ? documentFor(params.textDocument.uri) : undefined;
      let selecting = document && params?.position ? servicesOfWorkloadAt(params.textDocument!.uri, document.offsetAt(params.position)) : undefined;
      // Elsewhere in a file that units read (a values file, a helper): the Services those units render.
      if (document && params?.position && !selecting) {
        const uri = params.textDocument!.uri;
        const units = index.unitsOf(uri);
        // A values variant is read by its own render only (a chart's members are all its files).
        const variants = units.filter((unit) => unit.variant === uri || unit.valuesFiles?.includes(uri));
        const reading = new Set((variants.length > 0 ? variants : units).map((unit) => unit.id));
        const rendered = index.services().filter((candidate) => candidate.unit && reading.has(candidate.unit.id)).map((candidate) => candidate.service);
        if (rendered.length > 0) selecting = new Set(rendered);
      }
      if (params?.position && !selecting) return [];
      // A file's findings are gathered once, however many Services it holds.
      const findingsOf = new Map<string, Finding[]>();
      const fileFindings = (file: string): Finding[] => {
        let found = findingsOf.get(file);
        if (!found) findingsOf.set(file, (found = index.findings(file)));
        return found;
      };
      return index
        .services()
        .filter((candidate) => candidate.service.decoded.service && (!selecting || selecting.has(candidate.service)))
        .sort((left, right) => left.service.id.localeCompare(right.service.id) || (left.unit?.label ?? '').localeCompare(right.unit?.label ?? ''))
        .map((candidate) => {
          const { service: object, unit } = candidate;
          const model = object.decoded.service!;
          const ports = (model.ports?.value ?? []).map((port) => `${port.port?.value ?? '?'}${port.protocol?.value && port.protocol.value !== 'TCP' ? `/${port.protocol.value}` : ''}`).join(', ');
          const place = unit ? index.sourceOf(unit.id, object.object.anchorSpan) : { file: object.file, span: object.object.anchorSpan };
          const file = place?.file ?? object.file;
          const line = new LineIndex(index.source(file)?.text ?? '').positionAt(place?.span.start ?? 0).line;
          // A plain Service of one of several folders or clusters names its scope.
          const scope = unit ? undefined : scopeTarget(candidate.scope);
          const scopeLabel = scope ? candidate.scopeLabel : undefined;
          // The worst finding of this Service (its own object, in its file as the user reads it).
          const own = fileFindings(file).filter((finding) => finding.object === object.id);
          const status = own.some((finding) => finding.severity === 'error') ? 'error' : own.some((finding) => finding.severity === 'warning') ? 'warning' : 'ok';
          return { namespace: object.namespace, name: object.object.name ?? '', type: isHeadless(model) ? 'headless' : effectiveType(model), ports, uri: file, line, status, ...(unit ? { unit: unit.id, unitLabel: candidate.scopeLabel && scopeTarget(candidate.scope) ? `${unit.label} · ${candidate.scopeLabel}` : unit.label } : scope ? { unit: scope, ...(scopeLabel ? { unitLabel: scopeLabel } : {}) } : {}) };
        });
    }),
  );

  registerRequestHandlers({ connection, index, documentFor, guard });

  documents.listen(connection);
  connection.onShutdown(() => pool.close());
  connection.listen();
}
