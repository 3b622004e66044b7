// Chromium refusing an answer to an intercepted request (Fetch.fulfillRequest
// or failRequest failing) used to be swallowed: the page waited for the
// request until the render timeout, and the user read "rendering took longer
// than N s". It must fail the print at once, saying what was refused.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { isUserError } from '../../src/errors.ts';
import { Renderer, type ResourceMap } from '../../src/render/browser.ts';

let renderer: Renderer;
before(async () => {
  renderer = await Renderer.launch();
});
after(() => renderer.close());

test('a response Chromium refuses is a one-line error naming the URL, not a timeout', async () => {
  // A header value with a line break: CDP's Fetch.fulfillRequest rejects it.
  const resources: ResourceMap = new Map([['index.html', { body: '<!doctype html><title>t</title><p>正文', contentType: 'text/html; charset=utf-8', headers: { 'x-broken': 'a\nb' } }]]);
  // A day: only the refusal can end this print early.
  await assert.rejects(renderer.printPdf(resources, { timeoutMs: 86_400_000 }), (error) => {
    assert.ok(isUserError(error));
    assert.match((error as Error).message, /^Chromium did not take paiban's answer for https:\/\/paiban\.invalid\/index\.html: .*Invalid header/);
    assert.doesNotMatch((error as Error).message, /\n/);
    return true;
  });
});

test('the same renderer prints the next document', async () => {
  const resources: ResourceMap = new Map([['index.html', { body: '<!doctype html><title>t</title><p>正文', contentType: 'text/html; charset=utf-8' }]]);
  const pdf = await renderer.printPdf(resources, { timeoutMs: 86_400_000 });
  assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
});
