/**
 * Every command of the extension, in one table: its id (as in package.json) and what it does.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { requestSuggestionRequest, routeRequest, routeUnavailableRequest, sendRequestRequest, servicesRequest } from '../../server/src/protocol';
import type { RequestSuggestionResult, RouteParams, SendRequestResult, ServiceSummary } from '../../server/src/protocol';
import { requestText } from '../../server/src/protocol/requestText';
import { parseRequestLine } from './requestLine';
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
  /** "Send a request…": which backend gets a request, from a lens, the cursor, or the palette. */
  'k8sRoute.sendRequest': async (context, target) => {
    const client = context.client();
    if (!client) return;
    const editor = vscode.window.activeTextEditor;
    const place = isPlace(target) ? target : editor ? { uri: editor.document.uri.toString(), position: editor.selection.active } : undefined;
    const suggestion = place ? await client.sendRequest<RequestSuggestionResult | null>(requestSuggestionRequest, { textDocument: { uri: place.uri }, position: place.position }) : null;
    const line = await vscode.window.showInputBox({
      title: vscode.l10n.t('Send a request'),
      prompt: vscode.l10n.t('[METHOD] URL [-H Name:value]... [--port N], as curl takes them'),
      value: `GET ${suggestion?.url ?? 'http://example.com/'}`,
      valueSelection: [4, 4 + (suggestion?.url ?? 'http://example.com/').length],
      validateInput: (text) => {
        const parsed = parseRequestLine(text);
        return typeof parsed === 'string' ? parsed : undefined;
      },
    });
    if (line === undefined) return;
    const parsed = parseRequestLine(line);
    if (typeof parsed === 'string') return;
    const result = await client.sendRequest<SendRequestResult>(sendRequestRequest, { ...parsed, ...(suggestion?.gateway ? { gateway: suggestion.gateway } : {}), ...(suggestion?.listener ? { listener: suggestion.listener } : {}) });
    const channel = requestChannel();
    const asked = `${parsed.url}${parsed.headers.map(([name, value]) => ` -H '${name}: ${value}'`).join('')}`;
    if ('usage' in result) {
      channel.appendLine(`${parsed.method} ${asked}`);
      channel.appendLine(`  ${result.usage}`);
      for (const candidate of result.candidates) channel.appendLine(`    ${candidate}`);
      channel.appendLine('');
      channel.show(true);
      void vscode.window.showWarningMessage(result.usage);
      return;
    }
    const { answer } = result;
    // A file path with its line and column is a link in the Output view.
    const steps = result.steps.map((step) => ({ text: step.text, ...(step.detail ? { detail: true } : {}), ...(step.location ? { at: `${vscode.Uri.parse(step.location.uri).fsPath}:${step.location.range.start.line + 1}:${step.location.range.start.character + 1}` } : {}) }));
    channel.append(requestText(parsed.method, asked, answer, result.label, steps));
    channel.appendLine('');
    channel.show(true);
    const summary = answer.backends.length > 0 ? answer.backends.map((backend) => `${backend.namespace}/${backend.name}`).join(', ') : answer.redirect?.location ?? '';
    const decided = result.steps.find((step) => !step.detail && step.location && /Route|Ingress/.test(step.text));
    const open = vscode.l10n.t('Open the deciding rule');
    void vscode.window.showInformationMessage(`${answer.status}${summary ? ` → ${summary}` : ''}`, ...(decided ? [open] : [])).then(async (choice) => {
      if (choice !== open || !decided?.location) return;
      const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(decided.location.uri));
      const start = new vscode.Position(decided.location.range.start.line, decided.location.range.start.character);
      await vscode.window.showTextDocument(document, { selection: new vscode.Range(start, start) });
    });
  },
  'k8sRoute.showOutput': (context) => context.output.show(true),
  'k8sRoute.restartServer': async (context) => {
    await context.client()?.restart();
  },
  /** The server's cache lives in the workspace storage (lspClient.ts): stop, delete it, start again, which indexes and renders everything anew. */
  'k8sRoute.clearCache': async (context) => {
    const storage = context.extension.storageUri;
    const client = context.client();
    if (client?.isRunning()) await client.stop();
    if (storage) await vscode.workspace.fs.delete(vscode.Uri.joinPath(storage, 'cache'), { recursive: true, useTrash: false }).then(undefined, () => undefined);
    await client?.start();
  },
};

/** Where the route should come from: a code lens argument, the cursor, or a quick pick. */
async function routeTarget(client: LanguageClient, target: unknown): Promise<RouteParams | undefined> {
  if (isNamed(target)) return { namespace: target.namespace, name: target.name, ...(typeof target.unit === 'string' ? { unit: target.unit } : {}), ...(typeof target.file === 'string' ? { file: target.file } : {}) };
  const editor = vscode.window.activeTextEditor;
  if (editor && ['yaml', 'json'].includes(editor.document.languageId)) {
    const params = { textDocument: { uri: editor.document.uri.toString() }, position: editor.selection.active };
    const model = await client.sendRequest<RouteModel | null>(routeRequest, params);
    if (model) return params;
    // On a workload: the Services that select it (one is shown directly).
    const selecting = await client.sendRequest<ServiceSummary[]>(servicesRequest, params);
    if (selecting.length === 1) return { namespace: selecting[0].namespace, name: selecting[0].name, ...(selecting[0].unit ? { unit: selecting[0].unit } : {}), file: selecting[0].uri };
    if (selecting.length > 1) {
      const picked = await vscode.window.showQuickPick(groupByNamespace(selecting), { placeHolder: vscode.l10n.t('Show the route of which Service that selects this workload?'), matchOnDescription: true });
      return picked?.service ? { namespace: picked.service.namespace, name: picked.service.name, ...(picked.service.unit ? { unit: picked.service.unit } : {}), file: picked.service.uri } : undefined;
    }
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
  return picked?.service ? { namespace: picked.service.namespace, name: picked.service.name, ...(picked.service.unit ? { unit: picked.service.unit } : {}), file: picked.service.uri } : undefined;
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

let channel: vscode.OutputChannel | undefined;

/** The channel answers are written to, created on first use. */
function requestChannel(): vscode.OutputChannel {
  channel ??= vscode.window.createOutputChannel(vscode.l10n.t('K8s Route: requests'));
  return channel;
}

function isPlace(value: unknown): value is { uri: string; position: { line: number; character: number } } {
  return typeof value === 'object' && value !== null && typeof (value as { uri?: unknown }).uri === 'string' && typeof (value as { position?: unknown }).position === 'object';
}

function isNamed(value: unknown): value is { namespace: string; name: string; unit?: unknown; file?: unknown } {
  return typeof value === 'object' && value !== null && typeof (value as { namespace?: unknown }).namespace === 'string' && typeof (value as { name?: unknown }).name === 'string';
}
