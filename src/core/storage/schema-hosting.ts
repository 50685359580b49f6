/**
 * Hosting for others and pins (issue 15, docs/design.md §12): which held posts this node agreed
 * to host for someone else (what its 3× quota counts), which ones the user pinned (outside the
 * quota), and the blobs a fork pin keeps after the original is gone.
 */
export const SCHEMA_HOSTING = `
CREATE TABLE hosted_posts (
  post_id TEXT PRIMARY KEY NOT NULL,
  asked_by TEXT NOT NULL,
  hosted_at INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE pins (
  post_id TEXT PRIMARY KEY NOT NULL,
  author TEXT NOT NULL,
  mode TEXT NOT NULL CHECK (mode IN ('anchor', 'fork')),
  pinned_at INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  post_bytes BLOB,
  signature BLOB,
  visibility BLOB,
  visibility_signature BLOB,
  visibility_updated_at INTEGER,
  bytes INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE pin_blobs (
  post_id TEXT NOT NULL,
  blob_id TEXT NOT NULL,
  PRIMARY KEY (post_id, blob_id)
) WITHOUT ROWID;
CREATE INDEX pin_blobs_by_blob ON pin_blobs (blob_id);
`
