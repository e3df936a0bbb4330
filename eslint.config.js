// ESLint flat config: typescript-eslint strict with type information, plus the layering bans of
// docs/DESIGN.md (src/ never touches Office or addin/; only src/xlsx and src/cli are Node-only).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const officeGlobals = ['Excel', 'Office', 'OfficeExtension'].map((name) => ({
  name,
  message: 'Excel/Office APIs belong in addin/office only (see DESIGN.md).',
}));

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'demo/**',
      'coverage/**',
      '.bench/**',
      'bench/peers/**',
      'bench/.peer-node/**',
      '.cache/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: {
          allowDefaultProject: ['src/*/lint-probe.ts', 'src/*/*/lint-probe.ts', 'addin/*/lint-probe.ts'],
        },
        tsconfigRootDir: import.meta.dirname,
      },
      globals: { ...globals.node, ...globals.browser },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/return-await': ['error', 'always'],
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/no-unnecessary-condition': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  // Functions read in one screen (docs/STYLE.md): a longer one states why in an eslint-disable comment.
  {
    files: ['src/**/*.ts', 'addin/**/*.{ts,tsx}'],
    rules: { 'max-lines-per-function': ['error', { max: 80, skipBlankLines: true, skipComments: true }] },
  },
  // Plain JavaScript (configs, scripts, the bin shim): linted without type information.
  { files: ['**/*.js', '**/*.mjs'], ...tseslint.configs.disableTypeChecked },
  {
    files: ['src/**/*.ts'],
    rules: {
      'no-restricted-globals': ['error', ...officeGlobals],
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/addin/**', '../../addin/*', '../addin/*'],
              message: 'src/ never imports addin/ (see DESIGN.md).',
            },
            { group: ['@microsoft/office-js', 'office-js'], message: 'Office belongs in addin/office only.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/xlsx/**', 'src/cli/**', 'src/source/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/addin/**', '../../addin/*', '../addin/*'],
              message: 'src/ never imports addin/ (see DESIGN.md).',
            },
            {
              group: ['**/xlsx/**', '**/cli/**', '**/source/**'],
              message: 'Only src/xlsx, src/cli and src/source are Node-only; nothing else imports them.',
            },
            {
              group: [
                'node:*',
                'fs',
                'path',
                'os',
                'child_process',
                'zlib',
                'exceljs',
                'excelize-wasm',
                '@duckdb/node-api',
                '@clickhouse/client',
              ],
              message:
                'Node-only modules (native DuckDB, the ClickHouse client) belong in src/xlsx, src/cli or src/source.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['addin/**/*.{ts,tsx}'],
    ignores: ['addin/office/**', 'addin/excel-sim/**'],
    rules: {
      'no-restricted-globals': [
        'error',
        ...officeGlobals.map((g) => ({ ...g, message: 'Use addin/office (see DESIGN.md).' })),
      ],
    },
  },
  // The Office contract lives in addin/office/excel-api.ts; the stand-in implements it. Shipping code never
  // imports the stand-in (only the playground, which hosts it, does).
  {
    files: ['addin/**/*.{ts,tsx}'],
    ignores: ['addin/excel-sim/**', 'addin/playground/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/excel-sim/**', '../excel-sim/*', './excel-sim/*'],
              message: 'Shipping code never imports the Excel stand-in; the contract is addin/office/excel-api.ts.',
            },
            {
              group: ['**/src/source/**', '**/src/cli/**', '**/src/xlsx/**', '@duckdb/node-api', '@clickhouse/client'],
              message:
                'The pane runs in a browser: Node-only code (files, native DuckDB, the ClickHouse client) stays out of addin/.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['tests/**/*.{ts,tsx}', 'bench/**/*.ts', 'scripts/**/*.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
    },
  },
);
