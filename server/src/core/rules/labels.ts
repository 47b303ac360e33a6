/**
 * Label syntax, shared by every rule that reads labels or selectors: keys are qualified names,
 * values label values. The API server reports the whole map as the path; the finding points at
 * the offending key or value.
 */
import type { StringPairs } from '../decode';
import { labelValueProblem, qualifiedNameProblem } from '../names';
import type { RuleContext } from './context';

/** Reports malformed keys and values of a label map or selector; the path is the whole map. */
export function checkLabelPairs(ctx: RuleContext, pairs: StringPairs, path: string, code: string, what: string): void {
  for (const pair of pairs) {
    const keyProblem = qualifiedNameProblem(pair.key);
    if (keyProblem) ctx.report({ code, span: pair.keySpan, path, message: `${what} key "${pair.key}" is invalid: it ${keyProblem}` });
    const valueProblem = labelValueProblem(pair.value);
    if (valueProblem) ctx.report({ code, span: pair.valueSpan, path, message: `${what} value "${pair.value}" of "${pair.key}" is invalid: it ${valueProblem}` });
  }
}

