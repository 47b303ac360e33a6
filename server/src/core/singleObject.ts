/**
 * Single-object analysis: runs the rules of rules/registry.ts over each recognised object of one
 * parsed file, in its effective namespace. A bug in one object's rules becomes an `internal/error`
 * finding on that object, never a crash. Cross-object findings live in the workspace index.
 */
import type { AnalysisSettings, Finding } from './model';
import { compareFindings } from './model';
import { objectIdIn } from './parse';
import type { KubeObject, ParsedFile } from './parse';
import type { IndexedObject } from './routing';
import { ruleInfo } from './rules/catalog';
import { oneFindingPerWrongType } from './rules/context';
import type { RuleContext } from './rules/context';
import { checkObject } from './rules/registry';

/** Runs the single-object rules over one parsed file's recognised objects. */
export function analyzeObjects(parsed: ParsedFile, settings: AnalysisSettings, namespaceOf: (written: string | undefined) => string): { objects: IndexedObject[]; findings: Finding[] } {
  const findings: Finding[] = [...parsed.findings];
  const objects: IndexedObject[] = [];
  for (const object of parsed.objects) {
    const namespace = namespaceOf(object.namespace);
    const id = objectIdIn(object, namespace);
    if (!object.recognized) {
      // Other kinds are only indexed by kind, namespace and name.
      objects.push({ object, decoded: { metadata: {} }, namespace, id, file: object.file });
      continue;
    }
    const checked = checkSingleObject(object, settings, id);
    findings.push(...checked.findings);
    if (checked.decoded) objects.push({ object, decoded: checked.decoded, namespace, id, file: object.file });
  }
  const enabled = findings.filter((finding) => !settings.disabledRules.has(finding.code));
  enabled.sort(compareFindings);
  return { objects, findings: enabled };
}

function checkSingleObject(object: KubeObject, settings: AnalysisSettings, id: string): { findings: Finding[]; decoded: ReturnType<typeof checkObject> | undefined } {
  const findings: Finding[] = [];
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
    return { findings, decoded: checkObject(ctx) };
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
    return { findings, decoded: undefined };
  }
}
