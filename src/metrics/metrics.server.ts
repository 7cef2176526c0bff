import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { MetricsCollector } from './metrics.collector.js';

/**
 * GET /metrics on a listener of its own (METRICS_PORT, bound to METRICS_HOST, loopback by default), not
 * on the API port: the API is open to the desk's browsers and has no anonymous routes beyond health, and
 * a scraper should need neither a user nor a token. Network placement decides who may scrape, as for
 * Immich's metrics ports. Off unless METRICS_PORT is set, and only in a process that serves HTTP (not
 * the job CLI, which would otherwise take the running service's port).
 */
@Injectable()
export class MetricsServer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(MetricsServer.name);
  private server?: Server;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly collector: MetricsCollector,
    private readonly adapter: HttpAdapterHost,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { port, host } = this.config.metrics;
    if (port === undefined || !this.adapter.httpAdapter) return;
    const server = createServer((req, res) => {
      const path = (req.url ?? '').split('?')[0];
      if (path !== '/metrics' || (req.method !== 'GET' && req.method !== 'HEAD')) {
        res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Only GET /metrics is served here\n');
        return;
      }
      this.collector.render().then(
        ({ contentType, body }) => res.writeHead(200, { 'Content-Type': contentType }).end(body),
        (err: unknown) => {
          this.logger.error({ err }, 'Metrics scrape failed');
          res.writeHead(500, { 'Content-Type': 'text/plain' }).end('Metrics are unavailable\n');
        },
      );
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
    this.server = server;
    this.logger.log(`Metrics at ${this.url()}`);
  }

  /** Where the listener is bound (http://host:port/metrics), or undefined when it is off. */
  url(): string | undefined {
    const a = this.server?.address() as AddressInfo | null | undefined;
    if (!a) return undefined;
    return `http://${a.family === 'IPv6' ? `[${a.address}]` : a.address}:${a.port}/metrics`;
  }

  async beforeApplicationShutdown(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
