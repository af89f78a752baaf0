/**
 * The service worker (built by vite-plugin-pwa): the phone app's files precached, so it starts
 * without signal; the API's reads kept for offline use. Not in development (no worker is built).
 */
import { Workbox } from 'workbox-window';

export function registerServiceWorker() {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  const wb = new Workbox('/sw.js', { scope: '/' });
  void wb.register().catch(() => undefined);
}
