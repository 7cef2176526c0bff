import type { NextFunction, Request, RequestHandler, Response } from 'express';

/** Bodies below this are not weighed: logins, claims and every ordinary call never wait behind uploads. */
export const WEIGHED_FROM_BYTES = 256 * 1024;
/** What a refused upload is told to wait: a queue of large uploads drains in seconds. */
export const UPLOAD_RETRY_AFTER_SECONDS = 5;

/** A reservation waited longer than the budget's timeout. */
export class UploadBudgetBusy extends Error {}

interface Waiter {
  cost: number;
  admit: () => void;
}

/**
 * The process's budget of memory for request bodies in flight (UPLOAD_MEMORY_BUDGET). A crop arrives as
 * base64 inside JSON and, until its request ends, lives several times over: the body's bytes, its text,
 * the parsed `ImageData` string and the decoded bytes. Eight clients sending 40-MP crops at once held
 * ~300 MB of them live, and V8 let the garbage of earlier ones grow the heap past 400 MB. A request
 * reserves its weight before its body is read and releases it when its response ends; reservations are
 * admitted in arrival order while they fit (one larger than the whole budget runs alone), and one that
 * waits longer than UPLOAD_QUEUE_TIMEOUT_MS is refused (503) instead of the process growing.
 */
export class UploadBudget {
  private readonly queue: Waiter[] = [];
  private held = 0;

  constructor(
    readonly limit: number,
    readonly timeoutMs: number,
  ) {}

  /** Resolves with the release (idempotent) once `cost` bytes fit; rejects after the timeout or on abort. */
  acquire(cost: number, signal?: AbortSignal): Promise<() => void> {
    const weight = Math.min(Math.max(0, cost), this.limit);
    const grant = () => {
      this.held += weight;
      let released = false;
      return () => {
        if (released) return;
        released = true;
        this.held -= weight;
        this.drain();
      };
    };
    if (this.queue.length === 0 && this.held + weight <= this.limit) return Promise.resolve(grant());
    return new Promise((resolve, reject) => {
      const leave = (err: Error) => {
        const at = this.queue.indexOf(waiter);
        if (at < 0) return;
        this.queue.splice(at, 1);
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        reject(err);
        this.drain(); // a large waiter leaving may let smaller ones behind it in
      };
      const onAbort = () => leave(new Error('the request ended while waiting'));
      const waiter: Waiter = {
        cost: weight,
        admit: () => {
          clearTimeout(timer);
          signal?.removeEventListener('abort', onAbort);
          resolve(grant());
        },
      };
      const timer = setTimeout(
        () =>
          leave(new UploadBudgetBusy('The service is busy with other uploads; try again in a few seconds')),
        this.timeoutMs,
      );
      timer.unref();
      signal?.addEventListener('abort', onAbort, { once: true });
      this.queue.push(waiter);
    });
  }

  /** Memory reserved now, reservations waiting and the budget (for tests, benches and metrics). */
  stats(): { held: number; waiting: number; limit: number } {
    return { held: this.held, waiting: this.queue.length, limit: this.limit };
  }

  private drain(): void {
    while (this.queue.length > 0 && this.held + this.queue[0].cost <= this.limit) {
      this.queue.shift()!.admit();
    }
  }
}

/**
 * What a request's body will cost in memory until its response ends: JSON about 4x its size (bytes,
 * text, parsed strings, decoded image), multipart about 2x (each file part in memory once, then checked).
 * A body without a Content-Length could be as large as BODY_LIMIT, so it reserves the whole budget.
 */
export function uploadCost(req: Request, limit: number): number {
  const declared = req.headers['content-length'];
  if (declared === undefined) return req.headers['transfer-encoding'] ? limit : 0;
  const length = Number(declared);
  if (!Number.isFinite(length) || length < WEIGHED_FROM_BYTES) return 0;
  return length * (req.is('multipart/form-data') ? 2 : 4);
}

/** Whether an Authorization header carries a token this service signed and that has not expired. */
export type TokenCheck = (authorization: string | undefined) => Promise<boolean>;

/**
 * Express middleware, before the body parsers: a large body is read only once its memory is reserved,
 * and only for a caller with a valid token. Every route that takes a large body needs one, and without
 * the check one anonymous client trickling a body that claims 25 MB would hold the budget and make
 * every Operator's save wait (the guard still checks the user itself after parsing).
 */
export function uploadAdmission(budget: UploadBudget, tokenIsValid: TokenCheck): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const cost = uploadCost(req, budget.limit);
    if (cost === 0) {
      next();
      return;
    }
    void tokenIsValid(req.headers.authorization).then((valid) => {
      if (valid) admit(budget, cost, res, next);
      else refuse(res, 401, 'Sign in first: send Authorization: Bearer <token>');
    });
  };
}

function admit(budget: UploadBudget, cost: number, res: Response, next: NextFunction): void {
  const gone = new AbortController();
  const onClose = () => gone.abort();
  res.once('close', onClose);
  budget.acquire(cost, gone.signal).then(
    (release) => {
      res.removeListener('close', onClose);
      res.once('finish', release);
      res.once('close', release);
      next();
    },
    (err: unknown) => {
      res.removeListener('close', onClose);
      if (!(err instanceof UploadBudgetBusy) || res.headersSent) return; // the client left while waiting
      res.setHeader('Retry-After', String(UPLOAD_RETRY_AFTER_SECONDS));
      refuse(res, 503, err.message);
    },
  );
}

/**
 * Node discards the unread body once the answer is sent (no memory kept), so the client, still writing,
 * reads the answer rather than a reset connection.
 */
function refuse(res: Response, status: 401 | 503, message: string): void {
  res.status(status).json({ StatusCode: status, Message: message, Data: null });
}
