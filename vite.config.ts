import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { precompress } from './scripts/vite-precompress.ts';

// The web app lives in web/ (entry web/index.html) and builds to web/dist, which the Fastify
// server serves. `npx vite` (dev) and `npx vite preview` proxy /api to a running server:
// http://localhost:8080, or WANGGE_API_URL.
const api = process.env.WANGGE_API_URL ?? 'http://localhost:8080';

export default defineConfig({
  root: fileURLToPath(new URL('./web', import.meta.url)),
  plugins: [react(), precompress()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1200,
  },
  server: { port: 5173, proxy: { '/api': api } },
  preview: { port: 4173, proxy: { '/api': api } },
});
