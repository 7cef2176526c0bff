import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

@Injectable()
export class DownloadRepository {
  constructor(private readonly db: DataSource) {}

  /**
   * Claims a remote file for download by recording it first. Returns true when it should be downloaded:
   * it is new, or an earlier attempt died before finishing ('pending'). Anything further along is known.
   */
  async claim(
    fileName: string,
    source: 's3' | 'sftp',
    sourceKey: string,
    sourceTimestamp: Date,
    size: number,
  ): Promise<boolean> {
    const rows: { status: string }[] = await this.db.query(
      `INSERT INTO smartcrop_upload_files (file_name, source, source_key, source_timestamp, size_bytes, status)
       VALUES ($1, $2, $3, $4, $5, 'pending')
       ON CONFLICT (file_name, source_timestamp) DO UPDATE SET updated_at = now()
       RETURNING status`,
      [fileName, source, sourceKey, sourceTimestamp, size],
    );
    return rows[0].status === 'pending';
  }

  async downloaded(fileName: string, sourceTimestamp: Date): Promise<void> {
    await this.db.query(
      `UPDATE smartcrop_upload_files SET status = 'downloaded', updated_at = now()
        WHERE file_name = $1 AND source_timestamp = $2 AND status = 'pending'`,
      [fileName, sourceTimestamp],
    );
  }
}
