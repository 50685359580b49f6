/**
 * A post card (seed Phase E): identicon, author, time, audience badge, text with safe links,
 * image attachments. User content is bound as text only.
 */
import { css, html, LitElement } from 'lit'
import { customElement, property } from 'lit/decorators.js'
import type { PostView } from '../../core/api/index.ts'
import { audienceLabel, lowRedundancyTitle, relativeTime, splitLinks } from '../logic/index.ts'
import type { RpcClient } from '../state/index.ts'
import { sharedStyles } from '../styles/index.ts'
import './ds-attachment-image.ts'
import './ds-avatar.ts'
import './ds-pin-menu.ts'
import './ds-post-audience.ts'
import { openProfile } from './open-profile.ts'

/**
 * `<ds-post-card .post .client can-delete>`; `no-reply` hides Reply (the thread view's own root).
 * @fires ds-delete-post - detail `{ id }` when the author presses Delete
 * @fires ds-open-thread - detail `{ id }` on Reply or the reply count (issue 16)
 * @fires ds-open-profile - detail `{ node_id }` on the author's name or avatar (issue 16)
 */
@customElement('ds-post-card')
export class DsPostCard extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      /* an open post menu paints over the cards below it (each card is its own stacking context in a list) */
      :host([menu-open]) {
        position: relative;
        z-index: 3;
      }
      article {
        display: grid;
        grid-template-columns: auto 1fr;
        gap: 0.25rem 0.75rem;
        background: var(--ds-surface);
        border: 1px solid var(--ds-border);
        border-radius: 12px;
        padding: 0.85rem 1rem;
        margin-bottom: 0.6rem;
      }
      .face {
        grid-row: span 2;
        align-self: start;
      }
      header {
        display: flex;
        gap: 0.5rem;
        align-items: baseline;
        flex-wrap: wrap;
        min-width: 0;
      }
      header .name {
        font-weight: 600;
        overflow-wrap: anywhere;
      }
      .body {
        grid-column: 2;
        white-space: pre-wrap;
        overflow-wrap: anywhere;
        line-height: 1.45;
        margin: 0.2rem 0 0;
      }
      .locked {
        font-style: italic;
        color: var(--ds-muted);
      }
      .media {
        grid-column: 2;
        display: grid;
        gap: 0.4rem;
        margin-top: 0.4rem;
      }
      .badge.public {
        color: var(--ds-ok);
      }
      .badge.private {
        color: var(--ds-accent);
      }
      .badge.low-redundancy {
        font-weight: 500;
        background: transparent;
        border-style: dashed;
        cursor: help;
      }
      footer {
        grid-column: 2;
        display: flex;
        justify-content: flex-end;
        flex-wrap: wrap;
        gap: 0.75rem;
      }
      ds-post-audience {
        flex: 1;
        min-width: 0;
      }
      a {
        color: var(--ds-accent);
      }
      .replying {
        grid-column: 2;
        justify-self: start;
        font-size: 0.8rem;
      }
    `,
  ]

  @property({ attribute: false }) post: PostView | null = null
  @property({ attribute: false }) client: RpcClient | null = null
  @property({ type: Boolean, attribute: 'can-delete' }) canDelete = false
  /** Delete on others' posts too (a group's Moderator or Admin, issue 14). */
  @property({ type: Boolean, attribute: 'can-delete-any' }) canDeleteAny = false
  /** The group's name for a group post's badge, where the list knows it. */
  @property({ attribute: false }) groupName: string | null = null
  @property({ type: Boolean, attribute: 'no-reply' }) noReply = false
  /** Inside a thread view: no "in a thread" link. */
  @property({ type: Boolean, attribute: 'in-thread' }) inThread = false
  /** "now" for relative times; the list passes one value so cards agree. */
  @property({ type: Number }) now = Date.now()

  private onDelete(): void {
    if (this.post === null) return
    this.dispatchEvent(
      new CustomEvent('ds-delete-post', { detail: { id: this.post.id }, bubbles: true, composed: true }),
    )
  }

  private onMenuToggle(e: CustomEvent<{ open: boolean }>): void {
    this.toggleAttribute('menu-open', e.detail.open)
  }

  /** A quiet badge when few other devices hold an own post (issue 15): information, never a block. */
  private renderRedundancy(p: PostView) {
    const title = lowRedundancyTitle(p.redundancy)
    if (title === undefined) return null
    return html`<span class="badge low-redundancy" title=${title} aria-label=${`Low redundancy. ${title}`}>Low redundancy</span>`
  }

  private onThread(): void {
    if (this.post === null) return
    this.dispatchEvent(
      new CustomEvent('ds-open-thread', { detail: { id: this.post.id }, bubbles: true, composed: true }),
    )
  }

  private renderFooter(p: PostView, isPublic: boolean) {
    const own = this.canDelete && p.is_own
    const deletable = own || this.canDeleteAny
    const replies = p.reply_count ?? 0
    const pinMenu = !p.is_own && this.client !== null
    if (!deletable && this.noReply && !pinMenu) return null
    return html`<footer>
      ${own && !isPublic && p.audience.type !== 'group' ? html`<ds-post-audience .client=${this.client} .post=${p}></ds-post-audience>` : null}
      ${
        this.noReply
          ? null
          : html`<button class="link reply" @click=${this.onThread} aria-label=${replies === 0 ? 'Reply' : `Reply (${replies} ${replies === 1 ? 'reply' : 'replies'})`}>
              Reply${replies === 0 ? '' : html` · <span class="count">${replies}</span>`}</button>`
      }
      ${deletable ? html`<button class="link danger" @click=${this.onDelete}>Delete</button>` : null}
      ${pinMenu ? html`<ds-pin-menu .client=${this.client} .post=${p} @ds-menu-toggle=${this.onMenuToggle}></ds-pin-menu>` : null}
    </footer>`
  }

  override render() {
    const p = this.post
    if (p === null) return null
    const name = p.author_name.trim() === '' ? `${p.author.slice(0, 12)}…` : p.author_name
    const isPublic = p.audience.type === 'public'
    return html`<article aria-label=${`Post by ${name}`}>
      <button class="person-link face" tabindex="-1" aria-hidden="true" @click=${() => openProfile(this, p.author)}>
        <ds-avatar .client=${this.client} node-id=${p.author} name=${p.author_name} size="40"></ds-avatar></button>
      <header>
        <button class="person-link name" aria-label=${`Profile of ${name}`} @click=${() => openProfile(this, p.author)}>${name}</button>
        <time class="muted" datetime=${new Date(p.created_at).toISOString()}>${relativeTime(p.created_at, this.now)}</time>
        <span class="badge ${isPublic ? 'public' : 'private'}">${audienceLabel(p.audience, this.groupName)}</span>
        ${p.sent_to === undefined ? null : html`<span class="muted sent-to">to ${p.sent_to}</span>`}
        ${this.renderRedundancy(p)}
      </header>
      ${p.reply_to === undefined || this.noReply || this.inThread ? null : html`<button class="link replying" @click=${this.onThread}>↪ in a thread</button>`}
      ${
        p.content === null
          ? html`<p class="body locked">Encrypted — you are not among its readers.</p>`
          : p.content === ''
            ? null
            : html`<p class="body">${splitLinks(p.content).map((part) =>
                part.type === 'text'
                  ? part.text
                  : html`<a href=${part.href} target="_blank" rel="noopener noreferrer">${part.text}</a>`,
              )}</p>`
      }
      ${
        p.attachments.length === 0 || p.content === null
          ? null
          : html`<div class="media">${p.attachments.map(
              (a) =>
                html`<ds-attachment-image .client=${this.client} .post=${p.id} .blob=${a.blob}></ds-attachment-image>`,
            )}</div>`
      }
      ${this.renderFooter(p, isPublic)}
    </article>`
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ds-post-card': DsPostCard
  }
  interface HTMLElementEventMap {
    'ds-delete-post': CustomEvent<{ id: PostView['id'] }>
    'ds-open-thread': CustomEvent<{ id: PostView['id'] }>
  }
}
