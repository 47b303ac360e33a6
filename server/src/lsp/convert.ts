/**
 * The single place where core results become LSP types (diagnostics, ranges, completion items,
 * workspace edits) and where client settings become core settings.
 */
import { CompletionItemKind, DiagnosticSeverity, DiagnosticTag } from 'vscode-languageserver';
import type { CompletionItem, Diagnostic, Range, WorkspaceEdit } from 'vscode-languageserver';
import type { CompletionItem as CoreCompletionItem } from '../core/features/completion';
import type { TextEdit as CoreTextEdit } from '../core/features/edits';
import { parseLegacyCidr } from '../core/ip';
import type { AnalysisSettings, Finding, Severity, Span } from '../core/model';
import { defaultSettings } from '../core/model';
import { LineIndex } from '../core/text';
import type { ServerSettings } from '../protocol';

const severities: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export const defaultServerSettings: ServerSettings = {
  nodePortRange: '30000-32767',
  serviceCidrs: [],
  defaultNamespace: 'default',
  disabledRules: [],
  include: ['**/*.yaml', '**/*.yml', '**/*.json', '**/Kustomization'],
  exclude: ['**/node_modules/**', '**/.git/**'],
  hoverLanguage: 'auto',
  clusterDomain: 'cluster.local',
  render: true,
  renderTimeoutSeconds: 20,
  helm: {},
  kustomize: {},
  route: { exampleNodes: 2 },
};

export function toRange(span: Span, lines: LineIndex): Range {
  return { start: lines.positionAt(span.start), end: lines.positionAt(span.end) };
}

/**
 * A finding as an LSP diagnostic. Related locations in other files are placed with `indexOf`;
 * the code links to its entry in docs/rules.md (`rulesDoc`, a file URI).
 */
export function toDiagnostic(finding: Finding, lines: LineIndex, indexOf?: (file: string) => LineIndex | undefined, rulesDoc?: string): Diagnostic {
  const related = (finding.related ?? []).flatMap((location) => {
    const other = location.file === finding.file ? lines : indexOf?.(location.file);
    if (!other) return [];
    return [{ location: { uri: location.file, range: toRange(location.span, other) }, message: location.message }];
  });
  return {
    range: toRange(finding.span, lines),
    severity: severities[finding.severity],
    code: finding.code,
    ...(rulesDoc ? { codeDescription: { href: `${rulesDoc}#${finding.code.replace(/[^a-z0-9-]/g, '')}` } } : {}),
    source: 'k8s-route',
    message: finding.path ? `${finding.message} (${finding.path})` : finding.message,
    ...(related.length > 0 ? { relatedInformation: related } : {}),
    ...(finding.code === 'service/deprecated-value' ? { tags: [DiagnosticTag.Deprecated] } : {}),
    data: finding.data,
  };
}

export function toCompletionItem(item: CoreCompletionItem, lines: LineIndex): CompletionItem {
  const range = toRange(item.span, lines);
  return {
    label: item.label,
    kind: item.kind === 'key' ? CompletionItemKind.Property : item.kind === 'enum' ? CompletionItemKind.EnumMember : CompletionItemKind.Value,
    detail: item.detail,
    ...(item.documentation ? { documentation: { kind: 'markdown', value: item.documentation } } : {}),
    ...(item.sortText ? { sortText: item.sortText } : {}),
    textEdit: { range, newText: item.insertText ?? item.label },
  };
}

/** Core edits (possibly in several files) as one workspace edit. */
export function toWorkspaceEdit(edits: readonly CoreTextEdit[], textOf: (file: string) => string): WorkspaceEdit {
  const changes: Record<string, Array<{ range: Range; newText: string }>> = {};
  const lineIndexes = new Map<string, LineIndex>();
  for (const edit of edits) {
    let lines = lineIndexes.get(edit.file);
    if (!lines) lineIndexes.set(edit.file, (lines = new LineIndex(textOf(edit.file))));
    (changes[edit.file] ??= []).push({ range: toRange(edit.span, lines), newText: edit.newText });
  }
  return { changes };
}

/** Core settings from client settings; malformed values fall back to the defaults. */
export function toAnalysisSettings(settings: Partial<ServerSettings> | undefined): AnalysisSettings {
  const range = /^(\d+)-(\d+)$/.exec(settings?.nodePortRange ?? '');
  const min = range ? Number(range[1]) : NaN;
  const max = range ? Number(range[2]) : NaN;
  const cidrs = Array.isArray(settings?.serviceCidrs) ? settings.serviceCidrs : [];
  return {
    nodePortRange: range && min >= 1 && max <= 65535 && min <= max ? { min, max } : defaultSettings.nodePortRange,
    serviceCidrs: cidrs.filter((cidr) => typeof cidr === 'string' && parseLegacyCidr(cidr) !== undefined),
    defaultNamespace: typeof settings?.defaultNamespace === 'string' && settings.defaultNamespace !== '' ? settings.defaultNamespace : defaultSettings.defaultNamespace,
    disabledRules: new Set(Array.isArray(settings?.disabledRules) ? settings.disabledRules : []),
    clusterDomain: typeof settings?.clusterDomain === 'string' && /^[a-z0-9.-]+$/.test(settings.clusterDomain) ? settings.clusterDomain.replace(/\.$/, '') : 'cluster.local',
  };
}
