/**
 * Every command of the extension, in one table: its id (as in package.json) and what it does.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { routeRequest, routeUnavailableRequest, servicesRequest } from '../../server/src/protocol';
import type { RouteParams, ServiceSummary } from '../../server/src/protocol';
import type { RouteModel } from '../../server/src/protocol/route';
import { RoutePanel } from './routePanel';

export interface CommandContext {
  readonly extension: vscode.ExtensionContext;
  readonly client: () => LanguageClient | undefined;
  readonly output: vscode.OutputChannel;
}

type Command = (context: CommandContext, ...args: unknown[]) => unknown;

export const commands: Readonly<Record<string, Command>> = {
  /** "Show Service route": the Service under the cursor, the one a code lens names, or one picked from a list. */
  'k8sRoute.showRoute': async (context, target) => {
    const client = context.client();
    if (!client) return;
    const params = await routeTarget(client, target);
    if (!params) return;
    const model = await client.sendRequest<RouteModel | null>(routeRequest, params);
    if (!model) {
      void vscode.window.showInformationMessage(vscode.l10n.t('No Service found there.'));
      return;
    }
    RoutePanel.show(context.extension, client, model);
  },
  'k8sRoute.showOutput': (context) => context.output.show(true),
  'k8sRoute.restartServer': async (context) => {
    await context.client()?.restart();
  },
};

/** Where the route should come from: a code lens argument, the cursor, or a quick pick. */
async function routeTarget(client: LanguageClient, target: unknown): Promise<RouteParams | undefined> {
  if (isNamed(target)) return { namespace: target.namespace, name: target.name, ...(typeof target.unit === 'string' ? { unit: target.unit } : {}) };
  const editor = vscode.window.activeTextEditor;
  if (editor && ['yaml', 'json'].includes(editor.document.languageId)) {
    const params = { textDocument: { uri: editor.document.uri.toString() }, position: editor.selection.active };
    const model = await client.sendRequest<RouteModel | null>(routeRequest, params);
    if (model) return params;
    // In a chart or kustomization whose render is missing, say why rather than silently listing others.
    const reason = await client.sendRequest<string | null>(routeUnavailableRequest, { textDocument: params.textDocument });
    if (reason) {
      const pick = vscode.l10n.t('Pick a Service…');
      if ((await vscode.window.showWarningMessage(reason, pick)) !== pick) return undefined;
    }
  }
  const services = await client.sendRequest<ServiceSummary[]>(servicesRequest, {});
  if (services.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('There are no Services in this workspace.'));
    return undefined;
  }
  const items = groupByNamespace(services);
  const picked = await vscode.window.showQuickPick(items, { placeHolder: vscode.l10n.t('Show the route of which Service?'), matchOnDescription: true });
  return picked?.service ? { namespace: picked.service.namespace, name: picked.service.name, ...(picked.service.unit ? { unit: picked.service.unit } : {}) } : undefined;
}

function groupByNamespace(services: readonly ServiceSummary[]): Array<vscode.QuickPickItem & { service?: ServiceSummary }> {
  const items: Array<vscode.QuickPickItem & { service?: ServiceSummary }> = [];
  let namespace: string | undefined;
  for (const service of services) {
    if (service.namespace !== namespace) {
      namespace = service.namespace;
      items.push({ label: namespace, kind: vscode.QuickPickItemKind.Separator });
    }
    items.push({ label: service.name, description: `${service.type}${service.ports ? ` · ${service.ports}` : ''}${service.unitLabel ? ` · ${service.unitLabel}` : ''}`, detail: vscode.workspace.asRelativePath(vscode.Uri.parse(service.uri)), service });
  }
  return items;
}

function isNamed(value: unknown): value is { namespace: string; name: string; unit?: unknown } {
  return typeof value === 'object' && value !== null && typeof (value as { namespace?: unknown }).namespace === 'string' && typeof (value as { name?: unknown }).name === 'string';
}
