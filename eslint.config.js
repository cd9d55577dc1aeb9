import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', 'data/**', 'screenshots/**', 'bench/results/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    languageOptions: {
      parserOptions: { projectService: { allowDefaultProject: ['*.ts', '*.js'] }, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/ban-ts-comment': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
    },
  },
  {
    // The domain holds the rules; transports and engines depend on it, never the reverse (STYLE.md).
    files: ['apps/server/src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['fastify', 'ws', 'kysely', 'ioredis', 'better-sqlite3', 'pg'].map((name) => ({
            name,
            message: 'domain/ must not depend on transports or storage engines; take an interface instead.',
          })),
          patterns: [
            { group: ['@fastify/*'], message: 'domain/ must not depend on transports.' },
            { group: ['../http/*', '../ws/*'], message: 'domain/ must not import transport code.' },
          ],
        },
      ],
    },
  },
  {
    // Test files share one module graph per vitest worker (vitest.config.ts, isolate: false), and
    // several servers run in one process: state belongs to the server that createApp builds.
    files: ['apps/server/src/**/*.ts', 'packages/protocol/src/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "Program > VariableDeclaration[kind='let'], Program > ExportNamedDeclaration > VariableDeclaration[kind='let']",
          message: 'No module-level mutable state: keep it in the server (or the command) that owns it.',
        },
      ],
    },
  },
);
