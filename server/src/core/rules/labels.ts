/**
 * Label syntax, shared by every rule that reads labels or selectors: keys are qualified names,
 * values label values. The API server reports the whole map as the path; the finding points at
 * the offending key or value.
 */
import type { SelectorExpressionModel, StringPairs } from '../decode';
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


const operators = ['In', 'NotIn', 'Exists', 'DoesNotExist'];

/** Reports what the API server refuses in one matchExpressions entry: operator, values for it, key and value syntax. */
export function checkSelectorExpression(ctx: RuleContext, expression: SelectorExpressionModel, code: string): void {
  const operator = expression.operator?.value ?? '';
  const values = expression.values?.value ?? [];
  if (!operators.includes(operator)) {
    ctx.report({ code, span: expression.operator?.span ?? expression.span, path: `${expression.path}.operator`, message: `operator "${operator}" is not valid: use In, NotIn, Exists or DoesNotExist` });
  } else if ((operator === 'In' || operator === 'NotIn') && values.length === 0) {
    ctx.report({ code, span: expression.values?.span ?? expression.operator!.span, path: `${expression.path}.values`, message: `operator ${operator} needs at least one value` });
  } else if ((operator === 'Exists' || operator === 'DoesNotExist') && values.length > 0) {
    ctx.report({ code, span: expression.values!.span, path: `${expression.path}.values`, message: `operator ${operator} takes no values` });
  }
  const key = expression.key?.value ?? '';
  const keyProblem = qualifiedNameProblem(key);
  if (keyProblem) ctx.report({ code, span: expression.key?.span ?? expression.span, path: `${expression.path}.key`, message: `key "${key}" is invalid: it ${keyProblem}` });
  for (const value of values) {
    const problem = labelValueProblem(value.value);
    if (problem) ctx.report({ code, span: value.span, path: `${expression.path}.values[${value.index}]`, message: `value "${value.value}" is invalid: it ${problem}` });
  }
}
