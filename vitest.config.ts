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
      serverTier('integration', ['src/**/*.int.test.ts', 'test/**/*.int.test.ts']),
      serverTier('api', ['src/**/*.api.test.ts', 'test/**/*.api.test.ts']),
      './web/vite.config.ts',
    ],
  },
});
