/**
 * The language server over one connection: keeps open YAML documents in a workspace index and
 * publishes diagnostics for every file whose findings changed. Workspace scanning, hover,
 * completion and fixes build on it. Every handler is guarded so a bug never takes the server down.
 */
import { TextDocuments, TextDocumentSyncKind } from 'vscode-languageserver';
import type { Connection } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LineIndex } from '../core/text';
import { WorkspaceIndex } from '../core/workspace';
import { configurationSection } from '../protocol';
import type { ServerSettings } from '../protocol';
import { toAnalysisSettings, toDiagnostic } from './convert';

const debounceMs = 150;

export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  const index = new WorkspaceIndex(toAnalysisSettings(undefined));
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
      publishAll(index.setSettings(toAnalysisSettings(pushed)).changedFiles);
    } else {
      void refreshSettings();
    }
  });

  async function refreshSettings(): Promise<void> {
    if (!canPullConfiguration) return;
    try {
      const pulled = (await connection.workspace.getConfiguration(configurationSection)) as Partial<ServerSettings> | undefined;
      publishAll(index.setSettings(toAnalysisSettings(pulled)).changedFiles);
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
      publishAll(index.update({ path: document.uri, text }).changedFiles);
    } catch (error) {
      connection.console.error(`k8s-route: analysis of ${document.uri} failed: ${error instanceof Error ? error.stack : String(error)}`);
    }
  }

  function publishAll(uris: readonly string[]): void {
    for (const uri of uris) {
      const source = index.source(uri);
      const version = documents.get(uri)?.version;
      if (!source) {
        void connection.sendDiagnostics({ uri, diagnostics: [] });
        continue;
      }
      const lines = new LineIndex(source.text);
      const indexOf = (file: string): LineIndex | undefined => {
        const other = index.source(file);
        return other ? new LineIndex(other.text) : undefined;
      };
      void connection.sendDiagnostics({ uri, version, diagnostics: index.findings(uri).map((finding) => toDiagnostic(finding, lines, indexOf)) });
    }
  }

  documents.onDidOpen((event) => publish(event.document));
  documents.onDidChangeContent((event) => schedule(event.document));
  documents.onDidClose((event) => {
    clearTimeout(timers.get(event.document.uri));
    timers.delete(event.document.uri);
    publishAll(index.remove(event.document.uri).changedFiles);
  });
  documents.listen(connection);
  connection.listen();
}
