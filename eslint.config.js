import js from '@eslint/js';
import globals from 'globals';
import pluginVue from 'eslint-plugin-vue';
import tseslint from 'typescript-eslint';
import prettierConfig from 'eslint-config-prettier';

/** Core code (rules, ports, use cases) must not know about HTTP, SQL drivers, files or processes. */
const coreRestrictions = {
  paths: [
    'fs',
    'node:fs',
    'fs/promises',
    'node:fs/promises',
    'child_process',
    'node:child_process',
    'pg',
  ].map((name) => ({ name, message: 'Core code talks to IO through ports (see docs/ARCHITECTURE.md).' })),
  patterns: [
    {
      group: ['fastify', 'fastify-*', '@fastify/*'],
      message: 'Core code must not depend on the HTTP framework.',
    },
    {
      group: ['drizzle-orm', 'drizzle-orm/*', '@electric-sql/*'],
      message: 'Core code must not depend on the database.',
    },
    { group: ['**/*.repo', '**/db/*', '../db', './db'], message: 'Core code uses ports, not repositories.' },
    { group: ['**/*.routes', '**/http/*'], message: 'Core code must not depend on the HTTP layer.' },
  ],
};

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      '**/node_modules/**',
      'data/**',
      'test-results/**',
      'playwright-report/**',
      'server/src/db/migrations/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  ...pluginVue.configs['flat/recommended'],
  prettierConfig,
  {
    languageOptions: {
      globals: { ...globals.node },
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
        extraFileExtensions: ['.vue'],
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    files: ['**/*.vue'],
    languageOptions: {
      parserOptions: { parser: tseslint.parser },
      globals: { ...globals.browser },
    },
    rules: { 'vue/multi-word-component-names': 'off' },
  },
  { files: ['web/src/**/*.ts'], languageOptions: { globals: { ...globals.browser } } },
  {
    files: [
      'server/src/**/*.model.ts',
      'server/src/**/*.ports.ts',
      'server/src/**/*.service.ts',
      'server/src/shared/**/*.ts',
    ],
    rules: { 'no-restricted-imports': ['error', coreRestrictions] },
  },
  {
    files: ['server/src/**/*.routes.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/*.repo', '**/db/*'], message: 'Routes call services, never repositories.' },
          ],
        },
      ],
    },
  },
  { files: ['**/*.js', '**/*.mjs'], ...tseslint.configs.disableTypeChecked },
  {
    files: ['**/*.test.ts', 'server/test/**/*.ts', 'e2e/**/*.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
);
