/** The engine's public surface: what the CLI, the language server and tests import. */
export { lint, lintParsed, ruleSetting, SUPPORTED_SHOOT_API_VERSION } from './lint.ts';
export type { LintRequest } from './lint.ts';
export { parseFile } from './document.ts';
export type { KubeObject, ParsedFile } from './document.ts';
export { defaultConfig, defaultSettings } from './defaults.ts';
export type { EngineConfig, RuleSetting, Settings } from './settings.ts';
export type * from './types.ts';
