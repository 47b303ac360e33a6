/**
 * Starting the language server and the connection to it. The server is dist/server.js, started
 * over IPC; it reads the `k8sRoute.*` settings itself and is told when they change.
 */
import * as path from 'node:path';
import type { ExtensionContext, OutputChannel } from 'vscode';
import { LanguageClient, TransportKind } from 'vscode-languageclient/node';
import type { LanguageClientOptions, ServerOptions } from 'vscode-languageclient/node';
import { configurationSection } from '../../server/src/protocol';

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
    ],
    synchronize: { configurationSection },
    outputChannel: output,
  };
  return new LanguageClient('k8sRoute', 'K8s Route', serverOptions, clientOptions);
}
