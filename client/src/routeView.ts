/**
 * Shows a Service's route until the graphical view arrives: the server's RouteModel rendered as
 * text in a read-only document, kept up to date from `k8sRoute/routeChanged`.
 */
import * as vscode from 'vscode';
import type { RouteModel } from '../../server/src/protocol/route';
import { formatRoute } from '../../server/src/protocol/routeText';

export const routeScheme = 'k8s-route-route';

export class RouteDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly models = new Map<string, RouteModel>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  uriFor(namespace: string, name: string): vscode.Uri {
    return vscode.Uri.from({ scheme: routeScheme, path: `/${namespace}/${name}.route` });
  }

  set(model: RouteModel): vscode.Uri {
    const uri = this.uriFor(model.service.namespace, model.service.name);
    this.models.set(uri.toString(), model);
    this.changed.fire(uri);
    return uri;
  }

  forget(namespace: string, name: string): void {
    const uri = this.uriFor(namespace, name);
    this.models.delete(uri.toString());
    this.changed.fire(uri);
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    const model = this.models.get(uri.toString());
    return model ? formatRoute(model, false) : vscode.l10n.t('This Service no longer exists in the workspace.');
  }

  dispose(): void {
    this.changed.dispose();
  }
}
