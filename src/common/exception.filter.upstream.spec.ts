import { jest } from '@jest/globals';
import {
  ArgumentsHost,
  BadGatewayException,
  GatewayTimeoutException,
  InternalServerErrorException,
  Logger,
  ServiceUnavailableException,
} from '@nestjs/common';
import { AllExceptionsFilter } from './exception.filter.js';

function host(): ArgumentsHost {
  const res = { headersSent: false, status: () => res, json: () => res, setHeader: () => res };
  const req = { id: 'req-7', method: 'GET', path: '/image/SaveCropedImages' };
  return {
    switchToHttp: () => ({ getResponse: () => res, getRequest: () => req }),
  } as unknown as ArgumentsHost;
}

describe('AllExceptionsFilter logging of 5xx', () => {
  const filter = new AllExceptionsFilter();
  afterEach(() => jest.restoreAllMocks());

  it.each([
    new BadGatewayException('The source image server answered 404'),
    new ServiceUnavailableException('The SFTP manifest source could not be read; try again later'),
    new GatewayTimeoutException('The source image did not arrive in time'),
  ])('an upstream failure (%p) is one warn line without a stack', (exception) => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const error = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    filter.catch(exception, host());
    expect(error).not.toHaveBeenCalled();
    expect(warn).toHaveBeenCalledTimes(1);
    const [fields, msg] = warn.mock.calls[0] as [Record<string, unknown>, string];
    expect(msg).toBe('Upstream unavailable');
    expect(fields).toEqual({
      reqId: 'req-7',
      path: '/image/SaveCropedImages',
      status: exception.getStatus(),
      reason: exception.message,
    });
  });

  it.each([new Error('boom'), new InternalServerErrorException('broken')])(
    'a real 500 (%p) is logged as an error with its stack',
    (exception) => {
      const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
      const error = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
      filter.catch(exception, host());
      expect(warn).not.toHaveBeenCalled();
      expect(error).toHaveBeenCalledWith(
        expect.objectContaining({ reqId: 'req-7', err: expect.anything() }),
        'Unhandled error',
      );
    },
  );
});
