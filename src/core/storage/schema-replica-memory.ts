/**
 * The replica side's memory across restarts (issue 15, src/core/replicas/replica-memory.ts):
 * recent pullers of own posts (≤ 256 rows, 7 days), when each own post's map last changed, and
 * per peer (≤ 256 rows) when it last had every pending map sent.
 */
export const SCHEMA_REPLICA_MEMORY = `
CREATE TABLE recent_pullers (
  node_id TEXT PRIMARY KEY NOT NULL,
  seen_at INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE map_changes (
  post_id TEXT PRIMARY KEY NOT NULL,
  changed_at INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE map_peers (
  peer TEXT PRIMARY KEY NOT NULL,
  synced_at INTEGER NOT NULL
) WITHOUT ROWID;
`
