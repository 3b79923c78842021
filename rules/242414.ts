import { defineRule } from '../lib/engine/rule.ts';
import { describeContainer, podSpecs } from '../lib/k8s/workloads.ts';
import { checkContainers } from './_containers.ts';
import { isRecord } from '../lib/engine/record.ts';

/** A hostPort as Kubernetes reads it (an integer; a quoted number is read the same by lenient tooling). */
function portNumber(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  if (typeof v === 'string' && /^\d+$/.test(v.trim())) return Number(v.trim());
  return undefined;
}

export default defineRule({
  meta: {
    id: '242414',
    name: 'no-privileged-host-ports',
    title: 'User pods must not bind privileged host ports (hostPort 1-1023).',
    category: 'workload',
    stigIds: ['242414'],
    defaultSeverity: 'error',
    rationale: [
      'Ports below 1024 are privileged on the node: they are reserved for system services, and binding one from a pod',
      'ties the pod to the node\'s network namespace and can shadow a node service. Expose workloads through a Service',
      'instead, or map a non-privileged host port.',
      '',
      'Checked: `ports[].hostPort` of every container, init container and ephemeral container of a Pod, Deployment,',
      'StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob or PodTemplate. In a pod with',
      '`hostNetwork: true`, Kubernetes defaults `hostPort` to `containerPort`, so a container port below 1024 binds',
      'that host port too.',
    ].join('\n'),
    fix: 'Remove the hostPort (expose the pod through a Service) or use a host port of 1024 or above.',
    snippet: [
      'apiVersion: v1',
      'kind: Pod',
      'metadata:',
      '  name: web',
      '  namespace: team-a',
      'spec:',
      '  containers:',
      '    - name: web',
      '      image: registry.example.com/web:1.4.2',
      '      ports:',
      '        - containerPort: 8080',
      '',
    ].join('\n'),
    sources: ['https://gardener.cloud/docs/security-and-compliance/kubernetes-hardening/'],
  },
  checkObject(object, ctx) {
    const pods = podSpecs(object);
    checkContainers(object, ctx, (site) => {
      const ports = site.container.ports;
      if (!Array.isArray(ports)) return false;
      const hostNetwork = pods.some((p) => p.path === site.podSpecPath && p.spec.hostNetwork === true);
      let failed = false;
      ports.forEach((port, i) => {
        if (!isRecord(port)) return;
        const written = portNumber(port.hostPort);
        // With hostNetwork, Kubernetes defaults hostPort to containerPort: the container port is the host port.
        const defaulted = written === undefined && hostNetwork ? portNumber(port.containerPort) : undefined;
        const hostPort = written ?? defaulted;
        if (hostPort === undefined || hostPort < 1 || hostPort > 1023) return;
        failed = true;
        ctx.report({
          object,
          at: [...site.path, 'ports', i, defaulted === undefined ? 'hostPort' : 'containerPort'],
          message:
            defaulted === undefined
              ? `The ${describeContainer(site)} binds privileged host port ${hostPort} (below 1024).`
              : `The ${describeContainer(site)} binds privileged host port ${hostPort} (below 1024): with hostNetwork: true, Kubernetes defaults hostPort to containerPort.`,
        });
      });
      return failed;
    }, { message: 'binds a host port below 1024', evidence: 'no ports[].hostPort between 1 and 1023' });
  },
});
