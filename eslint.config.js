import tseslint from 'typescript-eslint';

/** An import of one of the project's own folders, from a file one or two folders down (lib/X/ or rules/). */
const folders = (names) => `^(\\.\\./)+(lib/)?(${names.join('|')})/`;
const message = (what) => `${what} (see the layering in CONTRIBUTING.md)`;

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'coverage/', '**/*.generated.ts', 'test/fixtures/layering/'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
      eqeqeq: ['error', 'smart'],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  // The layers: the engine (and its rules) is pure; the run layer is what the commands call;
  // the report and the language server are commands beside the lint command, never on top of it.
  {
    files: ['lib/engine/**/*.ts', 'rules/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: ['fs', 'node:fs', 'fs/promises', 'node:fs/promises', 'process', 'node:process', 'child_process', 'node:child_process', 'worker_threads', 'node:worker_threads', 'tty', 'node:tty', 'vscode-languageserver', 'vscode-languageserver-textdocument'].map((name) => ({
          name,
          message: message('The engine reads no files and knows no process, terminal or editor'),
        })),
        patterns: [{ regex: folders(['cli', 'run', 'lsp', 'report', 'formatters']), message: message('The engine imports no command, run layer or output format') }],
      }],
      'no-restricted-globals': ['error', { name: 'process', message: message('The engine knows no process') }],
    },
  },
  {
    files: ['lib/report/**/*.ts', 'lib/lsp/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ regex: folders(['cli']), message: message('The report and the language server call the run layer (lib/run), never the lint command') }] }],
    },
  },
  {
    files: ['lib/run/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ regex: folders(['cli', 'lsp', 'report']), message: message('The run layer is called by the commands and imports none of them') }] }],
    },
  },
);
