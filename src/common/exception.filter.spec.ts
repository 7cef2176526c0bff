import { jest } from '@jest/globals';
import { ArgumentsHost, ConflictException, Logger, PayloadTooLargeException } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import { AllExceptionsFilter, ValidationFailed } from './exception.filter.js';

/** A TypeORM error as a failed INSERT of a user raises it: the SQL, its parameters and the driver's error. */
function queryFailed(code: string, message: string): QueryFailedError {
  const driverError = Object.assign(new Error(message), { code, detail: 'Key (email)=(ada@desk.tv) exists' });
  return new QueryFailedError(
    'INSERT INTO smartcrop_user (email, password_hash) VALUES ($1, $2)',
    ['ada@desk.tv', '$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA'],
    driverError,
  );
}

function fakeHost() {
  const res = {
    headersSent: false,
    statusCode: 0,
    body: undefined as unknown,
    status(code: number) {
      this.statusCode = code;
      return this;
    },
    json(body: unknown) {
      this.body = body;
      return this;
    },
    headers: {} as Record<string, string>,
    setHeader(name: string, value: string) {
      this.headers[name] = value;
    },
    destroy: jest.fn(),
  };
  const req = { id: 'req-42', method: 'GET', path: '/image/GetImageInfo' };
  const host = {
    switchToHttp: () => ({ getResponse: () => res, getRequest: () => req }),
  } as unknown as ArgumentsHost;
  return { res, host };
}

describe('AllExceptionsFilter', () => {
  const filter = new AllExceptionsFilter();

  it('hides the inside of an unknown error behind a plain 500 and logs it with the request id', () => {
    const log = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const { res, host } = fakeHost();
    filter.catch(new Error('relation "smartcrop_x" does not exist at /srv/app/src/x.ts:12'), host);
    expect(res.statusCode).toBe(500);
    expect(res.body).toEqual({
      StatusCode: 500,
      Message: 'Something went wrong on our side; the error has been logged',
      Data: null,
    });
    expect(log).toHaveBeenCalledWith(expect.objectContaining({ reqId: 'req-42' }), 'Unhandled error');
    log.mockRestore();
  });

  it('keeps the sentence and status of an HttpException', () => {
    const { res, host } = fakeHost();
    filter.catch(new ConflictException('Image 42 is locked by another user'), host);
    expect(res.body).toEqual({ StatusCode: 409, Message: 'Image 42 is locked by another user', Data: null });
    filter.catch(new PayloadTooLargeException('Crop 1 is larger than 15 MB'), host);
    expect(res.statusCode).toBe(413);
  });

  it('lists each field of a validation failure', () => {
    const { res, host } = fakeHost();
    filter.catch(new ValidationFailed([{ Field: 'programId', Message: 'must be a positive integer' }]), host);
    expect(res.body).toEqual({
      StatusCode: 400,
      Message: 'Validation failed',
      Data: null,
      Errors: [{ Field: 'programId', Message: 'must be a positive integer' }],
    });
  });

  it('cuts a response whose stream had already started instead of writing a second body', () => {
    const { res, host } = fakeHost();
    res.headersSent = true;
    jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    filter.catch(new Error('cursor died'), host);
    expect(res.destroy).toHaveBeenCalled();
    expect(res.body).toBeUndefined();
  });

  it.each([
    [
      'a refused connection',
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
    ],
    ['a server shutting down', queryFailed('57P01', 'terminating connection due to administrator command')],
    ['a server starting up', queryFailed('57P03', 'the database system is starting up')],
    ['a statement timeout', queryFailed('57014', 'canceling statement due to statement timeout')],
    ['a lost connection', queryFailed('08006', 'connection failure')],
    ['no answer in time', new QueryFailedError('SELECT 1', [], new Error('Query read timeout'))],
    ['no free connection in time', new Error('timeout exceeded when trying to connect')],
    ['a connection cut mid-query', new Error('Connection terminated unexpectedly')],
  ])('answers %s with 503 and Retry-After', (_what, err) => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const { res, host } = fakeHost();
    filter.catch(err, host);
    expect([res.statusCode, res.headers['Retry-After']]).toEqual([503, '5']);
    expect(res.body).toMatchObject({
      StatusCode: 503,
      Data: null,
      Message: expect.stringMatching(/database/),
    });
    warn.mockRestore();
  });

  it('keeps a constraint violation a 500 and logs it without its SQL, parameters or row values', () => {
    const log = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const { res, host } = fakeHost();
    filter.catch(
      queryFailed('23505', 'duplicate key value violates unique constraint "ux_user_email"'),
      host,
    );
    expect(res.statusCode).toBe(500);
    const logged = JSON.stringify(log.mock.calls);
    expect(logged).toMatch(/23505/);
    expect(logged).not.toMatch(/argon2|ada@desk|INSERT|VALUES/);
    log.mockRestore();
  });

  it('redacts the value PostgreSQL quotes in a data exception', () => {
    const log = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const { host } = fakeHost();
    filter.catch(queryFailed('22P02', 'invalid input syntax for type integer: "s3cret-value"'), host);
    expect(JSON.stringify(log.mock.calls)).not.toMatch(/s3cret-value/);
    log.mockRestore();
  });
});
