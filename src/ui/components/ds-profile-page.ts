/**
 * A person's profile page (issue 16): avatar, name, bio, anchors by host name, how this node
 * reaches them, follow/unfollow, message, mute/block, and their posts this node can read, newest
 * first. One's own page shows the connect string and a way to edit the profile.
 */
import { css, html, LitElement, type PropertyValues } from 'lit'
import { customElement, property, state } from 'lit/decorators.js'
import type {
  ConnectionView,
  FeedCursor,
  NodeEvent,
  NodeId,
  PersonView,
  PostView,
} from '../../core/api/index.ts'
import { anchorHost } from '../logic/index.ts'
import { errorMessage, NodeAction, NodeEvents, NodeQuery, type RpcClient, showToast } from '../state/index.ts'
import { backBarStyles, sharedStyles } from '../styles/index.ts'
import './ds-avatar.ts'
import './ds-connect-qr.ts'
import './ds-post-card.ts'
import { describePath } from './ds-settings-view.ts'
import { type ModerationLevel, moderate, nameOrThem } from './moderate.ts'

const PAGE = 20

/**
 * `<ds-profile-page .client .nodeId>`
 * @fires ds-close-profile - when the user goes back
 * @fires ds-navigate - `{ tab: 'messages', peer }` on Message, `{ tab: 'settings' }` on Edit profile
 * @fires ds-toast - on follow, moderation and failures
 */
@customElement('ds-profile-page')
export class DsProfilePage extends LitElement {
  static override styles = [
    sharedStyles,
    backBarStyles,
    css`
      .head {
        display: grid;
        grid-template-columns: auto minmax(0, 1fr);
        gap: 0.4rem 1rem;
        align-items: center;
      }
      .head h2 {
        font-size: 1.35rem;
        margin: 0;
        overflow-wrap: anywhere;
      }
      .badges {
        display: flex;
        flex-wrap: wrap;
        gap: 0.3rem;
        margin-top: 0.3rem;
      }
      .bio {
        grid-column: 1 / -1;
        white-space: pre-wrap;
        overflow-wrap: anywhere;
        margin: 0.4rem 0 0;
        line-height: 1.45;
      }
      .facts {
        grid-column: 1 / -1;
        margin: 0.3rem 0 0;
      }
      .facts p {
        margin: 0.15rem 0;
      }
      .actions {
        grid-column: 1 / -1;
        margin-top: 0.5rem;
      }
      .connect {
        background: var(--ds-input);
        border-radius: 8px;
        padding: 0.5rem 0.7rem;
        margin: 0.4rem 0;
      }
      details summary {
        cursor: pointer;
        color: var(--ds-muted);
        font-size: 0.85rem;
      }
      .posts > h2 {
        margin: 0.2rem 0.25rem 0.6rem;
      }
      .posts .empty {
        background: var(--ds-surface);
        border: 1px solid var(--ds-border);
        border-radius: 12px;
      }
      .more {
        display: flex;
        justify-content: center;
      }
      @media (min-width: 1000px) {
        .layout {
          display: grid;
          grid-template-columns: 22rem minmax(0, 1fr);
          gap: 0.75rem;
          align-items: start;
        }
      }
    `,
  ]

  @property({ attribute: false }) client: RpcClient | null = null
  @property({ attribute: false }) nodeId: NodeId | null = null
  @state() private person: PersonView | null = null
  @state() private posts: PostView[] = []
  @state() private next: FeedCursor | undefined = undefined
  @state() private loaded = false
  /** How this node reaches them now, if it does. */
  private readonly connection = new NodeQuery<ConnectionView | null>(this, {
    client: () => this.client,
    load: async (c) => (await c.call('network.connections', {})).find((x) => x.peer === this.nodeId) ?? null,
    initial: null,
    key: () => this.nodeId,
    loadOnConnect: false,
    reloadOn: ['network.changed'],
    report: 'reset',
  })
  private readonly action = new NodeAction(this, () => this.client)
  @state() private connect = ''
  @state() private showQr = false
  @state() private problem: string | null = null

  constructor() {
    super()
    new NodeEvents(
      this,
      () => this.client,
      (e) => this.onEvent(e),
    )
  }

  private onEvent(e: NodeEvent): void {
    if (e.type === 'people.changed' || e.type === 'moderation.changed') void this.loadPerson()
    else if (e.type === 'profile.updated' && e.person.node_id === this.nodeId) this.person = e.person
    else if (e.type === 'post.added' && e.post.author === this.nodeId) void this.loadPosts()
    else if (e.type === 'posts.added' && e.posts.some((p) => p.author === this.nodeId)) void this.loadPosts()
    else if (e.type === 'post.removed') this.posts = this.posts.filter((p) => p.id !== e.id)
  }

  override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('nodeId') || changed.has('client')) {
      this.person = null
      this.posts = []
      this.next = undefined
      this.loaded = false
      this.showQr = false
      void this.loadPerson()
      void this.loadPosts()
      void this.connection.reload()
    }
  }

  private async loadPerson(): Promise<void> {
    const id = this.nodeId
    if (this.client === null || id === null) return
    try {
      const person = await this.client.call('profile.get', { node_id: id })
      if (id !== this.nodeId) return
      this.person = person
      this.problem = person === null ? 'Nothing is known about this person yet.' : null
      if (person?.relation === 'self' && this.connect === '')
        this.connect = (await this.client.call('profile.connectString', {})).connect
    } catch (err) {
      this.problem = errorMessage(err)
    }
  }

  /** The first page again (after an arrival), or the next one (`more`). */
  private async loadPosts(more = false): Promise<void> {
    const id = this.nodeId
    if (this.client === null || id === null) return
    try {
      const before = more ? this.next : undefined
      const page = await this.client.call('post.byAuthor', {
        author: id,
        limit: PAGE,
        ...(before === undefined ? {} : { before }),
      })
      if (id !== this.nodeId) return
      this.posts = more ? [...this.posts, ...page.posts] : page.posts
      this.next = page.next
      this.loaded = true
    } catch (err) {
      showToast(this, { message: errorMessage(err), kind: 'error' })
    }
  }

  private close(): void {
    this.dispatchEvent(new CustomEvent('ds-close-profile', { bubbles: true, composed: true }))
  }

  private navigate(detail: { tab: 'messages' | 'settings'; peer?: NodeId }): void {
    this.dispatchEvent(new CustomEvent('ds-navigate', { detail, bubbles: true, composed: true }))
  }

  private async toggleFollow(p: PersonView): Promise<void> {
    const done = p.following
      ? await this.action.run((c) => c.call('follow.remove', { node_id: p.node_id }), {
          message: `You no longer follow ${nameOrThem(p)}.`,
        })
      : await this.action.run(
          (c) => c.call('follow.add', { target: p.node_id }),
          (view) => ({ message: `You now follow ${nameOrThem(view)}.`, kind: 'success' }),
        )
    if (done) await this.loadPerson()
  }

  private async moderateTo(p: PersonView, level: ModerationLevel): Promise<void> {
    const view = await moderate(this, this.client, p, level)
    if (view === null) return
    this.person = view
    await this.loadPosts()
  }

  private async copy(text: string, what: string): Promise<void> {
    try {
      await navigator.clipboard.writeText(text)
      showToast(this, { message: `${what} copied.`, kind: 'success' })
    } catch {
      showToast(this, { message: 'Could not copy — select the text and copy it yourself.', kind: 'error' })
    }
  }

  private renderBadges(p: PersonView) {
    const badges: string[] = []
    if (p.relation === 'self') badges.push('You')
    else if (p.following) badges.push('Following')
    if (p.moderation === 'muted') badges.push('Muted')
    if (p.moderation === 'blocked') badges.push('Blocked')
    if (p.private_profile === true) badges.push('Private profile for you')
    if (badges.length === 0) return null
    return html`<div class="badges">${badges.map((b) => html`<span class="badge">${b}</span>`)}</div>`
  }

  private renderReach(p: PersonView) {
    if (p.relation === 'self') return null
    const c = this.connection.value
    const path = c === null ? null : describePath(c)
    return html`<p class="muted reach">${
      path === null
        ? p.last_seen === undefined
          ? 'Not connected now.'
          : `Not connected now · last seen ${new Date(p.last_seen).toLocaleString()}`
        : `Connected: ${path.label}${path.why === '' ? '' : ` — ${path.why}`}`
    }</p>`
  }

  private renderActions(p: PersonView, name: string) {
    if (p.relation === 'self')
      return html`<div class="row actions">
        <button class="primary" @click=${() => this.navigate({ tab: 'settings' })}>Edit profile</button>
      </div>`
    const blocked = p.moderation === 'blocked'
    return html`<div class="row actions">
      <button class=${p.following ? '' : 'primary'} ?disabled=${this.action.busy || blocked}
        aria-label=${`${p.following ? 'Unfollow' : 'Follow'} ${name}`} @click=${() => this.toggleFollow(p)}>${p.following ? 'Unfollow' : 'Follow'}</button>
      <button ?disabled=${blocked} aria-label=${`Message ${name}`}
        @click=${() => this.navigate({ tab: 'messages', peer: p.node_id })}>Message</button>
      ${
        p.moderation === 'muted'
          ? html`<button class="link" aria-label=${`Unmute ${name}`} @click=${() => this.moderateTo(p, 'none')}>Unmute</button>`
          : blocked
            ? null
            : html`<button class="link" aria-label=${`Mute ${name}`} @click=${() => this.moderateTo(p, 'muted')}>Mute</button>`
      }
      ${
        blocked
          ? html`<button class="link" aria-label=${`Unblock ${name}`} @click=${() => this.moderateTo(p, 'none')}>Unblock</button>`
          : html`<button class="link danger" aria-label=${`Block ${name}`} @click=${() => this.moderateTo(p, 'blocked')}>Block</button>`
      }
    </div>`
  }

  private renderConnect() {
    if (this.connect === '') return null
    return html`<div class="facts">
      <h3>Your connect string</h3>
      <div class="connect mono" data-testid="profile-connect-string">${this.connect}</div>
      <div class="row">
        <button @click=${() => this.copy(this.connect, 'Connect string')}>Copy</button>
        <button aria-expanded=${this.showQr} @click=${() => {
          this.showQr = !this.showQr
        }}>${this.showQr ? 'Hide QR code' : 'Show QR code'}</button>
      </div>
      ${this.showQr ? html`<ds-connect-qr text=${this.connect}></ds-connect-qr>` : null}
    </div>`
  }

  private renderHead(p: PersonView) {
    const name = p.display_name.trim() === '' ? 'Unnamed' : p.display_name
    return html`<section class="card head" aria-label=${`Profile of ${name}`}>
      <ds-avatar .client=${this.client} node-id=${p.node_id} name=${name} size="88"></ds-avatar>
      <div>
        <h2>${name}</h2>
        ${this.renderBadges(p)}
      </div>
      ${p.bio === '' ? null : html`<p class="bio">${p.bio}</p>`}
      <div class="facts">
        ${this.renderReach(p)}
        ${p.anchors.length === 0 ? null : html`<p class="muted">Anchors: ${p.anchors.map(anchorHost).join(', ')}</p>`}
        <details>
          <summary>NodeId ${p.node_id.slice(0, 12)}…</summary>
          <div class="row"><span class="mono grow">${p.node_id}</span>
            <button class="link" @click=${() => this.copy(p.node_id, 'NodeId')}>Copy</button></div>
        </details>
      </div>
      ${p.moderation === 'muted' ? html`<p class="muted facts">Muted: their posts are kept out of your feeds; they are listed here because you opened their page.</p>` : null}
      ${this.renderActions(p, name)}
      ${p.relation === 'self' ? this.renderConnect() : null}
    </section>`
  }

  private renderPosts(p: PersonView | null) {
    const now = Date.now()
    const who = p === null ? 'them' : p.relation === 'self' ? 'you' : nameOrThem(p)
    return html`<section class="posts" aria-labelledby="profile-posts-title">
      <h2 id="profile-posts-title">Posts</h2>
      ${
        p?.moderation === 'blocked'
          ? html`<p class="muted">Blocked: nothing of theirs is kept or shown.</p>`
          : this.loaded && this.posts.length === 0
            ? html`<div class="empty"><strong>No posts to show</strong>${
                p?.relation === 'self'
                  ? 'What you post appears here.'
                  : `Nothing from ${who} has reached this device that you can read.`
              }</div>`
            : html`<div>${this.posts.map(
                (post) =>
                  html`<ds-post-card .post=${post} .client=${this.client} .now=${now}></ds-post-card>`,
              )}</div>`
      }
      ${
        this.next === undefined
          ? null
          : html`<div class="more"><button @click=${() => this.loadPosts(true)}>Load older posts</button></div>`
      }
    </section>`
  }

  override render() {
    const p = this.person
    return html`<section aria-label="Profile">
      <div class="top">
        <button class="link" @click=${this.close} aria-label="Back">← Back</button>
        <h2>Profile</h2>
      </div>
      ${this.problem === null ? null : html`<p class="muted">${this.problem}</p>`}
      <div class="layout">
        <div>${p === null ? (this.problem === null ? html`<p class="muted">Loading…</p>` : null) : this.renderHead(p)}</div>
        <div>${this.renderPosts(p)}</div>
      </div>
    </section>`
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ds-profile-page': DsProfilePage
  }
}
