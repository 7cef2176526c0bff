import { Global, Module, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { DeskMetrics } from './desk-metrics.js';
import { HttpMetricsMiddleware } from './http-metrics.middleware.js';
import { MetricsCollector } from './metrics.collector.js';
import { MetricsRepository } from './metrics.repository.js';
import { MetricsServer } from './metrics.server.js';

/** Prometheus metrics: DeskMetrics for the services to count with, and the separate /metrics listener. */
@Global()
@Module({
  providers: [DeskMetrics, MetricsRepository, MetricsCollector, MetricsServer],
  exports: [DeskMetrics],
})
export class MetricsModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(HttpMetricsMiddleware).forRoutes('*');
  }
}
