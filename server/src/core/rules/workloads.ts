/**
 * A workload's own selector against its pod template (service-rules.md 5): selector syntax,
 * missing or empty selectors, the template labels it must match, and the restart policy.
 * A Service's selector against pod templates is the workspace index's job, not this module's.
 */
import type { PodTemplateModel, SelectorExpressionModel, StringPairs, WorkloadSelectorModel } from '../decode';
import { formatPairs, pairsToRecord } from '../routing';
import type { RuleContext } from './context';
import { checkLabelPairs, checkSelectorExpression } from './labels';

const restartPolicyKinds = new Set(['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'ReplicationController']);

export function checkWorkloadSelector(ctx: RuleContext, selector: WorkloadSelectorModel, template: PodTemplateModel | undefined): void {
  const kind = ctx.object.recognized;
  const labels = template?.labels?.value ?? [];
  const labelsSpan = template?.labels?.span ?? template?.metadataSpan ?? template?.span ?? ctx.object.anchorSpan;
  const mismatch = (message: string): void =>
    ctx.report({ code: 'workload/selector-mismatch', span: labelsSpan, path: 'spec.template.metadata.labels', message, data: { selector: selectorPairs(selector) } });

  if (kind === 'ReplicationController') {
    // v1 defaulting copies the template labels into an empty selector.
    const pairs = selector.matchLabels?.value ?? [];
    if (pairs.length === 0) {
      if (labels.length === 0) ctx.report({ code: 'workload/selector-required', span: selector.matchLabels?.span ?? template?.span ?? ctx.object.anchorSpan, path: 'spec.selector', message: 'a ReplicationController needs spec.selector or template labels to default it from' });
      return;
    }
    checkLabelPairs(ctx, pairs, 'spec.selector', 'workload/invalid-selector', 'selector');
    const missing = pairs.filter((pair) => !labels.some((label) => label.key === pair.key && label.value === pair.value));
    if (missing.length > 0) mismatch(`template labels do not match the selector: missing ${formatPairs(missing)}`);
    return;
  }

  if (!selector.selector) {
    if (kind !== 'DaemonSet') {
      ctx.report({ code: 'workload/selector-required', span: ctx.object.anchorSpan, path: 'spec.selector', message: `a ${kind} needs spec.selector (apps/v1 does not default it)`, data: { labels: pairsToRecord(labels) } });
    }
    mismatch('template labels cannot match a missing selector');
    return;
  }
  const matchLabels = selector.matchLabels?.value ?? [];
  const expressions = selector.matchExpressions?.value ?? [];
  if (matchLabels.length === 0 && expressions.length === 0) {
    ctx.report({ code: 'workload/empty-selector', span: selector.selector.span, path: 'spec.selector', message: `an empty selector is invalid for a ${kind}: list the template labels it should match in matchLabels`, data: { labels: pairsToRecord(labels) } });
    return;
  }
  const findingsBefore = countingReports(ctx);
  checkLabelPairs(findingsBefore.ctx, matchLabels, 'spec.selector.matchLabels', 'workload/invalid-selector', 'selector');
  for (const expression of expressions) checkSelectorExpression(findingsBefore.ctx, expression, 'workload/invalid-selector');
  if (findingsBefore.count() > 0) return;

  const missing = matchLabels.filter((pair) => !labels.some((label) => label.key === pair.key && label.value === pair.value));
  const failing = expressions.filter((expression) => !expressionHolds(expression, labels));
  if (missing.length > 0 || failing.length > 0) {
    const parts = [];
    if (missing.length > 0) parts.push(`missing ${formatPairs(missing)}`);
    for (const expression of failing) parts.push(`${expression.path} (${expression.key?.value} ${expression.operator?.value}) does not hold`);
    mismatch(`template labels do not match the selector: ${parts.join('; ')}`);
  }
}

export function checkRestartPolicy(ctx: RuleContext, template: PodTemplateModel | undefined): void {
  if (!restartPolicyKinds.has(ctx.object.recognized ?? '')) return;
  const policy = template?.spec?.restartPolicy;
  if (policy && policy.value !== '' && policy.value !== 'Always') {
    ctx.report({ code: 'workload/invalid-restart-policy', span: policy.span, path: 'spec.template.spec.restartPolicy', message: `restartPolicy "${policy.value}" is not supported for a ${ctx.object.kind}: only Always` });
  }
}

export function checkTemplateLabels(ctx: RuleContext, template: PodTemplateModel | undefined): void {
  if (!template?.labels || template.path === '') return;
  // The API server prints this path without "metadata".
  checkLabelPairs(ctx, template.labels.value, `${template.path}.labels`, 'workload/invalid-template-labels', 'template label');
}

function expressionHolds(expression: SelectorExpressionModel, labels: StringPairs): boolean {
  const key = expression.key?.value ?? '';
  const label = labels.find((pair) => pair.key === key);
  const values = (expression.values?.value ?? []).map((value) => value.value);
  switch (expression.operator?.value) {
    case 'In':
      return label !== undefined && values.includes(label.value);
    case 'NotIn':
      return label === undefined || !values.includes(label.value);
    case 'Exists':
      return label !== undefined;
    case 'DoesNotExist':
      return label === undefined;
    default:
      return false;
  }
}

function countingReports(ctx: RuleContext): { ctx: RuleContext; count: () => number } {
  let count = 0;
  const counting: RuleContext = {
    settings: ctx.settings,
    object: ctx.object,
    view: ctx.view,
    report: (report) => {
      count++;
      ctx.report(report);
    },
  };
  return { ctx: counting, count: () => count };
}

function selectorPairs(selector: WorkloadSelectorModel): Record<string, string> {
  return pairsToRecord(selector.matchLabels?.value ?? []);
}
