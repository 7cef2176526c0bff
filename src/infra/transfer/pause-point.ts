/**
 * Test-only kill points. With NODE_ENV=test and SMARTCROP_PAUSE_AT naming this point, the process says
 * so on stderr and stops there for good, so a test can SIGKILL it at exactly that step of a job
 * (test/batchjob/kill.spec.ts). Anywhere else it returns at once.
 */
export async function pausePoint(point: string): Promise<void> {
  if (process.env.NODE_ENV !== 'test' || process.env.SMARTCROP_PAUSE_AT !== point) return;
  process.stderr.write(`smartcrop: paused at ${point}\n`);
  await new Promise(() => setInterval(() => undefined, 60_000));
}
