// The test command on a machine that lacks what the tests use and may not install it: ./verify must stop within
// 10 seconds, before Maven, with one message naming each missing program and the command that installs it.
// Each case runs ./verify with a PATH of a few basic tools and nothing the tests use.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, symlinkSync, writeFileSync, chmodSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const BASICS = ['bash', 'env', 'id', 'readlink', 'dirname', 'timeout', 'sed', 'grep', 'cat', 'head'];
const PACKAGES = 'apt-get update && apt-get install -y chromium chromium-driver redis-server redis-tools nodejs';
const LIMIT_MS = 10_000;

function locate(tool) {
  const found = spawnSync('bash', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).stdout.trim();
  assert.ok(found, `${tool} is needed to run this test`);
  return found;
}

/** A directory of links to the basic tools, plus executable scripts given as name: body. */
function fakePath(scripts = {}) {
  const bin = mkdtempSync(join(tmpdir(), 'realtime-prerequisites-'));
  for (const tool of BASICS) {
    symlinkSync(locate(tool), join(bin, tool));
  }
  for (const [name, body] of Object.entries(scripts)) {
    writeFileSync(join(bin, name), `#!/bin/sh\n${body}\n`);
    chmodSync(join(bin, name), 0o755);
  }
  chmodSync(bin, 0o755);
  return bin;
}

/** Runs ./verify with only that PATH (and, as root, optionally as the user nobody). */
function verify(bin, { env = {}, asNobody = false } = {}) {
  const command = asNobody
    ? [locate('setpriv'), ['--reuid=65534', '--regid=65534', '--clear-groups', '--', join(ROOT, 'verify')]]
    : [join(ROOT, 'verify'), []];
  const started = process.hrtime.bigint();
  const run = spawnSync(command[0], command[1], {
    cwd: ROOT,
    env: { PATH: bin, HOME: '/nonexistent', ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { ...run, elapsedMs: Number((process.hrtime.bigint() - started) / 1_000_000n) };
}

function assertStoppedWithMessage(run, reason) {
  assert.equal(run.status, 1, `exit status; stderr: ${run.stderr}`);
  assert.ok(run.elapsedMs < LIMIT_MS, `stopped after ${run.elapsedMs} ms`);
  const message = run.stderr;
  assert.match(message, /^The tests need programs this machine does not have:\n/);
  for (const [program, pkg] of [
    ['Chromium', 'chromium'],
    ['chromedriver', 'chromium-driver'],
    ['redis-server', 'redis-server'],
    ['redis-cli', 'redis-tools'],
    ['Node 18.19 or later', 'nodejs'],
  ]) {
    assert.match(message, new RegExp(`\\n  - ${program}[^\\n]*\\(Debian package ${pkg}\\)\\n`), `${program} named`);
  }
  assert.ok(message.includes(`Install them as root with:\n  ${PACKAGES}\n`), message);
  assert.ok(message.includes(`here it cannot: ${reason}.)`), message);
  assert.doesNotMatch(run.stdout, /Installing|Apache Maven|BUILD/, 'neither installs nor starts Maven');
}

test('without apt-get it names each missing program and the command that installs them, within 10 s', () => {
  const bin = fakePath();
  try {
    const run = verify(bin, { env: { BENCH_JDK: '/nonexistent-jdk' } });
    const reason = process.getuid() === 0 ? 'apt-get is not available' : 'this does not run as root';
    assertStoppedWithMessage(run, reason);
    assert.match(run.stderr, /\n  - a JDK 21 or later, [^\n]*BENCH_JDK=\/nonexistent-jdk is not a JDK 21 or later/);
  } finally {
    rmSync(bin, { recursive: true, force: true });
  }
});

test('as a user other than root it installs nothing and says why, within 10 s', () => {
  const called = join(mkdtempSync(join(tmpdir(), 'realtime-apt-')), 'called');
  const bin = fakePath({ 'apt-get': `touch ${called}; exit 0`, 'apt-cache': 'exit 0', 'apt-config': 'exit 0' });
  try {
    // As root, drop to nobody; otherwise this already is a user other than root.
    const run = verify(bin, { asNobody: process.getuid() === 0 });
    assertStoppedWithMessage(run, 'this does not run as root');
    assert.ok(!existsSync(called), 'apt-get was not run');
  } finally {
    rmSync(bin, { recursive: true, force: true });
  }
});

test('as root with apt-get but no reachable mirror it installs nothing and says why, within 10 s', { skip: process.getuid() !== 0 && 'needs root' }, () => {
  const called = join(mkdtempSync(join(tmpdir(), 'realtime-apt-')), 'called');
  const bin = fakePath({
    'apt-get': `touch ${called}; exit 0`,
    'apt-cache': 'exit 0',
    // A proxy on a local port where nothing listens: unreachable at once.
    'apt-config': `echo 'Acquire::http::Proxy "http://127.0.0.1:9/";'`,
  });
  try {
    const run = verify(bin);
    assertStoppedWithMessage(run, 'the package mirror is not reachable');
    assert.ok(!existsSync(called), 'apt-get was not run');
  } finally {
    rmSync(bin, { recursive: true, force: true });
  }
});

test('on this machine, which the build needs prepared, it finds everything and says nothing', () => {
  const run = spawnSync(join(ROOT, 'build-tools/prerequisites/prerequisites.sh'), [], { encoding: 'utf8' });
  assert.equal(run.stderr, '');
  assert.equal(run.status, 0);
});
