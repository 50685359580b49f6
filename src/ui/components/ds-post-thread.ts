/**
 * A post's thread (issue 16): the post, a reply box, its replies in order with the replies below
 * each one level in, and a count of the replies held from people the user does not follow.
 */
import { css, html, LitElement, type PropertyValues } from 'lit'
import { customElement, property, query, state } from 'lit/decorators.js'
import type { NodeEvent, PostId, PostThreadView } from '../../core/api/index.ts'
import { checkCompose } from '../logic/index.ts'
import type { RpcClient } from '../state/index.ts'
import { sharedStyles } from '../styles/index.ts'
import './ds-post-card.ts'
import { errorMessage, showToast } from './events.ts'

/**
 * `<ds-post-thread .client .postId>`
 * @fires ds-close-thread - when the user goes back
 * @fires ds-toast - when loading or replying fails
 */
@customElement('ds-post-thread')
export class DsPostThread extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      .top {
        display: flex;
        align-items: center;
        gap: 0.5rem;
        margin-bottom: 0.6rem;
      }
      .top h2 {
        margin: 0;
      }
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
  @state() private thread: PostThreadView | null = null
  @state() private text = ''
  @state() private busy = false
  /** The reply being answered; null = the thread's first post. */
  @state() private target: { id: PostId; name: string } | null = null
  @query('textarea') private box!: HTMLTextAreaElement
  private unsubscribe: (() => void) | null = null

  override connectedCallback(): void {
    super.connectedCallback()
    this.unsubscribe =
      this.client?.on((e: NodeEvent) => {
        if (e.type === 'post.added' || e.type === 'posts.added' || e.type === 'post.removed') void this.load()
        else if (e.type === 'moderation.changed' || e.type === 'people.changed') void this.load()
      }) ?? null
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback()
    this.unsubscribe?.()
  }

  override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('postId')) {
      this.target = null
      void this.load()
    }
  }

  private async load(): Promise<void> {
    const id = this.postId
    if (this.client === null || id === null) return
    try {
      const thread = await this.client.call('post.thread', { id })
      if (id === this.postId) this.thread = thread
    } catch (err) {
      showToast(this, { message: errorMessage(err), kind: 'error' })
    }
  }

  private close(): void {
    this.dispatchEvent(new CustomEvent('ds-close-thread', { bubbles: true, composed: true }))
  }

  private readonly answer = (e: CustomEvent<{ id: PostId }>): void => {
    e.stopPropagation()
    const t = this.thread
    if (t === null) return
    const all = [t.root, ...t.replies.flatMap((r) => [r.post, ...r.replies])]
    const post = all.find((p) => p.id === e.detail.id)
    this.target = post === undefined || post.id === t.root.id ? null : { id: post.id, name: post.author_name }
    this.box?.focus()
  }

  private async send(e: SubmitEvent): Promise<void> {
    e.preventDefault()
    const t = this.thread
    if (this.client === null || t === null || !checkCompose(this.text, 0).ok) return
    this.busy = true
    try {
      await this.client.call('post.create', {
        content: this.text,
        // The node gives a reply its parent's audience whatever is asked here.
        intent: { type: 'public' },
        attachments: [],
        reply_to: this.target?.id ?? t.root.id,
      })
      this.text = ''
      this.target = null
      await this.load()
    } catch (err) {
      showToast(this, { message: errorMessage(err), kind: 'error' })
    } finally {
      this.busy = false
    }
  }

  private renderForm() {
    const check = checkCompose(this.text, 0)
    const t = this.thread
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
        <button class="primary" ?disabled=${!check.ok || this.busy}>Reply</button>
      </div>
      ${check.remaining < 0 ? html`<p class="error" role="alert">${check.message}</p>` : null}
    </form>`
  }

  override render() {
    const t = this.thread
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
