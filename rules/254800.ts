import { defineRule } from '../lib/engine/rule.ts';
import { reportInvalidVersion } from './_version.ts';
import { describeVersion } from '../lib/engine/shoot/kubernetes-version.ts';
import type { YamlPath } from '../lib/engine/types.ts';
import { quotedNote, writtenTrue } from './_values.ts';
import { isRecord } from '../lib/engine/record.ts';

const LEVELS = ['privileged', 'baseline', 'restricted'] as const;
type Level = (typeof LEVELS)[number];
const MODES = ['enforce', 'audit', 'warn'] as const;
const API_VERSIONS = ['pod-security.admission.config.k8s.io/v1', 'pod-security.admission.config.k8s.io/v1beta1'];
/** PodSecurity admission is on by default (beta) from Kubernetes 1.23. */
const PSA_FROM = 23;
const PLUGINS: YamlPath = ['spec', 'kubernetes', 'kubeAPIServer', 'admissionPlugins'];

interface Options {
  minimumProfile: Level;
}

function rank(level: unknown): number {
  return LEVELS.indexOf(level as Level);
}

/** A PodSecurityConfiguration with the given defaults and only kube-system exempted. */
function exampleConfig(level: Level): Record<string, unknown> {
  return {
    apiVersion: 'pod-security.admission.config.k8s.io/v1',
    kind: 'PodSecurityConfiguration',
    defaults: { enforce: level, 'enforce-version': 'latest', audit: level, 'audit-version': 'latest', warn: level, 'warn-version': 'latest' },
    exemptions: { usernames: [], runtimeClasses: [], namespaces: [] },
  };
}

export default defineRule<Options>({
  meta: {
    id: '254800',
    name: 'pod-security-admission',
    title: 'The PodSecurity admission plugin must be configured with defaults at least as restrictive as the minimum profile.',
    category: 'control-plane',
    stigIds: ['254800'],
    defaultSeverity: 'error',
    fixType: 'review',
    rationale:
      'Pod Security Admission enforces the Pod Security Standards (`privileged`, `baseline`, `restricted`) on namespaces. ' +
      'Without a configuration, every namespace without pod-security labels is `privileged`: any pod, including ones with ' +
      'host namespaces or privileged containers, is admitted.\n\n' +
      'Gardener adds only `kube-system` to the exemptions and sets no defaults for user namespaces. Configure the plugin in ' +
      '`spec.kubernetes.kubeAPIServer.admissionPlugins` with a `PodSecurityConfiguration` whose `defaults.enforce`, `audit` ' +
      'and `warn` are at least the option `minimumProfile` (default `baseline`); an absent default means `privileged`. ' +
      'Kubernetes before 1.23 has no PodSecurity admission. Exempting namespaces other than `kube-system` is a warning. ' +
      'With a written Kubernetes version that is not a version, a configuration that fails still fails, and one that ' +
      'would pass is `unverifiable` (it would not below 1.23).',
    fix: 'Add a PodSecurity admission plugin to spec.kubernetes.kubeAPIServer.admissionPlugins whose PodSecurityConfiguration sets enforce, audit and warn to baseline or restricted.',
    snippet:
      'spec:\n  kubernetes:\n    kubeAPIServer:\n      admissionPlugins:\n        - name: PodSecurity\n          config:\n' +
      '            apiVersion: pod-security.admission.config.k8s.io/v1\n            kind: PodSecurityConfiguration\n' +
      '            defaults:\n              enforce: baseline\n              audit: restricted\n              warn: restricted\n' +
      '            exemptions:\n              namespaces: []\n',
    options: {
      minimumProfile: {
        description: 'Least restrictive Pod Security Standard accepted for the enforce, audit and warn defaults.',
        schema: { enum: [...LEVELS] },
        default: 'baseline',
      },
    },
    sources: [
      'https://gardener.cloud/docs/gardener/pod-security/',
      'https://gardener.cloud/docs/gardener/api-reference/core/#admissionplugin',
      'https://gardener.cloud/docs/gardener/api-reference/core/#kubeapiserverconfig',
    ],
  },
  checkShoot(shoot, ctx) {
    const minimum: Level = rank(ctx.options.minimumProfile) >= 0 ? ctx.options.minimumProfile : 'baseline';
    const object = shoot.object;
    const report = (at: YamlPath, message: string, more: Partial<Parameters<typeof ctx.report>[0]> = {}): void =>
      ctx.report({ object, at, message, ...more });

    // A version that is not a version: a configuration that fails fails at any
    // version; one that passes would fail below 1.23, so it is unverifiable (below).
    const version = shoot.version;
    if (version.source !== 'invalid' && version.minor < PSA_FROM) {
      report(
        ['spec', 'kubernetes', 'version'],
        `${describeVersion(shoot.version)} has no PodSecurity admission plugin (it is available from 1.23); pod security cannot be enforced by admission configuration.`,
      );
      return;
    }

    const apiServer: unknown = shoot.kubernetes.kubeAPIServer;
    const list: unknown = isRecord(apiServer) ? apiServer.admissionPlugins : undefined;
    const plugins = Array.isArray(list) ? (list as unknown[]) : [];
    const index = plugins.findIndex((p) => isRecord(p) && p.name === 'PodSecurity');
    const entry = { name: 'PodSecurity', config: exampleConfig(minimum) };
    const addFix = {
      title: `Add a PodSecurity admission configuration (${minimum})`,
      ops: [
        Array.isArray(list)
          ? { op: 'set' as const, path: [...PLUGINS, plugins.length], value: entry }
          : { op: 'set' as const, path: [...PLUGINS], value: [entry] },
      ],
      safe: false,
    };
    if (index < 0) {
      report(
        [...PLUGINS],
        `Shoot ${shoot.name} configures no PodSecurity admission plugin, so namespaces without pod-security labels default to privileged (Gardener only exempts kube-system).`,
        { fix: addFix },
      );
      return;
    }
    const plugin = plugins[index] as Record<string, unknown>;
    const at: YamlPath = [...PLUGINS, index];
    if (writtenTrue(plugin.disabled)) {
      report([...at, 'disabled'], `The PodSecurity admission plugin is disabled${quotedNote(plugin.disabled)}, so no pod security standard is enforced.`, {
        fix: { title: 'Enable the PodSecurity admission plugin', ops: [{ op: 'delete', path: [...at, 'disabled'] }], safe: true },
      });
      return;
    }
    const config = plugin.config;
    if (config === undefined) {
      report([...at, 'name'], 'The PodSecurity admission plugin has no config, so namespaces without pod-security labels default to privileged.', {
        fix: { title: `Add a PodSecurityConfiguration (${minimum})`, ops: [{ op: 'set', path: [...at, 'config'], value: exampleConfig(minimum) }], safe: false },
      });
      return;
    }
    const cat: YamlPath = [...at, 'config'];
    if (!isRecord(config)) {
      report(cat, 'The config of the PodSecurity admission plugin is not an object; write the PodSecurityConfiguration as a YAML mapping.', {
        key: true,
        fix: { title: `Replace with a PodSecurityConfiguration (${minimum})`, ops: [{ op: 'set', path: cat, value: exampleConfig(minimum) }], safe: false },
      });
      return;
    }
    if (typeof config.apiVersion !== 'string' || !API_VERSIONS.includes(config.apiVersion)) {
      report(
        [...cat, 'apiVersion'],
        `The PodSecurity admission config has apiVersion ${JSON.stringify(config.apiVersion ?? null)}; expected ${API_VERSIONS.join(' or ')}.`,
      );
      return;
    }
    if (config.kind !== 'PodSecurityConfiguration') {
      report([...cat, 'kind'], `The PodSecurity admission config has kind ${JSON.stringify(config.kind ?? null)}; expected PodSecurityConfiguration.`);
      return;
    }

    const seen: string[] = [];
    let failed = false;
    if (!isRecord(config.defaults)) {
      failed = true;
      report(
        [...cat, 'defaults'],
        `The PodSecurity config sets no defaults, so enforce, audit and warn all mean privileged, less restrictive than the minimum profile ${minimum}.`,
        {
          fix: {
            title: `Set the enforce, audit and warn defaults to ${minimum}`,
            ops: [{ op: 'set', path: [...cat, 'defaults'], value: exampleConfig(minimum).defaults }],
            safe: false,
          },
        },
      );
    }
    const defaults = isRecord(config.defaults) ? config.defaults : undefined;
    for (const mode of MODES) {
      if (!defaults) break;
      const value = defaults[mode];
      const level = value === undefined ? 'privileged' : value;
      const path: YamlPath = [...cat, 'defaults', mode];
      const fix = {
        title: `Set the ${mode} default to ${minimum}`,
        ops: [{ op: 'set' as const, path, value: minimum }],
        // Raising enforce can reject workloads; audit and warn only report.
        safe: mode !== 'enforce',
      };
      if (rank(level) < 0) {
        failed = true;
        report(path, `defaults.${mode} is ${JSON.stringify(value)}, not one of ${LEVELS.join(', ')}.`, { fix: { ...fix, safe: false } });
      } else if (rank(level) < rank(minimum)) {
        failed = true;
        report(
          path,
          value === undefined
            ? `The PodSecurity config sets no defaults.${mode}, which then means privileged, less restrictive than the minimum profile ${minimum}.`
            : `defaults.${mode} is ${String(value)}, less restrictive than the minimum profile ${minimum}.`,
          { fix },
        );
      } else seen.push(`${mode}=${String(level)}`);
    }

    const exemptions = isRecord(config.exemptions) ? config.exemptions : {};
    const namespaces = Array.isArray(exemptions.namespaces) ? (exemptions.namespaces as unknown[]) : [];
    namespaces.forEach((ns, i) => {
      if (ns === 'kube-system') return;
      report([...cat, 'exemptions', 'namespaces', i], `Namespace ${String(ns)} is exempted from pod security admission; only kube-system should be (beyond the STIG).`, {
        severity: 'warning',
      });
    });

    if (!failed && version.source === 'invalid') {
      reportInvalidVersion(shoot, ctx, version, `Whether the PodSecurity admission plugin of Shoot ${shoot.name} enforces at least ${minimum} (it exists from Kubernetes 1.23)`);
    } else if (!failed) {
      ctx.report({
        object,
        state: 'pass',
        at: [...cat, 'defaults'],
        message: `The PodSecurity admission plugin enforces at least ${minimum}.`,
        evidence: `PodSecurity admission defaults ${seen.join(', ')} (minimum ${minimum})`,
      });
    }
  },
});
