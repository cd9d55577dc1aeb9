import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [react()],
  resolve: {
    // Bundle the protocol from source so the web build needs no protocol build step of its own.
    alias: { '@parley/protocol': fileURLToPath(new URL('../../packages/protocol/src/index.ts', import.meta.url)) },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Every asset stays a file of its own (no data: URIs), so a strict CSP needs no data: source.
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 1024,
    rolldownOptions: {
      output: {
        codeSplitting: {
          // zod, the protocol's schemas and lib/zod-config.ts share one chunk, where they run in import
          // order: the JIT is off before any schema is built. Left to itself the bundler may put the
          // schemas in a chunk shared with the lazy admin console, which runs before main.tsx's body
          // and probes `new Function` under the strict CSP.
          groups: [{ name: 'schemas', test: /[\\/](node_modules[\\/]zod|packages[\\/]protocol[\\/]src|src[\\/]lib[\\/]zod-config)/ }],
        },
      },
    },
  },
  server: {
    proxy: {
      '/api': 'http://127.0.0.1:8000',
      '/ws': { target: 'ws://127.0.0.1:8000', ws: true },
    },
  },
});
