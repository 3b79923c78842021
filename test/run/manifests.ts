/** Manifests for the workspace tests: a hardened Shoot and its audit-policy ConfigMap, in separate files. */

export function auditedShoot(name: string, policy: string, extra = ''): string {
  return `apiVersion: core.gardener.cloud/v1beta1
kind: Shoot
metadata:
  name: ${name}
  namespace: garden-dev
spec:${extra}
  kubernetes:
    version: "1.31.2"
    kubeAPIServer:
      auditConfig:
        auditPolicy:
          configMapRef:
            name: ${policy}
`;
}

export function auditPolicy(name: string, level = 'RequestResponse'): string {
  return `apiVersion: v1
kind: ConfigMap
metadata:
  name: ${name}
  namespace: garden-dev
data:
  policy: |
    apiVersion: audit.k8s.io/v1
    kind: Policy
    rules:
    - level: None
      nonResourceURLs: ["/healthz*"]
    - level: ${level}
`;
}
