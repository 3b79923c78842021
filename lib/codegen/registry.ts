import { generateConfigSchema } from './config-schema.ts';
import { generateData } from './data.ts';
import type { GeneratedFile } from './generated.ts';
import { generateRuleDocs } from './rule-docs.ts';
import { generateRuleIndex } from './rule-index.ts';
import { generateSchemas } from './schemas.ts';

/** Every generator, by name; each returns the files it owns (argv lets one take flags such as --from). */
export const GENERATORS: Record<string, (argv: readonly string[]) => GeneratedFile[] | Promise<GeneratedFile[]>> = {
  data: () => generateData(),
  schemas: (argv) => generateSchemas(argv),
  rules: () => generateRuleIndex(),
  docs: () => generateRuleDocs(),
  'config-schema': () => generateConfigSchema(),
};
