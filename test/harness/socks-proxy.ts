import { createConnection, createServer, type AddressInfo, type Socket } from 'node:net';

export interface SocksFixture {
  url: string;
  /** host:port of every CONNECT the proxy carried out, in order. */
  connects: string[];
  close(): Promise<void>;
}

/**
 * A minimal SOCKS5 proxy on loopback (RFC 1928: no authentication, CONNECT to an IPv4 address or a
 * name), enough to prove that a client really tunnels through it. Records each destination. `hosts` are
 * names only the proxy can resolve (like a host on the proxy's private network).
 */
export async function startSocksProxy(hosts: Record<string, string> = {}): Promise<SocksFixture> {
  const connects: string[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => client.destroy());
    client.once('data', (hello) => {
      if (hello[0] !== 5) return client.destroy();
      client.write(Buffer.from([5, 0])); // version 5, no authentication
      client.once('data', (req) => {
        const atyp = req[3];
        let host: string;
        let at: number;
        if (atyp === 1) {
          host = [...req.subarray(4, 8)].join('.');
          at = 8;
        } else if (atyp === 3) {
          host = req.subarray(5, 5 + req[4]).toString('latin1');
          at = 5 + req[4];
        } else {
          client.end(Buffer.from([5, 8, 0, 1, 0, 0, 0, 0, 0, 0])); // address type not supported
          return;
        }
        const port = req.readUInt16BE(at);
        connects.push(`${host}:${port}`);
        const upstream = createConnection({ host: hosts[host] ?? host, port }, () => {
          client.write(Buffer.from([5, 0, 0, 1, 0, 0, 0, 0, 0, 0])); // succeeded
          client.pipe(upstream).pipe(client);
        });
        sockets.add(upstream);
        upstream.on('close', () => sockets.delete(upstream));
        upstream.on('error', () => {
          if (!client.destroyed) client.end(Buffer.from([5, 5, 0, 1, 0, 0, 0, 0, 0, 0])); // refused
        });
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `socks5://127.0.0.1:${port}`,
    connects,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
