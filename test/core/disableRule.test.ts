/** "Turn off this rule" edits .k8s-route.yaml as written. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { disableRuleEdit } from '../../server/src/core/features/disableRule';

function apply(text: string | undefined, code: string): string | undefined {
  const edit = disableRuleEdit(text, code);
  if (!edit) return undefined;
  const base = text ?? '';
  return base.slice(0, edit.span.start) + edit.newText + base.slice(edit.span.end);
}

test('a rule is added to disabledRules: a new file, a file without the key, a flow list, a block list; never twice', () => {
  assert.equal(apply(undefined, 'service/no-selector'), 'disabledRules: [service/no-selector]\n');
  assert.equal(disableRuleEdit(undefined, 'a/b')?.create, true);
  assert.equal(apply('serviceCidrs: [10.96.0.0/12]', 'service/no-selector'), 'serviceCidrs: [10.96.0.0/12]\ndisabledRules: [service/no-selector]\n');
  assert.equal(apply('disabledRules: [service/ignored-field]\nfailOn: warning\n', 'service/no-selector'), 'disabledRules: [service/ignored-field, service/no-selector]\nfailOn: warning\n');
  assert.equal(apply('disabledRules: []\n', 'service/no-selector'), 'disabledRules: [service/no-selector]\n');
  assert.equal(apply('# project\ndisabledRules:\n  - service/ignored-field\nfailOn: warning\n', 'service/no-selector'), '# project\ndisabledRules:\n  - service/ignored-field\n  - service/no-selector\nfailOn: warning\n');
  assert.equal(apply('disabledRules:\n- a/b', 'c/d'), 'disabledRules:\n- a/b\n- c/d\n');
  assert.equal(disableRuleEdit('disabledRules: [c/d]\n', 'c/d'), undefined, 'already off');
  assert.equal(disableRuleEdit('- not a mapping\n', 'c/d'), undefined);
  assert.equal(disableRuleEdit('disabledRules: [unclosed\n', 'c/d'), undefined);
});
