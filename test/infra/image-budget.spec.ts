import { loadConfig } from '../../src/config/config.js';
import { ImageBudget } from '../../src/infra/image/image-budget.js';

const budget = (n: string) => new ImageBudget(loadConfig({ NODE_ENV: 'test', IMAGE_CONCURRENCY: n }));

/** A task the test finishes by hand, recording when it started. */
function gate(log: string[], name: string) {
  let open!: () => void;
  let fail!: (e: Error) => void;
  const done = new Promise<string>((resolve, reject) => {
    open = () => resolve(name);
    fail = reject;
  });
  return {
    work: () => {
      log.push(name);
      return done;
    },
    open,
    fail,
  };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('ImageBudget: at most IMAGE_CONCURRENCY operations at once, the rest wait in order', () => {
  it('starts two of five, then one more as each finishes, in arrival order', async () => {
    const b = budget('2');
    const log: string[] = [];
    const gates = ['a', 'b', 'c', 'd', 'e'].map((n) => gate(log, n));
    const results = gates.map((g) => b.run(g.work));
    await tick();
    expect([log, b.stats()]).toEqual([['a', 'b'], { running: 2, waiting: 3, peak: 2, started: 2 }]);
    gates[1].open();
    await tick();
    expect(log).toEqual(['a', 'b', 'c']);
    gates[0].fail(new Error('decode failed'));
    await expect(results[0]).rejects.toThrow('decode failed');
    await tick();
    expect(log).toEqual(['a', 'b', 'c', 'd']);
    for (const g of gates.slice(2)) g.open();
    expect(await Promise.all(results.slice(1))).toEqual(['b', 'c', 'd', 'e']);
    expect(b.stats()).toEqual({ running: 0, waiting: 0, peak: 2, started: 5 });
  });

  it('defaults to the number of cores', () => {
    const cores = loadConfig({ NODE_ENV: 'test' }).workflow.imageConcurrency;
    expect(cores).toBeGreaterThanOrEqual(1);
    expect(new ImageBudget(loadConfig({ NODE_ENV: 'test' })).limit).toBe(cores);
    expect(loadConfig({ NODE_ENV: 'test' }).workflow.maxImagePixels).toBe(40_000_000);
  });
});
