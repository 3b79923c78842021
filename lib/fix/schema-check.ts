/**
 * A fix never writes what the selected Gardener version's schema rejects.
 * A fix that writes a field the schema has no place for is applied to a copy
 * of the Shoot's plain value and validated: an issue the Shoot did not have
 * before (an unknown field, a wrong type) means the fix would trade one
 * finding for another, so it is not offered. Pure.
 */
import { isRecord } from '../engine/record.ts';
import { setKey } from '../engine/value.ts';
import type { Fix, YamlPath } from '../engine/types.ts';
import { schemaHasPath, validateShoot } from '../gardener/schema-validate.ts';
import type { GardenerVersion } from '../gardener/versions.ts';

/** The Shoot's own issues per version, computed once per object value. */
const before = new WeakMap<object, Map<string, Set<string>>>();

function issueKeys(value: unknown, version: GardenerVersion): Set<string> {
  return new Set(validateShoot(value, version).filter((i) => i.kind !== 'deprecated').map((i) => `${i.kind}\u0000${i.path.join('\u0000')}`));
}

function beforeKeys(value: object, version: GardenerVersion): Set<string> {
  let byVersion = before.get(value);
  if (!byVersion) before.set(value, (byVersion = new Map()));
  let keys = byVersion.get(version);
  if (!keys) byVersion.set(version, (keys = issueKeys(value, version)));
  return keys;
}

/**
 * Why the fix is not valid against the schema (the first new issue's message),
 * or undefined when it is. `shoot` is the Shoot's plain value.
 */
export function schemaRejection(shoot: unknown, fix: Fix, version: GardenerVersion): string | undefined {
  if (!isRecord(shoot)) return undefined;
  // The rules write values of the right type; what a release may lack is the field. Validate only then.
  if (fix.ops.every((op) => op.op === 'delete' || writtenPaths(op.path, op.value).every((p) => schemaHasPath(p, version)))) return undefined;
  const after = structuredClone(shoot);
  for (const op of fix.ops) if (!applyToValue(after, op.path, op.op === 'set' ? { value: op.value } : undefined)) return undefined;
  const old = beforeKeys(shoot, version);
  const issues = validateShoot(after, version).filter((i) => i.kind !== 'deprecated');
  return issues.find((i) => !old.has(`${i.kind}\u0000${i.path.join('\u0000')}`))?.message;
}

/** The path a set op writes and the paths of every key inside its value. */
function writtenPaths(path: YamlPath, value: unknown, out: YamlPath[] = []): YamlPath[] {
  out.push(path);
  if (Array.isArray(value)) value.forEach((v, i) => writtenPaths([...path, i], v, out));
  else if (isRecord(value)) for (const [k, v] of Object.entries(value)) writtenPaths([...path, k], v, out);
  return out;
}

/** Sets (or with no `set`, deletes) the value at a path, creating maps on the way; false when the path cannot hold it. */
function applyToValue(root: Record<string, unknown>, path: YamlPath, set: { value: unknown } | undefined): boolean {
  if (path.length === 0) return false;
  let node: unknown = root;
  for (let i = 0; i < path.length - 1; i++) {
    const seg = path[i]!;
    let next: unknown = (node as Record<string | number, unknown>)[seg];
    if (next === undefined || next === null) {
      if (!set) return true; // deleting under something absent: nothing to do
      next = typeof path[i + 1] === 'number' ? [] : {};
      if (Array.isArray(node) && typeof seg === 'number') node[seg] = next;
      else if (isRecord(node) && typeof seg === 'string') setKey(node, seg, next);
      else return false;
    }
    if (typeof next !== 'object') return false;
    node = next;
  }
  const last = path[path.length - 1]!;
  if (Array.isArray(node) && typeof last === 'number') {
    if (set) node[last] = structuredClone(set.value);
    else node.splice(last, 1);
    return true;
  }
  if (isRecord(node) && typeof last === 'string') {
    if (set) setKey(node, last, structuredClone(set.value));
    else delete node[last];
    return true;
  }
  return false;
}
