/**
 * Schema version 1: the seed's tables plus blobs, tombstones, groups and replicas (docs/design.md §7).
 * Rules for replayable SQL (see sql-driver.ts): no defaults that read the clock, no foreign-key
 * cascades (the store deletes dependants explicitly), every timestamp is an INTEGER of ms.
 */
export const SCHEMA_V1 = `
CREATE TABLE posts (
  id TEXT PRIMARY KEY NOT NULL,
  author TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  post_bytes BLOB NOT NULL,
  reply_to TEXT,
  signature BLOB NOT NULL,
  visibility BLOB NOT NULL,
  visibility_signature BLOB NOT NULL,
  visibility_updated_at INTEGER NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('public', 'encrypted')),
  plaintext TEXT,
  search_text TEXT,
  has_media INTEGER NOT NULL CHECK (has_media IN (0, 1)),
  dm_peer TEXT,
  audience TEXT,
  received_at INTEGER NOT NULL
);
CREATE INDEX posts_by_time ON posts (created_at DESC, id DESC);
CREATE INDEX posts_by_author ON posts (author, created_at, id);
CREATE INDEX posts_by_dm_peer ON posts (dm_peer, created_at, id) WHERE dm_peer IS NOT NULL;

CREATE TABLE post_recipients (
  post_id TEXT NOT NULL,
  recipient TEXT NOT NULL,
  PRIMARY KEY (post_id, recipient)
) WITHOUT ROWID;
CREATE INDEX post_recipients_by_recipient ON post_recipients (recipient, post_id);

CREATE TABLE blobs (
  id TEXT PRIMARY KEY NOT NULL,
  bytes BLOB NOT NULL,
  mime TEXT NOT NULL,
  size INTEGER NOT NULL
);
CREATE TABLE post_blobs (
  post_id TEXT NOT NULL,
  blob_id TEXT NOT NULL,
  mime TEXT NOT NULL,
  size INTEGER NOT NULL,
  PRIMARY KEY (post_id, blob_id)
) WITHOUT ROWID;
CREATE INDEX post_blobs_by_blob ON post_blobs (blob_id);

CREATE TABLE tombstones (
  post_id TEXT NOT NULL,
  author TEXT NOT NULL,
  request BLOB NOT NULL,
  signature BLOB NOT NULL,
  deleted_at INTEGER NOT NULL,
  received_at INTEGER NOT NULL,
  PRIMARY KEY (post_id, author)
) WITHOUT ROWID;
CREATE INDEX tombstones_by_author ON tombstones (author, deleted_at);

CREATE TABLE profiles (
  author TEXT PRIMARY KEY NOT NULL,
  record BLOB NOT NULL,
  signature BLOB NOT NULL,
  display_name TEXT NOT NULL,
  bio TEXT NOT NULL,
  avatar TEXT,
  anchors TEXT NOT NULL,
  updated_at INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE peers (
  node_id TEXT PRIMARY KEY NOT NULL,
  addresses TEXT NOT NULL,
  last_seen INTEGER NOT NULL,
  is_anchor INTEGER NOT NULL CHECK (is_anchor IN (0, 1)),
  introduced_by TEXT,
  found_via TEXT
) WITHOUT ROWID;

CREATE TABLE follows (
  node_id TEXT PRIMARY KEY NOT NULL,
  followed_at INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE circles (
  name TEXT PRIMARY KEY NOT NULL,
  created_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE circle_members (
  circle TEXT NOT NULL,
  node_id TEXT NOT NULL,
  PRIMARY KEY (circle, node_id)
) WITHOUT ROWID;
CREATE INDEX circle_members_by_node ON circle_members (node_id);

CREATE TABLE mesh_peers (
  node_id TEXT PRIMARY KEY NOT NULL,
  slot_kind TEXT NOT NULL CHECK (slot_kind IN ('preferred', 'local', 'wide')),
  connected_at INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE reachable_n2 (
  node_id TEXT NOT NULL,
  via_peer TEXT NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (node_id, via_peer)
) WITHOUT ROWID;
CREATE INDEX reachable_n2_by_via ON reachable_n2 (via_peer);
CREATE TABLE reachable_n3 (
  node_id TEXT NOT NULL,
  via_peer TEXT NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (node_id, via_peer)
) WITHOUT ROWID;
CREATE INDEX reachable_n3_by_via ON reachable_n3 (via_peer);

CREATE TABLE social_routes (
  node_id TEXT PRIMARY KEY NOT NULL,
  addresses TEXT NOT NULL,
  updated_at INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE custom_feeds (
  id TEXT PRIMARY KEY NOT NULL,
  name TEXT NOT NULL,
  filter TEXT NOT NULL,
  position INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE settings (
  key TEXT PRIMARY KEY NOT NULL,
  value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE dm_state (
  peer TEXT PRIMARY KEY NOT NULL,
  status TEXT CHECK (status IS NULL OR status IN ('accepted', 'ignored')),
  last_read_at INTEGER
) WITHOUT ROWID;

CREATE TABLE groups (
  id TEXT PRIMARY KEY NOT NULL,
  name TEXT NOT NULL,
  owner TEXT NOT NULL,
  record BLOB,
  updated_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE group_members (
  group_id TEXT NOT NULL,
  node_id TEXT NOT NULL,
  PRIMARY KEY (group_id, node_id)
) WITHOUT ROWID;

CREATE TABLE replicas (
  post_id TEXT NOT NULL,
  node_id TEXT NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (post_id, node_id)
) WITHOUT ROWID;

CREATE TABLE mailbox_quotas (
  author TEXT PRIMARY KEY NOT NULL,
  post_count INTEGER NOT NULL,
  byte_count INTEGER NOT NULL
) WITHOUT ROWID;
`
