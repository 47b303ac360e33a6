/** Writes docs/rules.md (see scripts/rulesDoc.ts). */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderRulesDoc } from './rulesDoc';

const root = join(__dirname, '..');
writeFileSync(join(root, 'docs', 'rules.md'), renderRulesDoc(root));
console.log('wrote docs/rules.md');
