import {
  ArgumentsHost,
  Catch,
  HttpException,
  HttpStatus,
  Logger,
  type ExceptionFilter,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { isDatabaseUnavailable } from '../infra/database/unavailable.js';
import { MAX_JSON_DEPTH, TOO_DEEP } from './json-depth.js';
import type { FieldError, ResponseModel } from './response.js';
import { safeError } from './safe-error.js';

/** Thrown by the validation pipe: carries one entry per offending field. */
export class ValidationFailed extends HttpException {
  constructor(readonly errors: FieldError[]) {
    super(
      'Validation failed: ' + errors.map((e) => `${e.Field} ${e.Message}`).join('; '),
      HttpStatus.BAD_REQUEST,
    );
  }
}

/** A 429/503 that tells the client when to come back (sent as Retry-After). */
export class RetryLater extends HttpException {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
    status = HttpStatus.TOO_MANY_REQUESTS,
  ) {
    super(message, status);
  }
}

/** What a client is told to wait when the database is away (a restart or failover takes seconds). */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

// body-parser errors are plain errors with a status and a type; map them to plain sentences
const BODY_PARSER_MESSAGES: Record<string, string> = {
  'entity.too.large': 'The request body is larger than the service accepts',
  'entity.parse.failed': 'The request body is not valid JSON',
  'encoding.unsupported': 'The request body encoding is not supported',
  'charset.unsupported': 'The request body charset is not supported',
  [TOO_DEEP]: `The request body is nested deeper than ${MAX_JSON_DEPTH} levels`,
};

/**
 * The one place errors become responses: every error gets the ResponseModel envelope with
 * `StatusCode` equal to the HTTP status and a human sentence. Unknown errors are logged with their stack
 * (the request id is on the log line, the SQL and its parameters never are) and the client sees only a
 * plain sentence. A database that is away (refused, gone mid-query, too slow to answer) is 503 with
 * Retry-After, not a 500: nothing is wrong with the request or the code.
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Exceptions');

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const res = ctx.getResponse<Response>();
    const req = ctx.getRequest<Request & { id?: string }>();
    const unavailable = isDatabaseUnavailable(exception);
    const { status, message, errors } = unavailable
      ? { status: 503, message: 'The database is not available right now; try again in a few seconds' }
      : this.describe(exception, req);
    if (unavailable) {
      this.logger.warn({ err: safeError(exception), reqId: req.id, path: req.path }, 'Database unavailable');
    } else if (status >= 500 && status !== 500 && exception instanceof HttpException) {
      // an upstream we depend on failed (source image, S3, SFTP): expected, so one line and no stack
      this.logger.warn({ reqId: req.id, path: req.path, status, reason: message }, 'Upstream unavailable');
    } else if (status >= 500) {
      this.logger.error({ err: safeError(exception), reqId: req.id, path: req.path }, 'Unhandled error');
    }
    if (res.headersSent) {
      // a stream already started: all we can do is cut it so the client sees a broken download
      res.destroy();
      return;
    }
    if (exception instanceof RetryLater) res.setHeader('Retry-After', String(exception.retryAfterSeconds));
    if (unavailable) res.setHeader('Retry-After', String(DATABASE_RETRY_AFTER_SECONDS));
    const body: ResponseModel = { StatusCode: status, Message: message, Data: null };
    if (errors) body.Errors = errors;
    res.status(status).json(body);
  }

  /** body-parser errors reach us raw or wrapped (as `cause`) by the Express adapter; give them plain sentences. */
  private bodyParserError(exception: unknown): { status: number; message: string } | undefined {
    const raw = (exception instanceof HttpException ? exception.cause : exception) as
      { status?: number; statusCode?: number; type?: string } | undefined;
    const status = raw?.status ?? raw?.statusCode;
    if (!raw?.type || typeof status !== 'number' || status < 400 || status >= 500) return undefined;
    return { status, message: BODY_PARSER_MESSAGES[raw.type] ?? 'The request body could not be read' };
  }

  private describe(
    exception: unknown,
    req: Request,
  ): { status: number; message: string; errors?: FieldError[] } {
    if (exception instanceof ValidationFailed) {
      return { status: 400, message: 'Validation failed', errors: exception.errors };
    }
    const parserError = this.bodyParserError(exception);
    if (parserError) return parserError;
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      if (status === 404 && /^Cannot (GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)/.test(exception.message)) {
        return { status, message: `No route ${req.method} ${req.path}` };
      }
      const response = exception.getResponse();
      const raw =
        typeof response === 'string'
          ? response
          : ((response as { message?: string | string[] }).message ?? exception.message);
      const message = Array.isArray(raw) ? raw.join('; ') : raw;
      return { status, message };
    }
    return { status: 500, message: 'Something went wrong on our side; the error has been logged' };
  }
}
