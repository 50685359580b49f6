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

/**
 * `peer_days` (issue 11): what an anchor admitted today from each peer it pulled (posts by authors
 * other than that peer), so a restart gives no peer a fresh day. One row per peer with an admitted
 * post, rows of other days dropped on the next charge, capped (PEER_DAY_ROWS): the least-used row
 * goes first, so a sybil flood of fresh rows never frees a peer that has spent much of its budget.
 */
export const SCHEMA_PEER_DAYS = `
CREATE TABLE peer_days (
  day INTEGER NOT NULL,
  peer TEXT NOT NULL,
  posts INTEGER NOT NULL,
  bytes INTEGER NOT NULL,
  PRIMARY KEY (day, peer)
) WITHOUT ROWID;

CREATE INDEX peer_days_by_use ON peer_days (posts, bytes);
`
