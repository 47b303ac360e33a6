/**
 * A bug inside the rules must never hide the rest of the workspace: the failing object gets an
 * `internal/error` finding and every other object is still checked.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultSettings } from '../../server/src/core/model';
import { parseFile } from '../../server/src/core/parse';
import { analyzeObjects } from '../../server/src/core/singleObject';

test('an exception inside one object\'s rules becomes internal/error on that object only', () => {
  const text = 'apiVersion: v1\nkind: Service\nmetadata: {name: broken}\nspec: {ports: [{port: 80}]}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: fine}\nspec: {type: NodePort, ports: [{port: 80, nodePort: 1}]}\n';
  const parsed = parseFile({ path: 'm.yaml', text });
  // Simulate a bug: reading the first object's fields throws.
  const [first, second] = parsed.objects;
  const failingView = Object.create(first.view, { get: { value: () => { throw new Error('simulated bug'); } } });
  const objects = [{ ...first, view: failingView }, second];
  const result = analyzeObjects({ ...parsed, objects }, defaultSettings, (namespace) => namespace ?? 'default');
  const codes = result.objects.flatMap((object) => object.findings.map((finding) => `${finding.object} ${finding.code}`));
  assert.deepEqual(codes, ['Service/default/broken internal/error', 'Service/default/fine service/node-port-out-of-range']);
  const internal = result.objects[0].findings[0];
  assert.equal(internal.severity, 'information');
  assert.match(internal.message, /simulated bug/);
  // The failed object is still known by its id, with nothing decoded.
  assert.deepEqual(result.objects[0].decoded, { metadata: {} });
});
