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

  /** Case-insensitive and NFKC-normalised, with how many users (active or not) hold it. */
  async findByName(name: string, m: EntityManager = this.db.manager): Promise<RoleRow | undefined> {
    const rows: RoleRow[] = await m.query(
      `SELECT r.id, r.role, r.is_system AS "isSystem", (SELECT count(*)::int FROM smartcrop_user u WHERE u.role_id = r.id) AS users
         FROM smartcrop_role r WHERE lower(normalize(r.role, NFKC)) = lower(normalize($1, NFKC))`,
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

  /** undefined when the name is taken (any case, any Unicode spelling: ux_role_name_nfkc). */
  async create(name: string, m: EntityManager): Promise<RoleDto | undefined> {
    const rows: RoleDto[] = await m.query(
      `INSERT INTO smartcrop_role (role) VALUES ($1)
       ON CONFLICT (lower(normalize(role, NFKC))) DO NOTHING RETURNING id AS "Id", role AS "Role"`,
      [name],
    );
    return rows[0];
  }

  /** false when the new name is taken. */
  async rename(id: number, name: string, m: EntityManager): Promise<boolean> {
    const clash: unknown[] = await m.query(
      `SELECT 1 FROM smartcrop_role WHERE lower(normalize(role, NFKC)) = lower(normalize($1, NFKC)) AND id <> $2`,
      [name, id],
    );
    if (clash.length) return false;
    await m.query(`UPDATE smartcrop_role SET role = $2, updated_at = now() WHERE id = $1`, [id, name]);
    return true;
  }

  async delete(id: number, m: EntityManager): Promise<void> {
    await m.query(`DELETE FROM smartcrop_role WHERE id = $1`, [id]);
  }
}
