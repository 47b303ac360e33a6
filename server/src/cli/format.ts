/**
 * Rendering findings for the terminal (text), for programs (json) and for code scanning
 * (SARIF 2.1.0). Positions are 1-based lines and UTF-16 columns, converted once per file.
 */
import * as path from 'node:path';
import type * as Sarif from 'sarif';
import type { Finding, Severity } from '../core/model';
import { ruleCatalog } from '../core/rules/catalog';
import { LineIndex } from '../core/text';

/** A finding with 1-based positions, as every output format reports it. */
export interface Located {
  readonly finding: Finding;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  readonly related: ReadonlyArray<{ readonly file: string; readonly line: number; readonly column: number; readonly message: string }>;
}

export interface Report {
  readonly files: number;
  readonly objects: number;
  readonly diagnostics: readonly Located[];
}

/** Converts findings of one file to 1-based positions; `textOf` gives other files' texts for related locations. */
export function locate(text: string, findings: readonly Finding[], textOf: (file: string) => string): Located[] {
  const index = new LineIndex(text);
  const otherIndexes = new Map<string, LineIndex>();
  const indexOf = (file: string): LineIndex => {
    let found = otherIndexes.get(file);
    if (!found) otherIndexes.set(file, (found = new LineIndex(textOf(file))));
    return found;
  };
  return findings.map((finding) => {
    const start = index.positionAt(finding.span.start);
    const end = index.positionAt(finding.span.end);
    const related = (finding.related ?? []).map((location) => {
      const position = indexOf(location.file).positionAt(location.span.start);
      return { file: location.file, line: position.line + 1, column: position.character + 1, message: location.message };
    });
    return { finding, line: start.line + 1, column: start.character + 1, endLine: end.line + 1, endColumn: end.character + 1, related };
  });
}

export function countBySeverity(diagnostics: readonly Located[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warning: 0, information: 0, hint: 0 };
  for (const { finding } of diagnostics) counts[finding.severity]++;
  return counts;
}

const colours: Record<Severity, string> = { error: '\u001b[31m', warning: '\u001b[33m', information: '\u001b[36m', hint: '\u001b[2m' };

export function formatText(report: Report, colour: boolean): string {
  const paint = (code: string, text: string): string => (colour ? `${code}${text}\u001b[0m` : text);
  const lines = report.diagnostics.flatMap(({ finding, line, column, related }) => {
    const location = `${finding.file}:${line}:${column}:`;
    const main = `${colour ? paint('\u001b[1m', location) : location} ${paint(colours[finding.severity], finding.severity)} ${paint('\u001b[2m', finding.code)}: ${finding.message}`;
    // Related locations follow as indented notes, so every line still starts with a location.
    return [main, ...related.map((note) => `  ${note.file}:${note.line}:${note.column}: ${paint('\u001b[2m', 'note')}: ${note.message}`)];
  });
  const counts = countBySeverity(report.diagnostics);
  const parts = [plural(counts.error, 'error'), plural(counts.warning, 'warning'), `${counts.information} information`];
  if (counts.hint > 0) parts.push(plural(counts.hint, 'hint'));
  const summary = `${parts.join(', ')} in ${plural(report.files, 'file')} (${plural(report.objects, 'object')})`;
  lines.push(counts.error > 0 ? paint(colours.error, summary) : summary);
  return `${lines.join('\n')}\n`;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

export function formatJson(report: Report): string {
  return `${JSON.stringify({
    version: 1,
    files: report.files,
    objects: report.objects,
    diagnostics: report.diagnostics.map(({ finding, line, column, endLine, endColumn, related }) => ({
      file: finding.file,
      line,
      column,
      endLine,
      endColumn,
      severity: finding.severity,
      code: finding.code,
      message: finding.message,
      path: finding.path,
      object: finding.object,
      ...(finding.unit ? { unit: finding.unit } : {}),
      ...(finding.units ? { units: finding.units } : {}),
      ...(related.length > 0 ? { related } : {}),
    })),
  })}\n`;
}

const sarifLevels: Record<Severity, Sarif.ReportingConfiguration.level> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };

export function formatSarif(report: Report, version: string): string {
  const codes = Object.keys(ruleCatalog).sort();
  const ruleIndex = new Map(codes.map((code, index) => [code, index]));
  const rules = codes.map((code): Sarif.ReportingDescriptor => {
    const info = ruleCatalog[code];
    const anchor = code.replace(/[^a-z0-9]+/g, '-');
    return {
      id: code,
      name: code.split('/')[1].replace(/-([a-z])/g, (_match, letter: string) => letter.toUpperCase()).replace(/^[a-z]/, (letter) => letter.toUpperCase()),
      shortDescription: { text: info.summary },
      fullDescription: { text: `${info.summary} ${info.reason}`.trim() },
      help: { text: info.reason || info.summary, markdown: `**${code}**: ${info.summary}\n\n${info.reason}\n\nSee docs/rules.md#${anchor}.` },
      defaultConfiguration: { level: sarifLevels[info.severity] },
      properties: { tags: ['kubernetes', code.split('/')[0]] },
    };
  });
  const results = report.diagnostics.map(({ finding, line, column, endLine, endColumn, related }): Sarif.Result => ({
    ruleId: finding.code,
    ruleIndex: ruleIndex.get(finding.code) ?? 0,
    level: sarifLevels[finding.severity],
    message: { text: finding.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: artifactLocation(finding.file),
          region: { startLine: line, startColumn: column, endLine, endColumn: endLine === line && endColumn <= column ? column + 1 : endColumn },
        },
        ...(finding.object ? { logicalLocations: [{ fullyQualifiedName: finding.path ? `${finding.object}#${finding.path}` : finding.object, kind: 'object' }] } : {}),
      },
    ],
    // The render unit (chart variant, kustomize root or plain files) rides along as a property.
    ...(finding.unit ? { properties: { unit: finding.unit, ...(finding.units ? { units: finding.units } : {}) } } : {}),
    ...(related.length > 0
      ? { relatedLocations: related.map((note, id) => ({ id, message: { text: note.message }, physicalLocation: { artifactLocation: artifactLocation(note.file), region: { startLine: note.line, startColumn: note.column } } })) }
      : {}),
  }));
  const sarif: Sarif.Log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'k8s-route', semanticVersion: version, version, informationUri: 'https://kubernetes.io/docs/concepts/services-networking/service/', rules } },
        columnKind: 'utf16CodeUnits',
        originalUriBaseIds: { SRCROOT: { uri: pathToFileUri(process.cwd()) + '/' } },
        results,
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}

function artifactLocation(file: string): Sarif.ArtifactLocation {
  if (path.isAbsolute(file)) return { uri: pathToFileUri(file) };
  const relative = file.split(path.sep).join('/').replace(/^\.\//, '');
  return { uri: relative.split('/').map(encodeURIComponent).join('/'), uriBaseId: 'SRCROOT' };
}

function pathToFileUri(file: string): string {
  const normalized = path.resolve(file).split(path.sep).join('/');
  return `file://${normalized.startsWith('/') ? '' : '/'}${normalized.split('/').map(encodeURIComponent).join('/')}`;
}
