/** What a progress line says. */
export interface ProgressLine {
  file: string;
  rows: number;
  rowsPerSecond: number;
}

/** Rows between two looks at the clock and two calls of `onProgress`. */
const EVERY_ROWS = 1000;

/**
 * Says how a long ingest is going: `log` at most once per `everyMs` per run (file, rows read so far,
 * rows/s), and `onProgress(rowsDone)` every thousand rows with the rows read in the whole run, for a
 * caller that records progress elsewhere (the job ledger). Rows of a file that is then rejected count too:
 * they were read.
 */
export class IngestProgress {
  private file = '';
  private fileRows = 0;
  private fileStarted = 0;
  private runRows = 0;
  private lastLine: number;

  constructor(
    private readonly log: (line: ProgressLine) => void,
    private readonly onProgress?: (rowsDone: number) => void,
    private readonly now: () => number = Date.now,
    private readonly everyMs = 5000,
  ) {
    this.lastLine = now();
  }

  startFile(file: string): void {
    this.file = file;
    this.fileRows = 0;
    this.fileStarted = this.now();
  }

  row(): void {
    this.fileRows++;
    this.runRows++;
    if (this.fileRows % EVERY_ROWS === 0) this.tick();
  }

  /** The end of a file: its last rows reach `onProgress` even when fewer than a thousand. */
  endFile(): void {
    if (this.fileRows % EVERY_ROWS !== 0) this.onProgress?.(this.runRows);
  }

  private tick(): void {
    this.onProgress?.(this.runRows);
    const t = this.now();
    if (t - this.lastLine < this.everyMs) return;
    this.lastLine = t;
    const seconds = Math.max(t - this.fileStarted, 1) / 1000;
    this.log({ file: this.file, rows: this.fileRows, rowsPerSecond: Math.round(this.fileRows / seconds) });
  }
}
