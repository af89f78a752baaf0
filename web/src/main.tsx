/**
 * Two apps in one build: the phone apps under /m (antd-mobile, small, offline) and the console
 * with the public pages (antd). Each loads only its own code; crossing between them reloads.
 * (Two separate import() statements: one expression with both would preload both.)
 */
import { StrictMode, type ComponentType } from 'react';
import { createRoot } from 'react-dom/client';
import { i18nReady } from './i18n';

async function phoneApp(): Promise<ComponentType> {
  return (await import('./mobile/PhoneRoot')).App;
}

async function consoleApp(): Promise<ComponentType> {
  return (await import('./App')).App;
}

const path = window.location.pathname;
const load = path === '/m' || path.startsWith('/m/') ? phoneApp : consoleApp;

void Promise.all([load(), i18nReady]).then(([App]) =>
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <App />
    </StrictMode>,
  ),
);
