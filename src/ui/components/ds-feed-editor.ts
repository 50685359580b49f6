/** The "new custom feed" form (docs/design.md §8 custom feeds): a name plus local filters. */
import { css, html, LitElement } from 'lit'
import { customElement, property, state } from 'lit/decorators.js'
import type { CircleView, CustomFeed } from '../../core/api/index.ts'
import { sharedStyles } from '../styles/index.ts'

/**
 * `<ds-feed-editor .circles .existing>`
 * @fires ds-save-feed - detail: the new `CustomFeed` (id is fresh)
 * @fires ds-cancel - the user closed the form
 */
@customElement('ds-feed-editor')
export class DsFeedEditor extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      .check {
        display: flex;
        gap: 0.5rem;
        align-items: center;
        margin-top: 0.6rem;
        color: var(--ds-fg);
      }
      .actions {
        display: flex;
        gap: 0.5rem;
        justify-content: flex-end;
        margin-top: 0.75rem;
      }
    `,
  ]

  @property({ attribute: false }) circles: CircleView[] = []
  @property({ attribute: false }) existing: CustomFeed[] = []
  @state() private error: string | null = null

  private submit(e: SubmitEvent): void {
    e.preventDefault()
    const data = new FormData(e.target as HTMLFormElement)
    const name = String(data.get('name') ?? '').trim()
    const text = String(data.get('text') ?? '').trim()
    const circle = String(data.get('circle') ?? '')
    const withMedia = data.get('media') === 'on'
    if (name === '') {
      this.error = 'Give the feed a name.'
      return
    }
    if (this.existing.some((f) => f.name.toLowerCase() === name.toLowerCase())) {
      this.error = `You already have a feed called “${name}”.`
      return
    }
    if (text === '' && circle === '' && !withMedia) {
      this.error = 'Pick at least one filter: words, a circle, or posts with images.'
      return
    }
    const feed: CustomFeed = {
      id: crypto.randomUUID(),
      name,
      ...(text === '' ? {} : { text }),
      ...(circle === '' ? {} : { circle }),
      ...(withMedia ? { with_media: true } : {}),
    }
    this.error = null
    this.dispatchEvent(new CustomEvent('ds-save-feed', { detail: feed, bubbles: true, composed: true }))
  }

  override render() {
    return html`<form class="card" @submit=${this.submit} novalidate aria-label="New custom feed">
      <h3>New custom feed</h3>
      <label for="feed-name">Name</label>
      <input id="feed-name" name="name" maxlength="60" />
      <label for="feed-text">Posts containing</label>
      <input id="feed-text" name="text" placeholder="e.g. climbing" />
      <label for="feed-circle">From a circle</label>
      <select id="feed-circle" name="circle">
        <option value="">Anyone you follow</option>
        ${this.circles.map((c) => html`<option value=${c.name}>${c.name}</option>`)}
      </select>
      <label class="check"><input type="checkbox" name="media" /> Only posts with images</label>
      <p class="error" role="alert">${this.error ?? ''}</p>
      <div class="actions">
        <button type="button" @click=${() => this.dispatchEvent(new CustomEvent('ds-cancel', { bubbles: true, composed: true }))}>Cancel</button>
        <button class="primary">Save feed</button>
      </div>
    </form>`
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ds-feed-editor': DsFeedEditor
  }
  interface HTMLElementEventMap {
    'ds-save-feed': CustomEvent<CustomFeed>
  }
}
