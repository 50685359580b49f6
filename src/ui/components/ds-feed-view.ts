/**
 * The Feed tab (seed: reverse-chronological feed, custom feeds computed locally): a virtualized list
 * paged with `feed.page` keyset cursors, saved custom feeds as chips, live updates from events.
 */
import '@lit-labs/virtualizer'
import type { RangeChangedEvent } from '@lit-labs/virtualizer/events.js'
import { css, html, LitElement } from 'lit'
import { customElement, property, state } from 'lit/decorators.js'
import type {
  CircleView,
  CustomFeed,
  FeedCursor,
  FeedQuery,
  NodeEvent,
  PostView,
} from '../../core/api/index.ts'
import { addReplies, CardSlots } from '../logic/index.ts'
import {
  errorMessage,
  FIRST_PAGE_LIMIT,
  NodeAction,
  NodeEvents,
  NodeQuery,
  type RpcClient,
  showToast,
  takeFirstPage,
} from '../state/index.ts'
import { sharedStyles } from '../styles/index.ts'
import './ds-feed-editor.ts'
import './ds-post-card.ts'
import type { DsPostCard } from './ds-post-card.ts'
import { nearFlow } from './near-flow-layout.ts'
import { remeasureReused } from './remeasure-reused.ts'

const PAGE = FIRST_PAGE_LIMIT

/**
 * `<ds-feed-view .client>`
 * @fires ds-toast - to report saves, deletes and failures
 */
/** How often live posts are merged into the list. */
const MERGE_EVERY_MS = 120

/** Feed order: newest first by `(created_at, id)`, as the node pages it. */
function newestFirst(a: PostView, b: PostView): number {
  return b.created_at - a.created_at || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0)
}

@customElement('ds-feed-view')
export class DsFeedView extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      .chips {
        display: flex;
        gap: 0.4rem;
        overflow-x: auto;
        padding: 0.1rem 0.1rem 0.6rem;
        scrollbar-width: thin;
      }
      .chip {
        border-radius: 999px;
        padding: 0.35rem 0.85rem;
        min-height: 2.25rem;
        white-space: nowrap;
        font-weight: 500;
      }
      .chip[aria-pressed='true'] {
        background: var(--ds-accent);
        border-color: var(--ds-accent);
        color: var(--ds-on-accent);
      }
      .bar {
        display: flex;
        justify-content: space-between;
        align-items: center;
        gap: 0.5rem;
        margin-bottom: 0.5rem;
      }
      lit-virtualizer {
        width: 100%;
      }
      ds-post-card {
        width: 100%;
      }
      .more {
        text-align: center;
        padding: 1rem;
      }
    `,
  ]

  @property({ attribute: false }) client: RpcClient | null = null
  /** The saved custom feeds (the chips) and the circles the feed editor offers. */
  private readonly lists = new NodeQuery<{ feeds: CustomFeed[]; circles: CircleView[] }>(this, {
    client: () => this.client,
    load: async (c) => {
      const [feeds, circles] = await Promise.all([c.call('feeds.list', {}), c.call('circles.list', {})])
      return { feeds, circles }
    },
    initial: { feeds: [], circles: [] },
    reloadOn: ['circles.changed'],
  })
  private readonly action = new NodeAction(this, () => this.client)
  @state() private active = 'home'
  @state() private posts: PostView[] = []
  @state() private next: FeedCursor | undefined
  @state() private loading = false
  @state() private loaded = false
  @state() private editing = false
  @state() private fresh = 0
  /** Posts announced since the last render, merged in one batch (a sync may bring thousands). */
  private incoming = new Map<string, PostView>()
  private flushTimer: ReturnType<typeof setTimeout> | undefined
  private generation = 0
  /**
   * "now" for relative times, moved once a minute: a new value on every render would re-render
   * every card in view each time the list changes (long tasks while scrolling, issue 12).
   */
  @state() private now = Date.now()
  private clock: ReturnType<typeof setInterval> | undefined
  /**
   * Cards are keyed by slot, not by post: a card that scrolls out shows a post that scrolls in, so
   * a scroll step updates cards instead of building new ones (issue 12).
   */
  private readonly slots = new CardSlots()
  /** The post each card showed when last seen, to re-measure the reused ones. */
  private readonly shown = new WeakMap<Element, string>()
  /** Stable callbacks, so the virtualizer does not re-render every child on each render. */
  private readonly keyOf = (p: PostView): number => this.slots.keyOf(p.id)
  /**
   * Runs before the virtualizer renders the new range (a capturing listener on the target runs
   * first), so the range's slots are assigned before its cards are keyed.
   */
  private readonly rangeListener = { handleEvent: (e: RangeChangedEvent) => this.onRange(e), capture: true }
  private readonly renderPost = (p: PostView) =>
    html`<ds-post-card .post=${p} .client=${this.client} .now=${this.now} can-delete @ds-delete-post=${this.deletePost}></ds-post-card>`

  constructor() {
    super()
    new NodeEvents(
      this,
      () => this.client,
      (e) => this.onEvent(e),
    )
  }

  override connectedCallback(): void {
    super.connectedCallback()
    if (this.client === null) return
    this.clock = setInterval(() => {
      this.now = Date.now()
    }, 60_000)
    void this.reload()
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback()
    clearInterval(this.clock)
    clearTimeout(this.flushTimer)
    this.flushTimer = undefined
    this.incoming.clear()
  }

  private query(): FeedQuery {
    const feed = this.feeds.find((f) => f.id === this.active)
    if (feed === undefined) return { type: 'home' }
    const { id: _id, name: _name, ...filters } = feed
    return { type: 'custom', feed: filters }
  }

  private onEvent(e: NodeEvent): void {
    if (e.type === 'post.added' || e.type === 'posts.added') {
      const posts = e.type === 'post.added' ? [e.post] : e.posts
      const counted = addReplies(this.posts, posts)
      if (counted !== this.posts) this.posts = [...counted]
      if (this.active !== 'home') {
        this.fresh += posts.length
        return
      }
      for (const p of posts) this.incoming.set(p.id, p)
      this.flushTimer ??= setTimeout(() => this.mergeIncoming(), MERGE_EVERY_MS)
    } else if (e.type === 'post.removed') {
      this.posts = this.posts.filter((p) => p.id !== e.id)
    } else if (e.type === 'moderation.changed') {
      void this.reload()
    }
  }

  /** Merges the batch in feed order; posts older than the loaded pages come with the next page. */
  private mergeIncoming(): void {
    this.flushTimer = undefined
    const known = new Set(this.posts.map((p) => p.id))
    const oldest = this.posts.at(-1)
    const fresh = [...this.incoming.values()].filter(
      (p) =>
        !known.has(p.id) && (this.next === undefined || oldest === undefined || newestFirst(p, oldest) < 0),
    )
    this.incoming.clear()
    if (fresh.length > 0) this.posts = [...fresh, ...this.posts].sort(newestFirst)
  }

  /** Starts the active feed again from the newest post. */
  async reload(): Promise<void> {
    this.generation++
    this.posts = []
    this.next = undefined
    this.loaded = false
    this.fresh = 0
    await this.loadMore()
  }

  private async loadMore(): Promise<void> {
    if (this.client === null || this.loading) return
    const generation = this.generation
    this.loading = true
    try {
      const before = this.next
      const params = { query: this.query(), limit: PAGE, ...(before === undefined ? {} : { before }) }
      // The first page was asked for when the tab reached the node (issue 12); taken once.
      const page = await (takeFirstPage(this.client, params) ?? this.client.call('feed.page', params))
      if (generation !== this.generation) return
      const known = new Set(this.posts.map((p) => p.id))
      this.posts = [...this.posts, ...page.posts.filter((p) => !known.has(p.id))]
      this.next = page.next
      this.loaded = true
    } catch (err) {
      showToast(this, { message: errorMessage(err), kind: 'error' })
    } finally {
      this.loading = false
    }
  }

  private onRange(e: RangeChangedEvent): void {
    this.slots.assign(this.posts.slice(Math.max(0, e.first), e.last + 1).map((p) => p.id))
    const host = e.currentTarget as Element
    queueMicrotask(() => remeasureReused(host, this.shown, (card) => (card as Partial<DsPostCard>).post?.id))
    if (this.next !== undefined && e.last >= this.posts.length - 8) void this.loadMore()
  }

  private select(id: string): void {
    if (id === this.active) return
    this.active = id
    void this.reload()
  }

  private async save(e: CustomEvent<CustomFeed>): Promise<void> {
    await this.action.run(
      async (c) => {
        const feed = await c.call('feeds.save', { feed: e.detail })
        this.lists.value = {
          ...this.lists.value,
          feeds: [...this.feeds.filter((f) => f.id !== feed.id), feed],
        }
        this.editing = false
        this.select(feed.id)
        return feed
      },
      (feed) => ({ message: `Feed “${feed.name}” saved.`, kind: 'success' }),
    )
  }

  private async removeFeed(feed: CustomFeed): Promise<void> {
    if (
      !(await this.action.run((c) => c.call('feeds.delete', { id: feed.id }), {
        message: `Feed “${feed.name}” deleted.`,
      }))
    )
      return
    this.lists.value = { ...this.lists.value, feeds: this.feeds.filter((f) => f.id !== feed.id) }
    this.select('home')
  }

  private readonly deletePost = async (e: CustomEvent<{ id: PostView['id'] }>): Promise<void> => {
    const id = e.detail.id
    if (await this.action.run((c) => c.call('post.delete', { id }), { message: 'Post deleted.' }))
      this.posts = this.posts.filter((p) => p.id !== id)
  }

  private get feeds(): CustomFeed[] {
    return this.lists.value.feeds
  }

  private renderEmpty() {
    if (!this.loaded) return html`<p class="empty" aria-busy="true">Loading your feed…</p>`
    if (this.active !== 'home')
      return html`<div class="empty"><strong>Nothing matches this feed yet</strong>Posts that match its filters will appear here.</div>`
    return html`<div class="empty"><strong>Your feed is empty</strong>Follow people in the People tab, or write your first post in My Posts.</div>`
  }

  override render() {
    const activeFeed = this.feeds.find((f) => f.id === this.active)
    return html`
      <div class="chips" role="group" aria-label="Feeds">
        <button class="chip" aria-pressed=${this.active === 'home'} @click=${() => this.select('home')}>Everyone I follow</button>
        ${this.feeds.map(
          (f) =>
            html`<button class="chip" aria-pressed=${this.active === f.id} @click=${() => this.select(f.id)}>${f.name}</button>`,
        )}
        <button class="chip" aria-expanded=${this.editing} @click=${() => {
          this.editing = !this.editing
        }}>+ New feed</button>
      </div>
      ${
        this.editing
          ? html`<ds-feed-editor .circles=${this.lists.value.circles} .existing=${this.feeds}
              @ds-save-feed=${this.save} @ds-cancel=${() => {
                this.editing = false
              }}></ds-feed-editor>`
          : null
      }
      ${
        activeFeed === undefined && this.fresh === 0
          ? null
          : html`<div class="bar">
              ${this.fresh > 0 ? html`<button class="link" @click=${() => this.reload()}>${this.fresh} new — show</button>` : html`<span></span>`}
              ${activeFeed === undefined ? null : html`<button class="link danger" @click=${() => this.removeFeed(activeFeed)}>Delete “${activeFeed.name}”</button>`}
            </div>`
      }
      ${
        this.posts.length === 0
          ? this.renderEmpty()
          : html`<lit-virtualizer role="feed" aria-busy=${this.loading} aria-label="Posts"
              .items=${this.posts}
              .layout=${nearFlow}
              .keyFunction=${this.keyOf}
              .renderItem=${this.renderPost}
              @rangeChanged=${this.rangeListener}></lit-virtualizer>
            ${this.next === undefined ? html`<p class="more muted">You are all caught up.</p>` : html`<p class="more muted">${this.loading ? 'Loading…' : ''}</p>`}`
      }
    `
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ds-feed-view': DsFeedView
  }
}
