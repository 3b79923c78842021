import type { KubeObject } from '../lib/engine/document.ts';
import type { RuleContext } from '../lib/engine/rule.ts';
import type { ContainerSite } from '../lib/k8s/workloads.ts';
import { containers, describeObject, podSpecs } from '../lib/k8s/workloads.ts';

export interface ContainersPass {
  /** What no container does, after "No container of <object>". */
  readonly message: string;
  readonly evidence: string;
}

/**
 * Runs `check` on every container of a workload; it reports its findings
 * and returns true when it reported one. When no container failed, a pass is
 * reported on the pod spec. Nothing happens for objects without pods.
 */
export function checkContainers<O>(object: KubeObject, ctx: RuleContext<O>, check: (site: ContainerSite) => boolean, pass: ContainersPass): void {
  const pods = podSpecs(object);
  if (pods.length === 0) return;
  let failed = false;
  for (const site of containers(object)) if (check(site)) failed = true;
  if (!failed) {
    ctx.report({ object, state: 'pass', at: pods[0]!.path, message: `No container of ${describeObject(object)} ${pass.message}.`, evidence: pass.evidence });
  }
}
