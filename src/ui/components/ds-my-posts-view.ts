/** The My Posts tab (seed file map): the composer, circles, and the user's own posts with delete. */
import { css, html, LitElement } from 'lit'
import { customElement, property, state } from 'lit/decorators.js'
import type {
  CircleView,
  FeedCursor,
  GroupView,
  NodeEvent,
  PersonView,
  PostId,
  PostView,
} from '../../core/api/index.ts'
import { addReplies } from '../logic/index.ts'
import { errorMessage, NodeAction, NodeEvents, NodeQuery, type RpcClient, showToast } from '../state/index.ts'
import { sharedStyles, viewLayoutStyles } from '../styles/index.ts'
import './ds-circles.ts'
import './ds-composer.ts'
import './ds-post-card.ts'

/**
 * `<ds-my-posts-view .client>`
 * @fires ds-toast - on deletes and failures
 */
@customElement('ds-my-posts-view')
export class DsMyPostsView extends LitElement {
  static override styles = [
    sharedStyles,
    viewLayoutStyles,
    css`
      /* On a phone Circles comes right after the composer, before the list of posts (issue 16). */
      .layout {
        display: grid;
        gap: 0 0.75rem;
        grid-template-areas: 'compose' 'circles' 'posts';
        grid-template-columns: minmax(0, 1fr);
      }
      .compose {
        grid-area: compose;
      }
      .posts {
        grid-area: posts;
      }
      ds-circles {
        grid-area: circles;
        margin-bottom: 0.75rem;
      }
      @media (min-width: 1000px) {
        .layout {
          grid-template-areas: 'compose circles' 'posts circles';
          grid-template-columns: minmax(0, 1fr) 20rem;
          grid-template-rows: auto 1fr;
          align-items: start;
        }
      }
    `,
  ]

  @property({ attribute: false }) client: RpcClient | null = null
  @state() private posts: PostView[] = []
  @state() private next: FeedCursor | undefined
  @state() private loaded = false
  private readonly circles = new NodeQuery<CircleView[]>(this, {
    client: () => this.client,
    load: (c) => c.call('circles.list', {}),
    initial: [],
    reloadOn: ['circles.changed'],
  })
  private readonly people = new NodeQuery<PersonView[]>(this, {
    client: () => this.client,
    load: (c) => c.call('people.list', { filter: 'all' }),
    initial: [],
    reloadOn: ['people.changed'],
  })
  private readonly groups = new NodeQuery<GroupView[]>(this, {
    client: () => this.client,
    load: (c) => c.call('groups.list', {}),
    initial: [],
    reloadOn: ['groups.changed'],
  })
  private readonly action = new NodeAction(this, () => this.client)

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
    void this.loadPosts()
  }

  private onEvent(e: NodeEvent): void {
    if (e.type === 'post.added' || e.type === 'posts.added') {
      const counted = addReplies(this.posts, e.type === 'post.added' ? [e.post] : e.posts)
      if (counted !== this.posts) this.posts = [...counted]
    }
    if (e.type === 'post.added' && e.post.is_own && !this.posts.some((p) => p.id === e.post.id))
      this.posts = [e.post, ...this.posts]
    else if (e.type === 'posts.added') {
      const known = new Set(this.posts.map((p) => p.id))
      const own = e.posts.filter((p) => p.is_own && !known.has(p.id))
      if (own.length > 0) this.posts = [...own, ...this.posts].sort((a, b) => b.created_at - a.created_at)
    } else if (e.type === 'post.removed') this.posts = this.posts.filter((p) => p.id !== e.id)
    else if (e.type === 'replicas.changed') void this.refreshRedundancy()
  }

  /** Reads the redundancy of the loaded posts again (a holder came or went), keeping the list as it is. */
  private async refreshRedundancy(): Promise<void> {
    if (this.client === null || this.posts.length === 0) return
    try {
      const page = await this.client.call('feed.page', {
        query: { type: 'mine' },
        limit: Math.min(200, this.posts.length),
      })
      const fresh = new Map(page.posts.map((p) => [p.id, p.redundancy]))
      this.posts = this.posts.map((p) => (fresh.has(p.id) ? { ...p, redundancy: fresh.get(p.id) } : p))
    } catch {
      // the badge is information only; the next change or visit reads it again
    }
  }

  private async loadPosts(more = false): Promise<void> {
    if (this.client === null) return
    try {
      const before = more ? this.next : undefined
      const page = await this.client.call('feed.page', {
        query: { type: 'mine' },
        limit: 30,
        ...(before === undefined ? {} : { before }),
      })
      const known = new Set(more ? this.posts.map((p) => p.id) : [])
      this.posts = [...(more ? this.posts : []), ...page.posts.filter((p) => !known.has(p.id))]
      this.next = page.next
      this.loaded = true
    } catch (err) {
      showToast(this, { message: errorMessage(err), kind: 'error' })
    }
  }

  private async deletePost(id: PostId): Promise<void> {
    const done = { message: 'Post deleted. Peers who have it are asked to delete it too.' }
    if (await this.action.run((c) => c.call('post.delete', { id }), done))
      this.posts = this.posts.filter((p) => p.id !== id)
  }

  private onPosted(e: CustomEvent<PostView>): void {
    if (!this.posts.some((p) => p.id === e.detail.id)) this.posts = [e.detail, ...this.posts]
  }

  override render() {
    const now = Date.now()
    return html`<div class="layout">
      <div class="compose">
        <ds-composer .client=${this.client} .circles=${this.circles.value} .groups=${this.groups.value} .people=${this.people.value} @ds-posted=${this.onPosted}></ds-composer>
      </div>
      <div class="posts">
        <h2>Your posts</h2>
        ${
          !this.loaded
            ? html`<p class="empty" aria-busy="true">Loading…</p>`
            : this.posts.length === 0
              ? html`<div class="empty"><strong>You have not posted yet</strong>Write something above — pick who can read it with the audience menu.</div>`
              : html`<div @ds-delete-post=${(e: CustomEvent<{ id: PostId }>) => this.deletePost(e.detail.id)}>
                  ${this.posts.map((p) => html`<ds-post-card .post=${p} .client=${this.client} .now=${now} can-delete></ds-post-card>`)}
                </div>
                ${this.next === undefined ? null : html`<button @click=${() => this.loadPosts(true)}>Load older posts</button>`}`
        }
      </div>
      <ds-circles .client=${this.client} .circles=${this.circles.value} .people=${this.people.value}></ds-circles>
    </div>`
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ds-my-posts-view': DsMyPostsView
  }
}
