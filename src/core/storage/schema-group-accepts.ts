/**
 * Migration 16 (issue 14, signed accepts): which members of a group are invited and not joined yet
 * (no `accept` of theirs in the log). Logs held from before accept records existed hold none, so
 * every member but the creator starts out invited, as a fresh fold of the same log says.
 */
export const SCHEMA_GROUP_ACCEPTS = `
ALTER TABLE group_members ADD COLUMN pending INTEGER NOT NULL DEFAULT 0;
UPDATE group_members SET pending = 1
  WHERE node_id <> (SELECT owner FROM groups WHERE groups.id = group_members.group_id);
`
