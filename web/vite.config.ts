/// <reference types="vitest/config" />
import { fileURLToPath } from 'node:url';
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';

// The API server of `npm run dev`: the port it listens on (PORT, as the server reads it).
const apiServer = `http://127.0.0.1:${process.env.PORT ?? '3000'}`;

export default defineConfig({
  // Explicit so the config behaves the same from the repo root (vitest --config) and from web/ (vite build).
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [vue()],
  // The server swaps this placeholder for a fresh nonce in every index.html response (server/src/http/csp-nonce.ts).
  html: { cspNonce: 'SKRIPTOTEKET_CSP_NONCE' },
  define: {
    __VUE_I18N_FULL_INSTALL__: true,
    __VUE_I18N_LEGACY_API__: false,
    __INTLIFY_PROD_DEVTOOLS__: false,
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsDir: 'assets',
    rollupOptions: {
      output: {
        entryFileNames: 'assets/[name]-[hash].js',
        chunkFileNames: 'assets/[name]-[hash].js',
        assetFileNames: 'assets/[name]-[hash][extname]',
      },
    },
  },
  server: {
    proxy: {
      '/api': apiServer,
      '/healthz': apiServer,
      '/readyz': apiServer,
    },
  },
  test: {
    name: 'web',
    environment: 'happy-dom',
    include: ['src/**/*.test.ts'],
    setupFiles: ['src/test/setup.ts'],
  },
});
