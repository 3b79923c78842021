/**
 * The ids of findings that no rule file reports: the engine's own (a file
 * that does not parse, bytes that are not UTF-8, a rule that failed, a Shoot
 * of an API version not checked, suppression problems) and those of the
 * commands and the language server around it (a file that cannot be read, a
 * broken configuration file, a document too large to lint). One list, so
 * that formats, the baseline and the editor agree on what is a rule.
 */
export const PARSE_ERROR = 'parse-error';
export const READ_ERROR = 'read-error';
export const NON_UTF8 = 'non-utf8';
export const INTERNAL_ERROR = 'internal-error';
export const UNSUPPORTED_API_VERSION = 'unsupported-api-version';
export const INVALID_SUPPRESSION = 'invalid-suppression';
export const UNUSED_SUPPRESSION = 'unused-suppression';
export const CONFIG_ERROR = 'config-error';
export const TOO_LARGE = 'too-large';

/**
 * Findings about the input or the tool rather than a setting: no rule
 * documentation, no fix, no suppression; never recorded in a baseline when
 * they make the run fail (`NOT_BASELINED`).
 */
export const NOT_RULE_IDS: ReadonlySet<string> = new Set([PARSE_ERROR, INTERNAL_ERROR, READ_ERROR, NON_UTF8, UNSUPPORTED_API_VERSION, TOO_LARGE, CONFIG_ERROR]);

/** Findings a baseline never records: the input could not be judged at all. */
export const NOT_BASELINED: ReadonlySet<string> = new Set([PARSE_ERROR, READ_ERROR, INTERNAL_ERROR]);
