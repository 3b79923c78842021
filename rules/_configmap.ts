import type { KubeObject } from '../lib/engine/document.ts';
import type { RuleContext } from '../lib/engine/rule.ts';
import type { ShootModel } from '../lib/engine/shoot.ts';
import type { YamlPath } from '../lib/engine/types.ts';

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

/**
 * The ConfigMap a Shoot references, looked up in the Shoot's namespace among
 * the linted files. When it is not there, reports `unverifiable` (never a pass)
 * naming what was looked for, and returns undefined.
 */
export function referencedConfigMap(shoot: ShootModel, ctx: RuleContext<unknown>, ref: ConfigMapReference): KubeObject | undefined {
  const cm = ctx.workspace.configMap(ref.name, shoot.namespace);
  if (cm) return cm;
  const looked = `ConfigMap ${configMapLabel(ref.name, shoot.namespace)} with key \`${ref.key}\`: not among the linted files; lint it together with the Shoot.`;
  ctx.report({ object: shoot.object, state: 'unverifiable', at: ref.at, message: ref.undecided ? `${ref.undecided}: ${looked}` : looked });
  return undefined;
}
