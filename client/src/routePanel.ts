/**
 * The "Show Service route" panel: one webview beside the editor that draws a RouteModel from the
 * server. It validates every message from the webview, reveals only files the route came from and
 * that lie in the workspace, saves exports where the user chooses, and follows the cursor to other
 * Services when the toggle in the panel is on.
 */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { routeRequest, servicesRequest } from '../../server/src/protocol';
import type { ServiceSummary } from '../../server/src/protocol';
import type { RouteModel } from '../../server/src/protocol/route';
import { isFromWebview } from '../webview/messages';
import type { FromWebview, ToWebview } from '../webview/messages';
import { routeFiles } from './routeFiles';
import { routeHtml } from './routeHtml';

export class RoutePanel implements vscode.Disposable {
  private static current: RoutePanel | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private model: RouteModel | null = null;
  private follow = false;

  static show(context: vscode.ExtensionContext, client: LanguageClient, model: RouteModel): void {
    if (!RoutePanel.current) RoutePanel.current = new RoutePanel(context, client);
    RoutePanel.current.setModel(model);
    RoutePanel.current.panel.reveal(vscode.ViewColumn.Beside, true);
  }

  /** The server says a route changed: redraw if it is the one shown. */
  static routeChanged(service: { namespace: string; name: string; unit?: string; file?: string }, model: RouteModel | null): void {
    const panel = RoutePanel.current;
    if (!panel?.model || panel.model.service.namespace !== service.namespace || panel.model.service.name !== service.name) return;
    // The same Service rendered by another unit (another overlay, another values file), or written
    // in another file or folder, is another route.
    if (service.unit !== panel.model.service.unit?.id) return;
    if (service.file !== undefined && service.file !== panel.model.service.file) return;
    panel.setModel(model);
  }

  private readonly panel: vscode.WebviewPanel;

  private constructor(
    context: vscode.ExtensionContext,
    private readonly client: LanguageClient,
  ) {
    const webviewRoot = vscode.Uri.joinPath(context.extensionUri, 'dist', 'webview');
    this.panel = vscode.window.createWebviewPanel('k8sRoute.route', vscode.l10n.t('Service route'), { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, { enableScripts: true, localResourceRoots: [webviewRoot] });
    this.panel.iconPath = vscode.Uri.joinPath(context.extensionUri, 'images', 'route.svg');
    const webview = this.panel.webview;
    webview.html = routeHtml({
      cspSource: webview.cspSource,
      nonce: randomBytes(16).toString('base64'),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(webviewRoot, 'route.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(webviewRoot, 'route.css')).toString(),
      codiconsUri: webview.asWebviewUri(vscode.Uri.joinPath(webviewRoot, 'codicon.css')).toString(),
      state: { model: null, follow: false, locale: viewLanguage() },
    });
    this.disposables.push(
      webview.onDidReceiveMessage((message: unknown) => {
        if (isFromWebview(message)) void this.receive(message);
      }),
      this.panel.onDidDispose(() => this.dispose()),
      vscode.window.onDidChangeTextEditorSelection((event) => void this.followCursor(event.textEditor)),
    );
  }

  private setModel(model: RouteModel | null): void {
    this.model = model;
    // Where same-named Services exist elsewhere, the title names this one's file.
    const where = model?.service.definedElsewhere ? ` · ${vscode.workspace.asRelativePath(vscode.Uri.parse(model.service.file))}` : '';
    this.panel.title = model ? vscode.l10n.t('Route: {0}', `${model.service.namespace}/${model.service.name}${model.service.unit ? ` ${model.service.unit.label}` : ''}${where}`) : vscode.l10n.t('Service route');
    const message: ToWebview = { type: 'route', model, follow: this.follow };
    void this.panel.webview.postMessage(message);
  }

  private async receive(message: FromWebview): Promise<void> {
    switch (message.type) {
      case 'ready':
        this.setModel(this.model);
        return;
      case 'reveal':
        return this.reveal(message.file, message.range);
      case 'export':
        return this.save(message.format, message.name, message.data);
      case 'copy':
        await vscode.env.clipboard.writeText(message.text);
        void vscode.window.showInformationMessage(message.what === 'name' ? vscode.l10n.t('Copied {0}: grep for it in the node\'s rules.', message.text) : message.what === 'rules' ? vscode.l10n.t('Copied the rules kube-proxy programs for this port.') : vscode.l10n.t('The route is on the clipboard as a Mermaid flowchart.'));
        return;
      case 'follow':
        this.follow = message.follow;
        return;
      case 'unit': {
        // The same Service as another overlay or values variant renders it.
        const current = this.model?.service;
        const chosen = current?.alternatives?.find((alternative) => alternative.unit === message.unit);
        if (!current || !chosen) return;
        // The unit may put the Service in a namespace of its own (a kustomize overlay's `namespace:`).
        const model = await this.client.sendRequest<RouteModel | null>(routeRequest, { namespace: chosen.namespace ?? current.namespace, name: chosen.name ?? current.name, unit: message.unit });
        const other = model ?? (await this.renderedAs(message.unit));
        if (other) this.setModel(other);
        return;
      }
    }
  }

  /** Opens a hop's source, but only a file this route came from and only inside the workspace. */
  private async reveal(file: string, range: { start: { line: number; character: number }; end: { line: number; character: number } }): Promise<void> {
    if (!this.model || !routeFiles(this.model).has(file)) return;
    const uri = vscode.Uri.parse(file);
    if (!vscode.workspace.getWorkspaceFolder(uri)) return;
    const document = await vscode.workspace.openTextDocument(uri);
    const selection = new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character);
    await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.One, selection });
  }

  private async save(format: 'svg' | 'png', name: string, data: string): Promise<void> {
    // Beside the Service's file, when it is a file of the workspace.
    const serviceFile = this.model ? vscode.Uri.parse(this.model.service.file) : undefined;
    const folder = serviceFile && vscode.workspace.getWorkspaceFolder(serviceFile) ? vscode.Uri.joinPath(serviceFile, '..') : vscode.workspace.workspaceFolders?.[0]?.uri;
    const safeName = name.replace(/[^\w.-]/g, '_');
    const target = await vscode.window.showSaveDialog({ defaultUri: folder ? vscode.Uri.joinPath(folder, safeName) : undefined, filters: format === 'svg' ? { SVG: ['svg'] } : { PNG: ['png'] } });
    if (!target) return;
    const bytes = format === 'svg' ? Buffer.from(data, 'utf8') : Buffer.from(data.replace(/^data:image\/png;base64,/, ''), 'base64');
    await vscode.workspace.fs.writeFile(target, bytes);
    const open = vscode.l10n.t('Open');
    const choice = await vscode.window.showInformationMessage(vscode.l10n.t('Saved the route picture to {0}.', vscode.workspace.asRelativePath(target)), open);
    if (choice === open) await vscode.commands.executeCommand('vscode.open', target);
  }

  /** The route of the Service another unit renders from the same place, when its name differs there (a prefix, a namespace). */
  private async renderedAs(unit: string): Promise<RouteModel | null> {
    const services = await this.client.sendRequest<ServiceSummary[]>(servicesRequest, {});
    const source = this.model?.service.file;
    const match = services.find((service) => service.unit === unit && service.uri === source);
    return match ? this.client.sendRequest<RouteModel | null>(routeRequest, { namespace: match.namespace, name: match.name, unit, file: match.uri }) : null;
  }

  private async followCursor(editor: vscode.TextEditor): Promise<void> {
    if (!this.follow || !['yaml', 'json'].includes(editor.document.languageId)) return;
    const model = await this.client.sendRequest<RouteModel | null>(routeRequest, { textDocument: { uri: editor.document.uri.toString() }, position: editor.selection.active });
    if (model && (model.service.namespace !== this.model?.service.namespace || model.service.name !== this.model?.service.name || model.service.unit?.id !== this.model?.service.unit?.id || model.service.file !== this.model?.service.file)) this.setModel(model);
  }

  dispose(): void {
    RoutePanel.current = undefined;
    this.panel.dispose();
    for (const disposable of this.disposables.splice(0)) disposable.dispose();
  }
}

/** The language of the view: the hover language setting, or VS Code's display language. */
function viewLanguage(): 'en' | 'zh-cn' {
  const chosen = vscode.workspace.getConfiguration('k8sRoute').get<string>('hoverLanguage', 'auto');
  const language = chosen === 'auto' ? vscode.env.language : chosen;
  return language.toLowerCase().startsWith('zh') ? 'zh-cn' : 'en';
}
