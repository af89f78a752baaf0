/**
 * antd-mobile 5 renders its imperative parts (Toast, Dialog.confirm) with React 18's legacy
 * render, which React 19 no longer has: without this (its "v5 for React 19" guide) a Toast
 * silently shows nothing.
 */
import { unstableSetRender } from 'antd-mobile';
import { createRoot, type Root } from 'react-dom/client';

type Container = (Element | DocumentFragment) & { _wgRoot?: Root };

unstableSetRender((node, container: Container) => {
  container._wgRoot ??= createRoot(container);
  const root = container._wgRoot;
  root.render(node);
  return async () => {
    await new Promise((resolve) => setTimeout(resolve, 0));
    root.unmount();
    delete container._wgRoot;
  };
});
