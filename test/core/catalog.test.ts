/**
 * The rule catalog is complete and honest: every code has a fixture with an accepted and a
 * reported example, every code a fixture reports is in the catalog, and docs/rules.md is current.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { ruleCatalog } from '../../server/src/core/rules/catalog';
import { codesWithoutFixtures, fixturePathFor, renderRulesDoc } from '../../scripts/rulesDoc';
import { splitFixture } from '../fixtureFormat';
import { fixturesRoot, listFiles, repoRoot } from '../helpers';

const annotation = /^#\s*\^+ (\w+) ([a-z]+\/[a-z-]+): /;

test('every catalog code has a fixture with an accepted and a reported example', () => {
  for (const code of Object.keys(ruleCatalog)) {
    const fixture = fixturePathFor(repoRoot, code);
    if (codesWithoutFixtures[code]) {
      assert.ok(!existsSync(fixture), `${code} is listed as having no fixture but has one`);
      continue;
    }
    assert.ok(existsSync(fixture), `${code} has no fixture at ${relative(repoRoot, fixture)}`);
    const files = splitFixture(readFileSync(fixture, 'utf8'), 'manifest.yaml');
    const valid = files.filter((file) => file.path.startsWith('valid'));
    const invalid = files.filter((file) => file.path.startsWith('invalid'));
    assert.ok(valid.length > 0 && invalid.length > 0, `${code}: fixture needs valid*.yaml and invalid*.yaml files`);
    for (const file of valid) assert.equal(file.annotated, file.text, `${code}: ${file.path} must produce no findings`);
    const reported = invalid.flatMap((file) => file.annotated.split('\n')).map((line) => annotation.exec(line)?.[2]);
    assert.ok(reported.includes(code), `${code}: no invalid file of its fixture reports it`);
  }
});

test('fixtures report only catalog codes, with the catalog severity or a documented override', () => {
  for (const fixture of listFiles(fixturesRoot, ['.yaml', '.yml'])) {
    for (const line of readFileSync(fixture, 'utf8').split('\n')) {
      const match = annotation.exec(line);
      if (!match) continue;
      const [, severity, code] = match;
      assert.ok(ruleCatalog[code], `${relative(repoRoot, fixture)} reports unknown code ${code}`);
      // StatefulSet templates are the one place an error is lowered to a warning.
      // Others are lowered to information where the catalog says when.
      const lowered = (severity === 'warning' && line.includes('the StatefulSet is accepted')) || (severity === 'information' && ruleCatalog[code].lowered !== undefined);
      assert.ok(severity === ruleCatalog[code].severity || lowered, `${code} reported as ${severity}, catalog says ${ruleCatalog[code].severity}`);
    }
  }
});

test('docs/rules.md is generated from the current catalog and fixtures', () => {
  const current = readFileSync(join(repoRoot, 'docs', 'rules.md'), 'utf8');
  assert.equal(current, renderRulesDoc(repoRoot), 'docs/rules.md is stale: run npm run docs');
});
