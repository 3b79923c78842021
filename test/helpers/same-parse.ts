import { isDeepStrictEqual } from 'node:util';
import * as assert from 'uvu/assert';
import { compactFile, parseWithLibrary } from '../../lib/engine/document.ts';
import type { KubeObject, ParsedFile } from '../../lib/engine/document.ts';
import type { CompactFile } from '../../lib/engine/compact.ts';
import { locateIn } from '../../lib/engine/locate.ts';
import { quickParse } from '../../lib/engine/quick-parse.ts';
import type { SourceFile, YamlPath } from '../../lib/engine/types.ts';

/** Every path in a value, each followed by a child that does not exist. */
function paths(value: unknown, prefix: YamlPath, out: YamlPath[]): YamlPath[] {
  out.push(prefix);
  if (Array.isArray(value)) {
    value.forEach((v, i) => paths(v, [...prefix, i], out));
    out.push([...prefix, value.length]);
  } else if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) paths(v, [...prefix, k], out);
    out.push([...prefix, 'absent-key']);
  } else out.push([...prefix, 'below-a-scalar']);
  return out;
}

function describe(o: KubeObject): unknown {
  return [o.documentIndex, o.objectPath, o.apiVersion, o.kind, o.name, o.namespace, o.value];
}

/**
 * The quick parse of `source`, or undefined when it leaves the file to the
 * library; throws (an assertion) when it reads the file otherwise than
 * the library (`parseWithLibrary`): objects, values and the location of every path, key or value.
 */
export function quickAgreesWithLibrary(source: SourceFile, parse: (text: string) => CompactFile | undefined = quickParse): ParsedFile | undefined {
  const { text } = source;
  const quick = parse(text);
  if (!quick) return undefined;
  const q = compactFile(source, text, quick);
  const full = parseWithLibrary(source);
  assert.equal(full.problems, [], `${source.path}: the library reports problems the quick parser accepted`);
  assert.is(q.objects.length, full.objects.length, `${source.path}: objects`);
  full.objects.forEach((o, i) => {
    const p = q.objects[i]!;
    // isDeepStrictEqual, not assert.equal: a user's key `constructor` must not be taken for the prototype's.
    assert.ok(isDeepStrictEqual(describe(p), describe(o)), `${source.path}: object ${i}`);
    for (const path of paths(o.value, [], [])) {
      for (const key of [false, true]) {
        const a = locateIn(o, path, { key });
        const b = locateIn(p, path, { key });
        assert.equal([b.range, b.found, b.foundPath, b.scalar], [a.range, a.found, a.foundPath, a.scalar], `${source.path}: ${path.join('.')} key=${key}`);
      }
    }
  });
  return q;
}
