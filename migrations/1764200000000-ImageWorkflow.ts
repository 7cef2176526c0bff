import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Deactivating a user releases their image locks, whichever code path (or SQL) deactivates them: a
 * trigger on smartcrop_user returns the images to the queue with a 'release' audit row each.
 */
export class ImageWorkflow1764200000000 implements MigrationInterface {
  name = 'ImageWorkflow1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION smartcrop_release_locks_of_inactive_user() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        WITH released AS (
          UPDATE smartcrop_programimage p
             SET current_state = 0, previous_state = NULL, locked_by = NULL, locked_at = NULL,
                 last_activity_at = NULL, updated_at = now()
           WHERE p.locked_by = NEW.id AND p.current_state = 1
          RETURNING p.id, p.link_object_id, p.status
        )
        INSERT INTO programimage_audit (image_id, program_id, action, from_status, to_status, from_state, to_state, user_id, details)
        SELECT id, link_object_id, 'release', status, status, 1, 0, NULL,
               jsonb_build_object('lockedBy', NEW.id, 'reason', 'user deactivated')
          FROM released;
        RETURN NEW;
      END
      $$;

      CREATE TRIGGER trg_user_deactivated_release_locks
        AFTER UPDATE OF is_active ON smartcrop_user
        FOR EACH ROW WHEN (OLD.is_active AND NOT NEW.is_active)
        EXECUTE FUNCTION smartcrop_release_locks_of_inactive_user();
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TRIGGER IF EXISTS trg_user_deactivated_release_locks ON smartcrop_user;
      DROP FUNCTION IF EXISTS smartcrop_release_locks_of_inactive_user();
    `);
  }
}
