import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface UserRow {
  id: number;
  email: string;
  firstName: string;
  lastName: string;
  passwordHash: string;
  role: string;
  roleId: number;
  isActive: boolean;
  createdAt: Date;
}

const SELECT_USER = `
  SELECT u.id, u.email, u.first_name AS "firstName", u.last_name AS "lastName", u.password_hash AS "passwordHash",
         r.role, u.role_id AS "roleId", u.is_active AS "isActive", u.created_at AS "createdAt"
    FROM smartcrop_user u JOIN smartcrop_role r ON r.id = u.role_id`;

@Injectable()
export class UserRepository {
  constructor(private readonly db: DataSource) {}

  async findById(id: number): Promise<UserRow | undefined> {
    const rows: UserRow[] = await this.db.query(`${SELECT_USER} WHERE u.id = $1`, [id]);
    return rows[0];
  }

  async findByEmail(email: string): Promise<UserRow | undefined> {
    const rows: UserRow[] = await this.db.query(`${SELECT_USER} WHERE lower(u.email) = lower($1)`, [email]);
    return rows[0];
  }

  async count(): Promise<number> {
    const rows: { n: number }[] = await this.db.query('SELECT count(*)::int AS n FROM smartcrop_user');
    return rows[0].n;
  }

  /** Creates the first Admin only if there is still no user at all (safe when several processes boot at once). */
  async createFirstAdmin(email: string, passwordHash: string): Promise<boolean> {
    return this.db.transaction(async (m) => {
      await m.query(`SELECT pg_advisory_xact_lock(hashtext('smartcrop:bootstrap-admin'))`);
      const rows: { n: number }[] = await m.query('SELECT count(*)::int AS n FROM smartcrop_user');
      if (rows[0].n > 0) return false;
      await m.query(
        `INSERT INTO smartcrop_user (email, first_name, last_name, password_hash, role_id)
         SELECT $1, 'Admin', '', $2, id FROM smartcrop_role WHERE role = 'Admin'`,
        [email, passwordHash],
      );
      return true;
    });
  }
}
