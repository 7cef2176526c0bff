import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A provider's image host on loopback: fixed answers per path, and a count of requests per path. */
export async function imageHost(routes: Record<string, { status?: number; bytes?: Buffer }>) {
  const hits = new Map<string, number>();
  const server: Server = createServer((req, res) => {
    const path = req.url ?? '/';
    hits.set(path, (hits.get(path) ?? 0) + 1);
    const route = routes[path];
    res.statusCode = route ? (route.status ?? 200) : 404;
    if (route?.bytes) res.setHeader('Content-Type', 'image/jpeg');
    res.end(route?.bytes ?? '');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: (path: string) => `${base}${path}`,
    hits: (path: string) => hits.get(path) ?? 0,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
