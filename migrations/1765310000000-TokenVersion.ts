import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A user's tokens carry the user's token_version at sign-in (`ver`); a password change or reset moves it
 * on, so every token issued before stops working. The row update fires trg_user_changed as any user change
 * does, so each API process drops its cached copy at once and sees the new version. Tokens signed before
 * this migration carry no `ver`, which counts as 0, the starting value: nobody is signed out by deploying.
 */
export class TokenVersion1765310000000 implements MigrationInterface {
  name = 'TokenVersion1765310000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE smartcrop_user ADD COLUMN token_version integer NOT NULL DEFAULT 0`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE smartcrop_user DROP COLUMN token_version`);
  }
}
