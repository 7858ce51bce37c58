import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findTokens, scan } from './scan.mjs';

// The example token of docs/protocol.md, "Identity".
const TOKEN = 'rt1.k1.Vq7bQ2nXhYyf3M0eKc1T8w.1735689600000.1735776000000.kPdr2fNqCTV-up-5Z5xDnxGX7z7ZGEuox98uQ2UTXQs';

function capture(files) {
  const directory = mkdtempSync(join(tmpdir(), 'token-scan-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(directory, name, '..'), { recursive: true });
    writeFileSync(join(directory, name), text);
  }
  return directory;
}

test('a planted token is found, with its file and line, and the report does not repeat it', () => {
  const directory = capture({
    'A-output.txt': '10:00:00.000 FINE io.realtime.internal.identity.Identity: Refused the tab token of GET /a: EXPIRED\n',
    'nested/B-output.txt': `first line\nheader Realtime-Token: ${TOKEN}\n`,
  });
  const { files, findings, verbose } = scan([directory]);
  assert.equal(files, 2);
  assert.equal(verbose, true);
  assert.equal(findings.length, 1);
  assert.equal(findings[0].line, 2);
  assert.match(findings[0].file, /B-output\.txt$/);
  assert.ok(!JSON.stringify(findings).includes(TOKEN.slice(8)), 'the report shows only the start of a token');
});

test('a token is found wherever it sits: a subprotocol, JSON, a truncated copy', () => {
  assert.equal(findTokens(`Sec-WebSocket-Protocol: realtime.v1, realtime.token.${TOKEN}`).length, 1);
  assert.equal(findTokens(`{"tab":"Vq7bQ2nXhYyf3M0eKc1T8w","token":"${TOKEN}"}`).length, 1);
  assert.equal(findTokens(TOKEN.slice(0, 32)).length, 1, 'the key id, the tab id and a digit are enough');
});

test('tab ids, cursors and other dotted words are not tokens', () => {
  assert.equal(findTokens('tab Vq7bQ2nXhYyf3M0eKc1T8w cursor Q2hhbmdl:42 realtime.v1 rt1.k1.short').length, 0);
});

test('a clean capture passes, and the absence of verbose library lines is visible', () => {
  const { findings, verbose } = scan([capture({ 'C-output.txt': '10:00:00.000 INFO io.realtime.X: started\n' })]);
  assert.deepEqual(findings, []);
  assert.equal(verbose, false);
});
