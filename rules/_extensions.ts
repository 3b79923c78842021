/** The Shoot's `spec.extensions`, as written (shared by the audit and Gardener rules). */
import type { ShootModel } from '../lib/engine/shoot/model.ts';
import type { Fix, YamlPath } from '../lib/engine/types.ts';
import { writtenTrue } from './_values.ts';
import { isRecord } from '../lib/engine/record.ts';

/** One entry of spec.extensions, with where it is written. */
export interface ShootExtension {
  readonly index: number;
  readonly type: string;
  readonly disabled: boolean;
  readonly providerConfig: unknown;
  readonly path: YamlPath;
}

/** The Shoot's `spec.extensions` entries that have a string type (null entries are skipped, indexes kept). */
export function shootExtensions(shoot: ShootModel): ShootExtension[] {
  // Indexes must be those of the written list (the model drops null items), so read the raw value.
  const raw: unknown = isRecord(shoot.object.value.spec) ? shoot.object.value.spec.extensions : undefined;
  if (!Array.isArray(raw)) return [];
  const out: ShootExtension[] = [];
  raw.forEach((e, index) => {
    if (!isRecord(e) || typeof e.type !== 'string') return;
    out.push({ index, type: e.type, disabled: writtenTrue(e.disabled), providerConfig: e.providerConfig ?? undefined, path: ['spec', 'extensions', index] });
  });
  return out;
}

/** The entries of one extension type, in written order. */
export function findExtensions(shoot: ShootModel, type: string): ShootExtension[] {
  return shootExtensions(shoot).filter((e) => e.type === type);
}

/** Number of items written in spec.extensions (for a fix that appends). */
function writtenExtensionCount(shoot: ShootModel): number | undefined {
  const spec = shoot.object.value.spec;
  const raw = isRecord(spec) ? spec.extensions : undefined;
  return Array.isArray(raw) ? raw.length : undefined;
}

/** A fix (never safe: the extension type and its config are the admin's choice) adding an extension entry. */
export function addExtensionFix(shoot: ShootModel, type: string, title: string): Fix {
  const count = writtenExtensionCount(shoot);
  return count === undefined
    ? { title, ops: [{ op: 'set', path: ['spec', 'extensions'], value: [{ type }] }], safe: false }
    : { title, ops: [{ op: 'set', path: ['spec', 'extensions', count], value: { type } }], safe: false };
}

