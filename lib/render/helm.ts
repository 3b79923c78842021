/**
 * Rendering a chart with `helm template` and mapping its objects back to the
 * template named by each document's `# Source:` comment: to the line of the
 * field when its keys can be followed by indentation through the template,
 * else to the start of the template's document.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { YamlPath } from '../engine/types.ts';
import type { ObjectSource, RenderedDoc } from './rendered.ts';
import type { SourcePlace } from './yaml-source.ts';
import { parseDocs } from './yaml-source.ts';
import type { Tool, ToolRun } from './tools.ts';
import { runTool } from './tools.ts';

export interface HelmOptions {
  readonly values: readonly string[];
  readonly set: readonly string[];
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly timeoutMs: number;
  readonly cwd: string;
}

export interface HelmRender {
  readonly run: ToolRun;
  readonly text: string;
  readonly docs: RenderedDoc[];
}

export function renderChart(chartDir: string, chartName: string, tool: Tool, opts: HelmOptions): HelmRender {
  const args = [chartDir, ...opts.values.flatMap((v) => ['--values', resolve(opts.cwd, v)]), ...opts.set.flatMap((s) => ['--set', s])];
  const run = runTool(tool, args, { cwd: opts.cwd, env: opts.env, timeoutMs: opts.timeoutMs });
  if (!run.ok) return { run, text: '', docs: [] };
  const docs: RenderedDoc[] = [];
  const seen = new Map<string, number>();
  const sources = [...run.stdout.matchAll(/^# Source: (\S+)/gm)].map((m) => ({ at: m.index, file: m[1]! }));
  for (const d of parseDocs(run.stdout)) {
    const start = d.doc.contents?.range?.[0] ?? d.doc.range[0];
    const source = sources.filter((s) => s.at < start).at(-1)?.file;
    const file = source ? templateFile(chartDir, chartName, source) : join(chartDir, 'Chart.yaml');
    const n = seen.get(file) ?? 0;
    seen.set(file, n + 1);
    docs.push({ value: d.value, source: templateSource(file, n, join(chartDir, 'Chart.yaml')) });
  }
  return { run, text: run.stdout, docs };
}

/** `shoot/templates/shoot.yaml` or `shoot/charts/sub/templates/x.yaml`, from the chart folder. */
function templateFile(chartDir: string, chartName: string, source: string): string {
  const parts = source.split('/');
  return parts[0] === chartName ? join(chartDir, ...parts.slice(1)) : join(chartDir, ...parts);
}

function templateSource(file: string, docIndex: number, chartFile: string): ObjectSource {
  let text: string | undefined;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    text = undefined;
  }
  const fallback: SourcePlace = { file: chartFile, range: [0, 0] };
  if (text === undefined) return { fallback, locate: () => fallback };
  const lines = text.split('\n');
  // The template's documents: the lines between `---` separators; the n-th rendered document of this template is in the n-th.
  const starts = [0];
  lines.forEach((l, i) => {
    if (/^---\s*$/.test(l) && i > 0) starts.push(i + 1);
  });
  const from = starts[Math.min(docIndex, starts.length - 1)]!;
  const to = starts[Math.min(docIndex, starts.length - 1) + 1] ?? lines.length;
  const offsets: number[] = [];
  let o = 0;
  for (const l of lines) {
    offsets.push(o);
    o += l.length + 1;
  }
  const firstContent = (): number => {
    for (let i = from; i < to; i++) if (/^[A-Za-z]/.test(lines[i]!)) return i;
    return from;
  };
  const lineRange = (i: number, keyOnly: boolean): SourcePlace => {
    const l = lines[i]!;
    const indent = l.length - l.trimStart().length + (l.trimStart().startsWith('- ') ? 2 : 0);
    const colon = l.indexOf(':', indent);
    const value = colon === -1 ? '' : l.slice(colon + 1).replace(/\s+#.*$/, '').trim();
    if (!keyOnly && value) {
      const start = l.indexOf(value, colon + 1);
      return { file, range: [offsets[i]! + start, offsets[i]! + start + value.length] };
    }
    return { file, range: [offsets[i]! + indent, offsets[i]! + (colon === -1 ? l.length : colon)] };
  };
  return {
    fallback,
    locate(path: YamlPath): SourcePlace {
      // Follow the keys by indentation; list indexes are skipped (a range may produce the items).
      let line = -1;
      let indent = -1;
      let found = 0;
      const keys = path.filter((s): s is string => typeof s === 'string');
      for (const key of keys) {
        let hit = -1;
        for (let i = line + 1 < from ? from : line + 1; i < to; i++) {
          const l = lines[i]!;
          const t = l.trimStart();
          if (t === '' || t.startsWith('#') || t.startsWith('{{')) continue;
          const ind = l.length - t.length;
          if (line >= 0 && (ind < indent || (ind === indent && !t.startsWith('- ')))) break;
          const body = t.startsWith('- ') ? t.slice(2) : t;
          const bodyIndent = ind + (t.startsWith('- ') ? 2 : 0);
          if (body.startsWith(`${key}:`) || body.startsWith(`"${key}":`)) {
            hit = i;
            indent = bodyIndent;
            break;
          }
        }
        if (hit === -1) break;
        line = hit;
        found++;
      }
      if (line === -1) return lineRange(firstContent(), true);
      return lineRange(line, found < keys.length);
    },
  };
}
