import { RunProgress, type ProgressState } from './run-progress.js';

function harness() {
  let now = 1_000_000;
  const logs: string[] = [];
  const writes: ProgressState[] = [];
  let release: (() => void) | undefined;
  let hold = false;
  const logger = {
    log: (_o: unknown, m: string) => logs.push(m),
    warn: (_o: unknown, m: string) => logs.push(m),
  };
  const write = (s: ProgressState) => {
    writes.push(s);
    return hold ? new Promise<void>((r) => (release = r)) : Promise.resolve();
  };
  const progress = new RunProgress('batch', logger, write, { now: () => now });
  return {
    progress,
    logs,
    writes,
    advance: (ms: number) => (now += ms),
    hold: () => (hold = true),
    release: () => release?.(),
  };
}

describe('RunProgress', () => {
  it('logs at most once per 5 s with rows done and rows/s, and writes at most once per 2 s', async () => {
    const h = harness();
    h.progress.update(10, { total: 100, file: 'a.csv' }); // first update: written at once, not logged
    for (let i = 0; i < 40; i++) {
      h.advance(250);
      h.progress.update(10 + i, { total: 100, file: 'a.csv' });
      await Promise.resolve();
    }
    // 10 s in quarter seconds: two log lines, a write about every 2 s
    expect(h.logs).toEqual([
      'batch: 29 / 100 rows of a.csv, 6 rows/s',
      'batch: 49 / 100 rows of a.csv, 5 rows/s',
    ]);
    expect(h.writes.map((w) => w.Done)).toEqual([10, 17, 25, 33, 41, 49]);
    expect(h.writes[0]).toEqual({
      Done: 10,
      Total: 100,
      Unit: 'rows',
      File: 'a.csv',
      UpdatedAt: expect.any(String),
    });
  });

  it('keeps one write in flight, flushes the latest state, and writes nothing once closed', async () => {
    const h = harness();
    h.hold();
    h.progress.update(1);
    h.advance(5_000);
    h.progress.update(2); // the first write has not come back: no second one
    expect(h.writes.map((w) => w.Done)).toEqual([1]);
    const flushed = h.progress.flush();
    h.release();
    await Promise.resolve();
    await new Promise((r) => setImmediate(r));
    h.release();
    await flushed;
    expect(h.writes.map((w) => w.Done)).toEqual([1, 2]);
    await h.progress.close();
    h.advance(5_000);
    h.progress.update(3);
    await h.progress.flush();
    expect(h.writes.map((w) => w.Done)).toEqual([1, 2]);
  });
});
