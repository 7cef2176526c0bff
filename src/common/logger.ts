import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { LoggerService } from '@nestjs/common';
import type { Params } from 'nestjs-pino';
import pino, { type DestinationStream } from 'pino';
import type { Options } from 'pino-http';
import type { AppConfig } from '../config/config.js';
import { safeError } from './safe-error.js';

/** Nest's own start-up chatter: a line per module, controller and route (76 of them), and "started". */
const NEST_BOOT_CONTEXTS = new Set([
  'NestFactory',
  'InstanceLoader',
  'RoutesResolver',
  'RouterExplorer',
  'NestApplication',
]);

/**
 * The app's logger with Nest's boot lines moved to debug: at the default level start-up shows the one
 * summary block main.ts prints, and LOG_LEVEL=debug still shows every route. Everything else passes through.
 */
export function quietNestBoot(logger: LoggerService): LoggerService {
  const demote = (params: unknown[]) =>
    typeof params.at(-1) === 'string' && NEST_BOOT_CONTEXTS.has(params.at(-1) as string);
  return {
    log: (message: unknown, ...params: unknown[]) => {
      if (demote(params)) logger.debug?.(message, ...params);
      else logger.log(message, ...params);
    },
    error: (message: unknown, ...params: unknown[]) => void logger.error(message, ...params),
    warn: (message: unknown, ...params: unknown[]) => void logger.warn(message, ...params),
    debug: (message: unknown, ...params: unknown[]) => void logger.debug?.(message, ...params),
    verbose: (message: unknown, ...params: unknown[]) => void logger.verbose?.(message, ...params),
    fatal: (message: unknown, ...params: unknown[]) => void logger.fatal?.(message, ...params),
  };
}

/**
 * Structured JSON logs (pino) with the request id on every line of a request. The id comes from an
 * incoming `X-Request-Id` when it looks sane, else a new UUID, and is echoed back in the response.
 * Credentials never reach the log: auth headers and any password/secret field are redacted. Nor do
 * values a client sent in the query string (`?EmailID=…&user=…`): a request is logged by its path alone.
 * Any error logged under `err` goes through safeError (no SQL, parameters or row values).
 */
export function loggerOptions(config: AppConfig, stream?: DestinationStream): Params {
  const options: Options = {
    level: config.logLevel,
    timestamp: pino.stdTimeFunctions.isoTime,
    genReqId: (req: IncomingMessage, res) => {
      const incoming = req.headers['x-request-id'];
      const id = typeof incoming === 'string' && /^[\w.-]{1,100}$/.test(incoming) ? incoming : randomUUID();
      res.setHeader('X-Request-Id', id);
      return id;
    },
    customProps: (req: IncomingMessage & { user?: { id: number } }) =>
      req.user ? { userId: req.user.id } : {},
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        '*.password',
        '*.Password',
        '*.OldPassword',
        '*.NewPassword',
        '*.secret',
        '*.token',
        '*.Token',
      ],
      censor: '[redacted]',
    },
    serializers: {
      req: (req: { id: string; method: string; url: string }) => ({
        id: req.id,
        method: req.method,
        url: req.url.split('?')[0],
      }),
      err: safeError,
    },
    autoLogging: { ignore: (req: IncomingMessage) => req.url?.startsWith('/health') ?? false },
  };
  // a test passes its own stream to read what would be logged
  return { pinoHttp: stream ? [options, stream] : options };
}
