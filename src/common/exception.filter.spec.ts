import { jest } from '@jest/globals';
import { ArgumentsHost, ConflictException, Logger, PayloadTooLargeException } from '@nestjs/common';
import { AllExceptionsFilter, ValidationFailed } from './exception.filter.js';

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
});
