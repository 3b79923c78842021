import type { InvalidKubernetesVersion } from '../lib/engine/shoot/kubernetes-version.ts';
import { invalidVersionNote } from '../lib/engine/shoot/kubernetes-version.ts';
import type { RuleContext } from '../lib/engine/rule.ts';
import type { ShootModel } from '../lib/engine/shoot/model.ts';

export const VERSION_HINT = 'Write the Kubernetes version as major.minor or major.minor.patch (e.g. "1.31" or "1.31.4").';

/**
 * A verdict that depends on a Kubernetes version that is written but is not a
 * version: `unverifiable` at the version, never a guess (spec section 2).
 * `what` says what cannot be decided ("Whether worker pool a protects the kernel defaults").
 */
export function reportInvalidVersion(shoot: ShootModel, ctx: RuleContext<unknown>, v: InvalidKubernetesVersion, what: string): void {
  ctx.report({ object: shoot.object, state: 'unverifiable', at: v.path, message: `${what} depends on the Kubernetes version, and ${invalidVersionNote(v)}.`, hint: VERSION_HINT });
}
