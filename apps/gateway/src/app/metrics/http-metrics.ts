import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Metrics } from '@lamini/metrics';

/**
 * Counts and times every HTTP request when its answer ends (an SSE stream's when the stream
 * does), whoever answered it: a route, a guard's 401, the error filter. The operation is the
 * route's template, never the URL, so label values stay bounded; a request no route took (an
 * unknown path, or a body refused before routing) is `unmatched`. A connection closed before
 * the answer finished is counted as 499, nginx's "client closed request".
 */
export function httpMetrics(metrics: Metrics): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const startedAt = performance.now();
    let recorded = false;
    const record = () => {
      if (recorded) return;
      recorded = true;
      const labels = { operation: operationOf(req), status: String(res.writableFinished ? res.statusCode : 499) };
      metrics.httpRequests.inc(labels);
      metrics.httpDuration.observe(labels, (performance.now() - startedAt) / 1000);
    };
    res.once('finish', record);
    res.once('close', record);
    next();
  };
}

function operationOf(req: Request): string {
  const path: unknown = req.route?.path;
  return typeof path === 'string' ? `${req.method} ${path}` : 'unmatched';
}
