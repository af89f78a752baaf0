import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';
import { phoneChunks, phoneFiles } from './scripts/vite-phone-chunks.ts';
import { precompress } from './scripts/vite-precompress.ts';

// The web app lives in web/ (entry web/index.html) and builds to web/dist, which the Fastify
// server serves. `npx vite` (dev) and `npx vite preview` proxy /api to a running server:
// http://localhost:8080, or WANGGE_API_URL.
const api = process.env.WANGGE_API_URL ?? 'http://localhost:8080';

export default defineConfig({
  root: fileURLToPath(new URL('./web', import.meta.url)),
  plugins: [
    react(),
    phoneChunks(),
    // The installable phone app: manifest and icons; a service worker that precaches the phone
    // app's files (not the console's: those are cached as they are used), answers every page with
    // the app's HTML offline, and keeps the last answer of each read of the API for offline use.
    VitePWA({
      registerType: 'autoUpdate',
      injectRegister: false,
      includeAssets: ['favicon.svg'],
      manifest: {
        name: '网格化管理',
        short_name: '网格',
        description: '网格化 + 积分制：网格员走访记分，村民查看本户积分',
        lang: 'zh-CN',
        start_url: '/m',
        scope: '/',
        display: 'standalone',
        background_color: '#f5f5f5',
        theme_color: '#c0392b',
        icons: [
          { src: '/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: '/icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: '/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      workbox: {
        globPatterns: ['**/*.{js,css,html,svg,png,webmanifest}'],
        manifestTransforms: [
          async (entries) => ({
            manifest: entries.filter((e) => !e.url.startsWith('assets/') || phoneFiles.has(e.url)),
            warnings: [],
          }),
        ],
        navigateFallback: '/index.html',
        navigateFallbackDenylist: [/^\/api\//],
        cleanupOutdatedCaches: true,
        clientsClaim: true,
        skipWaiting: true,
        runtimeCaching: [
          {
            // Hashed files never change: the console's, once used.
            urlPattern: ({ url }) => url.pathname.startsWith('/assets/'),
            handler: 'CacheFirst',
            options: { cacheName: 'wg-assets', expiration: { maxEntries: 300 } },
          },
          {
            // Reads of the API (not the live stream): fresh when the network answers, the last
            // answer without signal. Cleared at sign-out.
            urlPattern: ({ url, request }) =>
              request.method === 'GET' && url.pathname.startsWith('/api/v1/') && !url.pathname.endsWith('/events'),
            handler: 'NetworkFirst',
            options: {
              cacheName: 'wg-api',
              networkTimeoutSeconds: 10,
              expiration: { maxEntries: 1000 },
              cacheableResponse: { statuses: [200] },
            },
          },
        ],
      },
    }),
    precompress(),
  ],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1200,
    rolldownOptions: {
      output: {
        // The animation library of antd-mobile (Toast, Popup, Dialog…) in a chunk of its own
        // (without the small shared helpers it uses), so that the phone's first screen does not
        // download it along with them.
        codeSplitting: {
          groups: [
            { name: 'spring', test: /node_modules[\\/]@react-spring[\\/]/, includeDependenciesRecursively: false },
          ],
        },
      },
    },
  },
  server: { port: 5173, proxy: { '/api': api } },
  preview: { port: 4173, proxy: { '/api': api } },
});
