import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every change to a user (deactivation, role, password, delete) and to the roles table announces itself on
 * the `smartcrop_user_changed` channel, so each API process drops its cached copy of that user at once
 * (src/auth/user-cache.ts). The payload is the user id, or '*' for "every user" (a role renamed).
 * pg_notify is delivered at commit, never for a rolled-back change.
 */
export class UserChangeNotify1764700000000 implements MigrationInterface {
  name = 'UserChangeNotify1764700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION smartcrop_user_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('smartcrop_user_changed', OLD.id::text);
        RETURN NULL;
      END $$;
      CREATE TRIGGER trg_user_changed AFTER UPDATE OR DELETE ON smartcrop_user
        FOR EACH ROW EXECUTE FUNCTION smartcrop_user_changed();

      CREATE FUNCTION smartcrop_role_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('smartcrop_user_changed', '*');
        RETURN NULL;
      END $$;
      CREATE TRIGGER trg_role_changed AFTER UPDATE OR DELETE ON smartcrop_role
        FOR EACH STATEMENT EXECUTE FUNCTION smartcrop_role_changed();
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TRIGGER trg_role_changed ON smartcrop_role;
      DROP FUNCTION smartcrop_role_changed();
      DROP TRIGGER trg_user_changed ON smartcrop_user;
      DROP FUNCTION smartcrop_user_changed();
    `);
  }
}
