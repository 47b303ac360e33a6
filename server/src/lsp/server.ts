/**
 * The language server over one connection: keeps open YAML documents, analyses them with the
 * core and publishes diagnostics. Workspace scanning, hover, completion and fixes build on it.
 * Every handler is guarded so a bug in one request never takes the server down.
 */
import { TextDocuments, TextDocumentSyncKind } from 'vscode-languageserver';
import type { Connection } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyzeWorkspace } from '../core/analyze';
import type { AnalysisSettings } from '../core/model';
import { LineIndex } from '../core/text';
import { configurationSection } from '../protocol';
import type { ServerSettings } from '../protocol';
import { toAnalysisSettings, toDiagnostic } from './convert';

const debounceMs = 150;

export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  let settings: AnalysisSettings = toAnalysisSettings(undefined);
  let canPullConfiguration = false;
  const timers = new Map<string, NodeJS.Timeout>();

  connection.onInitialize((params) => {
    canPullConfiguration = params.capabilities.workspace?.configuration === true;
    return { capabilities: { textDocumentSync: TextDocumentSyncKind.Incremental } };
  });

  connection.onInitialized(() => {
    void refreshSettings();
  });

  connection.onDidChangeConfiguration((change) => {
    const pushed = (change.settings as Record<string, unknown> | undefined)?.[configurationSection] as Partial<ServerSettings> | undefined;
    if (pushed) {
      settings = toAnalysisSettings(pushed);
      for (const document of documents.all()) publish(document);
    } else {
      void refreshSettings();
    }
  });

  async function refreshSettings(): Promise<void> {
    if (!canPullConfiguration) return;
    try {
      const pulled = (await connection.workspace.getConfiguration(configurationSection)) as Partial<ServerSettings> | undefined;
      settings = toAnalysisSettings(pulled);
      for (const document of documents.all()) publish(document);
    } catch (error) {
      connection.console.error(`k8s-route: could not read settings: ${String(error)}`);
    }
  }

  function schedule(document: TextDocument): void {
    clearTimeout(timers.get(document.uri));
    timers.set(document.uri, setTimeout(() => {
      timers.delete(document.uri);
      publish(document);
    }, debounceMs));
  }

  function publish(document: TextDocument): void {
    try {
      let text = document.getText();
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      const [analysis] = analyzeWorkspace([{ path: document.uri, text }], settings).files;
      const index = new LineIndex(text);
      void connection.sendDiagnostics({ uri: document.uri, version: document.version, diagnostics: analysis.findings.map((finding) => toDiagnostic(finding, index)) });
    } catch (error) {
      connection.console.error(`k8s-route: analysis of ${document.uri} failed: ${error instanceof Error ? error.stack : String(error)}`);
    }
  }

  documents.onDidOpen((event) => publish(event.document));
  documents.onDidChangeContent((event) => schedule(event.document));
  documents.onDidClose((event) => {
    clearTimeout(timers.get(event.document.uri));
    timers.delete(event.document.uri);
    void connection.sendDiagnostics({ uri: event.document.uri, diagnostics: [] });
  });
  documents.listen(connection);
  connection.listen();
}
