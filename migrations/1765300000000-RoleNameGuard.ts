import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Role names: unique case-insensitively after NFKC (a fullwidth `Ａdmin` is `Admin`) and made only of
 * ASCII letters, digits, space, `-` and `_` (so a Cyrillic `Аdmin` cannot pass for `Admin`), for every
 * writer, not only the service (src/auth/role-name.ts). The check is NOT VALID: it binds new and changed
 * rows without refusing to migrate a database that already holds an odd name.
 */
export class RoleNameGuard1765300000000 implements MigrationInterface {
  name = 'RoleNameGuard1765300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE UNIQUE INDEX ux_role_name_nfkc ON smartcrop_role (lower(normalize(role, NFKC)));
      ALTER TABLE smartcrop_role ADD CONSTRAINT ck_role_name_plain
        CHECK (role ~ '^[A-Za-z0-9 _-]{1,50}$' AND role = btrim(role)) NOT VALID;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE smartcrop_role DROP CONSTRAINT ck_role_name_plain;
      DROP INDEX ux_role_name_nfkc;
    `);
  }
}
