/**
 * The VS Code extension: starts the K8s Route language server, registers the commands of
 * commands.ts and the status bar, and passes the server's notifications on (index state to the
 * status bar, route changes to the route panel).
 * Everything the user sees about manifests comes from the server.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { indexStateNotification, routeChangedNotification } from '../../server/src/protocol';
import type { IndexState, RouteChangedParams } from '../../server/src/protocol';
import { commands } from './commands';
import type { CommandContext } from './commands';
import { createLanguageClient } from './lspClient';
import { RoutePanel } from './routePanel';
import { ServicesView } from './servicesView';
import { IndexStatus } from './statusBar';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('K8s Route');
  const status = new IndexStatus();
  context.subscriptions.push(output, status);

  const commandContext: CommandContext = { extension: context, client: () => client, output };
  for (const [id, run] of Object.entries(commands)) {
    context.subscriptions.push(vscode.commands.registerCommand(id, (...args: unknown[]) => run(commandContext, ...args)));
  }

  client = createLanguageClient(context, output);
  const servicesView = new ServicesView(() => client);
  context.subscriptions.push(servicesView, vscode.window.createTreeView('k8sRoute.services', { treeDataProvider: servicesView, showCollapseAll: true }));
  context.subscriptions.push(
    client.onNotification(indexStateNotification, (state: IndexState) => {
      status.update(state);
      if (!state.indexing) servicesView.refresh();
    }),
    client.onNotification(routeChangedNotification, (params: RouteChangedParams) => RoutePanel.routeChanged(params.service, params.model)),
  );
  // Trust granted: start again, so that the server may now render charts and kustomizations.
  context.subscriptions.push(vscode.workspace.onDidGrantWorkspaceTrust(() => void commands['k8sRoute.restartServer'](commandContext)));
  try {
    await client.start();
  } catch (error) {
    status.failed(String(error));
    output.appendLine(`K8s Route could not start its language server: ${String(error)}`);
  }
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
