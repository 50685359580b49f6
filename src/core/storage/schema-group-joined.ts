/**
 * Migration 17 (issue 14, docs/protocol/groups.md "Accepting an invitation"): the members held as
 * invited when signed accepts arrived, whose logs predate accepts, so whether they joined is
 * unknowable: they are shown joined. The fold's `pending` (which decides whether an accept is
 * valid) is left as every node computes it; a mark goes when its member leaves the group.
 */
export const SCHEMA_GROUP_JOINED = `
CREATE TABLE group_members_before_accepts (
  group_id TEXT NOT NULL,
  node_id TEXT NOT NULL,
  PRIMARY KEY (group_id, node_id)
) WITHOUT ROWID;
INSERT INTO group_members_before_accepts (group_id, node_id)
  SELECT group_id, node_id FROM group_members WHERE pending = 1;
`
