import type { ParsedFile } from '../engine/document.ts';
import { SUPPORTED_SHOOT_API_VERSION } from '../engine/lint.ts';
import { objectStart } from '../engine/locate.ts';
import { isRecord } from '../engine/record.ts';
import type { ShootInfo } from './model.ts';

function strings(value: unknown, out: Set<string>): void {
  if (typeof value === 'string') out.add(value);
  else if (Array.isArray(value)) for (const v of value) strings(v, out);
  else if (typeof value === 'object' && value !== null) for (const v of Object.values(value)) strings(v, out);
}

/** The Shoots the report has columns for: every supported Shoot of the parsed workspace, in file order. */
export function shootsOf(files: readonly ParsedFile[]): ShootInfo[] {
  const shoots: ShootInfo[] = [];
  for (const file of files) {
    for (const o of file.objects) {
      if (o.kind !== 'Shoot' || o.apiVersion !== SUPPORTED_SHOOT_API_VERSION) continue;
      const spec = o.value.spec;
      const refs = new Set<string>();
      strings(spec, refs);
      const k8s = isRecord(spec) ? spec.kubernetes : undefined;
      const version = isRecord(k8s) ? k8s.version : undefined;
      shoots.push({
        name: o.name,
        ...(o.namespace !== undefined ? { namespace: o.namespace } : {}),
        filePath: file.path,
        line: file.lines.position(objectStart(o)).line,
        ...(typeof version === 'string' || typeof version === 'number' ? { kubernetesVersion: String(version) } : {}),
        references: [...refs].sort(),
      });
    }
  }
  return shoots;
}
