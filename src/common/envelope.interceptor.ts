import {
  Injectable,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
  StreamableFile,
} from '@nestjs/common';
import type { Response } from 'express';
import { map, type Observable } from 'rxjs';
import { ApiResult, type ResponseModel } from './response.js';

/** Wraps every JSON result in the ResponseModel; file downloads (StreamableFile) pass through untouched. */
@Injectable()
export class EnvelopeInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const res = context.switchToHttp().getResponse<Response>();
    return next.handle().pipe(
      map((body: unknown): unknown => {
        if (body instanceof StreamableFile || res.headersSent) return body;
        const result = body instanceof ApiResult ? body : new ApiResult(body ?? null);
        const envelope: ResponseModel = {
          StatusCode: res.statusCode,
          Message: result.message,
          Data: result.data,
        };
        return envelope;
      }),
    );
  }
}
