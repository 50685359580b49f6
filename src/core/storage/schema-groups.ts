/** Migration 8 (issue 14): the groups tables of schema v1 get their log, roles, epochs, and posts their group. */
export const SCHEMA_GROUPS = `
ALTER TABLE groups ADD COLUMN epoch INTEGER NOT NULL DEFAULT 0;
ALTER TABLE groups ADD COLUMN seq INTEGER NOT NULL DEFAULT 0;
ALTER TABLE groups ADD COLUMN head TEXT NOT NULL DEFAULT '';
ALTER TABLE groups ADD COLUMN epoch_pub BLOB;
ALTER TABLE groups ADD COLUMN accepted INTEGER NOT NULL DEFAULT 0;
ALTER TABLE groups ADD COLUMN needs_rekey INTEGER NOT NULL DEFAULT 0;
ALTER TABLE group_members ADD COLUMN role TEXT NOT NULL DEFAULT 'viewer';
CREATE INDEX group_members_by_node ON group_members (node_id, group_id);
CREATE TABLE group_records (
  group_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  author TEXT NOT NULL,
  record BLOB NOT NULL,
  PRIMARY KEY (group_id, seq)
) WITHOUT ROWID;
ALTER TABLE posts ADD COLUMN group_id TEXT;
CREATE INDEX posts_by_group ON posts (group_id, created_at) WHERE group_id IS NOT NULL;
`
