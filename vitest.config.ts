import { defineConfig } from 'vitest/config';

const serverTier = (name: string, include: string[], exclude: string[] = []) => ({
  test: {
    name,
    root: './server',
    include,
    exclude: ['**/node_modules/**', ...exclude],
    environment: 'node',
    pool: 'forks' as const,
    globalSetup: name === 'unit' ? [] : ['./test/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});

export default defineConfig({
  test: {
    projects: [
      serverTier('unit', ['src/**/*.test.ts'], ['**/*.int.test.ts', '**/*.api.test.ts']),
      // *.postgres.int.test.ts need a PostgreSQL server by nature (LISTEN/NOTIFY, standalone workers sharing a
      // queue): they run when DATABASE_URL is set, as in CI.
      serverTier(
        'integration',
        ['src/**/*.int.test.ts', 'test/**/*.int.test.ts'],
        process.env.DATABASE_URL ? [] : ['**/*.postgres.int.test.ts'],
      ),
      serverTier('api', ['src/**/*.api.test.ts', 'test/**/*.api.test.ts']),
      './web/vite.config.ts',
    ],
  },
});
