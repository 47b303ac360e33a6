/**
 * The Services view in the explorer: every Service of the workspace by namespace, each with its
 * type, ports and render unit, and an icon for the state of its route (errors, warnings, fine).
 * Clicking one opens its route. Refreshed when the server finishes an indexing cycle.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { servicesRequest } from '../../server/src/protocol';
import type { ServiceSummary } from '../../server/src/protocol';

type Node = { readonly namespace: string; readonly services: readonly ServiceSummary[] } | { readonly service: ServiceSummary };

export class ServicesView implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private refreshTimer: NodeJS.Timeout | undefined;

  constructor(private readonly client: () => LanguageClient | undefined) {}

  /** Asks the tree to reload, at most a few times a second. */
  refresh(): void {
    if (this.refreshTimer) return;
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = undefined;
      this.changed.fire(undefined);
    }, 300);
  }

  async getChildren(node?: Node): Promise<Node[]> {
    if (node && 'service' in node) return [];
    if (node) return [...node.services].map((service) => ({ service }));
    const client = this.client();
    if (!client?.isRunning()) return [];
    const services = await client.sendRequest<ServiceSummary[]>(servicesRequest, {});
    const byNamespace = new Map<string, ServiceSummary[]>();
    for (const service of services) byNamespace.set(service.namespace, [...(byNamespace.get(service.namespace) ?? []), service]);
    return [...byNamespace.entries()].sort(([left], [right]) => left.localeCompare(right)).map(([namespace, list]) => ({ namespace, services: list }));
  }

  getTreeItem(node: Node): vscode.TreeItem {
    if (!('service' in node)) {
      const item = new vscode.TreeItem(node.namespace, vscode.TreeItemCollapsibleState.Expanded);
      item.iconPath = new vscode.ThemeIcon('symbol-namespace');
      item.description = node.services.length === 1 ? vscode.l10n.t('1 Service') : vscode.l10n.t('{0} Services', node.services.length);
      return item;
    }
    const service = node.service;
    const item = new vscode.TreeItem(service.name, vscode.TreeItemCollapsibleState.None);
    item.description = [service.type, service.ports, service.unitLabel].filter(Boolean).join(' · ');
    item.tooltip = `${service.namespace}/${service.name} · ${vscode.workspace.asRelativePath(vscode.Uri.parse(service.uri))}:${service.line + 1}`;
    item.iconPath = service.status === 'error' ? new vscode.ThemeIcon('error', new vscode.ThemeColor('problemsErrorIcon.foreground')) : service.status === 'warning' ? new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground')) : new vscode.ThemeIcon('pass');
    item.contextValue = 'service';
    item.command = { command: 'k8sRoute.showRoute', title: vscode.l10n.t('Show route'), arguments: [{ namespace: service.namespace, name: service.name, ...(service.unit ? { unit: service.unit } : {}), file: service.uri }] };
    return item;
  }

  dispose(): void {
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    this.changed.dispose();
  }
}
