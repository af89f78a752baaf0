/**
 * A phone's flaky network, for one browser context: a small forwarding HTTP proxy on loopback
 * through which the context reaches the server. `goOffline()` cuts every open connection (the
 * live stream too) and refuses new ones until `goOnline()`. Unlike Playwright's `setOffline`, it
 * really drops connections that are already open, and the page is not told it is offline (a
 * phone in a dead spot does not know either), so whatever it hears after coming back comes
 * through its own reconnects.
 */
import http from 'node:http';
import type net from 'node:net';

export interface DropProxy {
  /** For `browser.newContext({ proxy })`. */
  proxy: { server: string; bypass: string };
  goOffline(): void;
  goOnline(): void;
  close(): Promise<void>;
}

export async function dropProxy(): Promise<DropProxy> {
  const sockets = new Set<net.Socket>();
  let offline = false;
  const agent = new http.Agent({ keepAlive: false });
  const server = http.createServer((req, res) => {
    const target = new URL(req.url ?? '/');
    const headers = { ...req.headers };
    delete headers['proxy-connection'];
    const up = http.request(
      {
        host: target.hostname,
        port: target.port,
        path: target.pathname + target.search,
        method: req.method,
        headers,
        agent,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    up.on('socket', (s) => track(s));
    up.on('error', () => res.destroy());
    req.pipe(up);
  });
  const track = (s: net.Socket) => {
    if (offline) return void s.destroy();
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  };
  server.on('connection', track);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    // Chromium sends loopback requests past any proxy unless told not to.
    proxy: { server: `http://127.0.0.1:${port}`, bypass: '<-loopback>' },
    goOffline: () => {
      offline = true;
      for (const s of sockets) s.destroy();
    },
    goOnline: () => {
      offline = false;
    },
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
