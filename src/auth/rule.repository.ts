import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { RuleDto } from './rule.dto.js';

const RULE = `id AS "Id", status AS "Status", percentage AS "Percentage", is_active AS "IsActive"`;

/** Sampling rules (one active per status, enforced by a partial unique index) and the QA switch. */
@Injectable()
export class RuleRepository {
  constructor(private readonly db: DataSource) {}

  active(): Promise<RuleDto[]> {
    return this.db.query(`SELECT ${RULE} FROM smartcrop_rule WHERE is_active ORDER BY status, id`);
  }

  async find(id: number, m: EntityManager): Promise<RuleDto | undefined> {
    const rows: RuleDto[] = await m.query(`SELECT ${RULE} FROM smartcrop_rule WHERE id = $1 FOR UPDATE`, [
      id,
    ]);
    return rows[0];
  }

  /** undefined when another active rule already holds the status. */
  async create(
    status: number,
    percentage: number,
    actorId: number,
    m: EntityManager,
  ): Promise<RuleDto | undefined> {
    const rows: RuleDto[] = await m.query(
      `INSERT INTO smartcrop_rule (status, percentage, created_by) VALUES ($1, $2, $3)
       ON CONFLICT (status) WHERE is_active DO NOTHING RETURNING ${RULE}`,
      [status, percentage, actorId],
    );
    return rows[0];
  }

  /** false when the change would give a status a second active rule. */
  async update(rule: RuleDto, m: EntityManager): Promise<boolean> {
    if (rule.IsActive) {
      const clash: unknown[] = await m.query(
        `SELECT 1 FROM smartcrop_rule WHERE status = $1 AND is_active AND id <> $2`,
        [rule.Status, rule.Id],
      );
      if (clash.length) return false;
    }
    await m.query(
      `UPDATE smartcrop_rule SET status = $2, percentage = $3, is_active = $4, updated_at = now() WHERE id = $1`,
      [rule.Id, rule.Status, rule.Percentage, rule.IsActive],
    );
    return true;
  }

  async qcDisabled(m: EntityManager = this.db.manager): Promise<boolean> {
    const rows: { off: boolean }[] = await m.query(`SELECT smartcrop_qc_disabled() AS off`);
    return rows[0].off;
  }

  /**
   * Sets the QA switch. Switching QA off is refused while QA work is locked: the row lock on the setting
   * plus the check in one transaction keeps two admins from racing past it.
   */
  async setQcDisabled(disabled: boolean, actorId: number, m: EntityManager): Promise<'ok' | 'qa_locked'> {
    await m.query(`SELECT 1 FROM smartcrop_setting WHERE key = 'qc_disabled' FOR UPDATE`);
    if (disabled) {
      const locked: unknown[] = await m.query(
        `SELECT 1 FROM smartcrop_programimage WHERE status = 2 AND current_state = 1 LIMIT 1`,
      );
      if (locked.length) return 'qa_locked';
    }
    await m.query(
      `INSERT INTO smartcrop_setting (key, value, updated_by, updated_at) VALUES ('qc_disabled', to_jsonb($1::boolean), $2, now())
       ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_by = excluded.updated_by, updated_at = now()`,
      [disabled, actorId],
    );
    return 'ok';
  }
}
