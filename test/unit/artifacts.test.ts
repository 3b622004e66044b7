import assert from 'node:assert/strict';
import { test } from 'node:test';
import { countUntaggedPainting, wrapUntaggedInArtifacts } from '../../src/finish/artifacts.ts';

test('untagged runs are wrapped, tagged content is left alone', () => {
  const content = 'q\nBT /F1 9 Tf (Head) Tj ET\nQ\n/P <</MCID 0>> BDC\nBT (Body) Tj ET\nEMC\nq 0 0 1 1 re f Q\n';
  const { content: out, wrapped } = wrapUntaggedInArtifacts(content);
  assert.equal(wrapped, 2);
  assert.equal(countUntaggedPainting(content), 2);
  assert.equal(countUntaggedPainting(out), 0);
  assert.equal(out, '/Artifact BMC\nq\nBT /F1 9 Tf (Head) Tj ET\nQ\nEMC\n/P <</MCID 0>> BDC\nBT (Body) Tj ET\nEMC\n/Artifact BMC\nq 0 0 1 1 re f Q\nEMC\n');
});

test('strings with parentheses and operator-like text are operands, not operators', () => {
  const content = '/Span <</MCID 1>> BDC (a \\) Tj \\( BDC) Tj EMC';
  assert.equal(wrapUntaggedInArtifacts(content).wrapped, 0);
  assert.equal(countUntaggedPainting('(EMC) Tj'), 1);
});

test('state changes without painting are not wrapped', () => {
  assert.equal(wrapUntaggedInArtifacts('q 1 0 0 1 0 0 cm Q').wrapped, 0);
});
