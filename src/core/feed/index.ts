/** Feeds computed locally from the store (docs/design.md §8), with keyset pagination. */
export { type DmThreadRow, dmThreads } from './dm-threads.ts'
export { escapeLike, type FeedRow, type FeedRows, MAX_PAGE, type PageOptions } from './feed-page.ts'
export { customFeed, dmThread, homeFeed, myPosts } from './feeds.ts'
