import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { PreparedStatements } from '../infra/database/prepared-statements.js';
import type { UserDto } from './user.dto.js';

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
  /** Moves on at each password change or reset; a token signed with an older one is refused. */
  tokenVersion: number;
}

const SELECT_USER = `
  SELECT u.id, u.email, u.first_name AS "firstName", u.last_name AS "lastName", u.password_hash AS "passwordHash",
         r.role, u.role_id AS "roleId", u.is_active AS "isActive", u.created_at AS "createdAt",
         u.token_version AS "tokenVersion"
    FROM smartcrop_user u JOIN smartcrop_role r ON r.id = u.role_id`;

/** The guard runs this on every request: prepared once per connection. */
const USER_BY_ID = { name: 'smartcrop_user_by_id', text: `${SELECT_USER} WHERE u.id = $1` };

@Injectable()
export class UserRepository {
  constructor(
    private readonly db: DataSource,
    private readonly prepared: PreparedStatements,
  ) {
    // the guard's lookup on a user cache miss, prepared at boot (no user has id 0)
    prepared.warm(USER_BY_ID, [0]);
  }

  async findById(id: number): Promise<UserRow | undefined> {
    const rows = await this.prepared.query<UserRow>(USER_BY_ID, [id]);
    return rows[0];
  }

  async findByEmail(email: string): Promise<UserRow | undefined> {
    const rows: UserRow[] = await this.db.query(`${SELECT_USER} WHERE lower(u.email) = lower($1)`, [email]);
    return rows[0];
  }

  async list(): Promise<UserDto[]> {
    return this.db.query(
      `SELECT u.id AS "UserId", u.email AS "EmailID", u.first_name AS "FirstName", u.last_name AS "LastName",
              r.role AS "Role", u.is_active AS "IsActive", u.created_at AS "CreatedAt"
         FROM smartcrop_user u JOIN smartcrop_role r ON r.id = u.role_id ORDER BY u.id`,
    );
  }

  /** Inserts a user; undefined when the e-mail is taken (any case). */
  async create(
    u: { email: string; firstName: string; lastName: string; passwordHash: string; roleId: number },
    m: EntityManager,
  ): Promise<number | undefined> {
    const rows: { id: number }[] = await m.query(
      `INSERT INTO smartcrop_user (email, first_name, last_name, password_hash, role_id) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (lower(email)) DO NOTHING RETURNING id`,
      [u.email, u.firstName, u.lastName, u.passwordHash, u.roleId],
    );
    return rows[0]?.id;
  }

  /**
   * Applies the given fields (undefined = unchanged). Deactivation releases locks via a trigger; a new
   * password hash moves token_version on, which revokes every token signed before.
   */
  async update(
    id: number,
    f: { firstName?: string; lastName?: string; passwordHash?: string; roleId?: number; isActive?: boolean },
    m: EntityManager = this.db.manager,
  ): Promise<void> {
    await m.query(
      `UPDATE smartcrop_user SET first_name = coalesce($2, first_name), last_name = coalesce($3, last_name),
              password_hash = coalesce($4, password_hash), role_id = coalesce($5, role_id),
              is_active = coalesce($6, is_active), updated_at = now(),
              token_version = token_version + CASE WHEN $4::text IS NULL THEN 0 ELSE 1 END
        WHERE id = $1`,
      [
        id,
        f.firstName ?? null,
        f.lastName ?? null,
        f.passwordHash ?? null,
        f.roleId ?? null,
        f.isActive ?? null,
      ],
    );
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
