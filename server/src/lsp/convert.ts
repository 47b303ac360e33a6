/**
 * The single place where core findings become LSP diagnostics and settings from the client
 * become core settings. Nothing else in the server builds protocol types from findings.
 */
import { DiagnosticSeverity } from 'vscode-languageserver';
import type { Diagnostic } from 'vscode-languageserver';
import { parseLegacyCidr } from '../core/ip';
import type { AnalysisSettings, Finding, Severity } from '../core/model';
import { defaultSettings } from '../core/model';
import type { LineIndex } from '../core/text';
import type { ServerSettings } from '../protocol';

const severities: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** A finding as an LSP diagnostic; related locations keep their offsets' line and column through `indexOf`. */
export function toDiagnostic(finding: Finding, index: LineIndex, indexOf?: (file: string) => LineIndex | undefined): Diagnostic {
  const related = (finding.related ?? []).flatMap((location) => {
    const other = location.file === finding.file ? index : indexOf?.(location.file);
    if (!other) return [];
    return [{ location: { uri: location.file, range: { start: other.positionAt(location.span.start), end: other.positionAt(location.span.end) } }, message: location.message }];
  });
  return {
    range: { start: index.positionAt(finding.span.start), end: index.positionAt(finding.span.end) },
    severity: severities[finding.severity],
    code: finding.code,
    source: 'k8s-route',
    message: finding.path ? `${finding.message} (${finding.path})` : finding.message,
    ...(related.length > 0 ? { relatedInformation: related } : {}),
    data: finding.data,
  };
}

/** Core settings from client settings; malformed values fall back to the defaults. */
export function toAnalysisSettings(settings: Partial<ServerSettings> | undefined): AnalysisSettings {
  const range = /^(\d+)-(\d+)$/.exec(settings?.nodePortRange ?? '');
  const min = range ? Number(range[1]) : NaN;
  const max = range ? Number(range[2]) : NaN;
  return {
    nodePortRange: range && min >= 1 && max <= 65535 && min <= max ? { min, max } : defaultSettings.nodePortRange,
    serviceCidrs: (settings?.serviceCidrs ?? []).filter((cidr) => typeof cidr === 'string' && parseLegacyCidr(cidr) !== undefined),
    defaultNamespace: settings?.defaultNamespace || defaultSettings.defaultNamespace,
    disabledRules: new Set(settings?.disabledRules ?? []),
  };
}
