/**
 * The language server over one connection. It scans the workspace folders into a WorkspaceIndex,
 * overlays the documents open in the editor, and after each debounce cycle publishes diagnostics
 * for every file whose findings changed — opened or not. Hover, completion, quick fixes, code
 * lenses, navigation and the route request all read the same index.
 * Every handler runs through `guard`: a bug is logged and answered with an empty result.
 */
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { CodeActionKind, DidChangeWatchedFilesNotification, FileChangeType, TextDocuments, TextDocumentSyncKind } from 'vscode-languageserver';
import type { CancellationToken, CodeAction, CodeLens, CompletionItem, Connection, Hover, InitializeParams, Location, WorkspaceFolder } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { completeAt } from '../core/features/completion';
import type { Locale } from '../core/features/explain';
import { fixesFor } from '../core/features/fixes';
import { hoverAt } from '../core/features/hover';
import { serviceLenses } from '../core/features/lens';
import { definitionAt, referencesAt } from '../core/features/navigation';
import { computeRoute, findServices } from '../core/features/route';
import { globMatcher } from '../core/glob';
import type { Finding, SourceFile } from '../core/model';
import type { IndexedObject } from '../core/routing';
import { effectiveType, isHeadless } from '../core/rules/serviceShape';
import { LineIndex } from '../core/text';
import { WorkspaceIndex } from '../core/workspace';
import { maxFileBytes, readSource, walkMatching } from '../node/files';
import { configurationSection, indexStateNotification, routeChangedNotification, routeRequest, servicesRequest } from '../protocol';
import type { IndexState, RouteParams, ServerSettings, ServiceSummary } from '../protocol';
import type { RouteModel } from '../protocol/route';
import { defaultServerSettings, toAnalysisSettings, toCompletionItem, toDiagnostic, toRange, toWorkspaceEdit } from './convert';

/** Edits within this many milliseconds are analysed together (initializationOptions.debounceMs overrides it). */
const defaultDebounceMs = 150;
/** Scans of at least this many files report work-done progress. */
const progressThreshold = 50;

export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  let settings: ServerSettings = defaultServerSettings;
  const index = new WorkspaceIndex(toAnalysisSettings(settings));
  let folders: WorkspaceFolder[] = [];
  let clientLocale = 'en';
  let canPullConfiguration = false;
  let canWatchDynamically = false;
  let canReportProgress = false;
  let scanning = false;
  let debounceMs = defaultDebounceMs;
  const pending = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  /**
   * Files whose last published diagnostics were not empty (they need clearing when they empty),
   * with their error and warning counts for the status bar.
   */
  const published = new Map<string, { errors: number; warnings: number }>();
  /** Routes the client asked for, by Service id, with the last model sent. */
  const trackedRoutes = new Map<string, string>();
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
    canReportProgress = params.capabilities.window?.workDoneProgress === true;
    const requested = (params.initializationOptions as { debounceMs?: unknown } | undefined)?.debounceMs;
    if (typeof requested === 'number' && requested >= 0 && requested <= 5000) debounceMs = requested;
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        hoverProvider: true,
        completionProvider: { triggerCharacters: [':', ' '] },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
        codeLensProvider: { resolveProvider: false },
        definitionProvider: true,
        referencesProvider: true,
        workspace: { workspaceFolders: { supported: true } },
      },
      serverInfo: { name: 'k8s-route' },
    };
  });

  connection.onInitialized(() => {
    void (async () => {
      if (canWatchDynamically) {
        await connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/*.{yaml,yml}' }, { globPattern: '**/{kustomization.yaml,kustomization.yml,Kustomization,Chart.yaml}' }] });
      }
      await pullSettings();
      await scanWorkspace();
    })().catch((error) => connection.console.error(`k8s-route: start-up failed: ${String(error)}`));
  });

  connection.onDidChangeConfiguration((change) => {
    const pushed = (change.settings as Record<string, unknown> | undefined)?.[configurationSection] as Partial<ServerSettings> | undefined;
    void (async () => {
      if (pushed) applySettings(pushed);
      else await pullSettings();
      await scanWorkspace();
    })();
  });

  async function pullSettings(): Promise<void> {
    if (!canPullConfiguration) return;
    try {
      const pulled = (await connection.workspace.getConfiguration(configurationSection)) as Partial<ServerSettings> | null;
      applySettings(pulled ?? {});
    } catch (error) {
      connection.console.error(`k8s-route: could not read settings: ${String(error)}`);
    }
  }

  function applySettings(next: Partial<ServerSettings>): void {
    settings = { ...defaultServerSettings, ...Object.fromEntries(Object.entries(next).filter(([, value]) => value !== undefined && value !== null)) } as ServerSettings;
    includeMatchers = (Array.isArray(settings.include) ? settings.include : defaultServerSettings.include).map(globMatcher);
    excludeMatchers = (Array.isArray(settings.exclude) ? settings.exclude : defaultServerSettings.exclude).map(globMatcher);
    publish(index.setSettings(toAnalysisSettings(settings)).changedFiles);
  }

  function locale(): Locale {
    const chosen = settings.hoverLanguage === 'auto' ? clientLocale : settings.hoverLanguage;
    return chosen.startsWith('zh') ? 'zh-cn' : 'en';
  }

  // The include and exclude globs, compiled once per settings change.
  let includeMatchers = settings.include.map(globMatcher);
  let excludeMatchers = settings.exclude.map(globMatcher);
  const include = (relative: string): boolean => includeMatchers.some((matches) => matches(relative));
  const exclude = (relative: string): boolean => excludeMatchers.some((matches) => matches(relative));

  /** Whether a file URI is one the settings ask to index, and its folder-relative path. */
  function isIndexed(uri: string): boolean {
    if (!uri.startsWith('file:')) return false;
    const file = fileURLToPath(uri);
    for (const folder of folders) {
      const root = fileURLToPath(folder.uri);
      const relative = path.relative(root, file).split(path.sep).join('/');
      if (relative.startsWith('..') || path.isAbsolute(relative)) continue;
      if (relative.split('/').some((part) => part === 'node_modules' || part === '.git')) return false;
      return include(relative) && !exclude(relative);
    }
    return false;
  }

  /** Reads every matching file of every folder into the index, with progress on long scans. */
  async function scanWorkspace(): Promise<void> {
    const started = Date.now();
    scanning = true;
    sendIndexState();
    const files = folders.flatMap((folder) => (folder.uri.startsWith('file:') ? walkMatching(fileURLToPath(folder.uri), include, exclude) : []));
    const progress = canReportProgress && files.length >= progressThreshold ? await connection.window.createWorkDoneProgress() : undefined;
    progress?.begin('K8s Route', 0, `Indexing ${files.length.toLocaleString('en-US')} manifests`, false);
    const wanted = new Set(files.map((file) => pathToFileURL(file).toString()));
    const changed = new Set<string>();
    // Files that left the scan (settings changed, deleted while we were away) leave the index.
    const gone = index.paths().filter((uri) => !wanted.has(uri) && !documents.get(uri));
    for (const uri of index.remove(...gone).changedFiles) changed.add(uri);
    for (const uri of [...skipped.keys()]) if (!wanted.has(uri)) skipped.delete(uri);
    const batch: SourceFile[] = [];
    for (let position = 0; position < files.length; position++) {
      const uri = pathToFileURL(files[position]).toString();
      const open = documents.get(uri);
      const source = open ? { path: uri, text: textOf(open) } : readFromDisk(uri, files[position]);
      if (source) batch.push(source);
      if (batch.length >= 200 || position === files.length - 1) {
        for (const uri of index.update(...batch.splice(0)).changedFiles) changed.add(uri);
        progress?.report(Math.round(((position + 1) / files.length) * 100), `${position + 1} of ${files.length.toLocaleString('en-US')} manifests`);
        // Let requests and cancellations through between batches.
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
    scanning = false;
    progress?.done();
    publish([...changed, ...skipped.keys()]);
    log(`indexed ${files.length} files in ${Date.now() - started} ms`);
  }

  function readFromDisk(uri: string, file: string): SourceFile | undefined {
    const source = readSource(file);
    if ('message' in source) {
      log(`cannot read ${file}: ${source.message}`);
      return undefined;
    }
    if ('tooLarge' in source) {
      skipped.set(uri, { code: 'file/too-large', severity: 'information', file: uri, span: { start: 0, end: 0 }, message: `file is ${(source.tooLarge / 1024 / 1024).toFixed(1)} MB, more than the ${maxFileBytes / 1024 / 1024} MB limit for manifests; it was not checked`, path: null, object: null });
      return undefined;
    }
    skipped.delete(uri);
    return { ...source, path: uri };
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
      if (document) sources.push({ path: uri, text: textOf(document) });
    }
    pending.clear();
    guard('analysis', undefined, undefined, () => publish(index.update(...sources).changedFiles));
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
      const findings = [...index.findings(uri), ...(skipped.has(uri) ? [skipped.get(uri)!] : [])];
      if (findings.length === 0 && !published.has(uri)) continue;
      if (findings.length === 0) published.delete(uri);
      else published.set(uri, { errors: findings.filter((finding) => finding.severity === 'error').length, warnings: findings.filter((finding) => finding.severity === 'warning').length });
      void connection.sendDiagnostics({ uri, version: documents.get(uri)?.version, diagnostics: findings.map((finding) => toDiagnostic(finding, lines, lineIndex, rulesDoc)) });
    }
    refreshRoutes();
    sendIndexState();
  }

  function sendIndexState(): void {
    let errors = 0;
    let warnings = 0;
    for (const counts of published.values()) {
      errors += counts.errors;
      warnings += counts.warnings;
    }
    const state: IndexState = { indexing: scanning, files: index.paths().length, services: index.serviceCount(), errors, warnings };
    void connection.sendNotification(indexStateNotification, state);
  }

  function refreshRoutes(): void {
    for (const [id, last] of trackedRoutes) {
      const service = index.objects().find((object) => object.id === id && object.object.recognized === 'Service');
      const model = service ? computeRoute(index, service) : null;
      const text = JSON.stringify(model);
      if (text === last) continue;
      if (model === null) trackedRoutes.delete(id);
      else trackedRoutes.set(id, text);
      const [, namespace, name] = id.split('/');
      void connection.sendNotification(routeChangedNotification, { service: { namespace, name }, model });
    }
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
    if (isIndexed(uri)) {
      const source = readFromDisk(uri, fileURLToPath(uri));
      publish(source ? index.update(source).changedFiles : [...index.remove(uri).changedFiles, uri]);
    } else {
      publish([...index.remove(uri).changedFiles, uri]);
    }
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
      const changed = [...index.remove(...removals).changedFiles, ...removals, ...index.update(...updates).changedFiles];
      publish(changed);
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

  connection.onHover((params, token): Hover | null =>
    guard('hover', null, token, () => {
      const document = documentFor(params.textDocument.uri);
      const result = document && hoverAt(index, params.textDocument.uri, document.offsetAt(params.position), locale());
      return result ? { contents: { kind: 'markdown', value: result.markdown }, range: toRange(result.span, document.lines) } : null;
    }),
  );

  connection.onCompletion((params, token): CompletionItem[] =>
    guard('completion', [], token, () => {
      const document = documentFor(params.textDocument.uri);
      if (!document) return [];
      return completeAt(index, params.textDocument.uri, document.offsetAt(params.position), locale()).map((item) => toCompletionItem(item, document.lines));
    }),
  );

  connection.onCodeAction((params, token): CodeAction[] =>
    guard('code actions', [], token, () => {
      const uri = params.textDocument.uri;
      const document = documentFor(uri);
      if (!document) return [];
      const { lines } = document;
      const start = lines.offsetAt(params.range.start);
      const end = lines.offsetAt(params.range.end);
      const actions: CodeAction[] = [];
      for (const finding of index.findings(uri)) {
        if (finding.span.end < start || finding.span.start > end) continue;
        const diagnostic = params.context.diagnostics.find((candidate) => candidate.code === finding.code && candidate.range.start.line === lines.positionAt(finding.span.start).line);
        for (const fix of fixesFor(index, finding)) {
          actions.push({
            title: fix.title,
            kind: CodeActionKind.QuickFix,
            isPreferred: fix.preferred,
            diagnostics: diagnostic ? [diagnostic] : [toDiagnostic(finding, lines, undefined, rulesDoc)],
            edit: toWorkspaceEdit(fix.edits, (file) => index.source(file)?.text ?? ''),
          });
        }
      }
      return actions;
    }),
  );

  connection.onCodeLens((params, token): CodeLens[] =>
    guard('code lens', [], token, () => {
      const uri = params.textDocument.uri;
      const document = documentFor(uri);
      if (!document) return [];
      return serviceLenses(index, uri).flatMap((lens) => {
        const range = toRange(lens.span, document.lines);
        const target = { namespace: lens.service.namespace, name: lens.service.object.name ?? '' };
        return [
          { range, command: { title: lens.summary, command: '' } },
          { range, command: { title: 'Show route', command: 'k8sRoute.showRoute', arguments: [target] } },
        ];
      });
    }),
  );

  const toLocations = (targets: ReadonlyArray<{ file: string; span: { start: number; end: number } }>): Location[] =>
    targets.flatMap((target) => {
      const source = index.source(target.file);
      return source ? [{ uri: target.file, range: toRange(target.span, new LineIndex(source.text)) }] : [];
    });

  connection.onDefinition((params, token): Location[] =>
    guard('definition', [], token, () => {
      const document = documentFor(params.textDocument.uri);
      return document ? toLocations(definitionAt(index, params.textDocument.uri, document.offsetAt(params.position))) : [];
    }),
  );

  connection.onReferences((params, token): Location[] =>
    guard('references', [], token, () => {
      const document = documentFor(params.textDocument.uri);
      return document ? toLocations(referencesAt(index, params.textDocument.uri, document.offsetAt(params.position))) : [];
    }),
  );

  connection.onRequest(routeRequest, (params: RouteParams, token): RouteModel | null =>
    guard('route', null, token, () => {
      const service = serviceFor(params);
      if (!service) return null;
      const model = computeRoute(index, service);
      trackedRoutes.set(service.id, JSON.stringify(model));
      return model;
    }),
  );

  function serviceFor(params: RouteParams): IndexedObject | undefined {
    if (params && 'textDocument' in params) {
      const document = documentFor(params.textDocument.uri);
      if (!document) return undefined;
      const offset = document.offsetAt(params.position);
      return index.objects(params.textDocument.uri).find((object) => object.object.recognized === 'Service' && object.object.span.start <= offset && offset <= object.object.span.end + 1);
    }
    if (params && typeof params.name === 'string' && typeof params.namespace === 'string') return findServices(index, `${params.namespace}/${params.name}`)[0];
    return undefined;
  }

  connection.onRequest(servicesRequest, (_params: unknown, token): ServiceSummary[] =>
    guard('services', [], token, () =>
      index
        .objects()
        .filter((object) => object.object.recognized === 'Service' && object.decoded.service)
        .sort((left, right) => left.id.localeCompare(right.id))
        .map((object) => {
          const model = object.decoded.service!;
          const ports = (model.ports?.value ?? []).map((port) => `${port.port?.value ?? '?'}${port.protocol?.value && port.protocol.value !== 'TCP' ? `/${port.protocol.value}` : ''}`).join(', ');
          const line = new LineIndex(index.source(object.file)?.text ?? '').positionAt(object.object.anchorSpan.start).line;
          return { namespace: object.namespace, name: object.object.name ?? '', type: isHeadless(model) ? 'headless' : effectiveType(model), ports, uri: object.file, line };
        }),
    ),
  );

  documents.listen(connection);
  connection.listen();
}
