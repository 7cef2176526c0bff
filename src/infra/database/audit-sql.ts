/**
 * The image audit log's insert, its column list written once. Follow it with a SELECT of exactly these
 * columns, in this order: image_id, program_id, action, from_status, to_status, from_state, to_state,
 * user_id, details. Every write path that moves or touches an image (claim, expiry, transitions, release,
 * rendition saves, the batch export) inserts through it, in the same statement as the change itself.
 */
export const INSERT_AUDIT = `INSERT INTO programimage_audit (image_id, program_id, action, from_status, to_status, from_state, to_state, user_id, details)`;
