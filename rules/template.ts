import { defineRule } from '../lib/engine/rule.ts';

/**
 * A Go template file that no render covers (lib/engine/template.ts decides
 * what a template is). The engine reads such a file as no objects and reports
 * it once, at its first action, with this rule's level; the rule has no checks
 * of its own.
 */
export default defineRule({
  meta: {
    id: 'template',
    name: 'template',
    title: 'A Go template file is linted through its render, not as YAML.',
    category: 'schema',
    stigIds: [],
    defaultSeverity: 'warning',
    rationale:
      'A file with Go template actions (`{{ .Values.name }}`, `{{- include ... }}`, `{{- range }}`) is not the manifest Gardener receives: read as YAML it gives parse errors, values read as mappings and empty names, and a templated version would decide nothing. shootlint does not guess at what it renders to. A chart (a folder with `Chart.yaml`) given to shootlint is rendered with `helm template` and its findings point at the template lines; a template that no chart given to the run covers gets this one warning instead of findings. A quoted action (`version: "{{ .Values.v }}"`) is a string: that file is linted as written, and the version is a schema error whose dependent verdicts are unverifiable.',
    fix: 'Lint the chart folder (shootlint charts/shoot/) or the rendered output (helm template ... | shootlint -).',
    sources: ['https://helm.sh/docs/helm/helm_template/'],
  },
});
