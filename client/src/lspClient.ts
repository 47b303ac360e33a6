/**
 * Starting the language server and the connection to it. The server is dist/server.js, started
 * over IPC; it reads the `k8sRoute.*` settings itself and is told when they change, and learns at
 * start whether the workspace is trusted (the extension restarts it when trust is granted).
 */
import * as path from 'node:path';
import { workspace } from 'vscode';
import type { ExtensionContext, OutputChannel } from 'vscode';
import { LanguageClient, TransportKind } from 'vscode-languageclient/node';
import type { LanguageClientOptions, ServerOptions } from 'vscode-languageclient/node';
import { configurationSection } from '../../server/src/protocol';
import type { InitializationOptions } from '../../server/src/protocol';

export function createLanguageClient(context: ExtensionContext, output: OutputChannel): LanguageClient {
  const module = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'yaml' },
      { scheme: 'untitled', language: 'yaml' },
      // JSON manifests are checked too; the server ignores JSON that holds no Kubernetes object.
      { scheme: 'file', language: 'json' },
      { scheme: 'untitled', language: 'json' },
    ],
    synchronize: { configurationSection },
    outputChannel: output,
    // Rendering runs helm and kustomize on the workspace's files: only in a trusted workspace.
    initializationOptions: { trusted: workspace.isTrusted } satisfies InitializationOptions,
  };
  return new LanguageClient('k8sRoute', 'K8s Route', serverOptions, clientOptions);
}
