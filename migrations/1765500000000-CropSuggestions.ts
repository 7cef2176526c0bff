import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Assisted cropping (issue 19): the analysis queue and its per-image state, the suggested crop per
 * aspect ratio, a minimum rendition size per aspect ratio, and the per-provider auto-crop setting.
 *
 * Every new program image gets a pending analysis row from a statement-level trigger (one INSERT ...
 * SELECT per ingest statement, not a trigger call per row). Images already waiting at the Operator or QA
 * stage when this runs are queued too; finished work is not (nothing is rewritten implicitly).
 *
 * Minimum sizes, by default a shorter side of 720 pixels: 16:9 1280×720, 4:3 960×720, 3:4 720×960,
 * 2:3 720×1080, 1:1 720×720; an aspect ratio added later has no minimum (0×0) until an Admin sets one.
 */
export class CropSuggestions1765500000000 implements MigrationInterface {
  name = 'CropSuggestions1765500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE smartcrop_aspectratio_lookup
        ADD COLUMN min_width integer NOT NULL DEFAULT 0 CHECK (min_width >= 0),
        ADD COLUMN min_height integer NOT NULL DEFAULT 0 CHECK (min_height >= 0);
      UPDATE smartcrop_aspectratio_lookup SET (min_width, min_height) = (
        CASE title WHEN '16:9' THEN 1280 WHEN '4:3' THEN 960 WHEN '3:4' THEN 720 WHEN '2:3' THEN 720 WHEN '1:1' THEN 720 ELSE 0 END,
        CASE title WHEN '16:9' THEN 720 WHEN '4:3' THEN 720 WHEN '3:4' THEN 960 WHEN '2:3' THEN 1080 WHEN '1:1' THEN 720 ELSE 0 END
      );

      -- one row per program image: where its analysis stands, and what the source turned out to be
      CREATE TABLE smartcrop_image_analysis (
        image_id         bigint PRIMARY KEY REFERENCES smartcrop_programimage (id) ON DELETE CASCADE,
        state            text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'running', 'done', 'failed')),
        reason           text,
        attempts         integer NOT NULL DEFAULT 0,
        next_attempt_at  timestamptz NOT NULL DEFAULT now(),
        lease_until      timestamptz,
        source_width     integer,
        source_height    integer,
        source_format    text,
        source_bytes     bigint,
        faces            integer,
        engine_version   integer,
        analysed_at      timestamptz,
        updated_at       timestamptz NOT NULL DEFAULT now()
      );
      -- the worker's claim: due work, oldest first (the predicate is repeated in the claim so it matches)
      CREATE INDEX ix_image_analysis_due ON smartcrop_image_analysis (next_attempt_at)
        WHERE state IN ('pending', 'running');
      CREATE INDEX ix_image_analysis_version ON smartcrop_image_analysis (engine_version) WHERE state = 'done';

      CREATE TABLE smartcrop_crop_suggestion (
        image_id         bigint NOT NULL REFERENCES smartcrop_programimage (id) ON DELETE CASCADE,
        aspectratioid    integer NOT NULL REFERENCES smartcrop_aspectratio_lookup (id),
        x                integer NOT NULL CHECK (x >= 0),
        y                integer NOT NULL CHECK (y >= 0),
        width            integer NOT NULL CHECK (width > 0),
        height           integer NOT NULL CHECK (height > 0),
        score            real NOT NULL CHECK (score BETWEEN 0 AND 1),
        method           text NOT NULL,
        engine_version   integer NOT NULL,
        computed_at      timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (image_id, aspectratioid)
      );

      CREATE TABLE smartcrop_autocrop_setting (
        provider_name      text PRIMARY KEY,
        enabled            boolean NOT NULL DEFAULT false,
        min_score          real NOT NULL DEFAULT 0.8 CHECK (min_score BETWEEN 0 AND 1),
        qa_sample_percent  integer NOT NULL DEFAULT 100 CHECK (qa_sample_percent BETWEEN 0 AND 100),
        updated_by         integer REFERENCES smartcrop_user (id),
        updated_at         timestamptz NOT NULL DEFAULT now()
      );

      CREATE FUNCTION fn_queue_image_analysis() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO smartcrop_image_analysis (image_id) SELECT id FROM new_images ON CONFLICT DO NOTHING;
        RETURN NULL;
      END $$;
      CREATE TRIGGER trg_queue_image_analysis AFTER INSERT ON smartcrop_programimage
        REFERENCING NEW TABLE AS new_images FOR EACH STATEMENT EXECUTE FUNCTION fn_queue_image_analysis();

      INSERT INTO smartcrop_image_analysis (image_id)
        SELECT id FROM smartcrop_programimage WHERE status IN (1, 2) ON CONFLICT DO NOTHING;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TRIGGER IF EXISTS trg_queue_image_analysis ON smartcrop_programimage;
      DROP FUNCTION IF EXISTS fn_queue_image_analysis();
      DROP TABLE IF EXISTS smartcrop_autocrop_setting;
      DROP TABLE IF EXISTS smartcrop_crop_suggestion;
      DROP TABLE IF EXISTS smartcrop_image_analysis;
      ALTER TABLE smartcrop_aspectratio_lookup DROP COLUMN min_width, DROP COLUMN min_height;
    `);
  }
}
