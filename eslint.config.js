// @ts-check
const { builtinModules } = require('node:module');

const js = require('@eslint/js');
const tseslint = require('typescript-eslint');

const nodeBuiltins = [...builtinModules, ...builtinModules.map((name) => `node:${name}`)];

// Every module a workflow bundles is evaluated again for each workflow the worker
// caches, so zod and the holiday data cost megabytes per workflow. Working days
// come from activities (domain/working-days.ts; domain/reports/due.ts uses it).
const heavyForWorkflows = {
  paths: [
    { name: 'zod', message: 'Workflows bundle no zod: validate at the edges (e.g. domain/calendar-input.ts).' },
    { name: 'date-holidays', message: 'Workflows bundle no holiday data: work out working days in an activity.' },
  ],
  patterns: [
    {
      group: ['**/working-days', '**/reports/due', '**/calendar-input'],
      allowTypeImports: true,
      message: 'Workflows bundle no zod and no holiday data: work out working days in an activity and pass the dates.',
    },
  ],
};

/** The domain modules workflows import (directly or through each other): they import nothing heavy either. */
const domainForWorkflows = [
  'domain/calendar.ts',
  'domain/weekdays.ts',
  'domain/reports/reminders.ts',
  'domain/pledge/campaign.ts',
  'domain/training/position.ts',
  'domain/training/steps.ts',
  'domain/visits/periods.ts',
  'domain/visits/timetable.ts',
];

module.exports = tseslint.config(
  { ignores: ['dist/', 'prisma/generated/', 'node_modules/', '.data/', 'coverage/', 'test-artifacts/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: __dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', ignoreRestSiblings: true }],
      // Fastify handlers and Jest callbacks are async by contract even when they do not await.
      '@typescript-eslint/require-await': 'off',
      // Disagrees with tsc about Prisma's JSON input and Fastify's logger generics, calling needed casts unnecessary.
      '@typescript-eslint/no-unnecessary-type-assertion': 'off',
    },
  },
  {
    // Workflows run in Temporal's deterministic sandbox: no Node built-ins, no I/O
    // modules, and activities only as types (called through proxyActivities).
    files: ['workflows/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            ...nodeBuiltins.map((name) => ({ name, message: 'Workflows are deterministic: no Node built-ins.' })),
            ...heavyForWorkflows.paths,
          ],
          patterns: [
            ...heavyForWorkflows.patterns,
            {
              group: ['../activities', '../activities/**'],
              allowTypeImports: true,
              message: 'Import activity types only; call them through proxyActivities.',
            },
            {
              group: [
                '../db/**',
                '../email/**',
                '../services/**',
                '../stack/**',
                '../web/**',
                '../api/**',
                '../cli/**',
                'pg',
                'nodemailer',
                '@prisma/*',
              ],
              message: 'Workflows do no I/O: do it in an activity.',
            },
          ],
        },
      ],
    },
  },
  {
    files: domainForWorkflows,
    rules: { 'no-restricted-imports': ['error', heavyForWorkflows] },
  },
  {
    // Tests read untyped JSON bodies and library internals; the assertions check them.
    files: ['test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  {
    files: ['**/*.js'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { require: 'readonly', module: 'writable', __dirname: 'readonly', process: 'readonly', global: 'readonly' },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
