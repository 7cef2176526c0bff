import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { DeskMetrics } from './desk-metrics.js';

/**
 * Times every API request and labels it with the route template Nest registered (`/jobs/runs/:id`),
 * never the raw URL, so the label set stays bounded whatever clients send: a path no route matched
 * (404s, static files, the docs) is one `unknown` route. Observed when the response is finished, by
 * which time Express has recorded the matched route on the request. Nest answers unmatched paths from a
 * catch-all route (`{/*splat}`); no controller route has a wildcard, so a wildcard means unknown.
 */
@Injectable()
export class HttpMetricsMiddleware implements NestMiddleware {
  constructor(private readonly metrics: DeskMetrics) {}

  use(req: Request, res: Response, next: NextFunction): void {
    const end = this.metrics.http.startTimer();
    res.once('finish', () => {
      const route = (req.route as { path?: unknown } | undefined)?.path;
      end({
        method: req.method,
        route: typeof route === 'string' && !route.includes('*') ? `${req.baseUrl}${route}` : 'unknown',
        status: String(res.statusCode),
      });
    });
    next();
  }
}
