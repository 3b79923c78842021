#!/usr/bin/env node
// Runs every test/**/*.test.ts with uvu (TypeScript loaded through tsx) and
// closes with one plain summary line: "N passed, N failed[, N skipped]".
//
//   node test/run.mjs [PATTERN [DIR]]
//
// PATTERN narrows the run to test files whose path matches it; DIR (default
// test) is the folder searched, for the runner's own test.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const uvuBin = fileURLToPath(new URL('../node_modules/uvu/bin.js', import.meta.url));
const pattern = process.argv[2] ? `^(?=.*(?:${process.argv[2]})).*\\.test\\.ts$` : '\\.test\\.ts$';
const dir = process.argv[3] ?? 'test';
const child = spawn(process.execPath, ['--import', 'tsx', uvuBin, dir, pattern], {
  stdio: ['ignore', 'pipe', 'inherit'],
  env: { ...process.env, FORCE_COLOR: '0' },
});
let out = '';
child.stdout.on('data', (chunk) => {
  out += chunk;
  process.stdout.write(chunk);
});
child.on('close', (code) => {
  // uvu may print ANSI escapes even without colour; strip them before reading.
  const plain = out.replace(/\x1b\[[0-9;]*m/g, '');
  const total = Number(/Total:\s+(\d+)/.exec(plain)?.[1] ?? 0);
  const passed = Number(/Passed:\s+(\d+)/.exec(plain)?.[1] ?? 0);
  const skipped = Number(/Skipped:\s+(\d+)/.exec(plain)?.[1] ?? 0);
  // uvu's Total counts the tests that ran; skipped tests are counted apart from it.
  let failed = total - passed;
  if (code !== 0 && failed === 0) failed = 1; // a crash before the summary still fails
  console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
  process.exit(code === 0 && failed === 0 ? 0 : 1);
});
