/**
 * The composer (seed Phase E): auto-growing text with a character count against LIMITS.postChars,
 * the audience picker (seed D-1 VisibilityIntent) and image attachments downscaled in the browser.
 */
import { css, html, LitElement } from 'lit'
import { customElement, property, query, state } from 'lit/decorators.js'
import type { NodeId } from '../../core/api/index.ts'
import {
  type CircleView,
  type GroupView,
  LIMITS,
  type NewAttachment,
  type PersonView,
  type PostView,
} from '../../core/api/index.ts'
import {
  audienceCost,
  audienceOptions,
  checkCompose,
  groupErrorText,
  intentFor,
  recipientGroups,
} from '../logic/index.ts'
import { downscaleImage } from '../media/index.ts'
import { errorMessage, type RpcClient, showToast } from '../state/index.ts'
import { sharedStyles } from '../styles/index.ts'

interface Picked extends NewAttachment {
  url: string
  name: string
}

/**
 * `<ds-composer .client .circles .groups .people>`; `locked-audience="group:…"` posts only there
 * (a group's own page) and hides the picker.
 * @fires ds-posted - detail: the new `PostView`
 * @fires ds-toast - on success and on failures the user should see
 */
@customElement('ds-composer')
export class DsComposer extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      textarea {
        min-height: 5.5rem;
        max-height: 60vh;
        overflow-y: auto;
      }
      .meta {
        display: flex;
        justify-content: space-between;
        gap: 0.5rem;
        align-items: center;
        flex-wrap: wrap;
        margin-top: 0.4rem;
      }
      /* A long circle or group name must not push the picker out of the card. */
      .picker {
        min-width: 0;
        max-width: 100%;
      }
      #post-audience {
        width: auto;
        max-width: 100%;
        text-overflow: ellipsis;
      }
      .count.over {
        color: var(--ds-danger);
        font-weight: 600;
      }
      .thumbs {
        display: flex;
        gap: 0.5rem;
        flex-wrap: wrap;
        margin-top: 0.5rem;
      }
      .thumb {
        position: relative;
      }
      .thumb img {
        width: 5rem;
        height: 5rem;
        object-fit: cover;
        border-radius: 8px;
        display: block;
      }
      .thumb button {
        position: absolute;
        top: 2px;
        right: 2px;
        min-height: 0;
        padding: 0 0.4rem;
      }
      .thumb span {
        font-size: 0.7rem;
      }
      fieldset {
        border: 1px solid var(--ds-border);
        border-radius: 8px;
        margin: 0.5rem 0 0;
        max-height: 12rem;
        overflow: auto;
      }
      fieldset label {
        display: flex;
        gap: 0.5rem;
        color: var(--ds-fg);
        margin: 0.2rem 0;
      }
      .file {
        position: relative;
        overflow: hidden;
      }
      .file input {
        position: absolute;
        inset: 0;
        opacity: 0;
        cursor: pointer;
      }
    `,
  ]

  @property({ attribute: false }) client: RpcClient | null = null
  @property({ attribute: false }) circles: CircleView[] = []
  @property({ attribute: false }) people: PersonView[] = []
  /** Groups the user is in (issue 14), offered in the audience picker. */
  @property({ attribute: false }) groups: GroupView[] = []
  /** A picker value the composer always posts to (no picker shown). */
  @property({ attribute: 'locked-audience' }) lockedAudience: string | null = null
  @state() private text = ''
  @state() private audience = 'public'
  @state() private direct: NodeId[] = []
  @state() private attachments: Picked[] = []
  @state() private problem: string | null = null
  @state() private busy = false
  @state() private processing = 0
  @query('textarea') private textarea!: HTMLTextAreaElement

  private onInput(e: InputEvent): void {
    const area = e.target as HTMLTextAreaElement
    this.text = area.value
    area.style.height = 'auto'
    area.style.height = `${area.scrollHeight + 2}px`
  }

  private async onFiles(e: Event): Promise<void> {
    const input = e.target as HTMLInputElement
    const files = [...(input.files ?? [])]
    input.value = ''
    this.problem = null
    for (const file of files) {
      if (this.attachments.length + this.processing >= LIMITS.attachments) {
        this.problem = `At most ${LIMITS.attachments} images per post.`
        break
      }
      this.processing++
      try {
        const att = await downscaleImage(file)
        const url = URL.createObjectURL(new Blob([att.bytes as Uint8Array<ArrayBuffer>], { type: att.mime }))
        this.attachments = [...this.attachments, { ...att, url, name: file.name }]
      } catch (err) {
        this.problem = `${file.name}: ${errorMessage(err)}`
      } finally {
        this.processing--
      }
    }
  }

  private removeAttachment(a: Picked): void {
    URL.revokeObjectURL(a.url)
    this.attachments = this.attachments.filter((x) => x !== a)
  }

  private toggleDirect(id: NodeId, on: boolean): void {
    this.direct = on ? [...this.direct, id] : this.direct.filter((x) => x !== id)
  }

  private async submit(e: SubmitEvent): Promise<void> {
    e.preventDefault()
    const check = checkCompose(this.text, this.attachments.length)
    const audience = this.lockedAudience ?? this.audience
    const intent = intentFor(audience, this.direct)
    if (!check.ok || this.client === null || this.busy) return
    if (intent === null) {
      this.problem = 'Pick at least one person for a direct post.'
      return
    }
    this.busy = true
    try {
      const post = await this.client.call('post.create', {
        content: this.text,
        intent,
        attachments: this.attachments.map(({ bytes, mime }) => ({ bytes, mime })),
      })
      for (const a of this.attachments) URL.revokeObjectURL(a.url)
      this.text = ''
      this.attachments = []
      this.problem = null
      this.textarea.value = ''
      this.textarea.style.height = 'auto'
      this.dispatchEvent(new CustomEvent('ds-posted', { detail: post, bubbles: true, composed: true }))
      showToast(this, { message: 'Posted.', kind: 'success' })
    } catch (err) {
      // A group's refusal (a Viewer's post) stays beside the Post button, in words that say why.
      if (intent.type === 'group')
        this.problem = groupErrorText(err, 'post', this.groupOf(audience)?.my_role ?? null)
      else showToast(this, { message: errorMessage(err), kind: 'error' })
    } finally {
      this.busy = false
    }
  }

  private groupOf(value: string): GroupView | undefined {
    return this.groups.find((g) => value === `group:${g.id}`)
  }

  /** The line under the picker: what the audience reveals, or why this group will refuse the post. */
  private audienceNote(value: string): string | null {
    const g = this.groupOf(value)
    if (g !== undefined && !g.can.includes('post'))
      return `You can only read “${g.name}”: your role does not allow posting there.`
    return audienceCost(value)
  }

  private renderPicker() {
    if (this.lockedAudience !== null) {
      const g = this.groupOf(this.lockedAudience)
      return html`<span class="muted">Posting to ${g?.name ?? 'this group'}</span>`
    }
    return html`<span class="row picker">
      <label for="post-audience" class="visually-hidden">Audience</label>
      <select id="post-audience" aria-describedby="post-audience-cost" .value=${this.audience} @change=${(
        e: Event,
      ) => {
        this.audience = (e.target as HTMLSelectElement).value
        this.problem = null
      }}>
        ${audienceOptions(this.circles, this.groups).map((o) => html`<option value=${o.value} ?selected=${o.value === this.audience}>${o.label}</option>`)}
      </select>
    </span>`
  }

  override render() {
    const audience = this.lockedAudience ?? this.audience
    const check = checkCompose(this.text, this.attachments.length)
    const over = check.remaining < 0
    const showMessage = this.text.length > 0 || this.attachments.length > 0
    const groups = recipientGroups(this.people)
    return html`<form class="card" @submit=${this.submit} novalidate aria-label="New post">
      <label for="post-text" class="visually-hidden">What is on your mind?</label>
      <textarea id="post-text" rows="3" placeholder="What is on your mind?" .value=${this.text}
        @input=${this.onInput} aria-describedby="post-count post-problem" aria-invalid=${over}></textarea>
      <div class="meta">
        <span id="post-count" class="count ${over ? 'over' : ''}">${check.chars} / ${LIMITS.postChars}</span>
        ${this.renderPicker()}
      </div>
      <p id="post-audience-cost" class="muted">${this.audienceNote(audience)}</p>
      ${
        audience === 'direct'
          ? html`<fieldset><legend class="muted">Send to</legend>
              ${groups.length === 0 ? html`<p class="muted">Follow someone first in the People tab.</p>` : null}
              ${groups.map(
                (g) =>
                  html`<div class="muted">${g.label}</div>${g.people.map(
                    (p) => html`<label><input type="checkbox" .checked=${this.direct.includes(p.node_id)}
                    @change=${(e: Event) => this.toggleDirect(p.node_id, (e.target as HTMLInputElement).checked)} />${p.display_name || p.node_id}</label>`,
                  )}`,
              )}
            </fieldset>`
          : null
      }
      <div class="thumbs">
        ${this.attachments.map(
          (a) => html`<div class="thumb"><img src=${a.url} alt=${`Attachment ${a.name}`} />
            <span class="muted">${Math.ceil(a.bytes.length / 1024)} KB</span>
            <button type="button" aria-label=${`Remove ${a.name}`} @click=${() => this.removeAttachment(a)}>×</button></div>`,
        )}
        ${this.processing > 0 ? html`<span class="muted" aria-live="polite">Preparing image…</span>` : null}
      </div>
      <p id="post-problem" class="error" role="alert">${this.problem ?? (showMessage && !check.ok ? check.message : '')}</p>
      <div class="meta">
        <button type="button" class="file"><svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" style="vertical-align:-3px"><path d="M20 11.5 12.5 19a5 5 0 0 1-7-7L13 4.5a3.3 3.3 0 0 1 4.7 4.7L10.3 16.6a1.7 1.7 0 0 1-2.4-2.4L14.5 7.6"/></svg> Add image<input type="file" accept="image/*" multiple
          aria-label="Attach images" @change=${this.onFiles} /></button>
        <button class="primary" ?disabled=${!check.ok || this.busy || this.processing > 0}>${this.busy ? 'Posting…' : 'Post'}</button>
      </div>
    </form>`
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ds-composer': DsComposer
  }
  interface HTMLElementEventMap {
    'ds-posted': CustomEvent<PostView>
  }
}
