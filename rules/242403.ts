/**
 * 242403 audit-policy: the Shoot references an audit policy whose catch-all
 * rule logs at RequestResponse (or the level the organisation accepts).
 *
 * Rule order: kube-apiserver applies the first rule that matches a request. A
 * catch-all rule (no users, userGroups, verbs, resources, namespaces or
 * nonResourceURLs) matches everything, so the *first* catch-all decides the
 * level of every request no earlier, narrower rule matched, and any rule after
 * it is never reached. "Lacks a catch-all at level X" therefore means: there is
 * no catch-all, or the first one logs below X. Narrower rules before it may log
 * less (dropping health checks at None is common tuning) and are accepted.
 *
 * Where results go: verdicts about the reference (missing, ConfigMap not
 * linted, pass) belong to the Shoot, at `configMapRef.name`. Findings inside
 * the policy are reported on the ConfigMap, at the exact line inside its
 * `policy` block scalar, with a related location at the Shoot's configMapRef;
 * their message names no Shoot, so Shoots sharing one policy get one message.
 */
import type { KubeObject } from '../lib/engine/document.ts';
import type { EmbeddedYaml } from '../lib/engine/embedded.ts';
import { embeddedYaml } from '../lib/engine/embedded.ts';
import type { Related } from '../lib/engine/rule.ts';
import { defineRule } from '../lib/engine/rule.ts';
import type { YamlPath } from '../lib/engine/types.ts';
import { isRecord } from '../lib/engine/record.ts';
import { referencedConfigMap } from './_configmap.ts';
import { judgeWorst } from './_reference.ts';

const LEVELS = ['None', 'Metadata', 'Request', 'RequestResponse'] as const;
type Level = (typeof LEVELS)[number];
const ACCEPTABLE = ['Metadata', 'Request', 'RequestResponse'] as const;
const RESTRICTIONS = ['users', 'userGroups', 'verbs', 'resources', 'namespaces', 'nonResourceURLs'] as const;
const POLICY_API_VERSION = 'audit.k8s.io/v1';
const KEY = 'policy';
/** The stage a request's record needs: the response has been sent. */
const COMPLETE = 'ResponseComplete';

interface Options {
  readonly catchAllLevel: Level;
}

function rank(level: Level): number {
  return LEVELS.indexOf(level);
}

function isLevel(v: unknown): v is Level {
  return typeof v === 'string' && (LEVELS as readonly string[]).includes(v);
}

/** A rule that restricts nothing matches every request (an empty list restricts nothing either). */
function isCatchAll(rule: Record<string, unknown>): boolean {
  return RESTRICTIONS.every((k) => {
    const v = rule[k];
    return v === undefined || v === null || (Array.isArray(v) && v.length === 0);
  });
}

function objName(o: KubeObject): string {
  return o.namespace ? `${o.namespace}/${o.name}` : o.name;
}

export default defineRule<Options>({
  meta: {
    id: '242403',
    name: 'audit-policy',
    title: 'The Shoot references an audit policy whose catch-all rule logs every request at RequestResponse.',
    category: 'audit',
    stigIds: ['242403'],
    defaultSeverity: 'error',
    rationale:
      "Audit records must say what happened, who did it, where it came from and how it ended. The STIG asks for an `audit.k8s.io/v1` `Policy` that logs every request at `RequestResponse` (its literal check: one rule, `- level: RequestResponse`). In a Shoot the policy is a ConfigMap in the Shoot's namespace, key `policy`, referenced by `spec.kubernetes.kubeAPIServer.auditConfig.auditPolicy.configMapRef.name`; without it Gardener's default policy applies.\n\nThe rule fails when there is no reference, when the ConfigMap's `policy` is not a valid `audit.k8s.io/v1` `Policy` with rules, or when the policy lacks a catch-all rule (no `users`, `userGroups`, `verbs`, `resources`, `namespaces` or `nonResourceURLs`) at the required level. kube-apiserver applies the first rule that matches, so the *first* catch-all decides: a catch-all at `None` placed before a `RequestResponse` one makes the latter unreachable and fails. Narrower rules before the catch-all may log less (for example health checks at `None`); that is accepted. A policy whose every rule is `None` records nothing and always fails. The deciding catch-all also fails when its effective `omitStages` (its own plus the policy's) include `ResponseComplete`: it then records no completed request (omitting `RequestReceived` is fine). The ConfigMap must be linted together with the Shoot; otherwise the result is `unverifiable`. A ConfigMap in exactly the Shoot's namespace wins whatever the input order; one without namespace is used only when there is none, and the message says so; two different ConfigMaps of that name in the namespace are each judged, the worse verdict is reported and a warning says the reference is ambiguous. The option `catchAllLevel` lets an organisation accept `Request` or `Metadata` (a catch-all above the required level passes).",
    fix: 'Reference a ConfigMap whose `policy` is an audit.k8s.io/v1 Policy ending in a catch-all rule `- level: RequestResponse`.',
    snippet:
      'spec:\n  kubernetes:\n    kubeAPIServer:\n      auditConfig:\n        auditPolicy:\n          configMapRef:\n            name: audit-policy\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: audit-policy\ndata:\n  policy: |\n    apiVersion: audit.k8s.io/v1\n    kind: Policy\n    rules:\n    - level: RequestResponse\n',
    options: {
      catchAllLevel: {
        description:
          'Lowest level the catch-all rule may log at. The STIG asks for `RequestResponse`; an organisation may accept `Request` or `Metadata` (request bodies and responses then go unrecorded).',
        schema: { enum: [...ACCEPTABLE] },
        default: 'RequestResponse',
      },
    },
    sources: [
      'https://gardener.cloud/docs/gardener/shoot/shoot_auditpolicy/',
      'https://gardener.cloud/docs/gardener/api-reference/core/#auditconfig',
      'https://kubernetes.io/docs/tasks/debug/debug-cluster/audit/#audit-policy',
    ],
  },
  checkShoot(shoot, ctx) {
    const required: Level = isLevel(ctx.options.catchAllLevel) && ctx.options.catchAllLevel !== 'None' ? ctx.options.catchAllLevel : 'RequestResponse';
    const refAt: YamlPath = ['spec', 'kubernetes', 'kubeAPIServer', 'auditConfig', 'auditPolicy', 'configMapRef', 'name'];
    const name: unknown = shoot.kubernetes.kubeAPIServer?.auditConfig?.auditPolicy?.configMapRef?.name;
    if (typeof name !== 'string' || name === '') {
      ctx.report({
        object: shoot.object,
        at: refAt,
        message: `Shoot ${shoot.name} references no audit policy (kubeAPIServer.auditConfig.auditPolicy.configMapRef.name), so Gardener's default policy applies; the STIG asks for a policy whose catch-all rule logs at ${required}.`,
      });
      return;
    }
    const refs = referencedConfigMap(shoot, ctx, {
      name,
      key: KEY,
      at: refAt,
      undecided: `Cannot tell whether the audit policy of Shoot ${shoot.name} records every request`,
    });
    if (!refs) return;
    const toShoot: Related = { object: shoot.object, at: refAt, message: `audit policy of Shoot ${objName(shoot.object)}` };
    // Two equally good ConfigMaps that differ: judge with each, report the worse.
    judgeWorst(refs.candidates, ctx, (configMap, ctx) => {
      const where = `ConfigMap ${objName(configMap)}${refs.note}`;
      const failOnConfigMap = (message: string, place: { at?: YamlPath; range?: readonly [number, number] }): void =>
        ctx.report({ object: configMap, owner: shoot.object, ...place, message, related: [toShoot] });

      const emb = embeddedYaml(configMap, ['data', KEY]);
      if (!emb) {
        failOnConfigMap(`${where} has no string key \`${KEY}\` in data; Gardener reads the audit policy from data.${KEY}.`, { at: ['data', KEY] });
        return;
      }
      const verdict = judgePolicy(emb, required);
      if (verdict.fail) {
        failOnConfigMap(`Audit policy in ${where}: ${verdict.message}`, { range: verdict.range });
        return;
      }
      ctx.report({
        object: shoot.object,
        state: 'pass',
        at: refAt,
        message: `The audit policy in ${where} logs every request no narrower rule matches at ${verdict.level}.`,
        evidence: `${where}: catch-all rules[${verdict.index}] at level ${verdict.level}${verdict.omitted.length ? `, omitting ${verdict.omitted.join(', ')}` : ''} (required: ${required}; the first matching rule wins)`,
      });
    });
  },
});

type Verdict =
  | { readonly fail: true; readonly message: string; readonly range: readonly [number, number] }
  | { readonly fail: false; readonly index: number; readonly level: Level; readonly omitted: readonly string[] };

function judgePolicy(emb: EmbeddedYaml, required: Level): Verdict {
  const fail = (message: string, range: readonly [number, number]): Verdict => ({ fail: true, message, range });
  const at = (path: YamlPath, key = false): readonly [number, number] => emb.locate(path, { key }).range;
  const first = emb.problems[0];
  if (first) return fail(`not valid YAML: ${first.message}`, first.range);
  const policy = emb.value;
  if (!isRecord(policy)) return fail(`not an ${POLICY_API_VERSION} Policy (the value is not a YAML mapping).`, emb.scalarRange);
  if (policy.apiVersion !== POLICY_API_VERSION) {
    return fail(
      `apiVersion is ${policy.apiVersion === undefined ? 'missing' : JSON.stringify(policy.apiVersion)}; an audit policy must be ${POLICY_API_VERSION}.`,
      at(['apiVersion']),
    );
  }
  if (policy.kind !== 'Policy') {
    return fail(`kind is ${policy.kind === undefined ? 'missing' : JSON.stringify(policy.kind)}; an audit policy must be kind Policy.`, at(['kind']));
  }
  const rules = policy.rules;
  if (!Array.isArray(rules) || rules.length === 0) {
    return fail('the Policy has no rules, so it records nothing; add a catch-all rule `- level: RequestResponse`.', at(['rules'], true));
  }
  for (const [i, rule] of rules.entries()) {
    if (!isRecord(rule)) return fail(`rules[${i}] is not a rule (a mapping with a level).`, at(['rules', i]));
    if (!isLevel(rule.level)) {
      return fail(
        rule.level === undefined
          ? `rules[${i}] has no level (one of ${LEVELS.join(', ')}).`
          : `rules[${i}].level ${JSON.stringify(rule.level)} is not an audit level (${LEVELS.join(', ')}).`,
        at(['rules', i, 'level']),
      );
    }
  }
  const typed = rules as Record<string, unknown>[];
  if (typed.every((r) => r.level === 'None')) {
    return fail('every rule has level None, so the policy records nothing.', at(['rules'], true));
  }
  const catchAll = typed.findIndex(isCatchAll);
  if (catchAll === -1) {
    return fail(
      `no catch-all rule (one without ${RESTRICTIONS.join(', ')}): requests no rule matches are not recorded; end the rules with \`- level: ${required}\`.`,
      at(['rules'], true),
    );
  }
  const level = typed[catchAll]!.level as Level;
  if (rank(level) < rank(required)) {
    const later = typed.findIndex((r, i) => i > catchAll && isCatchAll(r) && rank(r.level as Level) >= rank(required));
    const shadow = later === -1 ? '' : `; the catch-all rules[${later}] at ${String(typed[later]!.level)} comes after it and is never reached (the first matching rule wins)`;
    return fail(`the catch-all rules[${catchAll}] logs at ${level}, below the required ${required} (option catchAllLevel)${shadow}.`, at(['rules', catchAll, 'level']));
  }
  // The deciding catch-all records a request only at the stages it keeps: its own
  // omitStages plus the policy's. Without ResponseComplete it records no
  // completed request (its result); omitting RequestReceived is fine.
  const stages = (list: unknown): string[] => (Array.isArray(list) ? list.filter((x): x is string => typeof x === 'string') : []);
  const ownOmit = stages(typed[catchAll]!.omitStages);
  const policyOmit = stages(policy.omitStages);
  const omitted = [...new Set([...policyOmit, ...ownOmit])];
  if (omitted.includes(COMPLETE)) {
    const own = ownOmit.includes(COMPLETE);
    const place = own
      ? at(['rules', catchAll, 'omitStages', ownOmit.indexOf(COMPLETE)])
      : at(['omitStages', policyOmit.indexOf(COMPLETE)]);
    return fail(
      `the catch-all rules[${catchAll}] at ${level} omits the stage ${COMPLETE} (${own ? 'its own omitStages' : "the policy's omitStages"}), so it records no completed request and no response; omitting only RequestReceived is fine.`,
      place,
    );
  }
  return { fail: false, index: catchAll, level, omitted };
}
