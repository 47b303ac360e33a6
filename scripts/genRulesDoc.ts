/** Writes docs/rules.md (see scripts/rulesDoc.ts) and the JSON Schema of .k8s-route.yaml. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { configSchema } from '../server/src/core/config';
import { renderRulesDoc } from './rulesDoc';

const root = join(__dirname, '..');
writeFileSync(join(root, 'docs', 'rules.md'), renderRulesDoc(root));
writeFileSync(join(root, 'schemas', 'k8s-route.schema.json'), `${JSON.stringify(configSchema(), null, 2)}\n`);
console.log('wrote docs/rules.md and schemas/k8s-route.schema.json');
