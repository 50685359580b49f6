/**
 * Migration 14 (issue 14, group log forks): the epoch keys of losing fork branches this node held,
 * its own wrapped copy only, so posts made under them stay readable after the repair.
 */
export const SCHEMA_GROUP_FORKS = `
CREATE TABLE group_retired_keys (
  group_id TEXT NOT NULL,
  epoch INTEGER NOT NULL,
  epoch_pub BLOB NOT NULL,
  ephemeral_pub BLOB NOT NULL,
  keys BLOB NOT NULL,
  retired_at INTEGER NOT NULL,
  PRIMARY KEY (group_id, epoch, epoch_pub)
) WITHOUT ROWID;
`
