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

test('a /ReversedChars run outside tagged content is wrapped whole; inside tagged content it is left alone', () => {
  // Chromium's right-to-left leader of a contents line: marked content, but neither tagged nor artifact.
  const leader = '/P <</MCID 0>> BDC\nBT (Title) Tj ET\nEMC\nBT\n/ReversedChars BMC\n(....) Tj\nEMC\nET\n/P <</MCID 1>> BDC\nBT (3) Tj ET\nEMC\n';
  assert.equal(countUntaggedPainting(leader), 1);
  const { content: out, wrapped } = wrapUntaggedInArtifacts(leader);
  assert.equal(wrapped, 1);
  assert.equal(out, '/P <</MCID 0>> BDC\nBT (Title) Tj ET\nEMC\n/Artifact BMC\nBT\n/ReversedChars BMC\n(....) Tj\nEMC\nET\nEMC\n/P <</MCID 1>> BDC\nBT (3) Tj ET\nEMC\n');
  assert.equal(countUntaggedPainting(out), 0);

  const inside = '/Span <</MCID 2>> BDC\nBT /ReversedChars BMC (abc) Tj EMC ET\nEMC\n';
  assert.equal(countUntaggedPainting(inside), 0);
  assert.equal(wrapUntaggedInArtifacts(inside).wrapped, 0);
});

test('marked content without an MCID (a /Span BMC) does not make what it holds tagged', () => {
  assert.equal(countUntaggedPainting('/Span BMC (x) Tj EMC'), 1);
  assert.equal(countUntaggedPainting('/Artifact <</Type /Pagination>> BDC (1) Tj EMC'), 0);
  assert.equal(wrapUntaggedInArtifacts('/Span BMC (x) Tj EMC').content, '/Artifact BMC\n/Span BMC (x) Tj EMC\nEMC\n');
});
