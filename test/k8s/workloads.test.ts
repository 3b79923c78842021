import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseFile } from '../../lib/engine/document.ts';
import { lint } from '../../lib/engine/lint.ts';
import { REMOVED_APIS, removedApi } from '../../lib/k8s/removed-apis.ts';
import { WORKLOAD_KINDS, containers, differentVersions, isWorkload, parseImage, podSpecs } from '../../lib/k8s/workloads.ts';
import { configFor } from '../helpers/fixture.ts';
import { RULES } from '../../rules/index.ts';

function objects(text: string) {
  return parseFile({ path: 'x.yaml', text }).objects;
}

test('pod spec paths of every Pod-bearing kind', () => {
  const expected: Record<string, (string | number)[]> = {
    Pod: ['spec'],
    Deployment: ['spec', 'template', 'spec'],
    StatefulSet: ['spec', 'template', 'spec'],
    DaemonSet: ['spec', 'template', 'spec'],
    ReplicaSet: ['spec', 'template', 'spec'],
    ReplicationController: ['spec', 'template', 'spec'],
    Job: ['spec', 'template', 'spec'],
    CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
    PodTemplate: ['template', 'spec'],
  };
  assert.equal([...WORKLOAD_KINDS].sort(), Object.keys(expected).sort());
  for (const [kind, path] of Object.entries(expected)) {
    let body = '{containers: [{name: c, image: x}]}';
    for (const seg of [...path].reverse()) body = `{${seg}: ${body}}`;
    const text = `apiVersion: any/v1\nkind: ${kind}\nmetadata: {name: n}\n${body.slice(1, -1)}\n`;
    const [o] = objects(text);
    assert.ok(o && isWorkload(o), kind);
    assert.equal(podSpecs(o!).map((p) => p.path), [path], kind);
    assert.equal(containers(o!).map((c) => c.path), [[...path, 'containers', 0]], kind);
  }
});

test('containers of every group, in order, with names; non-workloads have none', () => {
  const [o] = objects(
    'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  ephemeralContainers: [{name: e}]\n  containers: [{name: c}, null, {}]\n  initContainers: [{name: i}]\n',
  );
  assert.equal(
    containers(o!).map((c) => `${c.group}/${c.index}/${c.name}`),
    ['containers/0/c', 'containers/2/#2', 'initContainers/0/i', 'ephemeralContainers/0/e'],
  );
  const [cm] = objects('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: constructor}\n');
  assert.equal(containers(cm!), []);
  const [odd] = objects('apiVersion: v1\nkind: constructor\nmetadata: {name: x}\n');
  assert.not.ok(isWorkload(odd!));
  assert.equal(podSpecs(odd!), []);
});

test('image references are normalised like the runtime reads them', () => {
  assert.equal(parseImage('nginx'), { repository: 'docker.io/library/nginx' });
  assert.equal(parseImage('nginx:1.25'), { repository: 'docker.io/library/nginx', tag: '1.25' });
  assert.equal(parseImage('docker.io/library/nginx:1.25')?.repository, 'docker.io/library/nginx');
  assert.equal(parseImage('index.docker.io/bitnami/redis:7')?.repository, 'docker.io/bitnami/redis');
  assert.equal(parseImage('localhost:5000/app:2'), { repository: 'localhost:5000/app', tag: '2' });
  assert.equal(parseImage('registry.example.com:443/team/app@sha256:abc'), { repository: 'registry.example.com:443/team/app', digest: 'sha256:abc' });
  assert.equal(parseImage('eu.gcr.io/p/app:1.0@sha256:abc'), { repository: 'eu.gcr.io/p/app', tag: '1.0', digest: 'sha256:abc' });
  for (const bad of ['', '   ', '{{ .Values.image }}', '${IMAGE}', 42, null]) assert.is(parseImage(bad), undefined, String(bad));
});

test('image versions differ only when they certainly name different images', () => {
  const d = (a: string, b: string): boolean => differentVersions(parseImage(a)!, parseImage(b)!);
  assert.ok(d('nginx:1.25', 'nginx:1.24'));
  assert.ok(d('nginx', 'nginx:1.24'));
  assert.not.ok(d('nginx', 'nginx:latest'));
  assert.ok(d('nginx@sha256:a', 'nginx@sha256:b'));
  assert.not.ok(d('nginx:1.25@sha256:a', 'nginx:1.24@sha256:a'));
  assert.not.ok(d('nginx@sha256:a', 'nginx:1.25'));
  assert.not.ok(d('nginx:1.25@sha256:a', 'nginx:1.25'));
  assert.ok(d('nginx:1.25@sha256:a', 'nginx:1.24'));
});

test('removed API table', () => {
  assert.equal(removedApi('apps/v1beta2', 'Deployment')?.removedIn, 16);
  assert.equal(removedApi('extensions/v1beta1', 'Ingress')?.removedIn, 22);
  assert.equal(removedApi('batch/v1beta1', 'CronJob')?.replacement, 'batch/v1');
  assert.equal(removedApi('policy/v1beta1', 'PodSecurityPolicy')?.replacement, undefined);
  assert.equal(removedApi('autoscaling/v2beta2', 'HorizontalPodAutoscaler')?.removedIn, 26);
  assert.equal(removedApi('flowcontrol.apiserver.k8s.io/v1beta3', 'FlowSchema')?.removedIn, 32);
  assert.equal(removedApi('storage.k8s.io/v1beta1', 'CSIStorageCapacity')?.removedIn, 27);
  assert.is(removedApi('apps/v1', 'Deployment'), undefined);
  assert.is(removedApi('batch/v1beta1', 'Job'), undefined);
  const keys = REMOVED_APIS.map((r) => `${r.apiVersion} ${r.kind}`);
  assert.equal(new Set(keys).size, keys.length);
});

test('242415 never echoes env values or Secret data', () => {
  const text = [
    'apiVersion: v1',
    'kind: Secret',
    'metadata: {name: db, namespace: team-a}',
    'stringData: {password: s3cr3t-from-secret}',
    '---',
    'apiVersion: v1',
    'kind: Pod',
    'metadata: {name: p, namespace: team-a}',
    'spec:',
    '  containers:',
    '    - name: c',
    '      image: registry.example.com/c:1',
    '      env:',
    '        - {name: PLAIN, value: s3cr3t-inline}',
    '        - name: FROM_SECRET',
    '          value: s3cr3t-shadowed',
    '          valueFrom: {secretKeyRef: {name: db, key: password}}',
    '      envFrom: [{secretRef: {name: db}}]',
    '',
  ].join('\n');
  const out = lint({ files: [{ path: 'p.yaml', text }], config: configFor({}), rules: RULES.filter((r) => r.meta.id === '242415') });
  const messages = out.files.flatMap((f) => f.messages);
  assert.is(messages.length, 2);
  for (const m of [...messages.map((x) => x.message), ...out.results.map((r) => `${r.message} ${r.evidence ?? ''}`)]) {
    assert.not.match(m, /s3cr3t/);
  }
});

test.run();
