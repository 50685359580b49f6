/**
 * Replica bookkeeping beyond the `replicas` rows (issue 15, docs/protocol/replicas.md):
 * - `replica_reports`: per own post and holder, the `at` of the last holding report taken, so a
 *   replayed report is refused after a restart too (a dropped holder keeps its row);
 * - `replica_maps`: the latest signed replica map an author sent for a post this node holds
 *   (canonical CBOR of the signed map; sealed ones stay sealed).
 */
export const SCHEMA_REPLICAS = `
CREATE TABLE replica_reports (
  post_id TEXT NOT NULL,
  holder TEXT NOT NULL,
  report_at INTEGER NOT NULL,
  PRIMARY KEY (post_id, holder)
) WITHOUT ROWID;

CREATE TABLE replica_maps (
  post_id TEXT PRIMARY KEY NOT NULL,
  author TEXT NOT NULL,
  updated_at INTEGER NOT NULL,
  signed BLOB NOT NULL
) WITHOUT ROWID;
`
