/**
 * One rule for the STIG checks of feature gates Kubernetes has removed
 * (242398 DynamicAuditing, removed in 1.19; 242399 DynamicKubeletConfig,
 * removed in 1.26), so both read the same way in the report:
 * - a component that runs sets the gate to true: fail;
 * - only the latent Shoot-level kubelet (every pool has its own) sets it: a
 *   warning, never a STIG failure; the pools decide;
 * - no running component sets the gate and each runs a version without it:
 *   `not-applicable` (the feature cannot be turned on; the STIG itself limits
 *   242399 to Kubernetes 1.25 and older);
 * - otherwise (the gate written as false, a version that still has it, or a
 *   version that is not a version): pass, the gate is not enabled.
 */
import type { KubernetesVersion } from '../lib/engine/shoot/kubernetes-version.ts';
import { describeVersion } from '../lib/engine/shoot/kubernetes-version.ts';
import type { RuleContext } from '../lib/engine/rule.ts';
import type { ShootModel } from '../lib/engine/shoot/model.ts';
import { activeGateSites } from '../lib/k8s/feature-gates.ts';
import { quotedNote, sitesEnablingGate } from './_values.ts';

export interface RemovedGate {
  readonly gate: string;
  /** First Kubernetes minor without the gate. */
  readonly removedIn: number;
  /** What the gate does, after "<gate> is true for <component>": ": it lets ..." or "". */
  readonly effect: string;
}

function rejectedNote(g: RemovedGate, v: KubernetesVersion): string {
  if (v.source === 'invalid') return `; the gate was removed in Kubernetes 1.${g.removedIn}.`;
  return v.minor >= g.removedIn ? `; the gate was removed in Kubernetes 1.${g.removedIn}, so Gardener rejects it on ${describeVersion(v)}.` : '.';
}

export function checkRemovedGate(shoot: ShootModel, ctx: RuleContext<unknown>, g: RemovedGate): void {
  const hits = sitesEnablingGate(shoot, g.gate);
  const running = hits.filter((h) => !h.site.latent);
  for (const { site, path, value } of running) {
    ctx.report({
      object: shoot.object,
      at: path,
      message: `${g.gate} is true for ${site.component}${quotedNote(value)}${g.effect}${rejectedNote(g, site.version)}`,
      fix: { title: `Remove ${g.gate} from the feature gates of ${site.component}`, ops: [{ op: 'delete', path }], safe: true },
    });
  }
  for (const { path, value } of hits.filter((h) => h.site.latent)) {
    ctx.report({
      object: shoot.object,
      at: path,
      severity: 'warning',
      message:
        `${g.gate} is true in spec.kubernetes.kubelet${quotedNote(value)}: no pool uses it now (each has its own kubelet config); ` +
        `a pool added later inherits it.`,
      fix: { title: `Remove ${g.gate} from spec.kubernetes.kubelet.featureGates`, ops: [{ op: 'delete', path }], safe: true },
    });
  }
  if (running.length > 0) return;

  const sites = activeGateSites(shoot).active.filter((s) => !s.latent);
  const off = sites.filter((s) => s.gates[g.gate] !== undefined).map((s) => s.component);
  const versions = [shoot.version, ...shoot.pools.map((p) => p.version)];
  const known = versions.flatMap((v) => (v.source === 'invalid' ? [] : [v]));
  const guessed = versions.find((v) => v.source === 'assumed' || v.source === 'cloudprofile');
  const versionNote = guessed ? ` (${describeVersion(guessed)})` : '';
  if (off.length === 0 && known.length === versions.length && known.every((v) => v.minor >= g.removedIn)) {
    const oldest = Math.min(...known.map((v) => v.minor));
    ctx.report({
      object: shoot.object,
      state: 'not-applicable',
      at: ['spec', 'kubernetes'],
      message: `Shoot ${shoot.name} runs Kubernetes 1.${oldest} or later, which has no ${g.gate} feature gate${versionNote}.`,
      evidence: `${g.gate} was removed in Kubernetes 1.${g.removedIn}; no component sets it${versionNote}`,
    });
    return;
  }
  const invalid = known.length < versions.length ? '; a Kubernetes version of the Shoot is not a version, and the gate is off whatever it is' : '';
  ctx.report({
    object: shoot.object,
    state: 'pass',
    at: ['spec', 'kubernetes'],
    message: `No component of Shoot ${shoot.name} enables ${g.gate}.`,
    evidence: off.length ? `${g.gate}: false for ${off.join(', ')}; default false elsewhere${invalid}` : `no component sets ${g.gate} (default false)${invalid}`,
  });
}
