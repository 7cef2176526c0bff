/** `YYYYMMDD_HHmmss` in UTC, the stamp in every export file name. */
export function utcStamp(at: Date = new Date()): string {
  const iso = at.toISOString(); // 2026-11-25T02:00:00.000Z
  return `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}_${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}`;
}
