// The npm package folder the build produces (target/npm): its manifest, and an application that installs it
// and imports it by name gets the very client the runtime serves, with its type declarations.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, mkdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PACKAGE = fileURLToPath(new URL('../../../target/npm/', import.meta.url));
const SERVED = fileURLToPath(new URL('../../main/resources/META-INF/resources/realtime/', import.meta.url));
const POM = fileURLToPath(new URL('../../../pom.xml', import.meta.url));

function manifest() {
  assert.ok(existsSync(PACKAGE), `${PACKAGE} is missing: the build makes it (./mvnw -pl realtime-runtime process-resources)`);
  return JSON.parse(readFileSync(join(PACKAGE, 'package.json'), 'utf8'));
}

test('the manifest names an ES module entry, its declarations, and the version of the build', () => {
  const pkg = manifest();
  const version = /<parent>[\s\S]*?<version>([^<]+)<\/version>/.exec(readFileSync(POM, 'utf8'))[1];
  assert.equal(pkg.name, '@io.realtime/client');
  assert.equal(pkg.version, version);
  assert.equal(pkg.type, 'module');
  assert.deepEqual(pkg.exports, { '.': { types: './realtime.d.ts', default: './realtime.js' } });
  assert.equal(pkg.types, './realtime.d.ts');
  for (const file of pkg.files) assert.ok(existsSync(join(PACKAGE, file)), `${file} is in the folder`);
  assert.doesNotMatch(readFileSync(join(PACKAGE, 'README.md'), 'utf8'), /\$\{/, 'the README is filtered');
});

test('the package holds the served client and declarations, byte for byte', () => {
  manifest();
  for (const file of ['realtime.js', 'realtime.d.ts']) {
    assert.ok(readFileSync(join(PACKAGE, file)).equals(readFileSync(join(SERVED, file))), `${file} is the served one`);
  }
  assert.match(readFileSync(join(PACKAGE, 'realtime.d.ts'), 'utf8'), /^export declare function connect\(|^export function connect\(/m);
});

test('an application that installs the folder imports the client by the package name', () => {
  const pkg = manifest();
  const app = mkdtempSync(join(tmpdir(), 'realtime-npm-'));
  try {
    mkdirSync(join(app, 'node_modules', '@io.realtime'), { recursive: true });
    symlinkSync(PACKAGE, join(app, 'node_modules', pkg.name), 'dir');
    const run = spawnSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `import * as client from '${pkg.name}';` +
          `console.log(JSON.stringify(Object.keys(client).sort().map(k => [k, typeof client[k]])));`,
      ],
      { cwd: app, encoding: 'utf8' },
    );
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(JSON.parse(run.stdout), [['RealtimeError', 'function'], ['connect', 'function'], ['connections', 'function']]);
  } finally {
    rmSync(app, { recursive: true, force: true });
  }
});
