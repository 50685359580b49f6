/**
 * One group's page (issue 14): its name and the user's role, the composer locked to the group (a
 * Viewer is told why they cannot post), the group's feed, its members, and Leave.
 */
import { css, html, LitElement, type PropertyValues } from 'lit'
import { customElement, property, state } from 'lit/decorators.js'
import type { GroupId, GroupView, NodeEvent, NodeId, PostId, PostView } from '../../core/api/index.ts'
import { groupErrorText, ROLE_LABELS, roleHelp } from '../logic/index.ts'
import { errorMessage, NodeEvents, type RpcClient, showToast } from '../state/index.ts'
import { sharedStyles, viewLayoutStyles } from '../styles/index.ts'
import './ds-composer.ts'
import './ds-group-members.ts'
import './ds-post-card.ts'

const FEED_LIMIT = 50

function isFor(p: PostView, id: GroupId): boolean {
  return p.audience.type === 'group' && p.audience.id === id
}

/**
 * `<ds-group-view .client .groupId>`; follows `groups.changed` and group posts as they arrive.
 * @fires ds-group-close - when the user goes back to the list (or left the group)
 * @fires ds-toast - on leave, deletes and failures
 */
@customElement('ds-group-view')
export class DsGroupView extends LitElement {
  static override styles = [
    sharedStyles,
    viewLayoutStyles,
    css`
      .head {
        display: flex;
        gap: 0.5rem;
        align-items: center;
        flex-wrap: wrap;
        margin-bottom: 0.75rem;
      }
      .head h2 {
        margin: 0;
        flex: 1 1 10rem;
        min-width: 0;
        overflow-wrap: anywhere;
        font-size: 1.2rem;
      }
      .back {
        min-height: 2.75rem;
      }
      .note {
        border-left: 3px solid var(--ds-accent);
        padding: 0.4rem 0.7rem;
        margin: 0 0 0.75rem;
      }
      /* On a phone the members come after the composer, before the posts (as Circles in My Posts). */
      .layout {
        grid-template-areas: 'compose' 'members' 'posts';
        grid-template-columns: minmax(0, 1fr);
        gap: 0 0.75rem;
      }
      .compose {
        grid-area: compose;
      }
      .posts {
        grid-area: posts;
      }
      ds-group-members {
        grid-area: members;
      }
      @media (min-width: 1000px) {
        .layout {
          grid-template-areas: 'compose members' 'posts members';
          grid-template-columns: minmax(0, 1fr) 24rem;
          grid-template-rows: auto 1fr;
        }
      }
    `,
  ]

  @property({ attribute: false }) client: RpcClient | null = null
  @property({ attribute: false }) groupId: GroupId | null = null
  @state() private group: GroupView | null = null
  @state() private posts: PostView[] = []
  @state() private loaded = false
  @state() private self: NodeId | null = null
  @state() private error: string | null = null
  @state() private leaving: 'ask' | 'busy' | null = null

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
    void this.client.call('node.status', {}).then(
      (s) => {
        this.self = s.node_id ?? null
      },
      () => undefined,
    )
  }

  override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('groupId') || changed.has('client')) void this.load()
  }

  private onEvent(e: NodeEvent): void {
    const id = this.groupId
    if (id === null) return
    if (e.type === 'groups.changed') void this.load()
    else if (e.type === 'post.added' && isFor(e.post, id)) this.add([e.post])
    else if (e.type === 'posts.added') this.add(e.posts.filter((p) => isFor(p, id)))
    else if (e.type === 'post.removed') this.posts = this.posts.filter((p) => p.id !== e.id)
  }

  private add(posts: PostView[]): void {
    const known = new Set(this.posts.map((p) => p.id))
    const fresh = posts.filter((p) => !known.has(p.id))
    if (fresh.length > 0) this.posts = [...fresh, ...this.posts].sort((a, b) => b.created_at - a.created_at)
  }

  private async load(): Promise<void> {
    const id = this.groupId
    if (this.client === null || id === null) return
    try {
      const [group, feed] = await Promise.all([
        this.client.call('groups.get', { id }),
        this.client.call('groups.feed', { id, limit: FEED_LIMIT }),
      ])
      if (id !== this.groupId) return
      this.group = group
      this.posts = feed.posts
      this.error = null
    } catch (err) {
      this.error = errorMessage(err)
    } finally {
      this.loaded = true
    }
  }

  private close(): void {
    this.dispatchEvent(new CustomEvent('ds-group-close', { bubbles: true, composed: true }))
  }

  private async leave(): Promise<void> {
    const g = this.group
    if (g === null || this.client === null) return
    if (this.leaving === null) {
      this.leaving = 'ask'
      return
    }
    this.leaving = 'busy'
    try {
      await this.client.call('groups.leave', { id: g.id })
      showToast(this, { message: `You left “${g.name}”.`, kind: 'success' })
      this.close()
    } catch (err) {
      this.error = groupErrorText(err, 'leave', g.my_role)
    } finally {
      this.leaving = null
    }
  }

  private async deletePost(id: PostId): Promise<void> {
    const g = this.group
    if (g === null || this.client === null) return
    try {
      const own = this.posts.find((p) => p.id === id)?.is_own === true
      if (own) await this.client.call('post.delete', { id })
      else await this.client.call('groups.deletePost', { id: g.id, post: id })
      this.posts = this.posts.filter((p) => p.id !== id)
      showToast(this, { message: 'Post deleted from the group.' })
    } catch (err) {
      showToast(this, { message: groupErrorText(err, 'delete', g.my_role), kind: 'error' })
    }
  }

  private renderFeed(g: GroupView) {
    const now = Date.now()
    const mayDeleteOthers = g.can.includes('delete-others')
    if (this.posts.length === 0)
      return html`<div class="empty"><strong>No posts in ${g.name} yet</strong>${
        g.can.includes('post') ? 'Write the first one above.' : 'Posts by members appear here.'
      }</div>`
    return html`<div @ds-delete-post=${(e: CustomEvent<{ id: PostId }>) => this.deletePost(e.detail.id)}>
      ${this.posts.map(
        (p) =>
          html`<ds-post-card .post=${p} .client=${this.client} .now=${now} .groupName=${g.name} can-delete
            ?can-delete-any=${mayDeleteOthers}></ds-post-card>`,
      )}
    </div>`
  }

  private renderComposer(g: GroupView) {
    if (g.my_role === null) return html`<p class="muted note">You are no longer in this group.</p>`
    // A Viewer gets the reason instead of a composer; My Posts' picker still offers the group and
    // the node's refusal says the same there.
    if (!g.can.includes('post'))
      return html`<p class="muted note" data-testid="role-note">You are a ${ROLE_LABELS[g.my_role]} here: you can
          read the group's posts but not write any. An Admin can make you a Poster.</p>`
    return html`<ds-composer .client=${this.client} .groups=${[g]} locked-audience=${`group:${g.id}`}
      @ds-posted=${(e: CustomEvent<PostView>) => this.add([e.detail])}></ds-composer>`
  }

  override render() {
    const g = this.group
    const back = html`<button class="back" @click=${this.close} aria-label="Back to your groups">‹ Groups</button>`
    if (g === null)
      return html`<div class="head">${back}</div>${
        this.loaded
          ? html`<p class="error" role="alert">${this.error ?? 'This group is not here.'}</p>`
          : html`<p class="empty" aria-busy="true">Loading the group…</p>`
      }`
    return html`<div class="head">
        ${back}
        <h2>${g.name}</h2>
        ${g.my_role === null ? null : html`<span class="badge" title=${roleHelp(g.my_role)}>You: ${ROLE_LABELS[g.my_role]}</span>`}
        ${
          g.my_role === null
            ? null
            : html`<button class="danger" ?disabled=${this.leaving === 'busy'} @click=${this.leave}>${
                this.leaving === null ? 'Leave' : this.leaving === 'ask' ? 'Really leave?' : 'Leaving…'
              }</button>`
        }
      </div>
      <p class="error" role="alert">${this.error ?? ''}</p>
      <div class="layout">
        <div class="compose">${this.renderComposer(g)}</div>
        <div class="posts">
          <h2>Posts</h2>
          ${this.renderFeed(g)}
        </div>
        <ds-group-members .client=${this.client} .group=${g} .self=${this.self} @ds-group-changed=${(
          e: CustomEvent<GroupView>,
        ) => {
          this.group = e.detail
        }}></ds-group-members>
      </div>`
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ds-group-view': DsGroupView
  }
  interface HTMLElementEventMap {
    'ds-group-close': CustomEvent<void>
  }
}
