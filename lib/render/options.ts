/** The render flags `shootlint` and `shootlint report` share. */

export const RENDER_SPEC = {
  'kustomize-command': { type: 'string' },
  'helm-command': { type: 'string' },
  'helm-values': { type: 'string', multiple: true },
  'helm-set': { type: 'string', multiple: true },
} as const;

export interface RenderFlags {
  readonly kustomizeCommand?: string;
  readonly helmCommand?: string;
  readonly helmValues?: readonly string[];
  readonly helmSet?: readonly string[];
}

export function renderFlags(v: { 'kustomize-command'?: string; 'helm-command'?: string; 'helm-values'?: string[]; 'helm-set'?: string[] }): { render: RenderFlags } {
  return {
    render: {
      ...(v['kustomize-command'] !== undefined ? { kustomizeCommand: v['kustomize-command'] } : {}),
      ...(v['helm-command'] !== undefined ? { helmCommand: v['helm-command'] } : {}),
      ...(v['helm-values'] ? { helmValues: v['helm-values'] } : {}),
      ...(v['helm-set'] ? { helmSet: v['helm-set'] } : {}),
    },
  };
}

export const RENDER_USAGE = `      --kustomize-command CMD        Render kustomizations with CMD (default: kubectl kustomize,
                                     else kustomize build, the first on PATH)
      --helm-command CMD             Render charts with CMD template (default: helm on PATH)
      --helm-values FILE             Values file for every chart (repeatable)
      --helm-set KEY=VALUE           Value for every chart (repeatable)
`;
