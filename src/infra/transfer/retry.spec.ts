import { withRetry } from './retry.js';
import { TransferError } from './transfer.js';

const fast = { attempts: 3, baseDelayMs: 1 };
const err = (code: string) => Object.assign(new Error(`boom ${code}`), { code });

describe('withRetry', () => {
  it('retries transient failures and returns the first success', async () => {
    let calls = 0;
    const result = await withRetry(
      'upload',
      async () => {
        await Promise.resolve();
        if (++calls < 3) throw err('ECONNREFUSED');
        return 'done';
      },
      fast,
    );
    expect([result, calls]).toEqual(['done', 3]);
  });

  it('gives up with a TransferError naming the attempts when they are spent', async () => {
    let calls = 0;
    const p = withRetry(
      'SFTP upload of x.csv',
      async () => {
        await Promise.resolve();
        calls++;
        throw err('ECONNRESET');
      },
      fast,
    );
    await expect(p).rejects.toThrow(TransferError);
    await expect(p).rejects.toThrow('SFTP upload of x.csv failed after 3 attempts: boom ECONNRESET');
    expect(calls).toBe(3);
  });

  it('does not retry a permanent failure', async () => {
    let calls = 0;
    const p = withRetry(
      'upload',
      async () => {
        await Promise.resolve();
        calls++;
        throw Object.assign(new Error('denied'), {
          name: 'AccessDenied',
          $metadata: { httpStatusCode: 403 },
        });
      },
      fast,
    );
    await expect(p).rejects.toThrow('upload failed: denied');
    expect(calls).toBe(1);
  });
});
