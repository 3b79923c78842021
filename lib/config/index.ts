/** Configuration files: pure parsing and resolution (reusable by the language server) and the fs lookup. */
export { ConfigError, DATA_CONFIG_NAMES, EXECUTABLE_CONFIG, parseConfig } from './parse.ts';
export type { ConfigData, ConfigOverride, ConfigProblem, ConfigSettings, ParsedConfig, RuleEntry } from './parse.ts';
export { engineConfigFor, isIgnored, matchingOverrides, relativeTo } from './resolve.ts';
export type { LoadedConfig } from './resolve.ts';
export { configSchema, CONFIG_SCHEMA_ID } from './schema.ts';
export { ConfigLookup, findConfigFile, loadConfigFile, toPosix } from './load.ts';
