/**
 * The status bar item: what the index holds (files, Services, problems) while the server works,
 * and a way to the output channel when something looks wrong.
 */
import * as vscode from 'vscode';
import type { IndexState } from '../../server/src/protocol';

export class IndexStatus implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('k8sRoute.status', vscode.StatusBarAlignment.Left, 10);

  constructor() {
    this.item.name = 'K8s Route';
    this.item.command = 'k8sRoute.showOutput';
    this.item.text = `$(sync~spin) ${vscode.l10n.t('K8s Route: starting')}`;
    this.item.show();
  }

  update(state: IndexState): void {
    if (state.indexing) {
      const scanned = state.scanned;
      this.item.text = `$(sync~spin) ${scanned && scanned.total > 0 ? vscode.l10n.t('K8s Route: indexing {0}/{1} files', scanned.done.toLocaleString(), scanned.total.toLocaleString()) : vscode.l10n.t('K8s Route: indexing')}`;
      return;
    }
    if (state.rendering) {
      const { charts, kustomizations, done, total } = state.rendering;
      const parts = [
        charts === 1 ? vscode.l10n.t('1 chart') : charts > 1 ? vscode.l10n.t('{0} charts', charts) : '',
        kustomizations === 1 ? vscode.l10n.t('1 kustomization') : kustomizations > 1 ? vscode.l10n.t('{0} kustomizations', kustomizations) : '',
      ].filter(Boolean);
      const count = total !== undefined && total > 1 ? ` (${vscode.l10n.t('{0}/{1} units', done ?? 0, total)})` : '';
      this.item.text = `$(sync~spin) ${vscode.l10n.t('K8s Route: rendering {0}', parts.join(', '))}${count}`;
      return;
    }
    const problems = state.errors + state.warnings;
    this.item.text = `${problems > 0 ? '$(warning)' : '$(check)'} K8s Route`;
    this.item.tooltip = vscode.l10n.t('{0} files, {1} Services, {2} errors, {3} warnings. Click for the log.', state.files, state.services, state.errors, state.warnings);
  }

  failed(message: string): void {
    this.item.text = `$(error) K8s Route`;
    this.item.tooltip = message;
  }

  dispose(): void {
    this.item.dispose();
  }
}
