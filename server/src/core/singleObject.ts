/**
 * Single-object analysis: runs the rules of rules/registry.ts over each recognised object of one
 * parsed file, in its effective namespace. A bug in one object's rules becomes an `internal/error`
 * finding on that object, never a crash. Cross-object findings live in the workspace index.
 */
import type { AnalysisSettings, Finding } from './model';
import { objectIdIn } from './parse';
import type { KubeObject, ParsedFile } from './parse';
import type { IndexedObject } from './routing';
import { ruleInfo } from './rules/catalog';
import { oneFindingPerWrongType } from './rules/context';
import type { RuleContext } from './rules/context';
import { checkObject } from './rules/registry';

/**
 * Runs the single-object rules over one parsed file's objects. `reuse` may hand back the previous
 * analysis of an object whose document did not change (same parsed document, same place), which
 * is then kept as it is: an edit re-analyses only the documents it touched.
 * Returns the objects and the file-level findings (parse findings); each object carries its own.
 */
export function analyzeObjects(
  parsed: ParsedFile,
  settings: AnalysisSettings,
  namespaceOf: (written: string | undefined) => string,
  reuse?: (object: KubeObject, namespace: string) => IndexedObject | undefined,
): { objects: IndexedObject[]; findings: Finding[] } {
  const objects: IndexedObject[] = [];
  for (const object of parsed.objects) {
    const namespace = namespaceOf(object.namespace);
    const previous = reuse?.(object, namespace);
    if (previous) {
      objects.push(previous);
      continue;
    }
    const id = objectIdIn(object, namespace);
    if (!object.recognized) {
      // Other kinds are only indexed by kind, namespace and name.
      objects.push({ object, decoded: { metadata: {} }, namespace, id, file: object.file, findings: [] });
      continue;
    }
    const checked = checkSingleObject(object, settings, id);
    const findings = checked.findings.filter((finding) => !settings.disabledRules.has(finding.code));
    // An object whose rules failed keeps its internal/error finding; with nothing decoded, it is indexed by id only.
    objects.push({ object, decoded: checked.decoded ?? { metadata: {} }, namespace, id, file: object.file, findings });
  }
  const findings = parsed.findings.filter((finding) => !settings.disabledRules.has(finding.code));
  return { objects, findings };
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
