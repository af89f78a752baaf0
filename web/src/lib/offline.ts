/** The API reads the service worker keeps for offline use (vite.config.ts): forgotten at sign-out. */
export const API_CACHE = 'wg-api';

export async function forgetOfflineData() {
  if (typeof caches !== 'undefined') await caches.delete(API_CACHE).catch(() => false);
}
