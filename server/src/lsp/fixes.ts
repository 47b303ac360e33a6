/**
 * The language server's fixes room: quick fixes for findings (on plain files, and on the source
 * lines of rendered objects when every edit lands on text that says the same, a values line
 * included), and "Turn off <code>" in the folder's .k8s-route.yaml for every finding. It reads the
 * repository index, the open documents and the folders it is given, and keeps no state of its own.
 */
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CodeActionKind } from 'vscode-languageserver';
import type { CodeAction, Diagnostic } from 'vscode-languageserver';
import { disableRuleEdit } from '../core/features/disableRule';
import { fixesFor } from '../core/features/fixes';
import { ruleCatalog } from '../core/rules/catalog';
import { LineIndex } from '../core/text';
import { readSource } from '../node/files';
import { toDiagnostic, toRange, toWorkspaceEdit } from './convert';
import type { FolderState } from './folders';
import type { Room } from './room';

export interface FixesRoom extends Room {
  /** The rule catalog the diagnostics link to. */
  readonly rulesDoc: string;
  /** The workspace folder a file belongs to. */
  folderFor(uri: string): FolderState | undefined;
  /** An open document's text, or undefined when it is not open. */
  openText(uri: string): string | undefined;
}

export function registerFixes(room: FixesRoom): void {
  const { connection, index, documentFor, guard, rulesDoc } = room;

  connection.onCodeAction((params, token): CodeAction[] =>
    guard('code actions', [], token, () => {
      const uri = params.textDocument.uri;
      const document = documentFor(uri);
      if (!document) return [];
      const { lines } = document;
      const start = lines.offsetAt(params.range.start);
      const end = lines.offsetAt(params.range.end);
      const actions: CodeAction[] = [];
      const plain = index.plainIndexOf(uri);
      if (!plain) return [...renderedFixes(uri, start, end, params.context.diagnostics, lines), ...disableActions(uri, params.context.diagnostics)];
      for (const finding of plain.findings(uri)) {
        if (finding.span.end < start || finding.span.start > end) continue;
        const diagnostic = params.context.diagnostics.find((candidate) => candidate.code === finding.code && candidate.range.start.line === lines.positionAt(finding.span.start).line);
        for (const fix of fixesFor(plain, finding)) {
          actions.push({
            title: fix.title,
            kind: CodeActionKind.QuickFix,
            isPreferred: fix.preferred,
            diagnostics: diagnostic ? [diagnostic] : [toDiagnostic(finding, lines, undefined, rulesDoc)],
            edit: toWorkspaceEdit(fix.edits, (file) => index.source(file)?.text ?? ''),
          });
        }
      }
      return [...actions, ...disableActions(uri, params.context.diagnostics)];
    }),
  );

  /**
   * "Turn off <code>": one action per rule among the diagnostics, adding the code to disabledRules
   * of the folder's .k8s-route.yaml (created at the folder's root when there is none).
   */
  function disableActions(uri: string, diagnostics: readonly Diagnostic[]): CodeAction[] {
    const folder = room.folderFor(uri);
    if (!folder) return [];
    const configUri = folder.config?.uri ?? `${folder.uri.replace(/\/$/, '')}/.k8s-route.yaml`;
    const open = room.openText(configUri);
    const text = open !== undefined ? open : folder.config ? readSource(fileURLToPath(configUri)) : undefined;
    const current = text === undefined ? undefined : typeof text === 'string' ? text : 'text' in text ? text.text : undefined;
    const codes = [...new Set(diagnostics.map((diagnostic) => String(diagnostic.code ?? '')).filter((code) => code in ruleCatalog))];
    return codes.flatMap((code) => {
      const edit = disableRuleEdit(current, code);
      if (!edit) return [];
      const lines = new LineIndex(current ?? '');
      const textEdit = { range: toRange(edit.span, lines), newText: edit.newText };
      return [
        {
          title: `Turn off ${code} in ${folder.config ? path.basename(fileURLToPath(configUri)) : '.k8s-route.yaml'} (for this project)`,
          kind: CodeActionKind.QuickFix,
          diagnostics: diagnostics.filter((diagnostic) => String(diagnostic.code) === code),
          edit: edit.create ? { documentChanges: [{ kind: 'create', uri: configUri, options: { ignoreIfExists: true } }, { textDocument: { uri: configUri, version: null }, edits: [textEdit] }] } : { changes: { [configUri]: [textEdit] } },
        } satisfies CodeAction,
      ];
    });
  }

  /**
   * Quick fixes for findings of rendered objects: computed on the rendered object, kept only when
   * every edit lands on source text that says the same (never on a templated value).
   */
  function renderedFixes(uri: string, start: number, end: number, diagnostics: readonly Diagnostic[], lines: LineIndex): CodeAction[] {
    const actions = new Map<string, CodeAction>();
    for (const { unit, index: unitIndex, rendered, mapped } of index.renderedFindings(uri)) {
      if (mapped.span.end < start || mapped.span.start > end) continue;
      for (const fix of fixesFor(unitIndex, rendered)) {
        const edits = fix.edits.map((edit) => {
          const place = edit.file === rendered.file ? index.mapEdit(unit.id, edit.span) : undefined;
          return place && { ...place, newText: edit.newText };
        });
        if (edits.some((edit) => edit === undefined) || actions.has(fix.title)) continue;
        const diagnostic = diagnostics.find((candidate) => candidate.code === mapped.code && candidate.range.start.line === lines.positionAt(mapped.span.start).line);
        actions.set(fix.title, {
          title: fix.title,
          kind: CodeActionKind.QuickFix,
          isPreferred: fix.preferred,
          diagnostics: diagnostic ? [diagnostic] : [toDiagnostic(mapped, lines, undefined, rulesDoc)],
          edit: toWorkspaceEdit(edits.map((edit) => edit!), (file) => index.source(file)?.text ?? ''),
        });
      }
    }
    return [...actions.values()];
  }
}
