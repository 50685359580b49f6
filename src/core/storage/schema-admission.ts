/**
 * What a node remembers of the peers and senders it refused (issue 11), so a restart resets nothing:
 * - `admission_days`: the day's admitted message requests (posts by authors not followed), one row
 *   per sender plus the day's total under sender '' — at most the day's cap + 1 rows, because a row
 *   is made only by an admitted post and rows of other days are dropped on the next charge;
 * - `peer_backoff`: peers in cool-down after sessions of refused items, with their strikes; capped
 *   (PEER_BACKOFF_ROWS), the row that ends soonest evicted first.
 */
export const SCHEMA_ADMISSION = `
CREATE TABLE admission_days (
  day INTEGER NOT NULL,
  sender TEXT NOT NULL,
  posts INTEGER NOT NULL,
  bytes INTEGER NOT NULL,
  PRIMARY KEY (day, sender)
) WITHOUT ROWID;

CREATE TABLE peer_backoff (
  peer TEXT PRIMARY KEY NOT NULL,
  strikes INTEGER NOT NULL,
  until INTEGER NOT NULL
) WITHOUT ROWID;

CREATE INDEX peer_backoff_by_until ON peer_backoff (until);
`
