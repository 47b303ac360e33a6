/** .k8s-route.yaml in the editor: hover on keys, completion of keys, enums and rule codes. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { configCompletion, configHover } from '../../server/src/core/features/configEditor';

const at = (text: string, marker = '|'): { text: string; offset: number } => ({ text: text.replace(marker, ''), offset: text.indexOf(marker) });

test('hover on a configuration key says what it means, nested keys too', () => {
  const text = 'nodePortRange: 30000-32767\nrender:\n  timeoutSeconds: 30\nhelm:\n  charts:\n    charts/shop:\n      releaseName: shop\n';
  assert.match(configHover(text, 2)!.markdown, /^\*\*nodePortRange\*\* \(string\)/);
  assert.match(configHover(text, text.indexOf('timeoutSeconds') + 3)!.markdown, /^\*\*render\.timeoutSeconds\*\* \(integer\)\n\nStop a helm or kustomize run after this many seconds \(default 20\)\. \(1 to 600\)/);
  assert.match(configHover(text, text.indexOf('releaseName') + 1)!.markdown, /^\*\*helm\.charts\.charts\/shop\.releaseName\*\*/);
  assert.equal(configHover(text, text.indexOf('30000') + 1), undefined, 'values have no hover');
  assert.equal(configHover('unknownKey: 1\n', 2), undefined);
});

test('completion offers the keys not yet written, enum values and rule codes', () => {
  const top = at('serviceCidrs: [10.96.0.0/12]\nfa|\n');
  const keys = configCompletion(top.text, top.offset).map((item) => item.label);
  assert.ok(keys.includes('failOn') && keys.includes('disabledRules') && !keys.includes('serviceCidrs'), keys.join(', '));
  assert.equal(configCompletion(top.text, top.offset).find((item) => item.label === 'failOn')!.insertText, 'failOn: ');
  const nested = at('render:\n  |\n');
  assert.deepEqual(configCompletion(nested.text, nested.offset).map((item) => item.label), ['enabled', 'timeoutSeconds']);
  const enumValue = at('failOn: w|\n');
  assert.deepEqual(configCompletion(enumValue.text, enumValue.offset).map((item) => item.label), ['error', 'warning']);
  const flow = at('disabledRules: [service/no-selector, |]\n');
  assert.ok(configCompletion(flow.text, flow.offset).some((item) => item.label === 'service/node-port-out-of-range'));
  const block = at('disabledRules:\n  - serv|\n');
  const codes = configCompletion(block.text, block.offset);
  assert.ok(codes.some((item) => item.label === 'service/no-selector' && /warning|error|information/.test(item.detail)));
  assert.deepEqual(codes[0].span, { start: block.offset - 4, end: block.offset });
});
