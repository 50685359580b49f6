/**
 * A post's thread (issue 16): the post, a reply box, its replies in order with the replies below
 * each one level in, and a count of the replies held from people the user does not follow.
 */
import { css, html, LitElement, type PropertyValues } from 'lit'
import { customElement, property, query, state } from 'lit/decorators.js'
import type { PostId, PostThreadView } from '../../core/api/index.ts'
import { checkCompose } from '../logic/index.ts'
import { NodeAction, NodeQuery, type RpcClient } from '../state/index.ts'
import { backBarStyles, sharedStyles } from '../styles/index.ts'
import './ds-post-card.ts'

/**
 * `<ds-post-thread .client .postId>`
 * @fires ds-close-thread - when the user goes back
 * @fires ds-toast - when loading or replying fails
 */
@customElement('ds-post-thread')
export class DsPostThread extends LitElement {
  static override styles = [
    sharedStyles,
    backBarStyles,
    css`
      ol {
        list-style: none;
        margin: 0;
        padding: 0;
      }
      ol.nested {
        margin-left: 1.25rem;
        padding-left: 0.75rem;
        border-left: 2px solid var(--ds-border);
      }
      form {
        margin-bottom: 0.75rem;
      }
      form textarea {
        margin-bottom: 0.4rem;
      }
      .replying-to {
        font-size: 0.85rem;
        margin: 0 0 0.3rem;
      }
    `,
  ]

  @property({ attribute: false }) client: RpcClient | null = null
  @property({ attribute: false }) postId: PostId | null = null
  private readonly query = new NodeQuery<PostThreadView | null>(this, {
    client: () => this.client,
    load: (c) => c.call('post.thread', { id: this.postId! }),
    initial: null,
    key: () => this.postId,
    loadOnConnect: false,
    reloadOn: ['post.added', 'posts.added', 'post.removed', 'moderation.changed', 'people.changed'],
  })
  private readonly action = new NodeAction(this, () => this.client)
  @state() private text = ''
  /** The reply being answered; null = the thread's first post. */
  @state() private target: { id: PostId; name: string } | null = null
  @query('textarea') private box!: HTMLTextAreaElement

  override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('postId')) {
      this.target = null
      void this.query.reload()
    }
  }

  private close(): void {
    this.dispatchEvent(new CustomEvent('ds-close-thread', { bubbles: true, composed: true }))
  }

  private readonly answer = (e: CustomEvent<{ id: PostId }>): void => {
    e.stopPropagation()
    const t = this.query.value
    if (t === null) return
    const all = [t.root, ...t.replies.flatMap((r) => [r.post, ...r.replies])]
    const post = all.find((p) => p.id === e.detail.id)
    this.target = post === undefined || post.id === t.root.id ? null : { id: post.id, name: post.author_name }
    this.box?.focus()
  }

  private async send(e: SubmitEvent): Promise<void> {
    e.preventDefault()
    const t = this.query.value
    if (t === null || !checkCompose(this.text, 0).ok) return
    const sent = await this.action.run((c) =>
      c.call('post.create', {
        content: this.text,
        // The node gives a reply its parent's audience whatever is asked here.
        intent: { type: 'public' },
        attachments: [],
        reply_to: this.target?.id ?? t.root.id,
      }),
    )
    if (!sent) return
    this.text = ''
    this.target = null
    await this.query.reload()
  }

  private renderForm() {
    const check = checkCompose(this.text, 0)
    const t = this.query.value
    const to = this.target?.name ?? t?.root.author_name ?? ''
    return html`<form class="card" @submit=${this.send} aria-label="Reply">
      <p class="replying-to muted">Replying to <strong>${to}</strong>${
        this.target === null
          ? null
          : html` · <button type="button" class="link" @click=${() => {
              this.target = null
            }}>reply to the post instead</button>`
      }</p>
      <label class="visually-hidden" for="reply-text">Your reply</label>
      <textarea id="reply-text" rows="2" placeholder="Write a reply" .value=${this.text}
        @input=${(e: InputEvent) => {
          this.text = (e.target as HTMLTextAreaElement).value
        }}></textarea>
      <div class="row">
        <span class="grow muted">${t !== null && t.root.audience.type !== 'public' ? 'Only the post’s audience can read your reply.' : 'Your reply is public.'}</span>
        <button class="primary" ?disabled=${!check.ok || this.action.busy}>Reply</button>
      </div>
      ${check.remaining < 0 ? html`<p class="error" role="alert">${check.message}</p>` : null}
    </form>`
  }

  override render() {
    const t = this.query.value
    const now = Date.now()
    const card = (p: PostThreadView['root'], root = false) =>
      html`<ds-post-card .post=${p} .client=${this.client} .now=${now} ?no-reply=${root} in-thread can-delete
        @ds-open-thread=${this.answer}></ds-post-card>`
    return html`<section aria-label="Thread">
      <div class="top">
        <button class="link" @click=${this.close} aria-label="Back">← Back</button>
        <h2>Thread</h2>
      </div>
      ${
        t === null
          ? html`<p class="muted">Loading…</p>`
          : html`${card(t.root, true)}
            ${this.renderForm()}
            ${t.replies.length === 0 && t.hidden === 0 ? html`<p class="muted">No replies yet.</p>` : null}
            <ol aria-label="Replies">
              ${t.replies.map(
                (r) => html`<li>${card(r.post)}
                  ${r.replies.length === 0 ? null : html`<ol class="nested">${r.replies.map((n) => html`<li>${card(n)}</li>`)}</ol>`}</li>`,
              )}
            </ol>
            ${
              t.hidden === 0
                ? null
                : html`<p class="muted hidden-count">${t.hidden} more ${t.hidden === 1 ? 'reply' : 'replies'} from people you don’t follow.</p>`
            }`
      }
    </section>`
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ds-post-thread': DsPostThread
  }
  interface HTMLElementEventMap {
    'ds-close-thread': CustomEvent<void>
  }
}
