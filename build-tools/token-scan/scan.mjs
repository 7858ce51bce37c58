// Fails the build when a tab token appears in what the tests printed or logged (design invariant 4: no tokens
// in logs). Run by Maven after the tests of a module:
//
//   node scan.mjs <directory>... [--require-debug] [--tests-skipped=true] [--focused]
//
// It reads every file under the directories (surefire's per-class captures of stdout and stderr, where the
// library's java.util.logging output lands at the most verbose level for io.realtime, see logging.properties; in
// the conformance modules, whose console shows warnings alone, the log file that conformance/logging.properties
// writes beside them, with the containers' own records: Tomcat's go through java.util.logging too)
// and looks for anything shaped like a token, or the start of one: the prefix, a key id and a whole tab id
// (token-pattern.txt, the shape the runtime's own tests check every issued token against). Before scanning, it
// proves on a planted token that it detects one, so a broken pattern cannot pass silently. With
// --require-debug it also fails unless the capture holds at least one io.realtime line logged below INFO:
// otherwise the scan would be looking at a capture without the library's verbose logs, and prove nothing.
// --focused (a run of a few chosen tests, -Dtest=...) still scans whatever is there, but neither an empty capture
// nor one without verbose lines fails it: a module that ran none of the chosen tests has nothing to show.

import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const PLANTED = 'GET /x Realtime-Token: rt1.k1.AAAAAAAAAAAAAAAAAAAAAA.1735689600000.1735776000000.' + 'A'.repeat(43);
const VERBOSE = /^\S+ (FINE|FINER|FINEST) io\.realtime\./m;

/** The pattern of a token, or of a token's beginning, from token-pattern.txt. */
export function tokenPattern() {
  return new RegExp(readFileSync(join(HERE, 'token-pattern.txt'), 'utf8').trim(), 'g');
}

/** Every match of the pattern in `text`, with its line number, shortened so that a report does not repeat it. */
export function findTokens(text, pattern = tokenPattern()) {
  const found = [];
  for (const match of text.matchAll(pattern)) {
    const line = text.slice(0, match.index).split('\n').length;
    found.push({ line, shape: match[0].slice(0, 8) + '…' });
  }
  return found;
}

/** Scans every file under the directories; returns the findings and whether a verbose library line was seen. */
export function scan(directories, pattern = tokenPattern()) {
  const findings = [];
  let files = 0;
  let verbose = false;
  const visit = path => {
    if (statSync(path).isDirectory()) {
      readdirSync(path).forEach(name => visit(join(path, name)));
      return;
    }
    files++;
    const text = readFileSync(path, 'utf8');
    verbose ||= VERBOSE.test(text);
    for (const hit of findTokens(text, pattern)) {
      findings.push({ file: path, ...hit });
    }
  };
  directories.filter(existsSync).forEach(visit);
  return { files, findings, verbose };
}

function main(args) {
  const focused = args.includes('--focused');
  const requireDebug = args.includes('--require-debug') && !focused;
  const directories = args.filter(arg => arg && !arg.startsWith('--'));
  if (args.includes('--tests-skipped=true')) {
    console.log('token scan: skipped, as the tests were (maven.test.skip)');
    return;
  }
  if (findTokens(PLANTED).length !== 1) {
    fail('the token pattern does not detect a planted token; fix build-tools/token-scan/token-pattern.txt');
  }
  const { files, findings, verbose } = scan(directories);
  if (files === 0 && !focused) {
    fail(`nothing to scan in ${directories.join(', ')}: the tests' output was not captured`);
  }
  if (requireDebug && !verbose) {
    fail(`no io.realtime line below INFO in ${files} files: the library's verbose logging is not in the capture`);
  }
  if (findings.length > 0) {
    const where = findings.map(({ file, line, shape }) => `  ${file}:${line}: ${shape}`).join('\n');
    fail(`${findings.length} tab token(s) in the tests' output and logs:\n${where}`);
  }
  console.log(`token scan: ${files} files, no tab token${requireDebug ? ', verbose library logging present' : ''}`);
}

function fail(message) {
  console.error(`token scan failed: ${message}`);
  process.exit(1);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2));
}
