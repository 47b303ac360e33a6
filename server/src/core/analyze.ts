/**
 * The core's entry point: files in, findings out. Parses each file, runs the single-object
 * rules on every recognised object, applies the user's disabled rules, and sorts the result.
 * A bug in one object's rules becomes an `internal/error` finding on that object, never a crash.
 */
import type { AnalysisSettings, Finding, SourceFile } from './model';
import { objectId, parseFile } from './parse';
import type { KubeObject, ParsedFile } from './parse';
import { ruleInfo } from './rules/catalog';
import { oneFindingPerWrongType } from './rules/context';
import type { RuleContext } from './rules/context';
import { checkObject } from './rules/registry';

export interface FileAnalysis {
  readonly path: string;
  readonly objects: readonly KubeObject[];
  readonly findings: readonly Finding[];
}

export interface WorkspaceAnalysis {
  readonly files: readonly FileAnalysis[];
}

/** Analyses a set of files as one workspace. */
export function analyzeWorkspace(files: readonly SourceFile[], settings: AnalysisSettings): WorkspaceAnalysis {
  return { files: files.map((file) => analyzeParsedFile(parseFile(file), settings)) };
}

/** Runs the single-object rules over one parsed file. */
export function analyzeParsedFile(parsed: ParsedFile, settings: AnalysisSettings): FileAnalysis {
  const findings: Finding[] = [...parsed.findings];
  for (const object of parsed.objects) {
    if (!object.recognized) continue;
    findings.push(...checkSingleObject(object, settings));
  }
  const enabled = findings.filter((finding) => !settings.disabledRules.has(finding.code));
  enabled.sort(compareFindings);
  return { path: parsed.path, objects: parsed.objects, findings: enabled };
}

function checkSingleObject(object: KubeObject, settings: AnalysisSettings): Finding[] {
  const findings: Finding[] = [];
  const id = objectId(object, settings.defaultNamespace);
  const ctx: RuleContext = {
    settings,
    object,
    view: object.view,
    report: oneFindingPerWrongType((report) => {
      findings.push({
        code: report.code,
        severity: report.severity ?? ruleInfo(report.code).severity,
        file: object.file,
        span: report.span,
        message: report.message,
        path: report.path,
        object: id,
        ...(report.data ? { data: report.data } : {}),
      });
    }),
  };
  try {
    checkObject(ctx);
  } catch (error) {
    findings.push({
      code: 'internal/error',
      severity: 'information',
      file: object.file,
      span: object.anchorSpan,
      message: `k8s-route failed while checking this object (${error instanceof Error ? error.message : String(error)}); please report it`,
      path: null,
      object: id,
    });
  }
  return findings;
}

function compareFindings(left: Finding, right: Finding): number {
  return left.span.start - right.span.start || left.span.end - right.span.end || left.code.localeCompare(right.code) || left.message.localeCompare(right.message);
}
