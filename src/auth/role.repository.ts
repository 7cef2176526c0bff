import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { RoleDto } from './user.dto.js';

export interface RoleRow {
  id: number;
  role: string;
  isSystem: boolean;
  users: number;
}

@Injectable()
export class RoleRepository {
  constructor(private readonly db: DataSource) {}

  list(): Promise<RoleDto[]> {
    return this.db.query('SELECT id AS "Id", role AS "Role" FROM smartcrop_role ORDER BY id');
  }

  /** Case-insensitive, with how many users (active or not) hold it. */
  async findByName(name: string, m: EntityManager = this.db.manager): Promise<RoleRow | undefined> {
    const rows: RoleRow[] = await m.query(
      `SELECT r.id, r.role, r.is_system AS "isSystem", (SELECT count(*)::int FROM smartcrop_user u WHERE u.role_id = r.id) AS users
         FROM smartcrop_role r WHERE lower(r.role) = lower($1)`,
      [name.trim()],
    );
    return rows[0];
  }

  async findById(id: number, m: EntityManager = this.db.manager): Promise<RoleRow | undefined> {
    const rows: RoleRow[] = await m.query(
      `SELECT r.id, r.role, r.is_system AS "isSystem", (SELECT count(*)::int FROM smartcrop_user u WHERE u.role_id = r.id) AS users
         FROM smartcrop_role r WHERE r.id = $1 FOR UPDATE`,
      [id],
    );
    return rows[0];
  }

  /** undefined when the name is taken (any case). */
  async create(name: string, m: EntityManager): Promise<RoleDto | undefined> {
    const rows: RoleDto[] = await m.query(
      `INSERT INTO smartcrop_role (role) VALUES ($1) ON CONFLICT (lower(role)) DO NOTHING RETURNING id AS "Id", role AS "Role"`,
      [name.trim()],
    );
    return rows[0];
  }

  /** false when the new name is taken. */
  async rename(id: number, name: string, m: EntityManager): Promise<boolean> {
    const clash: unknown[] = await m.query(
      `SELECT 1 FROM smartcrop_role WHERE lower(role) = lower($1) AND id <> $2`,
      [name.trim(), id],
    );
    if (clash.length) return false;
    await m.query(`UPDATE smartcrop_role SET role = $2, updated_at = now() WHERE id = $1`, [id, name.trim()]);
    return true;
  }

  async delete(id: number, m: EntityManager): Promise<void> {
    await m.query(`DELETE FROM smartcrop_role WHERE id = $1`, [id]);
  }
}
