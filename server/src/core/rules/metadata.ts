/**
 * metadata of every recognised object: name format per kind, namespace, label and annotation
 * syntax (service-rules.md 2, 3.1 and 5). Kinds outside the recognised set are not judged.
 */
import type { MetadataModel } from '../decode';
import { dns1035LabelProblem, dns1123LabelProblem, dns1123SubdomainProblem, qualifiedNameProblem } from '../names';
import type { RuleContext } from './context';
import { checkLabelPairs } from './labels';

const maxAnnotationBytes = 256 * 1024;

export function checkMetadata(ctx: RuleContext, metadata: MetadataModel): void {
  const kind = ctx.object.recognized;
  const name = metadata.name?.value ?? '';
  if (name === '') {
    if (!metadata.generateName || metadata.generateName.value === '') {
      ctx.report({ code: 'metadata/name-required', span: metadata.name?.span ?? ctx.object.anchorSpan, path: 'metadata.name', message: `a ${ctx.object.kind} needs metadata.name (or metadata.generateName)` });
    }
  } else {
    const format = kind === 'Service' ? 'DNS-1035 label' : kind === 'StatefulSet' ? 'DNS-1123 label' : 'DNS-1123 subdomain';
    const problem = kind === 'Service' ? dns1035LabelProblem(name) : kind === 'StatefulSet' ? dns1123LabelProblem(name) : dns1123SubdomainProblem(name);
    if (problem) {
      ctx.report({ code: 'metadata/invalid-name', span: metadata.name!.span, path: 'metadata.name', message: `${ctx.object.kind} name "${name}" is not a valid ${format}: it ${problem}` });
    }
  }
  const namespace = metadata.namespace?.value ?? '';
  if (namespace !== '') {
    const problem = dns1123LabelProblem(namespace);
    if (problem) ctx.report({ code: 'metadata/invalid-namespace', span: metadata.namespace!.span, path: 'metadata.namespace', message: `namespace "${namespace}" ${problem}` });
  }
  if (metadata.labels) checkLabelPairs(ctx, metadata.labels.value, 'metadata.labels', 'metadata/invalid-labels', 'label');
  checkAnnotations(ctx, metadata);
}

function checkAnnotations(ctx: RuleContext, metadata: MetadataModel): void {
  const annotations = metadata.annotations;
  if (!annotations) return;
  let totalSize = 0;
  for (const pair of annotations.value) {
    totalSize += byteLength(pair.key) + byteLength(pair.value);
    const problem = qualifiedNameProblem(pair.key);
    if (problem) ctx.report({ code: 'metadata/invalid-annotations', span: pair.keySpan, path: 'metadata.annotations', message: `annotation key "${pair.key}" is invalid: it ${problem}` });
  }
  if (totalSize > maxAnnotationBytes) {
    ctx.report({ code: 'metadata/invalid-annotations', span: annotations.keySpan, path: 'metadata.annotations', message: `annotations total ${totalSize} bytes, more than the limit of ${maxAnnotationBytes}` });
  }
}

function byteLength(text: string): number {
  let bytes = 0;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff) {
      bytes += 4;
      index++;
    } else bytes += 3;
  }
  return bytes;
}
