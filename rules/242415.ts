import { defineRule } from '../lib/engine/rule.ts';
import { describeContainer } from '../lib/k8s/workloads.ts';
import { checkContainers } from './_containers.ts';
import { isRecord } from '../lib/engine/record.ts';

/** A Secret's name or key for a message: names only, never a value. */
function named(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

export default defineRule({
  meta: {
    id: '242415',
    name: 'no-secrets-in-env',
    title: 'Secrets must not be passed to containers as environment variables.',
    category: 'workload',
    stigIds: ['242415'],
    defaultSeverity: 'error',
    rationale: [
      'Environment variables are easy to leak: they show up in `kubectl describe`, in crash dumps, in the process table',
      'of the node and in the logs of tools that print their environment, and every child process inherits them.',
      'Mount Secrets as files (a `secret` volume) with restrictive permissions instead, or read them from a vault.',
      '',
      'Checked: `env[].valueFrom.secretKeyRef` and `envFrom[].secretRef` of every container, init container and',
      'ephemeral container of a Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job,',
      'CronJob or PodTemplate.',
    ].join('\n'),
    fix: 'Mount the Secret as a volume and read it from a file instead of an environment variable.',
    snippet: [
      'apiVersion: v1',
      'kind: Pod',
      'metadata:',
      '  name: app',
      '  namespace: team-a',
      'spec:',
      '  containers:',
      '    - name: app',
      '      image: registry.example.com/app:2.0.1',
      '      volumeMounts:',
      '        - name: db-credentials',
      '          mountPath: /etc/db',
      '          readOnly: true',
      '  volumes:',
      '    - name: db-credentials',
      '      secret:',
      '        secretName: db-credentials',
      '        defaultMode: 0400',
      '',
    ].join('\n'),
    sources: ['https://gardener.cloud/docs/security-and-compliance/kubernetes-hardening/'],
  },
  checkObject(object, ctx) {
    checkContainers(object, ctx, (site) => {
      const { env, envFrom } = site.container;
      let failed = false;
      if (Array.isArray(env)) {
        env.forEach((entry, i) => {
          if (!isRecord(entry) || !isRecord(entry.valueFrom) || !isRecord(entry.valueFrom.secretKeyRef)) return;
          const ref = entry.valueFrom.secretKeyRef;
          const secret = named(ref.name);
          const key = named(ref.key);
          const variable = named(entry.name);
          failed = true;
          ctx.report({
            object,
            at: [...site.path, 'env', i, 'valueFrom', 'secretKeyRef'],
            key: true,
            message:
              `The ${describeContainer(site)} reads ${secret ? `Secret ${secret}` : 'a Secret'}${key ? ` (key ${key})` : ''}` +
              ` into environment variable ${variable ?? `env[${i}]`}.`,
          });
        });
      }
      if (Array.isArray(envFrom)) {
        envFrom.forEach((entry, i) => {
          if (!isRecord(entry) || !isRecord(entry.secretRef)) return;
          const secret = named(entry.secretRef.name);
          failed = true;
          ctx.report({
            object,
            at: [...site.path, 'envFrom', i, 'secretRef'],
            key: true,
            message: `The ${describeContainer(site)} imports every key of ${secret ? `Secret ${secret}` : 'a Secret'} as environment variables (envFrom).`,
          });
        });
      }
      return failed;
    }, { message: 'takes a Secret as an environment variable', evidence: 'no env[].valueFrom.secretKeyRef and no envFrom[].secretRef' });
  },
});
