// Generated from openapi.json by openapi-typescript (npm run openapi). Do not edit.
export interface paths {
    "/autocrop/Setting": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Turns auto-crop on or off for a provider, with its minimum score and QA sample share. A programme analysed afterwards whose every suggestion reaches the score (and has no BelowMinimum warning) is cropped by the service and moved to QA. Admin.
         * @description Roles: Admin.
         */
        post: operations["autocropSetting"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/autocrop/Settings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Auto-crop settings of the providers that have one (others: off). Admin.
         * @description Roles: Admin.
         */
        get: operations["autocropSettings"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/batchjob/run": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Exports Completed renditions as SmartCrop_YYYYMMDD_HHmmss.csv and stamps them Exported.
         * @description Roles: Admin.
         */
        post: operations["batchjobRun"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/dashboard/ProviderList": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Counts per provider, paged (pageNumber from 1, pageSize ≤ 500), sorted by sortBy.
         * @description Roles: any signed-in user.
         */
        get: operations["providerList"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/dashboard/Totals": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * How many images are at each stage, over all providers.
         * @description Roles: any signed-in user.
         */
        get: operations["dashboardTotals"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/dumpdata/run": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Writes the programme, aspect, summary and audit CSVs for the last date_range days.
         * @description Roles: Admin.
         */
        post: operations["dumpdataRun"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/filewatcher/batch/run": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Legacy alias of POST /batchjob/run.
         * @description Roles: Admin.
         */
        post: operations["batchRun"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/filewatcher/download-s3": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Download new .xlsx manifests from the configured S3 sources into the staging folder.
         * @description Roles: Admin.
         */
        post: operations["downloadS3"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/filewatcher/download-sftp": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Download new .xlsx manifests from the configured SFTP directory into the staging folder.
         * @description Roles: Admin.
         */
        post: operations["downloadSftp"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/filewatcher/run-local": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Ingest every manifest in a folder under INGEST_ROOT: each file all or nothing, moved to processed/ or rejected/ (with <name>.error.txt); duplicates skipped. Returns the run summary (wait=false: 202 with { RunId } at once). 409 while another ingest runs.
         * @description Roles: Admin.
         */
        post: operations["runLocal"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/health/live": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The process is up (no dependencies checked).
         * @description Public: no token needed.
         */
        get: operations["healthLive"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/health/ready": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The database answers a ping within 1 s and every migration is applied (503 otherwise, within about 2 s).
         * @description Public: no token needed.
         */
        get: operations["healthReady"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/image/DeleteCroppedImageInfo": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Delete one rendition (id = AspectRatioId) of an image you hold: row and stored object.
         * @description Roles: Admin, Operator, QA.
         */
        get: operations["deleteCroppedImageInfo"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/image/GetCroppedImageInfo": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Open a programme for review: locks its QA-stage images for you and returns them with renditions and each rendition's bytes as base64 ImageData (includeImageData=false leaves them out). With image data the answer is streamed (chunked), one rendition read after the other; a rendition that cannot be read after the answer has begun ends the connection.
         * @description Roles: Admin, QA.
         */
        get: operations["getCroppedImageInfo"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/image/GetCropSuggestions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The image's suggested crop per aspect ratio, its analysis state and BelowMinimum warnings; computed now (within the image budget) when the background analysis has not run yet.
         * @description Roles: Admin, Operator, QA.
         */
        get: operations["getCropSuggestions"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/image/GetImageInfo": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Resume the images you hold, else lock the next queued programme of the provider at your stage (Operator: 1, QA: 2, Admin: 1 then 2). Empty list with the reason in Message.
         * @description Roles: Admin, Operator, QA.
         */
        get: operations["getImageInfo"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/image/SaveCropedImages": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Save renditions of an image you hold (base64 pixels, or cut server-side from the source), then optionally move it on (Status). Uploads first; no row changes if an upload fails. New clients may send multipart/form-data instead: the JSON body in a part named Request, and each crop's bytes as a file part named by its AspectRatioId (that crop without ImageData); no base64.
         * @description Roles: Admin, Operator, QA.
         */
        post: operations["saveCropedImages"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/image/UpdateCroppedImageInfo": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Bulk QA edit of renditions of images you hold (re-cut or re-upload when the rectangle or pixels change) and their Status, in one transaction after uploads succeed.
         * @description Roles: Admin, QA.
         */
        post: operations["updateCroppedImageInfo"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/image/UpdateStatus": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Move every image of the programme you hold: 2 operator done (to QA or Completed by sampling), 3 QA approve, 1 QA send back (rejectReasonId), 4 reject (rejectReasonId); the current status with currentState=0 releases. Operators work on stage 1 only.
         * @description Roles: Admin, Operator, QA.
         */
        get: operations["updateStatus"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/image/UpdateUserLockStatus": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Release every lock of a user: yourself (any signed-in user), or anyone (Admin).
         * @description Roles: any signed-in user.
         */
        get: operations["updateUserLockStatus"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/jobs/runs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The job-run ledger, newest first (batch, dump, ingest; cron, API or CLI).
         * @description Roles: Admin.
         */
        get: operations["jobsRuns"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/jobs/runs/{RunId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One run of a job, with its live Progress while it runs (Done, Total when known, Unit).
         * @description Roles: Admin.
         */
        get: operations["runsByRunId"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/lookup/GetAspectRatioLookup": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Aspect ratios renditions are cut to (16:9, 4:3, 3:4, 2:3, 1:1), with the smallest rendition each accepts (defaults: a shorter side of 720 pixels, e.g. 1280x720 for 16:9).
         * @description Roles: any signed-in user.
         */
        get: operations["getAspectRatioLookup"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/lookup/GetImageLanguageLookup": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Image languages, by id.
         * @description Roles: any signed-in user.
         */
        get: operations["getImageLanguageLookup"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/lookup/GetImageTypeLookup": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Image types, by id.
         * @description Roles: any signed-in user.
         */
        get: operations["getImageTypeLookup"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/lookup/GetRejectReasonLookup": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Reasons an image can be sent back or rejected, by id.
         * @description Roles: any signed-in user.
         */
        get: operations["getRejectReasonLookup"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/lookup/UpdateAspectRatioMinimum": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Sets an aspect ratio's minimum rendition size (0x0 = none). Admin.
         * @description Roles: Admin.
         */
        post: operations["updateAspectRatioMinimum"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/report/CroppedImageReport": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Who did what to which image, when, with the resulting status; paged (pageNumber, pageSize ≤ 500). Dates are UTC (default: the last 7 days; at most 366 days; toDate is inclusive).
         * @description Roles: Admin.
         */
        get: operations["croppedImageReport"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/report/CroppedImageReportDownLoad": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The same rows, all of them, as an .xlsx attachment (bold frozen header, auto-filter, typed cells), streamed. Bad filters answer 400 in the JSON envelope before any byte of the file.
         * @description Roles: Admin.
         */
        get: operations["croppedImageReportDownLoad"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/report/OperatorProductivity": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Per user: programmes and images handed over at the Operator stage, median and 90th percentile time from lock to hand-over, what QA made of that work (send-back and approval rates), and their own QA reviews; paged (pageNumber, pageSize ≤ 500), busiest first. Same dates as CroppedImageReport (UTC, default the last 7 days).
         * @description Roles: Admin.
         */
        get: operations["operatorProductivity"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/report/OperatorProductivityDownLoad": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The same rows, all of them, as an .xlsx attachment, streamed. Bad filters answer 400 in the JSON envelope before any byte of the file.
         * @description Roles: Admin.
         */
        get: operations["operatorProductivityDownLoad"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/report/SuggestionAcceptance": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * How often saved renditions equal the suggested crop, moved it or replaced it, per provider and aspect ratio (auto-cropped renditions counted apart). Same dates as CroppedImageReport (UTC, default the last 7 days).
         * @description Roles: Admin.
         */
        get: operations["suggestionAcceptance"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/role/Create": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Create a role (unique name).
         * @description Roles: Admin.
         */
        post: operations["roleCreate"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/role/Delete": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Delete a role; 409 while users hold it or for the built-in Admin, Operator, QA.
         * @description Roles: Admin.
         */
        post: operations["roleDelete"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/role/Get": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The roles users can be given.
         * @description Roles: Admin.
         */
        get: operations["roleGet"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/role/QCdisable": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Switch the QA stage off or on (?disable=true|false; without it, flips). Refuses (409) to switch it off while QA items are locked.
         * @description Roles: Admin.
         */
        get: operations["roleQCdisable"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/role/QCdisablestatus": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Whether the QA stage is switched off.
         * @description Roles: any signed-in user.
         */
        get: operations["roleQCdisablestatus"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/role/Update": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Rename a role (not the built-in ones).
         * @description Roles: Admin.
         */
        post: operations["roleUpdate"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/rule/Create": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Create a rule: Percentage (0–100) of programmes sampled at Status; one active rule per status.
         * @description Roles: Admin.
         */
        post: operations["ruleCreate"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/rule/Delete": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Deactivate a rule (soft delete); 400 when it is already inactive.
         * @description Roles: Admin.
         */
        post: operations["ruleDelete"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/rule/Get": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The active rules.
         * @description Roles: Admin.
         */
        get: operations["ruleGet"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/rule/Update": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Change a rule’s status, percentage or active flag.
         * @description Roles: Admin.
         */
        post: operations["ruleUpdate"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/user/Delete": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Deactivate a user (soft delete): their token stops working, their locks are released.
         * @description Roles: Admin.
         */
        post: operations["userDelete"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/user/Login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Sign in with e-mail and password; returns a bearer token. Failed attempts are throttled (429).
         * @description Public: no token needed.
         */
        post: operations["userLogin"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/user/Register": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Create a user (unique e-mail, password ≥ 10 characters, an existing role); 400 for an unknown role.
         * @description Roles: Admin.
         */
        post: operations["userRegister"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/user/Update": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Change a user’s names, password, role or active flag (false releases their locks); 400 for an unknown role.
         * @description Roles: Admin.
         */
        post: operations["userUpdate"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/user/UpdatePassword": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Change your own password (OldPassword required; wrong ones are throttled like sign-ins, 429), or, as Admin, anyone’s. Earlier tokens of that user stop working. A non-Admin naming any other e-mail, known or not, gets 403.
         * @description Roles: any signed-in user.
         */
        post: operations["updatePassword"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/user/UserList": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Every user, active or not (never a password hash).
         * @description Roles: Admin.
         */
        get: operations["userList"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/user/UserRoleDetails": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * The roles the user may be given (every role but the one held).
         * @description Roles: Admin.
         */
        post: operations["userRoleDetails"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        AnalysisDto: {
            /**
             * @description Why it failed (unreachable, not-an-image, too-large, refused) or why it is being retried
             * @example null
             */
            Reason: string | null;
            /**
             * Format: int32
             * @example 1080
             */
            SourceHeight: number | null;
            /**
             * Format: int32
             * @example 1920
             */
            SourceWidth: number | null;
            /**
             * @example done
             * @enum {string}
             */
            State: "pending" | "done" | "failed";
        };
        AspectRatioItem: {
            /**
             * Format: int32
             * @example 9
             */
            Height: number;
            /**
             * Format: int32
             * @example 1
             */
            Id: number;
            /**
             * Format: int32
             * @description Smallest rendition height accepted (0 = no minimum)
             * @example 720
             */
            MinHeight: number;
            /**
             * Format: int32
             * @description Smallest rendition width accepted (0 = no minimum)
             * @example 1280
             */
            MinWidth: number;
            /** @example 16:9 */
            Title: string;
            /**
             * Format: int32
             * @example 16
             */
            Width: number;
        };
        AutoCropSettingDto: {
            /** @example true */
            Enabled: boolean;
            /**
             * Format: double
             * @description Every suggestion of every image must score at least this
             * @example 0.8
             */
            MinScore: number;
            /** @example PressSite */
            ProviderName: string;
            /**
             * Format: int32
             * @description Share of auto-cropped programmes QA reviews (%); the rest complete
             * @example 100
             */
            QaSamplePercent: number;
        };
        AutoCropSettingRow: {
            /** @example true */
            Enabled: boolean;
            /**
             * Format: double
             * @description Every suggestion of every image must score at least this
             * @example 0.8
             */
            MinScore: number;
            /** @example PressSite */
            ProviderName: string;
            /**
             * Format: int32
             * @description Share of auto-cropped programmes QA reviews (%); the rest complete
             * @example 100
             */
            QaSamplePercent: number;
            /**
             * Format: date-time
             * @example 2026-12-02T10:00:00.000Z
             */
            UpdatedAt: string;
        };
        CreateRuleDto: {
            /**
             * Format: int32
             * @example 30
             */
            Percentage: number;
            /**
             * Format: int32
             * @description The stage the rule applies to (2: the share of programmes sent to QA)
             * @example 2
             */
            Status: number;
        };
        CropDto: {
            /**
             * Format: int32
             * @example 1
             */
            AspectRatioId: number;
            /**
             * Format: int32
             * @description Required unless UseSuggestion
             * @example 1080
             */
            Height?: number;
            /**
             * @description Base64 JPEG/PNG/WebP of the crop (a data: URL prefix is allowed); absent = cut server-side
             * @example /9j/4AAQSkZJRgABAQ==
             */
            ImageData?: string;
            /**
             * Format: int32
             * @example 1
             */
            ImageTypeId?: number;
            /**
             * Format: int32
             * @example 1
             */
            LanguageId?: number;
            /**
             * @description true: cut this rendition server-side from the image's suggested crop for the ratio (X, Y, Width, Height and ImageData are then left out, and a multipart save sends no file part for it)
             * @example false
             */
            UseSuggestion?: boolean;
            /**
             * Format: int32
             * @description Required unless UseSuggestion
             * @example 1920
             */
            Width?: number;
            /**
             * Format: int32
             * @description Required unless UseSuggestion
             * @example 0
             */
            X?: number;
            /**
             * Format: int32
             * @description Required unless UseSuggestion
             * @example 0
             */
            Y?: number;
        };
        CroppedImageDto: {
            Analysis: components["schemas"]["AnalysisDto"];
            /**
             * Format: date-time
             * @example 2026-11-30T22:00:00.000Z
             */
            CreatedAt: string;
            /**
             * Format: int32
             * @example null
             */
            CroppedBy: number | null;
            Crops: components["schemas"]["RenditionDto"][];
            /**
             * Format: int32
             * @description 1 while locked
             * @example 1
             * @enum {integer}
             */
            CurrentState: 0 | 1;
            /** @example Episode 12 */
            EpisodeTitle: string | null;
            /**
             * Format: int32
             * @example 1080
             */
            Height: number | null;
            /**
             * Format: int64
             * @example 42
             */
            ImageId: number;
            /** @example Poster */
            ImageType: string | null;
            /**
             * Format: int32
             * @example 1
             */
            ImageTypeId: number | null;
            /**
             * @description Source image, CDN-rewritten
             * @example https://cdn.example.com/img/42.jpg
             */
            ImageUrl: string;
            /** @example English */
            Language: string | null;
            /**
             * Format: int32
             * @example 1
             */
            LanguageId: number | null;
            /**
             * Format: date-time
             * @example 2026-12-01T09:12:00.000Z
             */
            LockedAt: string | null;
            /**
             * Format: int32
             * @example 7
             */
            LockedBy: number | null;
            /**
             * Format: date-time
             * @description When the lock expires without further activity
             * @example 2026-12-01T09:42:00.000Z
             */
            LockExpiresAt: string | null;
            /**
             * Format: int64
             * @example 1001
             */
            ProgramId: number;
            /** @example The Late Show */
            ProgramTitle: string;
            /** @example PressSite */
            ProviderName: string;
            /** @example null */
            RejectReason: string | null;
            /**
             * Format: int32
             * @description Why QA sent it back or rejected it
             * @example null
             */
            RejectReasonId: number | null;
            /**
             * Format: int32
             * @example 1
             * @enum {integer}
             */
            Status: 1 | 2 | 3 | 4 | 5;
            /** @description One per aspect ratio; empty while the analysis is pending */
            SuggestedCrops: components["schemas"]["SuggestedCropDto"][];
            /** @description BelowMinimum per aspect ratio the source cannot fill */
            Warnings: components["schemas"]["CropWarningDto"][];
            /**
             * Format: int32
             * @example 1920
             */
            Width: number | null;
        };
        CropSuggestionsDto: {
            Analysis: components["schemas"]["AnalysisDto"];
            /**
             * Format: int64
             * @example 42
             */
            ImageId: number;
            /** @description One per aspect ratio; empty while the analysis is pending */
            SuggestedCrops: components["schemas"]["SuggestedCropDto"][];
            Warnings: components["schemas"]["CropWarningDto"][];
        };
        CropWarningDto: {
            /**
             * Format: int32
             * @example 4
             */
            AspectRatioId: number;
            /**
             * @example BelowMinimum
             * @enum {string}
             */
            Code: "BelowMinimum";
            /** @example The largest 2:3 crop of this 1280x720 source is 480x720, below the minimum 720x1080 */
            Message: string;
        };
        DeleteResult: {
            /**
             * Format: int32
             * @example 1
             */
            Deleted: number;
        };
        DownloadResultDto: {
            /**
             * @description Files fetched into staging
             * @example [
             *       "PressSite_20261201.xlsx"
             *     ]
             */
            Files: string[];
            /**
             * @example success
             * @enum {string}
             */
            status: "success" | "no_files";
        };
        EmailDto: {
            /** @example operator@desk.tv */
            EmailID: string;
        };
        Envelope: {
            /**
             * @description A human sentence (why a list is empty, what was done)
             * @example OK
             */
            Message: string;
            /**
             * Format: int32
             * @description The HTTP status, repeated
             * @example 200
             */
            StatusCode: number;
        };
        ErrorEnvelope: {
            /**
             * @description Always null
             * @example null
             * @enum {object|null}
             */
            Data: never | null;
            /** @description One entry per offending field; only on a 400 from request validation */
            Errors?: components["schemas"]["FieldError"][];
            /** @example Validation failed */
            Message: string;
            /**
             * Format: int32
             * @example 400
             */
            StatusCode: number;
        };
        FieldError: {
            /** @example programId */
            Field: string;
            /** @example must be a positive integer */
            Message: string;
        };
        FileOutcomeDto: {
            /** @example PressSite_20261201.xlsx */
            File: string;
            /**
             * Format: int32
             * @example 1180
             */
            ImagesDerived?: number;
            /**
             * @example ingested
             * @enum {string}
             */
            Outcome: "ingested" | "duplicate" | "rejected" | "skipped";
            /**
             * @description Why rejected or skipped
             * @example larger than the 52428800 byte limit
             */
            Reason?: string;
            /** @description The bad rows that rejected the file */
            RowErrors?: components["schemas"]["RowErrorDto"][];
            /**
             * Format: int32
             * @example 1200
             */
            RowsInserted?: number;
            /**
             * @example [
             *       "Row 7: EpisodeTitle is empty"
             *     ]
             */
            Warnings?: string[];
        };
        HealthIndicatorDto: {
            /**
             * @example up
             * @enum {string}
             */
            Status: "up" | "down";
        };
        HealthLiveDto: {
            /** @example ok */
            Status: string;
        };
        HealthReadyDto: {
            /**
             * @description Every check
             * @example {
             *       "Database": {
             *         "Status": "up"
             *       },
             *       "Migrations": {
             *         "Status": "up"
             *       }
             *     }
             */
            Details: {
                [key: string]: components["schemas"]["HealthIndicatorDto"];
            };
            /**
             * @description The checks that are down (empty when ready)
             * @example {}
             */
            Error: {
                [key: string]: components["schemas"]["HealthIndicatorDto"];
            };
            /**
             * @description The checks that are up
             * @example {
             *       "Database": {
             *         "Status": "up"
             *       },
             *       "Migrations": {
             *         "Status": "up"
             *       }
             *     }
             */
            Info: {
                [key: string]: components["schemas"]["HealthIndicatorDto"];
            };
            /**
             * @example ok
             * @enum {string}
             */
            Status: "ok";
        };
        IngestSummaryDto: {
            /**
             * Format: int32
             * @example 1
             */
            Duplicates: number;
            /**
             * Format: int32
             * @example 840
             */
            DurationMs: number;
            Files: components["schemas"]["FileOutcomeDto"][];
            /**
             * Format: int32
             * @example 3
             */
            FilesSeen: number;
            /**
             * Format: int32
             * @example 1180
             */
            ImagesDerived: number;
            /**
             * Format: int32
             * @example 1
             */
            Ingested: number;
            /**
             * Format: int32
             * @example 1
             */
            Rejected: number;
            /**
             * Format: int32
             * @example 1200
             */
            RowsInserted: number;
            /**
             * Format: int32
             * @example 0
             */
            Skipped: number;
        };
        JobProgressDto: {
            /**
             * Format: int64
             * @description units done so far
             * @example 120000
             */
            Done: number;
            /** @example SmartCrop_20261202_020000.csv */
            File?: string;
            /**
             * Format: int64
             * @description units in all, when known
             * @example 1000000
             */
            Total?: number;
            /** @example rows */
            Unit: string;
            /**
             * Format: date-time
             * @example 2026-12-02T02:00:05.000Z
             */
            UpdatedAt: string;
        };
        JobRunDto: {
            /**
             * @description Why it failed
             * @example null
             */
            Error: string | null;
            /**
             * @example [
             *       "SmartCrop_20261201_020000.csv"
             *     ]
             */
            Files: string[];
            /**
             * Format: date-time
             * @example 2026-12-01T02:00:04.512Z
             */
            FinishedAt: string | null;
            /**
             * Format: int64
             * @example 6
             */
            Id: number;
            /**
             * @example batch
             * @enum {string}
             */
            Job: "batch" | "dump" | "ingest" | "analyse";
            /**
             * @example success
             * @enum {string}
             */
            Outcome: "running" | "success" | "nothing_to_export" | "no_files" | "failed" | "interrupted";
            /** @example null */
            Progress: components["schemas"]["JobProgressDto"] | null;
            /**
             * Format: int64
             * @example 600
             */
            Rows: number;
            /**
             * Format: date-time
             * @example 2026-12-01T02:00:00.000Z
             */
            StartedAt: string;
            /**
             * @example {
             *       "Images": 120,
             *       "Renditions": 600,
             *       "Target": "folder"
             *     }
             */
            Summary: {
                [key: string]: unknown;
            };
            /**
             * @example api
             * @enum {string}
             */
            Trigger: "cron" | "api" | "cli";
            /**
             * Format: int32
             * @description The user, for API runs
             * @example 1
             */
            TriggeredBy: number | null;
        };
        JobRunResponse: {
            /**
             * @example [
             *       "SmartCrop_20261201_020000.csv"
             *     ]
             */
            Files: string[];
            /**
             * @example success
             * @enum {string}
             */
            Outcome: "success" | "nothing_to_export" | "no_files";
            /**
             * Format: int64
             * @example 600
             */
            Rows: number;
            /**
             * Format: int64
             * @description The job-run ledger row (GET /jobs/runs)
             * @example 6
             */
            RunId: number;
            /**
             * @example {
             *       "Images": 120,
             *       "Renditions": 600,
             *       "Target": "folder"
             *     }
             */
            Summary: {
                [key: string]: unknown;
            };
        };
        JobStartedDto: {
            /**
             * Format: int64
             * @example 42
             */
            RunId: number;
        };
        LoginRequest: {
            /** @example admin@smartcrop.local */
            EmailID: string;
            /**
             * Format: password
             * @example correct horse battery staple
             */
            Password: string;
        };
        LoginResponse: {
            /**
             * Format: int32
             * @description Seconds until the token expires
             * @example 28800
             */
            ExpiresIn: number;
            /**
             * @description A JWT
             * @example eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOjd9.c2lnbmF0dXJl
             */
            Token: string;
            /** @example Bearer */
            TokenType: string;
            User: components["schemas"]["UserSummary"];
        };
        LookupItem: {
            /**
             * Format: int32
             * @example 1
             */
            Id: number;
            /** @example Poster */
            Title: string;
        };
        OperatorProductivityRowDto: {
            /**
             * Format: int64
             * @description Decided by QA as: approved
             * @example 300
             */
            ImagesApprovedByQA: number;
            /**
             * Format: int64
             * @description Images they handed over at the Operator stage
             * @example 410
             */
            ImagesFinished: number;
            /**
             * Format: int64
             * @description Images they decided on at the QA stage
             * @example 0
             */
            ImagesReviewed: number;
            /**
             * Format: int64
             * @description Of those, how many QA has decided on (at any time since)
             * @example 350
             */
            ImagesReviewedByQA: number;
            /**
             * Format: int64
             * @description Decided by QA as: sent back to the Operator stage
             * @example 42
             */
            ImagesSentBack: number;
            /**
             * Format: int64
             * @description Hand-overs that went to QA (the rest were not sampled)
             * @example 380
             */
            ImagesSentToQA: number;
            /**
             * Format: double
             * @description Median time of their hand-overs, in seconds, from the latest lock of that image by the user (a claim, or QA's send-back locking it to them) to the hand-over; null when none could be timed
             * @example 95.5
             */
            MedianLockToHandOverSeconds: number | null;
            /**
             * Format: double
             * @description Median time of their reviews, in seconds, from the latest lock of that image by the user (a claim, or QA's send-back locking it to them) to the hand-over; null when none could be timed
             * @example 95.5
             */
            MedianLockToReviewSeconds: number | null;
            /**
             * Format: double
             * @description 90th percentile of the same, in seconds, from the latest lock of that image by the user (a claim, or QA's send-back locking it to them) to the hand-over; null when none could be timed
             * @example 95.5
             */
            P90LockToHandOverSeconds: number | null;
            /**
             * Format: double
             * @description 90th percentile of the same, in seconds, from the latest lock of that image by the user (a claim, or QA's send-back locking it to them) to the hand-over; null when none could be timed
             * @example 95.5
             */
            P90LockToReviewSeconds: number | null;
            /**
             * Format: int64
             * @description Distinct programmes among their hand-overs
             * @example 120
             */
            ProgrammesFinished: number;
            /**
             * Format: int64
             * @description Distinct programmes among their QA reviews
             * @example 0
             */
            ProgrammesReviewed: number;
            /**
             * Format: double
             * @description ImagesApprovedByQA / ImagesReviewedByQA (0 to 1); null while QA has decided on none of their work
             * @example 0.12
             */
            QAApprovalRate: number | null;
            /**
             * Format: int64
             * @description Of their reviews: approvals
             * @example 0
             */
            ReviewsApproved: number;
            /**
             * Format: int64
             * @description Of their reviews: send-backs
             * @example 0
             */
            ReviewsSentBack: number;
            /** @example Operator */
            Role: string | null;
            /**
             * Format: double
             * @description ImagesSentBack / ImagesReviewedByQA (0 to 1); null while QA has decided on none of their work
             * @example 0.12
             */
            SendBackRate: number | null;
            /** @example op@desk.tv */
            UserEmail: string | null;
            /**
             * Format: int32
             * @description null on the auto-crop row
             * @example 7
             */
            UserId: number | null;
            /**
             * @description `auto-crop` on its row
             * @example Ada Lovelace
             */
            UserName: string | null;
        };
        Paged: {
            /**
             * @description The rows of this page
             * @example []
             */
            Items: unknown[];
            /**
             * Format: int32
             * @description From 1
             * @example 1
             */
            PageNumber: number;
            /**
             * Format: int32
             * @description Rows per page (at most 500)
             * @example 50
             */
            PageSize: number;
            /**
             * Format: int32
             * @example 25
             */
            TotalPages: number;
            /**
             * Format: int64
             * @example 1234
             */
            TotalRecords: number;
        };
        ProgramImageDto: {
            Analysis: components["schemas"]["AnalysisDto"];
            /**
             * Format: date-time
             * @example 2026-11-30T22:00:00.000Z
             */
            CreatedAt: string;
            /**
             * Format: int32
             * @example null
             */
            CroppedBy: number | null;
            /**
             * Format: int32
             * @description 1 while locked
             * @example 1
             * @enum {integer}
             */
            CurrentState: 0 | 1;
            /** @example Episode 12 */
            EpisodeTitle: string | null;
            /**
             * Format: int32
             * @example 1080
             */
            Height: number | null;
            /**
             * Format: int64
             * @example 42
             */
            ImageId: number;
            /**
             * Format: int32
             * @example 1
             */
            ImageTypeId: number | null;
            /**
             * @description Source image, CDN-rewritten
             * @example https://cdn.example.com/img/42.jpg
             */
            ImageUrl: string;
            /**
             * Format: int32
             * @example 1
             */
            LanguageId: number | null;
            /**
             * Format: date-time
             * @example 2026-12-01T09:12:00.000Z
             */
            LockedAt: string | null;
            /**
             * Format: int32
             * @example 7
             */
            LockedBy: number | null;
            /**
             * Format: date-time
             * @description When the lock expires without further activity
             * @example 2026-12-01T09:42:00.000Z
             */
            LockExpiresAt: string | null;
            /**
             * Format: int64
             * @example 1001
             */
            ProgramId: number;
            /** @example The Late Show */
            ProgramTitle: string;
            /** @example PressSite */
            ProviderName: string;
            /** @example null */
            RejectReason: string | null;
            /**
             * Format: int32
             * @description Why QA sent it back or rejected it
             * @example null
             */
            RejectReasonId: number | null;
            /**
             * Format: int32
             * @example 1
             * @enum {integer}
             */
            Status: 1 | 2 | 3 | 4 | 5;
            /** @description One per aspect ratio; empty while the analysis is pending */
            SuggestedCrops: components["schemas"]["SuggestedCropDto"][];
            /** @description BelowMinimum per aspect ratio the source cannot fill */
            Warnings: components["schemas"]["CropWarningDto"][];
            /**
             * Format: int32
             * @example 1920
             */
            Width: number | null;
        };
        ProviderTotalsDto: {
            /**
             * Format: int64
             * @description Images of the provider whose Operator stage the service did by auto-crop, each counted once whatever happened to it since (also counted in the stage it is at now)
             * @example 52000
             */
            AutoCropped: number;
            /**
             * Format: int64
             * @description Of the AutoCropped images, those QA sent back to the Operator stage (each counted once)
             * @example 1300
             */
            AutoCroppedSentBack: number;
            /**
             * Format: int64
             * @example 3000
             */
            Completed: number;
            /**
             * Format: int64
             * @example 87200
             */
            Exported: number;
            /**
             * Format: date-time
             * @example 2026-11-25T02:00:00.000Z
             */
            LastIngestedAt: string | null;
            /**
             * Format: date-time
             * @description When the oldest image still queued (not locked) at the Operator stage came in; null when none is queued
             * @example 2026-11-20T06:00:00.000Z
             */
            OperatorOldestQueuedAt: string | null;
            /**
             * Format: int64
             * @example 150000
             */
            OperatorQueued: number;
            /** @example PressSite */
            ProviderName: string;
            /**
             * Format: date-time
             * @description The same for the QA stage
             * @example 2026-11-24T18:30:00.000Z
             */
            QAOldestQueuedAt: string | null;
            /**
             * Format: int64
             * @example 9000
             */
            QAQueued: number;
            /**
             * Format: int64
             * @example 800
             */
            Rejected: number;
            /**
             * Format: int64
             * @example 250000
             */
            Total: number;
        };
        QcStatusDto: {
            /** @example false */
            QCDisabled: boolean;
        };
        RegisterUserDto: {
            /** @example operator@desk.tv */
            EmailID: string;
            /** @example Ada */
            FirstName: string;
            /** @example Lovelace */
            LastName: string;
            /**
             * Format: password
             * @example a-long-passphrase
             */
            Password: string;
            /** @example Operator */
            Role: string;
        };
        RejectReasonItem: {
            /**
             * Format: int32
             * @example 1
             */
            Id: number;
            /** @example Low resolution */
            Reason: string;
        };
        ReleaseResult: {
            /**
             * Format: int32
             * @description Images released
             * @example 2
             */
            Released: number;
            /**
             * Format: int32
             * @example 7
             */
            UserId: number;
        };
        RenameRoleDto: {
            /**
             * Format: int32
             * @example 4
             */
            Id: number;
            /** @example Supervisor */
            Role: string;
        };
        RenditionDto: {
            /** @example 16:9 */
            AspectRatio: string;
            /**
             * Format: int32
             * @example 1
             */
            AspectRatioId: number;
            /**
             * Format: int32
             * @example 183204
             */
            ByteSize: number;
            /** @example image/jpeg */
            ContentType: string;
            /**
             * Format: int32
             * @example 1080
             */
            Height: number;
            /**
             * Format: byte
             * @description Base64 bytes (left out with includeImageData=false)
             * @example /9j/4AAQSkZJRgABAQ==
             */
            ImageData?: string;
            /** @example Poster */
            ImageType: string | null;
            /**
             * Format: int32
             * @example 1
             */
            ImageTypeId: number | null;
            /** @example English */
            Language: string | null;
            /**
             * Format: int32
             * @example 1
             */
            LanguageId: number | null;
            /**
             * Format: int32
             * @example 1080
             */
            OutputHeight: number | null;
            /**
             * Format: int32
             * @example 1920
             */
            OutputWidth: number | null;
            /** @example renditions/42/1.jpg */
            StorageKey: string;
            /** @example https://cdn.example.com/files/renditions/42/1.jpg */
            Url: string;
            /**
             * Format: int32
             * @example 1920
             */
            Width: number;
            /**
             * Format: int32
             * @example 0
             */
            X: number;
            /**
             * Format: int32
             * @example 0
             */
            Y: number;
        };
        ReportRowDto: {
            /** @example operator_done */
            Action: string;
            /**
             * Format: int64
             * @example 9001
             */
            AuditId: number;
            /**
             * Format: date-time
             * @example 2026-11-24T09:12:00.000Z
             */
            CreatedAt: string;
            /**
             * Format: int32
             * @example 1
             */
            FromStatus: number | null;
            /**
             * Format: int64
             * @example 42
             */
            ImageId: number;
            /**
             * Format: int64
             * @example 123456
             */
            ProgramId: number;
            /** @example The Late Show */
            ProgramTitle: string;
            /** @example PressSite */
            ProviderName: string;
            /**
             * Format: int32
             * @example 5
             */
            Renditions: number;
            /**
             * Format: int32
             * @example 2
             */
            ToStatus: number | null;
            /** @example op@desk.tv */
            UserEmail: string | null;
            /**
             * Format: int32
             * @example 7
             */
            UserId: number | null;
            /** @example Ada Lovelace */
            UserName: string | null;
        };
        RoleDto: {
            /**
             * Format: int32
             * @example 2
             */
            Id: number;
            /** @example Operator */
            Role: string;
        };
        RoleNameDto: {
            /** @example Supervisor */
            Role: string;
        };
        RowErrorDto: {
            /** @example ProgramId is not a number */
            Reason: string;
            /**
             * Format: int32
             * @description Spreadsheet row (1 is the header)
             * @example 3
             */
            Row: number;
        };
        RuleDto: {
            /**
             * Format: int32
             * @example 1
             */
            Id: number;
            /** @example true */
            IsActive: boolean;
            /**
             * Format: int32
             * @example 30
             */
            Percentage: number;
            /**
             * Format: int32
             * @example 2
             */
            Status: number;
        };
        RuleIdDto: {
            /**
             * Format: int32
             * @example 1
             */
            Id: number;
        };
        SaveCropedImagesDto: {
            Crops: components["schemas"]["CropDto"][];
            /**
             * Format: int32
             * @example 0
             * @enum {integer}
             */
            CurrentState?: 0 | 1;
            /**
             * Format: int64
             * @example 42
             */
            ImageId: number;
            /**
             * Format: int64
             * @example 1001
             */
            ProgramId: number;
            /**
             * Format: int32
             * @example 1
             */
            RejectReasonId?: number;
            /**
             * Format: int32
             * @description Optional transition after saving (as UpdateStatus)
             * @example 2
             * @enum {integer}
             */
            Status?: 1 | 2 | 3 | 4;
        };
        SaveCropsResult: {
            Crops: components["schemas"]["RenditionDto"][];
            /**
             * Format: int64
             * @example 42
             */
            ImageId: number;
            /** @description Present when Status was sent */
            Transition?: components["schemas"]["UpdateStatusResult"];
            /** @description Renditions saved below their aspect ratio minimum */
            Warnings: components["schemas"]["CropWarningDto"][];
        };
        SuggestedCropDto: {
            /**
             * Format: int32
             * @example 1
             */
            AspectRatioId: number;
            /**
             * Format: int32
             * @example 1080
             */
            Height: number;
            /**
             * @description face: faces kept whole; saliency: the main subject; centre: nothing stood out; full: the whole image
             * @example face
             * @enum {string}
             */
            Method: "face" | "saliency" | "centre" | "full";
            /**
             * Format: double
             * @description How sure the engine is, 0–1
             * @example 0.87
             */
            Score: number;
            /**
             * Format: int32
             * @example 1440
             */
            Width: number;
            /**
             * Format: int32
             * @example 240
             */
            X: number;
            /**
             * Format: int32
             * @example 0
             */
            Y: number;
        };
        SuggestionAcceptanceRowDto: {
            /**
             * Format: double
             * @description Equal / (Equal + Moved + Replaced); null when nothing was saved against a suggestion
             * @example 0.776
             */
            AcceptanceRate: number | null;
            /** @example 16:9 */
            AspectRatio: string;
            /**
             * Format: int32
             * @example 1
             */
            AspectRatioId: number;
            /**
             * Format: int32
             * @description Renditions cut by auto-crop
             * @example 12
             */
            AutoCropped: number;
            /**
             * Format: int32
             * @description Saved exactly as suggested
             * @example 90
             */
            Equal: number;
            /**
             * Format: int32
             * @description The suggestion moved or resized (IoU ≥ 0.5)
             * @example 20
             */
            Moved: number;
            /**
             * Format: int32
             * @description Saved while there was no suggestion
             * @example 4
             */
            NoSuggestion: number;
            /** @example PressSite */
            ProviderName: string;
            /**
             * Format: int32
             * @description Something else drawn (IoU < 0.5)
             * @example 6
             */
            Replaced: number;
            /**
             * Format: int32
             * @description Renditions saved (Operator saves and QA edits)
             * @example 120
             */
            Saved: number;
        };
        TotalsDto: {
            /**
             * Format: int64
             * @description Images whose Operator stage the service did by auto-crop, each counted once whatever happened to it since (also counted in the stage it is at now)
             * @example 52000
             */
            AutoCropped: number;
            /**
             * Format: int64
             * @description Of the AutoCropped images, those QA sent back to the Operator stage (each counted once)
             * @example 1300
             */
            AutoCroppedSentBack: number;
            /**
             * Format: int64
             * @example 12000
             */
            Completed: number;
            /**
             * Format: int64
             * @example 332590
             */
            Exported: number;
            /**
             * Format: int64
             * @example 75
             */
            OperatorLocked: number;
            /**
             * Format: int64
             * @example 612000
             */
            OperatorQueued: number;
            /**
             * Format: int64
             * @example 25
             */
            QALocked: number;
            /**
             * Format: int64
             * @example 40210
             */
            QAQueued: number;
            /**
             * Format: int64
             * @example 3100
             */
            Rejected: number;
            /**
             * Format: int64
             * @example 1000000
             */
            Total: number;
        };
        UpdateAspectRatioMinimumDto: {
            /**
             * Format: int32
             * @example 1
             */
            Id: number;
            /**
             * Format: int32
             * @example 720
             */
            MinHeight: number;
            /**
             * Format: int32
             * @example 1280
             */
            MinWidth: number;
        };
        UpdateCroppedImageInfoItem: {
            /**
             * Format: int32
             * @example 1
             */
            AspectRatioId: number;
            /**
             * Format: int32
             * @example 0
             * @enum {integer}
             */
            CurrentState?: 0 | 1;
            /**
             * Format: int32
             * @description Required unless UseSuggestion
             * @example 1080
             */
            Height?: number;
            /**
             * @description Base64 JPEG/PNG/WebP of the crop (a data: URL prefix is allowed); absent = cut server-side
             * @example /9j/4AAQSkZJRgABAQ==
             */
            ImageData?: string;
            /**
             * Format: int64
             * @example 42
             */
            ImageId: number;
            /**
             * Format: int32
             * @example 1
             */
            ImageTypeId?: number;
            /**
             * Format: int32
             * @example 1
             */
            LanguageId?: number;
            /**
             * Format: int64
             * @example 1001
             */
            ProgramId: number;
            /**
             * Format: int32
             * @example 1
             */
            RejectReasonId?: number;
            /**
             * Format: int32
             * @example 3
             * @enum {integer}
             */
            Status?: 1 | 2 | 3 | 4;
            /**
             * @description true: cut this rendition server-side from the image's suggested crop for the ratio (X, Y, Width, Height and ImageData are then left out, and a multipart save sends no file part for it)
             * @example false
             */
            UseSuggestion?: boolean;
            /**
             * Format: int32
             * @description Required unless UseSuggestion
             * @example 1920
             */
            Width?: number;
            /**
             * Format: int32
             * @description Required unless UseSuggestion
             * @example 0
             */
            X?: number;
            /**
             * Format: int32
             * @description Required unless UseSuggestion
             * @example 0
             */
            Y?: number;
        };
        UpdatePasswordDto: {
            /** @example operator@desk.tv */
            EmailID: string;
            /**
             * Format: password
             * @example a-new-long-passphrase
             */
            NewPassword: string;
            /**
             * Format: password
             * @description Required unless an Admin sets someone’s password
             * @example the-old-passphrase
             */
            OldPassword?: string;
        };
        UpdateRuleDto: {
            /**
             * Format: int32
             * @example 1
             */
            Id: number;
            /** @example true */
            IsActive?: boolean;
            /**
             * Format: int32
             * @example 50
             */
            Percentage?: number;
            /**
             * Format: int32
             * @example 2
             */
            Status?: number;
        };
        UpdateStatusResult: {
            /**
             * Format: int32
             * @description Their new CurrentState
             * @example 0
             */
            CurrentState: number;
            /**
             * Format: int32
             * @description Rows changed
             * @example 3
             */
            RowsChanged: number;
            /**
             * Format: int32
             * @description Their new Status
             * @example 2
             */
            Status: number;
        };
        UpdateUserDto: {
            /**
             * @description Whom to update
             * @example operator@desk.tv
             */
            EmailID: string;
            /** @example Ada */
            FirstName?: string;
            /**
             * @description false deactivates the user (their locks are released)
             * @example false
             */
            IsActive?: boolean;
            /** @example Lovelace */
            LastName?: string;
            /**
             * Format: password
             * @example a-new-long-passphrase
             */
            Password?: string;
            /** @example QA */
            Role?: string;
        };
        UserDto: {
            /**
             * Format: date-time
             * @example 2026-11-02T08:30:00.000Z
             */
            CreatedAt: string;
            /** @example operator@desk.tv */
            EmailID: string;
            /** @example Ada */
            FirstName: string;
            /** @example true */
            IsActive: boolean;
            /** @example Lovelace */
            LastName: string;
            /** @example Operator */
            Role: string;
            /**
             * Format: int32
             * @example 7
             */
            UserId: number;
        };
        UserSummary: {
            /** @example operator@smartcrop.local */
            EmailID: string;
            /** @example Ada */
            FirstName: string;
            /** @example Lovelace */
            LastName: string;
            /** @example Operator */
            Role: string;
            /**
             * Format: int32
             * @example 1
             */
            UserId: number;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    autocropSetting: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AutoCropSettingDto"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Envelope"] & {
                        Data: components["schemas"]["AutoCropSettingRow"];
                    };
                };
            };
            /** @description Bad input: `Errors` lists each offending field when request validation failed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description No token, an invalid or expired one, or a deactivated account */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description Your role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description The request body (or an image in it) is larger than the service accepts */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description Something went wrong on our side; the error has been logged */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description The database or another dependency is unavailable; the Retry-After header says when to try again */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
        };
    };
    autocropSettings: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Envelope"] & {
                        Data: components["schemas"]["AutoCropSettingRow"][];
                    };
                };
            };
            /** @description No token, an invalid or expired one, or a deactivated account */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description Your role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description Something went wrong on our side; the error has been logged */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description The database or another dependency is unavailable; the Retry-After header says when to try again */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
        };
    };
    batchjobRun: {
        parameters: {
            query?: {
                /** @description false: answer 202 with { RunId } at once; the run goes on, its outcome in /jobs/runs/{RunId} */
                wait?: boolean;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The finished run (the default, wait=true) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Envelope"] & {
                        Data: components["schemas"]["JobRunResponse"];
                    };
                };
            };
            /** @description wait=false: the run started */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Envelope"] & {
                        Data: components["schemas"]["JobStartedDto"];
                    };
                };
            };
            /** @description Bad input: `Errors` lists each offending field when request validation failed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description No token, an invalid or expired one, or a deactivated account */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description Your role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description The batch job is already running */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description The request body (or an image in it) is larger than the service accepts */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description Something went wrong on our side; the error has been logged */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description The database or another dependency is unavailable; the Retry-After header says when to try again */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
        };
    };
    providerList: {
        parameters: {
            query?: {
                /** @description Page number, starting at 1 */
                pageNumber?: number;
                /** @description Rows per page (default 50; a value above 500 is served as 500) */
                pageSize?: number;
                /** @description Sort column (largest first for counts and LastIngestedAt; oldest first for the queue ages) */
                sortBy?: "ProviderName" | "Total" | "OperatorQueued" | "LastIngestedAt" | "OperatorOldestQueuedAt" | "QAOldestQueuedAt";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Envelope"] & {
                        Data: components["schemas"]["Paged"] & {
                            Items?: components["schemas"]["ProviderTotalsDto"][];
                        };
                    };
                };
            };
            /** @description Bad input: `Errors` lists each offending field when request validation failed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description No token, an invalid or expired one, or a deactivated account */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description Something went wrong on our side; the error has been logged */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description The database or another dependency is unavailable; the Retry-After header says when to try again */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
        };
    };
    dashboardTotals: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Envelope"] & {
                        Data: components["schemas"]["TotalsDto"];
                    };
                };
            };
            /** @description No token, an invalid or expired one, or a deactivated account */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description Something went wrong on our side; the error has been logged */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description The database or another dependency is unavailable; the Retry-After header says when to try again */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
        };
    };
    dumpdataRun: {
        parameters: {
            query: {
                /** @description Days of reports and audit to include */
                date_range: number;
                /** @description false: answer 202 with { RunId } at once; the run goes on, its outcome in /jobs/runs/{RunId} */
                wait?: boolean;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The finished run (the default, wait=true) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Envelope"] & {
                        Data: components["schemas"]["JobRunResponse"];
                    };
                };
            };
            /** @description wait=false: the run started */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Envelope"] & {
                        Data: components["schemas"]["JobStartedDto"];
                    };
                };
            };
            /** @description Bad input: `Errors` lists each offending field when request validation failed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description No token, an invalid or expired one, or a deactivated account */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description Your role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description The dump job is already running */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description The request body (or an image in it) is larger than the service accepts */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description Something went wrong on our side; the error has been logged */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description The database or another dependency is unavailable; the Retry-After header says when to try again */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
        };
    };
    batchRun: {
        parameters: {
            query?: {
                /** @description false: answer 202 with { RunId } at once; the run goes on, its outcome in /jobs/runs/{RunId} */
                wait?: boolean;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The finished run (the default, wait=true) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Envelope"] & {
                        Data: components["schemas"]["JobRunResponse"];
                    };
                };
            };
            /** @description wait=false: the run started */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Envelope"] & {
                        Data: components["schemas"]["JobStartedDto"];
                    };
                };
            };
            /** @description Bad input: `Errors` lists each offending field when request validation failed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description No token, an invalid or expired one, or a deactivated account */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description Your role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description The batch job is already running */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description The request body (or an image in it) is larger than the service accepts */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description Something went wrong on our side; the error has been logged */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description The database or another dependency is unavailable; the Retry-After header says when to try again */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
        };
    };
    downloadS3: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Envelope"] & {
                        Data: components["schemas"]["DownloadResultDto"];
                    };
                };
            };
            /** @description Bad input: `Errors` lists each offending field when request validation failed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description No token, an invalid or expired one, or a deactivated account */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description Your role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description No S3 manifest sources are configured */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description The request body (or an image in it) is larger than the service accepts */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description Something went wrong on our side; the error has been logged */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description The database or another dependency is unavailable; the Retry-After header says when to try again */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
        };
    };
    downloadSftp: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Envelope"] & {
                        Data: components["schemas"]["DownloadResultDto"];
                    };
                };
            };
            /** @description Bad input: `Errors` lists each offending field when request validation failed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description No token, an invalid or expired one, or a deactivated account */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description Your role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description SFTP is not configured */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description The request body (or an image in it) is larger than the service accepts */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description Something went wrong on our side; the error has been logged */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description The database or another dependency is unavailable; the Retry-After header says when to try again */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
        };
    };
    runLocal: {
        parameters: {
            query: {
                /** @description A folder under INGEST_ROOT */
                folder_path: string;
                /** @description false: answer 202 with { RunId } at once; the run goes on, its outcome in /jobs/runs/{RunId} */
                wait?: boolean;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The run summary (the default, wait=true) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Envelope"] & {
                        Data: components["schemas"]["IngestSummaryDto"];
                    };
                };
            };
            /** @description wait=false: the run started */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Envelope"] & {
                        Data: components["schemas"]["JobStartedDto"];
                    };
                };
            };
            /** @description Bad input: `Errors` lists each offending field when request validation failed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description No token, an invalid or expired one, or a deactivated account */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description Your role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description Another ingest is running */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description The request body (or an image in it) is larger than the service accepts */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description Something went wrong on our side; the error has been logged */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description The database or another dependency is unavailable; the Retry-After header says when to try again */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
        };
    };
    healthLive: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Envelope"] & {
                        Data: components["schemas"]["HealthLiveDto"];
                    };
                };
            };
            /** @description Something went wrong on our side; the error has been logged */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
        };
    };
    healthReady: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Envelope"] & {
                        Data: components["schemas"]["HealthReadyDto"];
                    };
                };
            };
            /** @description Something went wrong on our side; the error has been logged */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description The database does not answer or a migration is pending */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
        };
    };
    deleteCroppedImageInfo: {
        parameters: {
            query: {
                /** @description AspectRatioId of the rendition */
                id: number;
                /** @description ImageId of the rendition */
                imageid: number;
                /** @description Programme of the rendition */
                programId: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Envelope"] & {
                        Data: components["schemas"]["DeleteResult"];
                    };
                };
            };
            /** @description Bad input: `Errors` lists each offending field when request validation failed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description No token, an invalid or expired one, or a deactivated account */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description Your role may not work on the image at its stage */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description The programme has no such image (or rendition) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description You do not hold the image (or your lock expired) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description Something went wrong on our side; the error has been logged */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description The database or another dependency is unavailable; the Retry-After header says when to try again */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
        };
    };
    getCroppedImageInfo: {
        parameters: {
            query: {
                /** @description Include each rendition's bytes as base64 ImageData (default true) */
                includeImageData?: boolean;
                /** @description Programme whose QA-stage images to open */
                programId: number;
                /** @description The caller's own user id (another user's id is 403) */
                user: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Envelope"] & {
                        Data: components["schemas"]["CroppedImageDto"][];
                    };
                };
            };
            /** @description Bad input: `Errors` lists each offending field when request validation failed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description No token, an invalid or expired one, or a deactivated account */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description Your role may not review, or `user` is not your own id */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description The programme has no images */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description Another user holds images of the programme */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description Something went wrong on our side; the error has been logged */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description An upstream (image source or storage) answered badly */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description The database or another dependency is unavailable; the Retry-After header says when to try again */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
        };
    };
    getCropSuggestions: {
        parameters: {
            query: {
                /** @description The image whose suggested crops to return */
                imageId: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Envelope"] & {
                        Data: components["schemas"]["CropSuggestionsDto"];
                    };
                };
            };
            /** @description Bad input: `Errors` lists each offending field when request validation failed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description No token, an invalid or expired one, or a deactivated account */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description Your role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description No such image */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description Something went wrong on our side; the error has been logged */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description The source image could not be read right now */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description The database or another dependency is unavailable; the Retry-After header says when to try again */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
        };
    };
    getImageInfo: {
        parameters: {
            query: {
                /** @description Provider whose queue to claim from */
                providerName: string;
                /** @description The caller's own user id (another user's id is 403) */
                user: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Envelope"] & {
                        Data: components["schemas"]["ProgramImageDto"][];
                    };
                };
            };
            /** @description Bad input: `Errors` lists each offending field when request validation failed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description No token, an invalid or expired one, or a deactivated account */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description Your role may not claim, or `user` is not your own id */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description Something went wrong on our side; the error has been logged */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description The database or another dependency is unavailable; the Retry-After header says when to try again */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
        };
    };
    saveCropedImages: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SaveCropedImagesDto"];
                "multipart/form-data": {
                    /**
                     * @description The SaveCropedImages JSON body (as for application/json); a crop whose bytes come as a file part has no ImageData.
                     * @example {"ProgramId":1001,"ImageId":42,"Crops":[{"AspectRatioId":1,"X":0,"Y":0,"Width":1920,"Height":1080}]}
                     */
                    Request: string;
                } & {
                    [key: string]: string;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Envelope"] & {
                        Data: components["schemas"]["SaveCropsResult"];
                    };
                };
            };
            /** @description Bad input: `Errors` lists each offending field when request validation failed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description No token, an invalid or expired one, or a deactivated account */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description Your role may not work on the image at its stage */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description The programme has no such image (or rendition) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description You do not hold the image (or your lock expired) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description The body, or one crop, is larger than the service accepts */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description Something went wrong on our side; the error has been logged */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description An upstream (image source or storage) answered badly */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description The database or another dependency is unavailable; the Retry-After header says when to try again */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
        };
    };
    updateCroppedImageInfo: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateCroppedImageInfoItem"][];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Envelope"] & {
                        Data: components["schemas"]["SaveCropsResult"][];
                    };
                };
            };
            /** @description Bad input: `Errors` lists each offending field when request validation failed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description No token, an invalid or expired one, or a deactivated account */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description Your role may not work on the image at its stage */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description The programme has no such image (or rendition) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description You do not hold the image (or your lock expired) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description The body, or one crop, is larger than the service accepts */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description Something went wrong on our side; the error has been logged */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description An upstream (image source or storage) answered badly */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description The database or another dependency is unavailable; the Retry-After header says when to try again */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
        };
    };
    updateStatus: {
        parameters: {
            query: {
                /** @description 0 with the current Status releases the lock */
                currentState?: 0 | 1;
                /** @description Programme whose images (locked by the caller) change stage */
                programId: number;
                /** @description Reject reason (required for send back and reject) */
                rejectReasonId?: number;
                /** @description Same as rejectReasonId (legacy spelling) */
                RejectReasonId?: number;
                /** @description New Status: 2 operator done, 3 QA approve, 1 QA send back (needs rejectReasonId), 4 reject (needs rejectReasonId). The current Status with currentState=0 releases the images. */
                status: 1 | 2 | 3 | 4;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Envelope"] & {
                        Data: components["schemas"]["UpdateStatusResult"];
                    };
                };
            };
            /** @description Bad input: `Errors` lists each offending field when request validation failed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description No token, an invalid or expired one, or a deactivated account */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description Your role may not move images at this stage */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description You hold no images of the programme, or the transition is not allowed from their status */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description Something went wrong on our side; the error has been logged */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description The database or another dependency is unavailable; the Retry-After header says when to try again */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
        };
    };
    updateUserLockStatus: {
        parameters: {
            query: {
                /** @description User whose locks to release (yourself; Admin may name anyone) */
                userId: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Envelope"] & {
                        Data: components["schemas"]["ReleaseResult"];
                    };
                };
            };
            /** @description Bad input: `Errors` lists each offending field when request validation failed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description No token, an invalid or expired one, or a deactivated account */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description `userId` is not your own and you are not Admin */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description Something went wrong on our side; the error has been logged */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description The database or another dependency is unavailable; the Retry-After header says when to try again */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
        };
    };
    jobsRuns: {
        parameters: {
            query?: {
                /** @description Only runs of this job */
                job?: "batch" | "dump" | "ingest" | "analyse";
                /** @description Page number, starting at 1 */
                pageNumber?: number;
                /** @description Rows per page (default 50; a value above 500 is served as 500) */
                pageSize?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Envelope"] & {
                        Data: components["schemas"]["Paged"] & {
                            Items?: components["schemas"]["JobRunDto"][];
                        };
                    };
                };
            };
            /** @description Bad input: `Errors` lists each offending field when request validation failed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description No token, an invalid or expired one, or a deactivated account */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description Your role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description Something went wrong on our side; the error has been logged */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description The database or another dependency is unavailable; the Retry-After header says when to try again */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
        };
    };
    runsByRunId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                RunId: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Envelope"] & {
                        Data: components["schemas"]["JobRunDto"];
                    };
                };
            };
            /** @description Bad input: `Errors` lists each offending field when request validation failed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description No token, an invalid or expired one, or a deactivated account */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description Your role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description No run has this id */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description Something went wrong on our side; the error has been logged */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description The database or another dependency is unavailable; the Retry-After header says when to try again */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
        };
    };
    getAspectRatioLookup: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Envelope"] & {
                        Data: components["schemas"]["AspectRatioItem"][];
                    };
                };
            };
            /** @description No token, an invalid or expired one, or a deactivated account */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description Something went wrong on our side; the error has been logged */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description The database or another dependency is unavailable; the Retry-After header says when to try again */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
        };
    };
    getImageLanguageLookup: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Envelope"] & {
                        Data: components["schemas"]["LookupItem"][];
                    };
                };
            };
            /** @description No token, an invalid or expired one, or a deactivated account */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description Something went wrong on our side; the error has been logged */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description The database or another dependency is unavailable; the Retry-After header says when to try again */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
        };
    };
    getImageTypeLookup: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Envelope"] & {
                        Data: components["schemas"]["LookupItem"][];
                    };
                };
            };
            /** @description No token, an invalid or expired one, or a deactivated account */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description Something went wrong on our side; the error has been logged */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description The database or another dependency is unavailable; the Retry-After header says when to try again */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
        };
    };
    getRejectReasonLookup: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Envelope"] & {
                        Data: components["schemas"]["RejectReasonItem"][];
                    };
                };
            };
            /** @description No token, an invalid or expired one, or a deactivated account */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description Something went wrong on our side; the error has been logged */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description The database or another dependency is unavailable; the Retry-After header says when to try again */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
        };
    };
    updateAspectRatioMinimum: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateAspectRatioMinimumDto"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Envelope"] & {
                        Data: components["schemas"]["AspectRatioItem"];
                    };
                };
            };
            /** @description Bad input: `Errors` lists each offending field when request validation failed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description No token, an invalid or expired one, or a deactivated account */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description Your role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description No such aspect ratio */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description The request body (or an image in it) is larger than the service accepts */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description Something went wrong on our side; the error has been logged */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description The database or another dependency is unavailable; the Retry-After header says when to try again */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
        };
    };
    croppedImageReport: {
        parameters: {
            query?: {
                /** @description From this date (UTC, inclusive). Default: 7 days before toDate. */
                fromDate?: string;
                /** @description Page number, starting at 1 */
                pageNumber?: number;
                /** @description Rows per page (default 50; a value above 500 is served as 500) */
                pageSize?: number;
                providerName?: string;
                /** @description To this date (UTC, inclusive of the whole day). Default: today. */
                toDate?: string;
                /** @description Only actions by this user id */
                user?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Envelope"] & {
                        Data: components["schemas"]["Paged"] & {
                            Items?: components["schemas"]["ReportRowDto"][];
                        };
                    };
                };
            };
            /** @description Bad input: `Errors` lists each offending field when request validation failed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description No token, an invalid or expired one, or a deactivated account */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description Your role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description Something went wrong on our side; the error has been logged */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description The database or another dependency is unavailable; the Retry-After header says when to try again */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
        };
    };
    croppedImageReportDownLoad: {
        parameters: {
            query?: {
                /** @description From this date (UTC, inclusive). Default: 7 days before toDate. */
                fromDate?: string;
                providerName?: string;
                /** @description To this date (UTC, inclusive of the whole day). Default: today. */
                toDate?: string;
                /** @description Only actions by this user id */
                user?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The workbook, as the attachment CroppedImageReport_<from>_<to>.xlsx */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": string;
                };
            };
            /** @description Bad input: `Errors` lists each offending field when request validation failed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description No token, an invalid or expired one, or a deactivated account */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description Your role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description Something went wrong on our side; the error has been logged */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description The database or another dependency is unavailable; the Retry-After header says when to try again */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
        };
    };
    operatorProductivity: {
        parameters: {
            query?: {
                /** @description From this date (UTC, inclusive). Default: 7 days before toDate. */
                fromDate?: string;
                /** @description Page number, starting at 1 */
                pageNumber?: number;
                /** @description Rows per page (default 50; a value above 500 is served as 500) */
                pageSize?: number;
                providerName?: string;
                /** @description To this date (UTC, inclusive of the whole day). Default: today. */
                toDate?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Envelope"] & {
                        Data: components["schemas"]["Paged"] & {
                            Items?: components["schemas"]["OperatorProductivityRowDto"][];
                        };
                    };
                };
            };
            /** @description Bad input: `Errors` lists each offending field when request validation failed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description No token, an invalid or expired one, or a deactivated account */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description Your role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description Something went wrong on our side; the error has been logged */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description The database or another dependency is unavailable; the Retry-After header says when to try again */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
        };
    };
    operatorProductivityDownLoad: {
        parameters: {
            query?: {
                /** @description From this date (UTC, inclusive). Default: 7 days before toDate. */
                fromDate?: string;
                providerName?: string;
                /** @description To this date (UTC, inclusive of the whole day). Default: today. */
                toDate?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The workbook, as the attachment OperatorProductivity_<from>_<to>.xlsx */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": string;
                };
            };
            /** @description Bad input: `Errors` lists each offending field when request validation failed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description No token, an invalid or expired one, or a deactivated account */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description Your role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description Something went wrong on our side; the error has been logged */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description The database or another dependency is unavailable; the Retry-After header says when to try again */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
        };
    };
    suggestionAcceptance: {
        parameters: {
            query?: {
                /** @description From this date (UTC, inclusive). Default: 7 days before toDate. */
                fromDate?: string;
                providerName?: string;
                /** @description To this date (UTC, inclusive of the whole day). Default: today. */
                toDate?: string;
                /** @description Only actions by this user id */
                user?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Envelope"] & {
                        Data: components["schemas"]["SuggestionAcceptanceRowDto"][];
                    };
                };
            };
            /** @description Bad input: `Errors` lists each offending field when request validation failed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description No token, an invalid or expired one, or a deactivated account */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description Your role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description Something went wrong on our side; the error has been logged */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description The database or another dependency is unavailable; the Retry-After header says when to try again */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
        };
    };
    roleCreate: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RoleNameDto"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Envelope"] & {
                        Data: components["schemas"]["RoleDto"];
                    };
                };
            };
            /** @description Bad input: `Errors` lists each offending field when request validation failed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description No token, an invalid or expired one, or a deactivated account */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description Your role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description The role already exists */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description The request body (or an image in it) is larger than the service accepts */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description Something went wrong on our side; the error has been logged */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description The database or another dependency is unavailable; the Retry-After header says when to try again */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
        };
    };
    roleDelete: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RoleNameDto"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Envelope"] & {
                        Data: components["schemas"]["RoleDto"];
                    };
                };
            };
            /** @description Bad input: `Errors` lists each offending field when request validation failed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description No token, an invalid or expired one, or a deactivated account */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description Your role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description No role with that name */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description A built-in role, or one users still hold */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description The request body (or an image in it) is larger than the service accepts */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description Something went wrong on our side; the error has been logged */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description The database or another dependency is unavailable; the Retry-After header says when to try again */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
        };
    };
    roleGet: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Envelope"] & {
                        Data: components["schemas"]["RoleDto"][];
                    };
                };
            };
            /** @description No token, an invalid or expired one, or a deactivated account */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description Your role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description Something went wrong on our side; the error has been logged */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description The database or another dependency is unavailable; the Retry-After header says when to try again */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
        };
    };
    roleQCdisable: {
        parameters: {
            query?: {
                /** @description Set explicitly; without it the switch flips */
                disable?: boolean;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Envelope"] & {
                        Data: components["schemas"]["QcStatusDto"];
                    };
                };
            };
            /** @description Bad input: `Errors` lists each offending field when request validation failed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description No token, an invalid or expired one, or a deactivated account */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description Your role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description QA items are locked */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description Something went wrong on our side; the error has been logged */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description The database or another dependency is unavailable; the Retry-After header says when to try again */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
        };
    };
    roleQCdisablestatus: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Envelope"] & {
                        Data: components["schemas"]["QcStatusDto"];
                    };
                };
            };
            /** @description No token, an invalid or expired one, or a deactivated account */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description Something went wrong on our side; the error has been logged */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description The database or another dependency is unavailable; the Retry-After header says when to try again */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
        };
    };
    roleUpdate: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RenameRoleDto"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Envelope"] & {
                        Data: components["schemas"]["RoleDto"];
                    };
                };
            };
            /** @description Bad input: `Errors` lists each offending field when request validation failed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description No token, an invalid or expired one, or a deactivated account */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description Your role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description No role with that id */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description A built-in role, or the new name is taken */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description The request body (or an image in it) is larger than the service accepts */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description Something went wrong on our side; the error has been logged */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description The database or another dependency is unavailable; the Retry-After header says when to try again */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
        };
    };
    ruleCreate: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateRuleDto"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Envelope"] & {
                        Data: components["schemas"]["RuleDto"];
                    };
                };
            };
            /** @description Bad input: `Errors` lists each offending field when request validation failed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description No token, an invalid or expired one, or a deactivated account */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description Your role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description The status already has an active rule */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description The request body (or an image in it) is larger than the service accepts */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description Something went wrong on our side; the error has been logged */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description The database or another dependency is unavailable; the Retry-After header says when to try again */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
        };
    };
    ruleDelete: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RuleIdDto"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Envelope"] & {
                        Data: components["schemas"]["RuleDto"];
                    };
                };
            };
            /** @description Bad input: `Errors` lists each offending field when request validation failed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description No token, an invalid or expired one, or a deactivated account */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description Your role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description No rule with that id */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description The request body (or an image in it) is larger than the service accepts */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description Something went wrong on our side; the error has been logged */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description The database or another dependency is unavailable; the Retry-After header says when to try again */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
        };
    };
    ruleGet: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Envelope"] & {
                        Data: components["schemas"]["RuleDto"][];
                    };
                };
            };
            /** @description No token, an invalid or expired one, or a deactivated account */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description Your role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description Something went wrong on our side; the error has been logged */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description The database or another dependency is unavailable; the Retry-After header says when to try again */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
        };
    };
    ruleUpdate: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateRuleDto"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Envelope"] & {
                        Data: components["schemas"]["RuleDto"];
                    };
                };
            };
            /** @description Bad input: `Errors` lists each offending field when request validation failed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description No token, an invalid or expired one, or a deactivated account */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description Your role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description No rule with that id */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description The status already has an active rule */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description The request body (or an image in it) is larger than the service accepts */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description Something went wrong on our side; the error has been logged */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description The database or another dependency is unavailable; the Retry-After header says when to try again */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
        };
    };
    userDelete: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["EmailDto"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Envelope"] & {
                        Data: components["schemas"]["UserDto"];
                    };
                };
            };
            /** @description Bad input: `Errors` lists each offending field when request validation failed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description No token, an invalid or expired one, or a deactivated account */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description Your role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description No user with the e-mail */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description You cannot delete yourself */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description The request body (or an image in it) is larger than the service accepts */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description Something went wrong on our side; the error has been logged */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description The database or another dependency is unavailable; the Retry-After header says when to try again */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
        };
    };
    userLogin: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["LoginRequest"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Envelope"] & {
                        Data: components["schemas"]["LoginResponse"];
                    };
                };
            };
            /** @description Bad input: `Errors` lists each offending field when request validation failed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description E-mail or password is incorrect */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description The request body (or an image in it) is larger than the service accepts */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description Too many attempts; the Retry-After header says when to try again */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description Something went wrong on our side; the error has been logged */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description The database or another dependency is unavailable; the Retry-After header says when to try again */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
        };
    };
    userRegister: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RegisterUserDto"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Envelope"] & {
                        Data: components["schemas"]["UserDto"];
                    };
                };
            };
            /** @description Bad input: `Errors` lists each offending field when request validation failed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description No token, an invalid or expired one, or a deactivated account */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description Your role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description A user with the e-mail already exists */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description The request body (or an image in it) is larger than the service accepts */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description Something went wrong on our side; the error has been logged */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description The database or another dependency is unavailable; the Retry-After header says when to try again */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
        };
    };
    userUpdate: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateUserDto"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Envelope"] & {
                        Data: components["schemas"]["UserDto"];
                    };
                };
            };
            /** @description Bad input: `Errors` lists each offending field when request validation failed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description No token, an invalid or expired one, or a deactivated account */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description Your role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description No user with the e-mail */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description You cannot deactivate yourself or drop your own Admin role */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description The request body (or an image in it) is larger than the service accepts */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description Something went wrong on our side; the error has been logged */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description The database or another dependency is unavailable; the Retry-After header says when to try again */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
        };
    };
    updatePassword: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdatePasswordDto"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Envelope"] & {
                        Data: components["schemas"]["UserDto"];
                    };
                };
            };
            /** @description Bad input: `Errors` lists each offending field when request validation failed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description No token, an invalid or expired one, or a deactivated account */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description You may only change your own password */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description No user with the e-mail (Admin only) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description The request body (or an image in it) is larger than the service accepts */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description Too many attempts; the Retry-After header says when to try again */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description Something went wrong on our side; the error has been logged */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description The database or another dependency is unavailable; the Retry-After header says when to try again */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
        };
    };
    userList: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Envelope"] & {
                        Data: components["schemas"]["UserDto"][];
                    };
                };
            };
            /** @description No token, an invalid or expired one, or a deactivated account */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description Your role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description Something went wrong on our side; the error has been logged */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description The database or another dependency is unavailable; the Retry-After header says when to try again */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
        };
    };
    userRoleDetails: {
        parameters: {
            query: {
                EmailID: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Envelope"] & {
                        Data: components["schemas"]["RoleDto"][];
                    };
                };
            };
            /** @description Bad input: `Errors` lists each offending field when request validation failed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description No token, an invalid or expired one, or a deactivated account */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description Your role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description No user with the e-mail */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description The request body (or an image in it) is larger than the service accepts */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description Something went wrong on our side; the error has been logged */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description The database or another dependency is unavailable; the Retry-After header says when to try again */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
        };
    };
}
