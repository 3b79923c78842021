/** A Deployment in a namespace of its own, on a current API version: the fix snippet of the workload rules it satisfies. */
export const DEPLOYMENT_SNIPPET = [
  'apiVersion: apps/v1',
  'kind: Deployment',
  'metadata:',
  '  name: web',
  '  namespace: team-a',
  'spec:',
  '  selector:',
  '    matchLabels: {app: web}',
  '  template:',
  '    metadata:',
  '      labels: {app: web}',
  '    spec:',
  '      containers:',
  '        - name: web',
  '          image: registry.example.com/web:1.4.2',
  '',
].join('\n');
