import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Params } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import type { Options } from 'pino-http';
import type { AppConfig } from '../config/config.js';
import { safeError } from './safe-error.js';

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
