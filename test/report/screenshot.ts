/**
 * Writes docs/report.png: the HTML report of examples/ (or of the report
 * fixtures when there are no examples) as headless Chromium shows it.
 * Run: npx tsx test/report/screenshot.ts
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadPage } from './chromium.ts';
import { report } from './helpers.ts';

const ROOT = resolve(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '../..');
const input = existsSync(join(ROOT, 'examples')) ? 'examples' : 'test/fixtures/report';
const dir = mkdtempSync(join(tmpdir(), 'shootlint-shot-'));
try {
  const out = join(dir, 'report.html');
  await report([input, '-f', 'html', '-o', out], ROOT);
  const page = await loadPage(out, { expression: 'return document.title', width: 1280, height: 1100, screenshot: join(ROOT, 'docs', 'report.png') });
  if (page.consoleErrors.length || page.requests.length) throw new Error(`page not clean: ${JSON.stringify(page)}`);
  console.log(`docs/report.png: ${page.value} (${input})`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
