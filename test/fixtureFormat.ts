/**
 * The fixture format shared by the rule tests and the docs generator. A fixture is a YAML file
 * split into workspace files by `#- path` lines; findings are written as comment lines under the
 * offending line: `#     ^^^^ error code: message`, the carets under the finding's columns (a
 * finding in column 0 or 1 starts its carets right after the `#`).
 */
import type { Finding } from '../server/src/core/model';
import { LineIndex } from '../server/src/core/text';

export interface FixtureFile {
  readonly path: string;
  /** The text with annotation lines removed, as analysed. */
  readonly text: string;
  /** The text as written in the fixture, annotations included. */
  readonly annotated: string;
}

const annotationLine = /^#\s*\^+ /;
const fileHeader = /^#- (\S+)\s*$/;

/** Splits a fixture into its files. Text before the first header belongs to `defaultPath`. */
export function splitFixture(source: string, defaultPath: string): FixtureFile[] {
  const lines = source.split('\n');
  const files: Array<{ path: string; lines: string[] }> = [];
  let current: { path: string; lines: string[] } | undefined;
  for (const line of lines) {
    const header = fileHeader.exec(line);
    if (header) {
      current = { path: header[1], lines: [] };
      files.push(current);
      continue;
    }
    if (!current) {
      if (line.trim() === '' && files.length === 0) continue;
      current = { path: defaultPath, lines: [] };
      files.push(current);
    }
    current.lines.push(line);
  }
  return files.map((file) => {
    const annotated = file.lines.join('\n');
    const text = file.lines.filter((line) => !annotationLine.test(line)).join('\n');
    return { path: file.path, text, annotated };
  });
}

/** The file's text with one annotation line under each finding's first line. */
export function renderAnnotations(text: string, findings: readonly Finding[]): string {
  const index = new LineIndex(text);
  const byLine = new Map<number, string[]>();
  const sorted = [...findings].sort((left, right) => left.span.start - right.span.start || left.code.localeCompare(right.code) || left.message.localeCompare(right.message));
  for (const finding of sorted) {
    const start = index.positionAt(finding.span.start);
    const end = index.positionAt(finding.span.end);
    const lineLength = index.lineEnd(start.line) - index.lineStart(start.line);
    const endColumn = end.line === start.line ? end.character : lineLength;
    const caretStart = Math.max(start.character, 1);
    const caretCount = Math.max(1, endColumn - caretStart);
    const annotation = `#${' '.repeat(caretStart - 1)}${'^'.repeat(caretCount)} ${finding.severity} ${finding.code}: ${finding.message}`;
    const list = byLine.get(start.line) ?? [];
    list.push(annotation);
    byLine.set(start.line, list);
  }
  const lines = text.split('\n');
  const output: string[] = [];
  lines.forEach((line, number) => {
    output.push(line);
    output.push(...(byLine.get(number) ?? []));
  });
  return output.join('\n');
}

/** Joins files back into one fixture, with a header before each. */
export function joinFixture(files: ReadonlyArray<{ path: string; annotated: string }>): string {
  return files.map((file) => `#- ${file.path}\n${file.annotated}`).join('\n');
}
