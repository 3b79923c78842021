/**
 * Who answers for each DISA Kubernetes STIG rule on a Gardener Shoot.
 *
 * Source: the Gardener "Kubernetes Cluster Hardening Procedure"
 * (reference/gardener-docs/kubernetes-hardening.md), which lists, for STIG V1R11, the 26
 * rules of the cluster admin ("Rules Relevant for Cluster Admins", with a
 * "Secure By Default" column) and the rules of the service provider
 * ("Rules Relevant for Service Providers"). Counted in the guide's tables: 25
 * admin rows and 66 provider rows, 91 together, every rule of V1R11 (the spec's
 * section 9 and the issue text say 65 and 26; the tables are followed here, and
 * a test pins the counts). The guide predates V2R4's three new
 * rules; the rule specification (section 9) assigns them: 274882 (Secrets encrypted
 * at rest) to the provider, 274883 and 274884 to the cluster admin.
 *
 * Data only: the report model decides states from it.
 */

export type Responsibility = 'cluster-admin' | 'service-provider';

export interface AdminRule {
  /** The guide's group: where the setting lives. */
  readonly group: 'control-plane' | 'audit' | 'workload' | 'secrets';
  /** The guide's "Secure By Default" column (false for the V2R4 additions, which it does not list). */
  readonly secureByDefault: boolean;
  /** Decided over the workspace's workloads, not over a Shoot's own settings. */
  readonly workload?: boolean;
  /** Where the assignment comes from when not from the guide's tables. */
  readonly note?: string;
}

/** The cluster admin's rules: the guide's 25, plus V2R4's 274883 and 274884 (spec section 9). */
export const ADMIN_RULES: Readonly<Record<string, AdminRule>> = {
  // Control Plane Configuration
  '242390': { group: 'control-plane', secureByDefault: true },
  '245543': { group: 'control-plane', secureByDefault: true },
  '242400': { group: 'control-plane', secureByDefault: true },
  '242436': { group: 'control-plane', secureByDefault: true },
  '242398': { group: 'control-plane', secureByDefault: true },
  '242399': { group: 'control-plane', secureByDefault: true },
  '242393': { group: 'control-plane', secureByDefault: false },
  '242394': { group: 'control-plane', secureByDefault: false },
  '242434': { group: 'control-plane', secureByDefault: true },
  '245541': { group: 'control-plane', secureByDefault: true },
  // Audit Configuration
  '242402': { group: 'audit', secureByDefault: false },
  '242403': { group: 'audit', secureByDefault: false },
  '242461': { group: 'audit', secureByDefault: false },
  '242462': { group: 'audit', secureByDefault: false },
  '242463': { group: 'audit', secureByDefault: false },
  '242464': { group: 'audit', secureByDefault: false },
  '242465': { group: 'audit', secureByDefault: false },
  // End User Workload
  '242395': { group: 'workload', secureByDefault: true },
  '242414': { group: 'workload', secureByDefault: false, workload: true },
  '242415': { group: 'workload', secureByDefault: false, workload: true },
  '242383': { group: 'workload', secureByDefault: false, workload: true },
  '242417': { group: 'workload', secureByDefault: false, workload: true },
  '242437': { group: 'workload', secureByDefault: true },
  '242442': { group: 'workload', secureByDefault: false, workload: true },
  '254800': { group: 'workload', secureByDefault: false },
  // Added in STIG V2R4, after the guide (spec section 9)
  '274883': { group: 'secrets', secureByDefault: false, workload: true, note: 'STIG V2R4 addition; the cluster admin\'s per the spec, section 9' },
  '274884': { group: 'secrets', secureByDefault: false, workload: true, note: 'STIG V2R4 addition; the cluster admin\'s per the spec, section 9' },
};

/** The service provider's (Gardener's) rules: the guide's 66, plus V2R4's 274882 (spec section 9). */
export const PROVIDER_RULES: ReadonlySet<string> = new Set([
  '242376', '242377', '242378', '242379', '242380', '242381', '242382', '242384', '242385', '242386',
  '242387', '242388', '242389', '242391', '242392', '242396', '242397', '242404', '242405', '242406',
  '242407', '242408', '242409', '242410', '242411', '242412', '242413', '242418', '242419', '242420',
  '242421', '242422', '242423', '242424', '242425', '242426', '242427', '242428', '242429', '242430',
  '242431', '242432', '242433', '242438', '242443', '242444', '242445', '242446', '242447', '242448',
  '242449', '242450', '242451', '242452', '242453', '242454', '242455', '242456', '242457', '242459',
  '242460', '242466', '242467', '245542', '245544', '254801',
  // STIG V2R4 addition: Gardener encrypts Secrets in etcd (spec section 9)
  '274882',
]);

export const PROVIDER_NOTES: Readonly<Record<string, string>> = {
  '274882': 'STIG V2R4 addition: Gardener encrypts Secrets in etcd; kubeAPIServer.encryptionConfig only adds resources (spec section 9)',
};

/** Who answers for a STIG rule; undefined for a rule the guide and the spec do not assign. */
export function responsibilityOf(vulnId: string): Responsibility | undefined {
  if (ADMIN_RULES[vulnId]) return 'cluster-admin';
  if (PROVIDER_RULES.has(vulnId)) return 'service-provider';
  return undefined;
}
