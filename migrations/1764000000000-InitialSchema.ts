import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The whole SmartCrop schema of the contract: reference tables (seeded), users and rules, the ingest
 * tables, the work item (program image) and its renditions, the audit trail, the job-run ledger, and
 * the views and functions the dashboard, reports and exports read from.
 */
export class InitialSchema1764000000000 implements MigrationInterface {
  name = 'InitialSchema1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE smartcrop_role (
        id          serial PRIMARY KEY,
        role        text NOT NULL CHECK (length(trim(role)) BETWEEN 1 AND 50),
        is_system   boolean NOT NULL DEFAULT false,
        created_at  timestamptz NOT NULL DEFAULT now(),
        updated_at  timestamptz NOT NULL DEFAULT now()
      );
      CREATE UNIQUE INDEX ux_role_name ON smartcrop_role (lower(role));
      INSERT INTO smartcrop_role (role, is_system) VALUES ('Admin', true), ('Operator', true), ('QA', true);

      CREATE TABLE smartcrop_user (
        id             serial PRIMARY KEY,
        email          text NOT NULL CHECK (position('@' IN email) > 1),
        first_name     text NOT NULL DEFAULT '',
        last_name      text NOT NULL DEFAULT '',
        password_hash  text NOT NULL,
        role_id        integer NOT NULL REFERENCES smartcrop_role (id),
        is_active      boolean NOT NULL DEFAULT true,
        created_at     timestamptz NOT NULL DEFAULT now(),
        updated_at     timestamptz NOT NULL DEFAULT now()
      );
      CREATE UNIQUE INDEX ux_user_email ON smartcrop_user (lower(email));
      CREATE INDEX ix_user_role ON smartcrop_user (role_id);

      CREATE TABLE smartcrop_rule (
        id          serial PRIMARY KEY,
        status      smallint NOT NULL CHECK (status BETWEEN 1 AND 5),
        percentage  smallint NOT NULL CHECK (percentage BETWEEN 0 AND 100),
        is_active   boolean NOT NULL DEFAULT true,
        created_by  integer REFERENCES smartcrop_user (id),
        created_at  timestamptz NOT NULL DEFAULT now(),
        updated_at  timestamptz NOT NULL DEFAULT now()
      );
      -- one active rule per status
      CREATE UNIQUE INDEX ux_rule_active_status ON smartcrop_rule (status) WHERE is_active;

      -- service-wide switches (the QA stage toggle); one row per key
      CREATE TABLE smartcrop_setting (
        key         text PRIMARY KEY,
        value       jsonb NOT NULL,
        updated_by  integer REFERENCES smartcrop_user (id),
        updated_at  timestamptz NOT NULL DEFAULT now()
      );
      INSERT INTO smartcrop_setting (key, value) VALUES ('qc_disabled', 'false');

      -- who changed which user, role, rule or setting
      CREATE TABLE smartcrop_admin_audit (
        id          bigserial PRIMARY KEY,
        actor_id    integer REFERENCES smartcrop_user (id),
        action      text NOT NULL,
        entity      text NOT NULL,
        entity_id   text,
        details     jsonb NOT NULL DEFAULT '{}',
        created_at  timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX ix_admin_audit_created ON smartcrop_admin_audit (created_at);

      CREATE TABLE smartcrop_imagetype_lookup (
        id     serial PRIMARY KEY,
        title  text NOT NULL UNIQUE
      );
      INSERT INTO smartcrop_imagetype_lookup (title) VALUES
        ('Poster'), ('Backdrop'), ('Still'), ('Banner'), ('Logo'), ('Key Art'), ('Thumbnail'), ('Cast');

      CREATE TABLE smartcrop_imagelanguage_lookup (
        id        serial PRIMARY KEY,
        title     text NOT NULL UNIQUE,
        iso_code  char(2) UNIQUE
      );
      INSERT INTO smartcrop_imagelanguage_lookup (title, iso_code) VALUES
        ('English', 'en'), ('Spanish', 'es'), ('French', 'fr'), ('German', 'de'), ('Italian', 'it'),
        ('Portuguese', 'pt'), ('Dutch', 'nl'), ('Swedish', 'sv'), ('Japanese', 'ja'), ('Korean', 'ko'),
        ('Chinese', 'zh'), ('Hindi', 'hi'), ('Arabic', 'ar'), ('Russian', 'ru'), ('No Language', NULL);

      CREATE TABLE smartcrop_rejectreason_lookup (
        id      serial PRIMARY KEY,
        reason  text NOT NULL UNIQUE
      );
      INSERT INTO smartcrop_rejectreason_lookup (reason) VALUES
        ('Low resolution'), ('Watermark or logo'), ('Wrong programme'), ('Text overlay'),
        ('Inappropriate content'), ('Poor crop'), ('Duplicate image'), ('Other');

      CREATE TABLE smartcrop_aspectratio_lookup (
        id      serial PRIMARY KEY,
        title   text NOT NULL UNIQUE,
        width   smallint NOT NULL CHECK (width > 0),
        height  smallint NOT NULL CHECK (height > 0)
      );
      INSERT INTO smartcrop_aspectratio_lookup (title, width, height) VALUES
        ('16:9', 16, 9), ('4:3', 4, 3), ('3:4', 3, 4), ('2:3', 2, 3), ('1:1', 1, 1);
    `);

    await q.query(`
      -- every manifest seen, from any source; a file is ingested at most once
      CREATE TABLE smartcrop_upload_files (
        id                bigserial PRIMARY KEY,
        file_name         text NOT NULL,
        source            text NOT NULL CHECK (source IN ('local', 's3', 'sftp')),
        source_key        text NOT NULL DEFAULT '',
        source_timestamp  timestamptz NOT NULL,
        size_bytes        bigint,
        checksum          text,
        status            text NOT NULL DEFAULT 'pending'
                          CHECK (status IN ('pending', 'downloaded', 'ingested', 'duplicate', 'rejected')),
        provider_name     text,
        rows_inserted     integer NOT NULL DEFAULT 0,
        images_derived    integer NOT NULL DEFAULT 0,
        error             text,
        created_at        timestamptz NOT NULL DEFAULT now(),
        updated_at        timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT ux_upload_file_name_ts UNIQUE (file_name, source_timestamp)
      );
      CREATE INDEX ix_upload_files_checksum ON smartcrop_upload_files (checksum) WHERE checksum IS NOT NULL;

      CREATE TABLE smartcrop_inputfiles (
        id               bigserial PRIMARY KEY,
        input_file_ref   text NOT NULL,
        provider_name    text NOT NULL,
        program_id       bigint NOT NULL CHECK (program_id > 0),
        program_title    text NOT NULL,
        episode_title    text,
        season_number    text,
        episode_number   text,
        release_year     integer,
        image_url        text NOT NULL,
        image_type       text,
        language         text,
        width            integer,
        height           integer,
        rights_name      text NOT NULL,
        image_notes      text NOT NULL DEFAULT '',
        source_file      text NOT NULL,
        source_row       integer NOT NULL,
        upload_file_id   bigint REFERENCES smartcrop_upload_files (id),
        created_at       timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT ux_inputfiles_ref UNIQUE (input_file_ref)
      );
      CREATE INDEX ix_inputfiles_upload ON smartcrop_inputfiles (upload_file_id);

      CREATE TABLE smartcrop_programimage (
        id                 bigserial PRIMARY KEY,
        link_object_id     bigint NOT NULL CHECK (link_object_id > 0),
        provider_name      text NOT NULL,
        program_title      text NOT NULL,
        episode_title      text,
        image_url          text NOT NULL,
        image_type_id      integer REFERENCES smartcrop_imagetype_lookup (id),
        language_id        integer REFERENCES smartcrop_imagelanguage_lookup (id),
        width              integer CHECK (width IS NULL OR width > 0),
        height             integer CHECK (height IS NULL OR height > 0),
        rights_name        text NOT NULL DEFAULT 'TiVo Licensed',
        image_notes        text NOT NULL DEFAULT '',
        input_file_ref     text NOT NULL REFERENCES smartcrop_inputfiles (input_file_ref),
        status             smallint NOT NULL DEFAULT 1 CHECK (status BETWEEN 1 AND 5),
        current_state      smallint NOT NULL DEFAULT 0 CHECK (current_state IN (0, 1)),
        previous_state     smallint CHECK (previous_state IN (0, 1)),
        locked_by          integer REFERENCES smartcrop_user (id),
        locked_at          timestamptz,
        last_activity_at   timestamptz,
        reject_reason_id   integer REFERENCES smartcrop_rejectreason_lookup (id),
        cropped_by         integer REFERENCES smartcrop_user (id),
        reviewed_by        integer REFERENCES smartcrop_user (id),
        output_file_name   text,
        exported_at        timestamptz,
        created_at         timestamptz NOT NULL DEFAULT now(),
        updated_at         timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT ux_programimage_ref UNIQUE (input_file_ref),
        -- a lock always names its owner and only work in a stage (1, 2) can be held
        CONSTRAINT ck_programimage_lock CHECK (
          (current_state = 1) = (locked_by IS NOT NULL) AND (current_state = 0 OR status IN (1, 2))
        ),
        CONSTRAINT ck_programimage_exported CHECK ((status = 5) = (output_file_name IS NOT NULL))
      );
      -- the claim: queued rows of one provider at one stage, oldest first
      CREATE INDEX ix_programimage_queue ON smartcrop_programimage (provider_name, status, created_at, id)
        WHERE current_state = 0 AND status IN (1, 2);
      -- resume and release: locks by owner; the expiry sweep: locks by age
      CREATE INDEX ix_programimage_locked_by ON smartcrop_programimage (locked_by) WHERE current_state = 1;
      CREATE INDEX ix_programimage_lock_activity ON smartcrop_programimage (last_activity_at) WHERE current_state = 1;
      CREATE INDEX ix_programimage_program ON smartcrop_programimage (link_object_id);
      -- the batch export reads Completed (and, with QA off, Operator-done) rows
      CREATE INDEX ix_programimage_export ON smartcrop_programimage (status, id) WHERE status IN (2, 3);
      CREATE INDEX ix_programimage_provider ON smartcrop_programimage (provider_name);

      CREATE TABLE smartcrop_aspectratioimages (
        id               bigserial PRIMARY KEY,
        programid        bigint NOT NULL,
        aspectratioid    integer NOT NULL REFERENCES smartcrop_aspectratio_lookup (id),
        imageid          bigint NOT NULL REFERENCES smartcrop_programimage (id) ON DELETE CASCADE,
        x                integer NOT NULL CHECK (x >= 0),
        y                integer NOT NULL CHECK (y >= 0),
        width            integer NOT NULL CHECK (width > 0),
        height           integer NOT NULL CHECK (height > 0),
        output_width     integer,
        output_height    integer,
        image_type_id    integer REFERENCES smartcrop_imagetype_lookup (id),
        language_id      integer REFERENCES smartcrop_imagelanguage_lookup (id),
        storage_key      text NOT NULL,
        public_url       text NOT NULL,
        content_type     text NOT NULL,
        byte_size        integer NOT NULL,
        created_by       integer REFERENCES smartcrop_user (id),
        updated_by       integer REFERENCES smartcrop_user (id),
        created_at       timestamptz NOT NULL DEFAULT now(),
        updated_at       timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT ux_aspectratioimages_key UNIQUE (programid, aspectratioid, imageid)
      );
      CREATE INDEX ix_aspectratioimages_image ON smartcrop_aspectratioimages (imageid);

      CREATE TABLE programimage_audit (
        id           bigserial PRIMARY KEY,
        image_id     bigint NOT NULL REFERENCES smartcrop_programimage (id) ON DELETE CASCADE,
        program_id   bigint NOT NULL,
        action       text NOT NULL,
        from_status  smallint,
        to_status    smallint,
        from_state   smallint,
        to_state     smallint,
        user_id      integer REFERENCES smartcrop_user (id),
        created_at   timestamptz NOT NULL DEFAULT now(),
        details      jsonb NOT NULL DEFAULT '{}'
      );
      CREATE INDEX ix_audit_created ON programimage_audit (created_at);
      CREATE INDEX ix_audit_image ON programimage_audit (image_id);
      CREATE INDEX ix_audit_user_created ON programimage_audit (user_id, created_at);

      -- every run of a job (cron, API or CLI)
      CREATE TABLE smartcrop_job_run (
        id            bigserial PRIMARY KEY,
        job           text NOT NULL,
        trigger       text NOT NULL CHECK (trigger IN ('cron', 'api', 'cli')),
        triggered_by  integer REFERENCES smartcrop_user (id),
        started_at    timestamptz NOT NULL DEFAULT now(),
        finished_at   timestamptz,
        outcome       text NOT NULL DEFAULT 'running'
                      CHECK (outcome IN ('running', 'success', 'nothing_to_export', 'no_files', 'failed', 'interrupted')),
        rows          bigint NOT NULL DEFAULT 0,
        files         text[] NOT NULL DEFAULT '{}',
        error         text,
        summary       jsonb NOT NULL DEFAULT '{}'
      );
      CREATE INDEX ix_job_run_job_started ON smartcrop_job_run (job, started_at DESC);
    `);

    await q.query(`
      CREATE VIEW view_smartcrop_total AS
      SELECT count(*)::bigint                                              AS total,
             count(*) FILTER (WHERE status = 1 AND current_state = 0)::bigint AS operator_queued,
             count(*) FILTER (WHERE status = 1 AND current_state = 1)::bigint AS operator_locked,
             count(*) FILTER (WHERE status = 2 AND current_state = 0)::bigint AS qa_queued,
             count(*) FILTER (WHERE status = 2 AND current_state = 1)::bigint AS qa_locked,
             count(*) FILTER (WHERE status = 3)::bigint                     AS completed,
             count(*) FILTER (WHERE status = 4)::bigint                     AS rejected,
             count(*) FILTER (WHERE status = 5)::bigint                     AS exported
        FROM smartcrop_programimage;

      CREATE VIEW view_smartcrop_providerlist_total AS
      SELECT p.provider_name,
             count(*)::bigint                                                AS total,
             count(*) FILTER (WHERE p.status = 1 AND p.current_state = 0)::bigint AS operator_queued,
             count(*) FILTER (WHERE p.status = 2 AND p.current_state = 0)::bigint AS qa_queued,
             count(*) FILTER (WHERE p.status = 3)::bigint                       AS completed,
             count(*) FILTER (WHERE p.status = 4)::bigint                       AS rejected,
             count(*) FILTER (WHERE p.status = 5)::bigint                       AS exported,
             max(p.created_at)                                                  AS last_ingested_at
        FROM smartcrop_programimage p
       GROUP BY p.provider_name;

      CREATE VIEW vwprogramimage AS
      SELECT p.id AS image_id, p.link_object_id AS program_id, p.provider_name, p.program_title, p.episode_title,
             p.image_url, p.image_type_id, t.title AS image_type, p.language_id, l.title AS language,
             p.width, p.height, p.rights_name, p.image_notes, p.status, p.current_state, p.locked_by,
             p.reject_reason_id, r.reason AS reject_reason, p.cropped_by, p.reviewed_by,
             p.output_file_name, p.exported_at, p.created_at, p.updated_at
        FROM smartcrop_programimage p
        LEFT JOIN smartcrop_imagetype_lookup t ON t.id = p.image_type_id
        LEFT JOIN smartcrop_imagelanguage_lookup l ON l.id = p.language_id
        LEFT JOIN smartcrop_rejectreason_lookup r ON r.id = p.reject_reason_id;

      CREATE VIEW vwaspectratioimages AS
      SELECT a.id AS rendition_id, a.programid AS program_id, a.imageid AS image_id, a.aspectratioid AS aspect_ratio_id,
             ar.title AS aspect_ratio, a.x, a.y, a.width, a.height, a.output_width, a.output_height,
             a.storage_key, a.public_url, a.content_type, a.byte_size,
             coalesce(a.image_type_id, p.image_type_id) AS image_type_id, t.title AS image_type,
             coalesce(a.language_id, p.language_id) AS language_id, l.title AS language, l.iso_code AS language_code,
             p.provider_name, p.program_title, p.episode_title, p.image_url AS source_image_url,
             p.rights_name, p.image_notes, p.status, p.output_file_name, p.exported_at,
             a.created_at, a.updated_at
        FROM smartcrop_aspectratioimages a
        JOIN smartcrop_programimage p ON p.id = a.imageid
        JOIN smartcrop_aspectratio_lookup ar ON ar.id = a.aspectratioid
        LEFT JOIN smartcrop_imagetype_lookup t ON t.id = coalesce(a.image_type_id, p.image_type_id)
        LEFT JOIN smartcrop_imagelanguage_lookup l ON l.id = coalesce(a.language_id, p.language_id);

      -- activity report: who did what to which image, when, with the resulting status
      CREATE FUNCTION fncroppedimagereports(
        p_from timestamptz, p_to timestamptz, p_provider text DEFAULT NULL, p_user integer DEFAULT NULL
      ) RETURNS TABLE (
        audit_id bigint, created_at timestamptz, user_id integer, user_email text, user_name text,
        action text, image_id bigint, program_id bigint, provider_name text, program_title text,
        from_status smallint, to_status smallint, to_state smallint, renditions integer, details jsonb
      ) LANGUAGE sql STABLE AS $$
        SELECT a.id, a.created_at, a.user_id, u.email, trim(u.first_name || ' ' || u.last_name),
               a.action, a.image_id, a.program_id, p.provider_name, p.program_title,
               a.from_status, a.to_status, a.to_state,
               (SELECT count(*)::int FROM smartcrop_aspectratioimages r WHERE r.imageid = a.image_id),
               a.details
          FROM programimage_audit a
          JOIN smartcrop_programimage p ON p.id = a.image_id
          LEFT JOIN smartcrop_user u ON u.id = a.user_id
         WHERE a.created_at >= p_from AND a.created_at < p_to
           AND (p_provider IS NULL OR p.provider_name = p_provider)
           AND (p_user IS NULL OR a.user_id = p_user)
         ORDER BY a.created_at, a.id
      $$;

      -- per provider and day, over the last date_range days: what moved through each stage
      CREATE FUNCTION smartcrop_reports(date_range integer)
      RETURNS TABLE (
        report_date date, provider_name text, ingested bigint, cropped bigint, approved bigint,
        sent_back bigint, rejected bigint, exported bigint
      ) LANGUAGE sql STABLE AS $$
        WITH days AS (
          SELECT generate_series((now() AT TIME ZONE 'UTC')::date - (date_range - 1),
                                 (now() AT TIME ZONE 'UTC')::date, interval '1 day')::date AS d
        ), providers AS (SELECT DISTINCT provider_name FROM smartcrop_programimage)
        SELECT days.d, pr.provider_name,
               (SELECT count(*) FROM smartcrop_programimage p
                 WHERE p.provider_name = pr.provider_name AND (p.created_at AT TIME ZONE 'UTC')::date = days.d),
               count(a.id) FILTER (WHERE a.action = 'operator_done'),
               count(a.id) FILTER (WHERE a.action = 'qa_approve'),
               count(a.id) FILTER (WHERE a.action = 'qa_send_back'),
               count(a.id) FILTER (WHERE a.action = 'reject'),
               count(a.id) FILTER (WHERE a.action = 'export')
          FROM days CROSS JOIN providers pr
          LEFT JOIN programimage_audit a
            ON (a.created_at AT TIME ZONE 'UTC')::date = days.d
           AND EXISTS (SELECT 1 FROM smartcrop_programimage p WHERE p.id = a.image_id AND p.provider_name = pr.provider_name)
         GROUP BY days.d, pr.provider_name
         ORDER BY days.d, pr.provider_name
      $$;

      CREATE FUNCTION programimage_audit_reports(date_range integer)
      RETURNS TABLE (
        audit_id bigint, created_at timestamptz, image_id bigint, program_id bigint, provider_name text,
        action text, from_status smallint, to_status smallint, from_state smallint, to_state smallint,
        user_email text, details jsonb
      ) LANGUAGE sql STABLE AS $$
        SELECT a.id, a.created_at, a.image_id, a.program_id, p.provider_name, a.action,
               a.from_status, a.to_status, a.from_state, a.to_state, u.email, a.details
          FROM programimage_audit a
          JOIN smartcrop_programimage p ON p.id = a.image_id
          LEFT JOIN smartcrop_user u ON u.id = a.user_id
         WHERE a.created_at >= now() - make_interval(days => date_range)
         ORDER BY a.created_at, a.id
      $$;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP FUNCTION IF EXISTS programimage_audit_reports(integer);
      DROP FUNCTION IF EXISTS smartcrop_reports(integer);
      DROP FUNCTION IF EXISTS fncroppedimagereports(timestamptz, timestamptz, text, integer);
      DROP VIEW IF EXISTS vwaspectratioimages;
      DROP VIEW IF EXISTS vwprogramimage;
      DROP VIEW IF EXISTS view_smartcrop_providerlist_total;
      DROP VIEW IF EXISTS view_smartcrop_total;
      DROP TABLE IF EXISTS smartcrop_job_run;
      DROP TABLE IF EXISTS programimage_audit;
      DROP TABLE IF EXISTS smartcrop_aspectratioimages;
      DROP TABLE IF EXISTS smartcrop_programimage;
      DROP TABLE IF EXISTS smartcrop_inputfiles;
      DROP TABLE IF EXISTS smartcrop_upload_files;
      DROP TABLE IF EXISTS smartcrop_aspectratio_lookup;
      DROP TABLE IF EXISTS smartcrop_rejectreason_lookup;
      DROP TABLE IF EXISTS smartcrop_imagelanguage_lookup;
      DROP TABLE IF EXISTS smartcrop_imagetype_lookup;
      DROP TABLE IF EXISTS smartcrop_admin_audit;
      DROP TABLE IF EXISTS smartcrop_setting;
      DROP TABLE IF EXISTS smartcrop_rule;
      DROP TABLE IF EXISTS smartcrop_user;
      DROP TABLE IF EXISTS smartcrop_role;
    `);
  }
}
