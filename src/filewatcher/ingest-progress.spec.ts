import { IngestProgress, type ProgressLine } from './ingest-progress.js';

describe('IngestProgress', () => {
  /** A run read at one row per millisecond of a clock the test moves. */
  function readRows(files: [string, number][]) {
    let now = 1_000_000;
    const lines: (ProgressLine & { at: number })[] = [];
    const done: number[] = [];
    const progress = new IngestProgress(
      (l) => lines.push({ ...l, at: now }),
      (n) => done.push(n),
      () => now,
    );
    for (const [file, rows] of files) {
      progress.startFile(file);
      for (let i = 0; i < rows; i++) {
        now += 1;
        progress.row();
      }
      progress.endFile();
    }
    return { lines, done };
  }

  it('logs at most once every 5 s, naming the file, its rows and rows/s', () => {
    const { lines } = readRows([['PS_long.xlsx', 23_000]]);
    expect(lines.map((l) => l.rows)).toEqual([5000, 10_000, 15_000, 20_000]);
    expect(lines.every((l) => l.file === 'PS_long.xlsx' && l.rowsPerSecond === 1000)).toBe(true);
    for (let i = 1; i < lines.length; i++) expect(lines[i].at - lines[i - 1].at).toBeGreaterThanOrEqual(5000);
  });

  it('says nothing for a file read in less than 5 s', () => {
    expect(readRows([['PS_short.xlsx', 4000]]).lines).toEqual([]);
  });

  it('hands the run-wide rows read to onProgress every thousand rows and at the end of each file', () => {
    const { done, lines } = readRows([
      ['PS_a.xlsx', 2500],
      ['PS_b.xlsx', 3000],
    ]);
    expect(done).toEqual([1000, 2000, 2500, 3500, 4500, 5500]);
    // the 5 s run across files: the line falls in the second file, its rows counted from that file's start
    expect(lines).toEqual([{ file: 'PS_b.xlsx', rows: 3000, rowsPerSecond: 1000, at: 1_005_500 }]);
  });
});
