/**
 * Full-text search over posts (issue 16 "Search"): an FTS4 index of the readable text of every
 * post that is not a direct message, kept current by triggers. The bundled sql.js build has FTS3/4
 * but not FTS5 (`no such module: fts5`), so FTS4 it is; `unicode61` folds case and diacritics.
 * Direct messages stay out of the index: their text is searched only when the user searches
 * (docs/design.md §3: decrypted message text is not persisted in the clear a second time).
 */
export const SCHEMA_SEARCH = `
CREATE VIRTUAL TABLE post_search USING fts4(post_id, body, notindexed=post_id, tokenize=unicode61);
INSERT INTO post_search (post_id, body)
  SELECT id, plaintext FROM posts WHERE dm_peer IS NULL AND plaintext IS NOT NULL;
CREATE TRIGGER post_search_insert AFTER INSERT ON posts
  WHEN new.dm_peer IS NULL AND new.plaintext IS NOT NULL
  BEGIN INSERT INTO post_search (post_id, body) VALUES (new.id, new.plaintext); END;
CREATE TRIGGER post_search_update AFTER UPDATE OF plaintext, dm_peer ON posts
  BEGIN
    DELETE FROM post_search WHERE post_id = old.id;
    INSERT INTO post_search (post_id, body)
      SELECT new.id, new.plaintext WHERE new.dm_peer IS NULL AND new.plaintext IS NOT NULL;
  END;
CREATE TRIGGER post_search_delete AFTER DELETE ON posts
  BEGIN DELETE FROM post_search WHERE post_id = old.id; END;
`

/**
 * Search indexing off the write path (issue 12): an inserted post's id goes to
 * `post_search_pending` (one small B-tree row) instead of through the FTS tokenizer; the pending
 * posts are indexed in one statement by `indexPendingSearch` (search-index.ts) when a sync session
 * ends and before any search, so a search still finds every post. Updates and deletes keep both
 * tables right at once (they are rare).
 */
export const SCHEMA_SEARCH_DEFERRED = `
CREATE TABLE post_search_pending (post_id TEXT PRIMARY KEY) WITHOUT ROWID;
DROP TRIGGER post_search_insert;
CREATE TRIGGER post_search_insert AFTER INSERT ON posts
  WHEN new.dm_peer IS NULL AND new.plaintext IS NOT NULL
  BEGIN INSERT OR IGNORE INTO post_search_pending (post_id) VALUES (new.id); END;
DROP TRIGGER post_search_update;
CREATE TRIGGER post_search_update AFTER UPDATE OF plaintext, dm_peer ON posts
  BEGIN
    DELETE FROM post_search_pending WHERE post_id = old.id;
    DELETE FROM post_search WHERE post_id = old.id;
    INSERT INTO post_search (post_id, body)
      SELECT new.id, new.plaintext WHERE new.dm_peer IS NULL AND new.plaintext IS NOT NULL;
  END;
DROP TRIGGER post_search_delete;
CREATE TRIGGER post_search_delete AFTER DELETE ON posts
  BEGIN
    DELETE FROM post_search_pending WHERE post_id = old.id;
    DELETE FROM post_search WHERE post_id = old.id;
  END;
`
