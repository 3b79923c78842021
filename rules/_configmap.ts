import type { KubeObject } from '../lib/engine/document.ts';
import { lookupHint, notFound } from '../lib/engine/lookup-scope.ts';
import type { RuleContext } from '../lib/engine/rule.ts';
import type { ShootModel } from '../lib/engine/shoot/model.ts';
import type { YamlPath } from '../lib/engine/types.ts';
import { fallbackNote, reportAmbiguous } from './_reference.ts';

/** "namespace/name", or the bare name of an object without a namespace. */
export function configMapLabel(name: string, namespace: string | undefined): string {
  return namespace ? `${namespace}/${name}` : name;
}

export interface ConfigMapReference {
  /** The referenced ConfigMap's name, and the key the Shoot reads from it. */
  readonly name: string;
  readonly key: string;
  /** Where the Shoot names the ConfigMap. */
  readonly at: YamlPath;
  /** What cannot be decided without it, said before the lookup ("Cannot tell whether ..."). */
  readonly undecided?: string;
}

export interface ReferencedConfigMaps {
  /** One ConfigMap, or each of several equally good ones that differ (judge with each, report the worse). */
  readonly candidates: readonly KubeObject[];
  /** " (a document without namespace, used because ...)" for a namespace-less fallback, else "". */
  readonly note: string;
}

/**
 * The ConfigMap a Shoot references, by precedence (`Workspace.configMap`:
 * exactly the Shoot's namespace, else a namespace-less fallback). When it is
 * found (among the linted files, or in the workspace), reports `unverifiable` (never a pass) naming what
 * was looked for, and returns undefined. An ambiguous reference gets a warning.
 */
export function referencedConfigMap(shoot: ShootModel, ctx: RuleContext<unknown>, ref: ConfigMapReference): ReferencedConfigMaps | undefined {
  const pick = ctx.workspace.configMap(ref.name, shoot.namespace, shoot.object);
  const label = configMapLabel(ref.name, shoot.namespace);
  if (pick.chosen.length > 0) {
    if (pick.ambiguous) reportAmbiguous(ctx, shoot.object, ref.at, `ConfigMap ${label}`, pick.chosen);
    return { candidates: pick.chosen, note: fallbackNote(pick.fallback, 'ConfigMap', ref.name, shoot.namespace, ctx.settings) };
  }
  const inWorkspace = ctx.settings.workspaceRoot !== undefined;
  const looked = `ConfigMap ${label} with key \`${ref.key}\`: ${notFound(ctx.settings)}${inWorkspace ? '.' : '; lint it together with the Shoot.'}`;
  ctx.report({
    object: shoot.object,
    state: 'unverifiable',
    at: ref.at,
    message: ref.undecided ? `${ref.undecided}: ${looked}` : looked,
    hint: lookupHint(ctx.settings, `ConfigMap ${label} (key \`${ref.key}\`)`),
  });
  return undefined;
}
