// Placeholder until `npm run gen:schemas` writes the generated types. DO NOT EDIT.
export interface Shoot {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string; namespace?: string; annotations?: { [k: string]: string }; labels?: { [k: string]: string } };
  spec: ShootSpec;
  [k: string]: unknown;
}
export interface ShootSpec {
  addons?: { kubernetesDashboard?: { enabled: boolean; authenticationMode?: string }; nginxIngress?: { enabled: boolean } };
  cloudProfileName?: string;
  cloudProfile?: { kind?: string; name: string };
  extensions?: { type: string; disabled?: boolean; providerConfig?: unknown }[];
  kubernetes: Kubernetes;
  provider: Provider;
  [k: string]: unknown;
}
export interface Kubernetes {
  version?: string;
  enableStaticTokenKubeconfig?: boolean;
  allowPrivilegedContainers?: boolean;
  kubeAPIServer?: KubeAPIServerConfig;
  kubeControllerManager?: { featureGates?: { [k: string]: boolean } };
  kubeScheduler?: { featureGates?: { [k: string]: boolean } };
  kubeProxy?: { featureGates?: { [k: string]: boolean } };
  kubelet?: KubeletConfig;
}
export interface KubeAPIServerConfig {
  featureGates?: { [k: string]: boolean };
  enableAnonymousAuthentication?: boolean;
  runtimeConfig?: { [k: string]: boolean };
  admissionPlugins?: { name: string; disabled?: boolean; config?: unknown; kubeconfigSecretName?: string }[];
  auditConfig?: { auditPolicy?: { configMapRef?: { name?: string } } };
  structuredAuthentication?: { configMapName: string };
  [k: string]: unknown;
}
export interface KubeletConfig {
  featureGates?: { [k: string]: boolean };
  protectKernelDefaults?: boolean;
  streamingConnectionIdleTimeout?: string;
  [k: string]: unknown;
}
export interface Provider {
  type: string;
  workers?: Worker[];
  workersSettings?: { sshAccess?: { enabled: boolean } };
  [k: string]: unknown;
}
export interface Worker {
  name: string;
  kubernetes?: { version?: string; kubelet?: KubeletConfig };
  machine: { type: string; image?: { name: string; version?: string } };
  [k: string]: unknown;
}
