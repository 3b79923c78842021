import type { KubeObject } from '../lib/engine/document.ts';
import { embeddedYaml } from '../lib/engine/embedded.ts';
import { describeVersion } from '../lib/engine/shoot/kubernetes-version.ts';
import { defineRule } from '../lib/engine/rule.ts';
import type { Related, RuleContext } from '../lib/engine/rule.ts';
import type { ShootModel } from '../lib/engine/shoot/model.ts';
import type { YamlPath } from '../lib/engine/types.ts';
import { quotedNote, writtenTrue } from './_values.ts';
import { isRecord } from '../lib/engine/record.ts';
import { configMapLabel, referencedConfigMap } from './_configmap.ts';
import { judgeWorst } from './_reference.ts';

interface Options {
  acceptedAnonymousPaths: string[];
}

/** First Kubernetes minor for which Gardener forbids kubeAPIServer.enableAnonymousAuthentication. */
const FIELD_FORBIDDEN_FROM = 35;
const KAS: YamlPath = ['spec', 'kubernetes', 'kubeAPIServer'];
const ENABLE: YamlPath = [...KAS, 'enableAnonymousAuthentication'];
const CONFIG_MAP_NAME: YamlPath = [...KAS, 'structuredAuthentication', 'configMapName'];
const CONFIG_KEY = 'config.yaml';
const AUTHN_API_VERSIONS = ['apiserver.config.k8s.io/v1', 'apiserver.config.k8s.io/v1beta1', 'apiserver.config.k8s.io/v1alpha1'];

type Verdict = 'fail' | 'pass' | 'unverifiable';

export default defineRule<Options>({
  meta: {
    id: '242390',
    name: 'no-anonymous-auth',
    title: 'The kube-apiserver must not accept anonymous requests.',
    category: 'control-plane',
    stigIds: ['242390'],
    defaultSeverity: 'error',
    fixType: 'review',
    rationale:
      'Anonymous requests reach the API server as `system:anonymous`; any RBAC binding to that user or to ' +
      '`system:unauthenticated` then grants access without credentials.\n\n' +
      'Gardener disables anonymous authentication unless `spec.kubernetes.kubeAPIServer.enableAnonymousAuthentication` ' +
      'is `true`. That field is deprecated and forbidden from Kubernetes 1.35; there, anonymous access is configured in the ' +
      'structured-authentication ConfigMap (`kubeAPIServer.structuredAuthentication.configMapName`, key `config.yaml`, an ' +
      '`AuthenticationConfiguration`) with `anonymous.enabled` and optional `anonymous.conditions` that limit it to paths. ' +
      'The `schema` rule reports the forbidden field itself; written as `false` it is not a finding of this rule, which ' +
      'judges only whether anonymous requests are accepted.\n\n' +
      'Anonymous access limited to paths listed in the option `acceptedAnonymousPaths` (for example `/livez`, `/readyz`) ' +
      'is accepted; anything wider fails. When the referenced ConfigMap is not among the linted files the rule cannot ' +
      'decide and reports `unverifiable`. A ConfigMap in exactly the Shoot\'s namespace wins whatever the input order; one ' +
      'without namespace is used only when there is none, and the message says so; two different ConfigMaps of that name ' +
      'in the namespace are each judged, the worse verdict is reported and a warning says the reference is ambiguous.',
    fix: 'Set kubeAPIServer.enableAnonymousAuthentication to false (remove it from Kubernetes 1.35), and set anonymous.enabled to false in the structured-authentication config (or limit it to accepted paths).',
    snippet:
      'spec:\n  kubernetes:\n    version: "1.34"\n    kubeAPIServer:\n      enableAnonymousAuthentication: false\n',
    options: {
      acceptedAnonymousPaths: {
        description:
          'Paths (`anonymous.conditions[].path` of the AuthenticationConfiguration) where anonymous access is accepted; anonymous access passes only when every condition names one of them.',
        schema: { type: 'array', items: { type: 'string', minLength: 1 }, uniqueItems: true },
        default: [],
      },
    },
    sources: [
      'https://gardener.cloud/docs/gardener/api-reference/core/#kubeapiserverconfig',
      'https://gardener.cloud/docs/gardener/api-reference/core/#structuredauthentication',
    ],
  },
  checkShoot(shoot, ctx) {
    const verdicts: Verdict[] = [];
    const evidence: string[] = [];
    const kas = isRecord(shoot.kubernetes.kubeAPIServer) ? (shoot.kubernetes.kubeAPIServer as Record<string, unknown>) : {};

    const enable = kas.enableAnonymousAuthentication;
    const forbidden = shoot.version.source !== 'invalid' && shoot.version.minor >= FIELD_FORBIDDEN_FROM;
    const version = describeVersion(shoot.version);
    if (writtenTrue(enable)) {
      verdicts.push('fail');
      ctx.report({
        object: shoot.object,
        at: ENABLE,
        message:
          `kube-apiserver of Shoot ${shoot.name} accepts anonymous requests: enableAnonymousAuthentication is true${quotedNote(enable)}.` +
          (forbidden ? ` The field is also forbidden from Kubernetes 1.35, and Gardener rejects it on ${version}; use structured authentication instead.` : ''),
        fix: forbidden
          ? { title: 'Remove enableAnonymousAuthentication', ops: [{ op: 'delete', path: ENABLE }], safe: true }
          : { title: 'Set enableAnonymousAuthentication to false', ops: [{ op: 'set', path: ENABLE, value: false }], safe: true },
        ...(forbidden ? { deprecated: true } : {}),
      });
    } else if (enable !== undefined && forbidden) {
      // Forbidden from 1.35 whatever its value: the schema rule reports the field; a value that is not true is secure here.
      evidence.push(`enableAnonymousAuthentication: ${JSON.stringify(enable)} (a field forbidden on ${version}: see the schema rule)`);
    } else if (enable === false) {
      evidence.push('enableAnonymousAuthentication: false');
    } else {
      evidence.push('Gardener default: enableAnonymousAuthentication false');
    }

    const structured = isRecord(kas.structuredAuthentication) ? kas.structuredAuthentication : undefined;
    const configMapName = structured?.configMapName;
    if (typeof configMapName === 'string' && configMapName !== '') {
      const v = checkStructured(shoot, configMapName, ctx);
      verdicts.push(v.verdict);
      if (v.evidence) evidence.push(v.evidence);
    }

    if (verdicts.length === 0 || verdicts.every((v) => v === 'pass')) {
      ctx.report({
        object: shoot.object,
        state: 'pass',
        at: enable === undefined ? KAS : ENABLE,
        message: `kube-apiserver of Shoot ${shoot.name} does not accept anonymous requests.`,
        evidence: evidence.join('; '),
      });
    }
  },
});

/** Judges the AuthenticationConfiguration in the structured-authentication ConfigMap. */
function checkStructured(shoot: ShootModel, name: string, ctx: RuleContext<Options>): { verdict: Verdict; evidence?: string } {
  const refs = referencedConfigMap(shoot, ctx, {
    name,
    key: CONFIG_KEY,
    at: CONFIG_MAP_NAME,
    undecided: 'Cannot tell whether structured authentication enables anonymous requests',
  });
  if (!refs) return { verdict: 'unverifiable' };
  // Two equally good ConfigMaps that differ: judge with each, report the worse.
  return judgeWorst(refs.candidates, ctx, (cm, ctx) => judgeConfigMap(shoot, cm, refs.note, ctx))!;
}

/** Judges one candidate ConfigMap's AuthenticationConfiguration; `note` says when it is a namespace-less fallback. */
function judgeConfigMap(shoot: ShootModel, cm: KubeObject, note: string, ctx: RuleContext<Options>): { verdict: Verdict; evidence?: string } {
  const cmLabel = `${configMapLabel(cm.name, cm.namespace ?? shoot.namespace)}${note}`;
  const backToShoot: Related = {
    object: shoot.object,
    at: CONFIG_MAP_NAME,
    message: `referenced by Shoot ${shoot.name} as its structured-authentication config`,
  };
  const unverifiable = (object: KubeObject, message: string, at: YamlPath, range?: readonly [number, number]): { verdict: Verdict } => {
    ctx.report({ object, owner: shoot.object, state: 'unverifiable', at, message, ...(range ? { range } : {}), related: [backToShoot] });
    return { verdict: 'unverifiable' };
  };

  const at: YamlPath = ['data', CONFIG_KEY];
  const embedded = embeddedYaml(cm, at);
  if (!embedded) {
    return unverifiable(cm, `ConfigMap ${cmLabel} has no string \`data.${CONFIG_KEY}\`, so the AuthenticationConfiguration of Shoot ${shoot.name} cannot be checked for anonymous access.`, at);
  }
  const problem = embedded.problems[0];
  if (problem) {
    return unverifiable(cm, `\`${CONFIG_KEY}\` of ConfigMap ${cmLabel} is not valid YAML (${problem.message}); cannot tell whether it enables anonymous requests.`, at, problem.range);
  }
  const config = embedded.value;
  if (!isRecord(config) || config.kind !== 'AuthenticationConfiguration' || !AUTHN_API_VERSIONS.includes(String(config.apiVersion))) {
    const l = embedded.locate(isRecord(config) && config.kind !== 'AuthenticationConfiguration' ? ['kind'] : ['apiVersion']);
    return unverifiable(
      cm,
      `\`${CONFIG_KEY}\` of ConfigMap ${cmLabel} is not an AuthenticationConfiguration (${AUTHN_API_VERSIONS.join(', ')}); cannot tell whether it enables anonymous requests.`,
      at,
      l.range,
    );
  }

  const anonymous = isRecord(config.anonymous) ? config.anonymous : undefined;
  if (!anonymous || !writtenTrue(anonymous.enabled)) {
    return { verdict: 'pass', evidence: `ConfigMap ${cmLabel}: ${anonymous ? `anonymous.enabled: ${JSON.stringify(anonymous.enabled ?? false)}` : 'no anonymous authenticator configured'}` };
  }

  const accepted = new Set(ctx.options.acceptedAnonymousPaths ?? []);
  const conditions = Array.isArray(anonymous.conditions) ? anonymous.conditions : [];
  if (conditions.length === 0) {
    ctx.report({
      object: cm,
      owner: shoot.object,
      at,
      range: embedded.locate(['anonymous', 'enabled']).range,
      message: `The AuthenticationConfiguration in ConfigMap ${cmLabel} enables anonymous requests on every path (anonymous.enabled: true without conditions).`,
      related: [backToShoot],
    });
    return { verdict: 'fail' };
  }
  let failed = false;
  conditions.forEach((c, i) => {
    const path = isRecord(c) ? c.path : undefined;
    if (typeof path === 'string' && accepted.has(path)) return;
    failed = true;
    const l = embedded.locate(['anonymous', 'conditions', i, 'path']);
    ctx.report({
      object: cm,
      owner: shoot.object,
      at,
      range: l.range,
      message:
        typeof path === 'string'
          ? `The AuthenticationConfiguration in ConfigMap ${cmLabel} enables anonymous requests on ${path}, which is not in the option acceptedAnonymousPaths${accepted.size ? ` (${[...accepted].join(', ')})` : ' (empty)'}.`
          : `The AuthenticationConfiguration in ConfigMap ${cmLabel} enables anonymous requests under a condition without a path.`,
      related: [backToShoot],
    });
  });
  if (failed) return { verdict: 'fail' };
  const paths = conditions.map((c) => String((c as Record<string, unknown>).path));
  return { verdict: 'pass', evidence: `ConfigMap ${cmLabel}: anonymous access limited to accepted paths ${paths.join(', ')}` };
}
