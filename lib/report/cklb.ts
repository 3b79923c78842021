/**
 * STIG Viewer 3 checklists (`.cklb`, JSON): one checklist per Shoot, holding
 * the selected Kubernetes STIG release with every rule's status, finding
 * details and comments. Identifiers are name-based UUIDs (version 5 layout,
 * SHA-1 of the content they name), so the same input gives the same file.
 * The field mapping is documented in docs/cklb-mapping.md.
 */
import { createHash } from 'node:crypto';
import type { Cell, ComplianceReport, ReportRule, ReportState, ShootReport } from './model.ts';
import { attributionText, location, STATE_LABEL } from './model.ts';

export type CklbStatus = 'not_a_finding' | 'open' | 'not_applicable' | 'not_reviewed';

export const CKLB_STATUS: Readonly<Record<ReportState, CklbStatus>> = {
  fail: 'open',
  // An accepted finding is still a finding: it stays open, the justification goes to the comments.
  suppressed: 'open',
  pass: 'not_a_finding',
  'secure-by-default': 'not_a_finding',
  'not-applicable': 'not_applicable',
  unverifiable: 'not_reviewed',
  manual: 'not_reviewed',
  // Inherited from the service provider: not reviewed by the cluster admin's checklist.
  'provider-managed': 'not_reviewed',
};

/** shootlint's namespace for name-based UUIDs (itself derived from the project name). */
const NAMESPACE = 'shootlint.cklb';

/** A name-based UUID: SHA-1 of namespace and name, with the version-5 and RFC 4122 variant bits. */
export function nameUuid(...parts: readonly string[]): string {
  const h = createHash('sha1').update(NAMESPACE).update('\u0000').update(parts.join('\u0000')).digest();
  h[6] = (h[6]! & 0x0f) | 0x50;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

function releaseParts(release: string): { version: string; release: string } {
  const m = /^V(\d+)R(\d+)$/i.exec(release);
  return m ? { version: m[1]!, release: m[2]! } : { version: release, release: '' };
}

function findingDetails(c: Cell): string {
  const lines = [`shootlint: ${STATE_LABEL[c.state]}. ${c.summary}`];
  const attribution = attributionText(c);
  if (attribution) lines.push(attribution);
  for (const e of c.items) lines.push(`- ${location(e)} [${e.ruleId}, ${e.state}] ${e.message}${e.evidence && e.evidence !== e.message ? ` (${e.evidence})` : ''}`);
  for (const e of c.warnings ?? []) lines.push(`- ${location(e)} [${e.ruleId}, warning beyond the STIG] ${e.message}`);
  return lines.join('\n');
}

function comments(rule: ReportRule, c: Cell): string {
  const lines: string[] = [];
  if (c.state === 'provider-managed') lines.push('Inherited: the service provider (Gardener) answers for this rule per the Gardener hardening guide.');
  if (c.state === 'manual') lines.push('Not decided from the manifests: review manually.');
  if (c.state === 'unverifiable') lines.push('Not decided: an input the check needs is missing from the linted files.');
  if (c.state === 'secure-by-default') lines.push('Satisfied through a default; keep the setting unchanged.');
  if (c.warnings?.length) lines.push(`Note: ${c.warnings.length} warning${c.warnings.length === 1 ? '' : 's'} from checks beyond the STIG (listed in the finding details); ${c.warnings.length === 1 ? 'it does' : 'they do'} not make the rule open.`);
  for (const s of c.suppressions ?? []) lines.push(`Accepted (${s.kind}): ${s.justification}${s.until ? `; expires ${s.until}` : ''}`);
  if (c.fix && (c.state === 'fail' || c.state === 'unverifiable' || c.state === 'suppressed')) lines.push(`Fix: ${c.fix}`);
  if (rule.note) lines.push(rule.note);
  return lines.join('\n');
}

export interface CklbOptions {
  /** Text for target_data.comments besides the Shoot's identity. */
  readonly comment?: string;
}

/** The checklist of one Shoot. */
export function shootChecklist(report: ComplianceReport, s: ShootReport, o: CklbOptions = {}): Record<string, unknown> {
  const { version, release } = releaseParts(report.release);
  const id = nameUuid('checklist', report.release, s.key, s.shoot.filePath);
  const stigUuid = nameUuid('stig', id, report.release);
  const rules = report.rules.map((rule, i) => {
    const c = s.cells[i]!;
    const ruleIdSrc = rule.ruleId;
    return {
      uuid: nameUuid('rule', stigUuid, rule.vulnId),
      stig_uuid: stigUuid,
      target_key: null,
      stig_ref: null,
      group_id: `V-${rule.vulnId}`,
      group_id_src: `V-${rule.vulnId}`,
      rule_id: ruleIdSrc.replace(/_rule$/, ''),
      rule_id_src: ruleIdSrc,
      weight: '10.0',
      classification: 'Unclassified',
      severity: rule.severity,
      rule_version: rule.stigId,
      group_title: rule.title,
      rule_title: rule.title,
      fix_text: rule.stigFix ?? '',
      false_positives: '',
      false_negatives: '',
      discussion: '',
      check_content: rule.check ?? '',
      documentable: 'false',
      mitigations: '',
      potential_impacts: '',
      third_party_tools: '',
      mitigation_control: '',
      responsibility: rule.responsibility === 'cluster-admin' ? 'Cluster admin' : 'Service provider (Gardener)',
      security_override_guidance: '',
      ia_controls: '',
      check_content_ref: { href: '', name: 'M' },
      legacy_ids: [],
      ccis: [],
      group_tree: [{ id: `V-${rule.vulnId}`, title: rule.title, description: '' }],
      status: CKLB_STATUS[c.state],
      overrides: {},
      comments: comments(rule, c),
      finding_details: findingDetails(c),
    };
  });
  const ns = s.shoot.namespace ? `${s.shoot.namespace}/` : '';
  return {
    title: `Kubernetes STIG ${report.release}: Shoot ${ns}${s.shoot.name}`,
    id,
    stigs: [
      {
        stig_name: 'Kubernetes Security Technical Implementation Guide',
        display_name: 'Kubernetes',
        stig_id: 'Kubernetes_STIG',
        release_info: `Release: ${release}`,
        version,
        uuid: stigUuid,
        reference_identifier: '',
        size: rules.length,
        rules,
      },
    ],
    active: false,
    mode: 1,
    has_path: true,
    target_data: {
      target_type: 'Non-Computing',
      host_name: s.shoot.name,
      ip_address: '',
      mac_address: '',
      fqdn: '',
      comments: [
        `Gardener Shoot ${ns}${s.shoot.name} (${location(s.shoot)})${s.shoot.kubernetesVersion ? `, Kubernetes ${s.shoot.kubernetesVersion}` : ''}; checked statically by shootlint ${report.tool.version}.`,
        ...(o.comment ? [o.comment] : []),
      ].join(' '),
      role: 'None',
      is_web_database: false,
      technology_area: '',
      web_db_site: '',
      web_db_instance: '',
      classification: null,
    },
    cklb_version: '1.0',
  };
}

/** File name of a Shoot's checklist in an output directory. */
export function checklistFileName(s: ShootReport, ext: string): string {
  return `${`${s.shoot.namespace ? `${s.shoot.namespace}--` : ''}${s.shoot.name}`.replace(/[^A-Za-z0-9._-]/g, '_')}${ext}`;
}
