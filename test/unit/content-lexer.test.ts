import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseOperations, shownBytes } from '../../src/pdf/content.ts';

// Expected values worked out by hand from ISO 32000-1 §7.2–7.3, §7.8.2.

test('operators, operands and their offsets; comments and every white-space byte skipped', () => {
  const content = '%head\r\n1 0 0 1 72.5 -.5 cm\0\t\fq /F1#20a 12 Tf true [(a) -20 <4142 4>] TJ Q';
  const ops = parseOperations(content);
  assert.deepEqual(ops.map((op) => op.operator), ['cm', 'q', 'Tf', 'TJ', 'Q']);
  assert.deepEqual(ops[0]!.operands.map((o) => (o.kind === 'number' ? o.value : o.kind)), [1, 0, 0, 1, 72.5, -0.5]);
  assert.equal(content.slice(ops[0]!.start, ops[0]!.end), '1 0 0 1 72.5 -.5 cm');
  const [font, size] = ops[2]!.operands;
  assert.deepEqual([font?.kind === 'name' && font.value, font?.raw, size?.raw], ['F1 a', '/F1#20a', '12']);
  // `true` is an operand of the next operator, not an operator.
  assert.deepEqual(ops[3]!.operands.map((o) => o.kind), ['keyword', 'array']);
  assert.equal(shownBytes(ops[3]!), 'aAB@');
  assert.equal(ops.at(-1)!.end, content.length);
});

test('literal strings: nesting, escapes, octal codes and line continuations', () => {
  const [op] = parseOperations('(a(b)c\\)\\n\\101\\7x\\\nz) Tj');
  assert.equal(op!.operator, 'Tj');
  assert.equal(shownBytes(op!), 'a(b)c)\nA\x07xz');
});

test('a name or keyword running to the end of the stream, and a dict operand', () => {
  const ops = parseOperations('/Span <</MCID 3 /Alt (x)>> BDC EMC /P');
  assert.deepEqual(ops.map((op) => op.operator), ['BDC', 'EMC']);
  const props = ops[0]!.operands[1];
  assert.equal(props?.kind === 'dict' && props.entries.get('MCID')?.raw, '3');
  assert.deepEqual(parseOperations('q Q /P').map((op) => op.operator), ['q', 'Q']);
});

test('numbers are exactly the §7.3.3 forms; other regular tokens are keywords (operators)', () => {
  const ops = parseOperations('5. .5 +.5 -7 - . 1e5 0x1 +-1 Infinity <4G1 z 2> d0');
  assert.deepEqual(ops[0]!.operands.map((o) => (o.kind === 'number' ? o.value : o.kind)), [5, 0.5, 0.5, -7]);
  assert.deepEqual(ops.map((op) => op.operator), ['-', '.', '1e5', '0x1', '+-1', 'Infinity', 'd0']);
  // Hex digits only, the odd last one followed by 0.
  assert.deepEqual(ops.at(-1)!.operands.map((o) => o.kind === 'string' && o.bytes), ['\x41\x20']);
});
