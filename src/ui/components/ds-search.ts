/**
 * The search box (issue 16): one field in the top bar over posts held, people known by name and
 * direct messages, with matched words highlighted and keyboard navigation (↑/↓ move, Enter opens,
 * Escape closes) on the combobox pattern of WAI-ARIA. Text parts come from the node; they are
 * bound as text, the hits as `<mark>`, so nothing a peer wrote becomes markup.
 */
import { css, html, LitElement, type PropertyValues } from 'lit'
import { customElement, property, state } from 'lit/decorators.js'
import type { NodeId, SearchResults, TextPart } from '../../core/api/index.ts'
import { errorMessage, type RpcClient } from '../state/index.ts'
import { sharedStyles } from '../styles/index.ts'
import './ds-avatar.ts'

/** Where a result leads: the app switches tab (and opens a thread for a message). */
export interface NavigateRequest {
  tab: 'feed' | 'people' | 'messages' | 'settings'
  peer?: NodeId
}

type Option =
  | { kind: 'post'; key: string; title: string; parts: TextPart[] }
  | { kind: 'person'; key: string; title: string; parts: TextPart[]; peer: NodeId; name: string }
  | { kind: 'message'; key: string; title: string; parts: TextPart[]; peer: NodeId; name: string }

const LIMIT = 8
const DEBOUNCE_MS = 150

/** The options of a result set, in the order they are shown: people, messages, posts. */
export function searchOptions(r: SearchResults): Option[] {
  return [
    ...r.people.map(
      (p): Option => ({
        kind: 'person',
        key: `person:${p.node_id}`,
        title: p.display_name,
        parts: [{ text: p.bio.slice(0, 80), hit: false }],
        peer: p.node_id,
        name: p.display_name,
      }),
    ),
    ...r.messages.map(
      (m): Option => ({
        kind: 'message',
        key: `message:${m.post.id}`,
        title: `Message ${m.post.is_own ? 'to' : 'from'} ${m.peer_name}`,
        parts: m.snippet,
        peer: m.peer,
        name: m.peer_name,
      }),
    ),
    ...r.posts.map(
      (p): Option => ({
        kind: 'post',
        key: `post:${p.post.id}`,
        title: p.post.author_name,
        parts: p.snippet,
      }),
    ),
  ]
}

/**
 * `<ds-search .client>`
 * @fires ds-navigate - detail `NavigateRequest` when a result is opened
 */
@customElement('ds-search')
export class DsSearch extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      :host {
        position: relative;
        flex: 1 1 auto;
        min-width: 0;
        max-width: 32rem;
      }
      input {
        min-height: 2.25rem;
        padding: 0.35rem 0.7rem;
      }
      .panel {
        position: absolute;
        left: 0;
        right: 0;
        top: calc(100% + 0.3rem);
        max-height: min(70vh, 32rem);
        overflow-y: auto;
        background: var(--ds-surface);
        border: 1px solid var(--ds-border);
        border-radius: 12px;
        box-shadow: 0 10px 30px rgb(0 0 0 / 0.35);
        padding: 0.3rem;
        z-index: 30;
      }
      @media (max-width: 600px) {
        .panel {
          position: fixed;
          left: 0.5rem;
          right: 0.5rem;
          top: 3.4rem;
        }
      }
      [role='listbox'] {
        list-style: none;
        margin: 0;
        padding: 0;
      }
      .group {
        font-size: 0.75rem;
        text-transform: uppercase;
        letter-spacing: 0.05em;
        color: var(--ds-muted);
        padding: 0.4rem 0.5rem 0.2rem;
      }
      [role='option'] {
        display: flex;
        gap: 0.6rem;
        align-items: flex-start;
        padding: 0.45rem 0.5rem;
        border-radius: 8px;
        cursor: pointer;
        min-width: 0;
      }
      [role='option'][aria-selected='true'] {
        background: var(--ds-surface-2);
        outline: 1px solid var(--ds-accent);
      }
      .text {
        min-width: 0;
        flex: 1;
      }
      .title {
        font-weight: 600;
        overflow-wrap: anywhere;
      }
      .snippet {
        color: var(--ds-muted);
        font-size: 0.85rem;
        overflow-wrap: anywhere;
        display: -webkit-box;
        -webkit-line-clamp: 2;
        -webkit-box-orient: vertical;
        overflow: hidden;
      }
      mark {
        background: color-mix(in srgb, var(--ds-accent) 35%, transparent);
        color: var(--ds-fg);
        border-radius: 3px;
        padding: 0 0.1em;
      }
      .none {
        padding: 0.6rem;
        color: var(--ds-muted);
      }
    `,
  ]

  @property({ attribute: false }) client: RpcClient | null = null
  @state() private text = ''
  @state() private options: Option[] = []
  @state() private active = -1
  @state() private open = false
  @state() private error: string | null = null
  private timer: ReturnType<typeof setTimeout> | undefined
  private asked = 0

  override disconnectedCallback(): void {
    super.disconnectedCallback()
    clearTimeout(this.timer)
  }

  private onInput(e: InputEvent): void {
    this.text = (e.target as HTMLInputElement).value
    clearTimeout(this.timer)
    this.timer = setTimeout(() => void this.run(), DEBOUNCE_MS)
  }

  private async run(): Promise<void> {
    const text = this.text.trim()
    const ask = ++this.asked
    if (text === '' || this.client === null) {
      this.options = []
      this.open = false
      return
    }
    try {
      const results = await this.client.call('search.query', { text, limit: LIMIT })
      if (ask !== this.asked) return
      this.options = searchOptions(results)
      this.active = this.options.length > 0 ? 0 : -1
      this.error = null
      this.open = true
    } catch (err) {
      this.error = errorMessage(err)
      this.open = true
    }
  }

  private onKey(e: KeyboardEvent): void {
    const n = this.options.length
    if (e.key === 'ArrowDown' && n > 0) {
      e.preventDefault()
      this.open = true
      this.active = (this.active + 1) % n
    } else if (e.key === 'ArrowUp' && n > 0) {
      e.preventDefault()
      this.active = (this.active - 1 + n) % n
    } else if (e.key === 'Enter') {
      e.preventDefault()
      const option = this.options[this.active]
      if (option !== undefined) this.choose(option)
    } else if (e.key === 'Escape') {
      this.open = false
    }
  }

  private choose(option: Option): void {
    const detail: NavigateRequest =
      option.kind === 'message'
        ? { tab: 'messages', peer: option.peer }
        : option.kind === 'person'
          ? { tab: 'people', peer: option.peer }
          : { tab: 'feed' }
    this.open = false
    this.dispatchEvent(new CustomEvent('ds-navigate', { detail, bubbles: true, composed: true }))
  }

  protected override updated(changed: PropertyValues): void {
    if (changed.has('active') && this.active >= 0) {
      this.renderRoot.querySelector(`#opt-${this.active}`)?.scrollIntoView({ block: 'nearest' })
    }
  }

  private renderParts(parts: TextPart[]) {
    return parts.map((p) => (p.hit ? html`<mark>${p.text}</mark>` : p.text))
  }

  private renderResults() {
    if (this.error !== null) return html`<p class="none" role="alert">${this.error}</p>`
    if (this.options.length === 0) return html`<p class="none">Nothing found for “${this.text.trim()}”.</p>`
    const groups: Record<Option['kind'], string> = { person: 'People', message: 'Messages', post: 'Posts' }
    let last: Option['kind'] | null = null
    return html`<ul role="listbox" id="search-results" aria-label="Search results">
      ${this.options.map((o, i) => {
        const head =
          o.kind !== last ? html`<li role="presentation" class="group">${groups[o.kind]}</li>` : null
        last = o.kind
        return html`${head}<li role="option" id=${`opt-${i}`} aria-selected=${i === this.active}
          @mousedown=${(e: Event) => e.preventDefault()} @click=${() => this.choose(o)}>
          ${o.kind === 'post' ? null : html`<ds-avatar .client=${this.client} node-id=${o.peer} name=${o.name} size="28"></ds-avatar>`}
          <span class="text"><span class="title">${o.title}</span>
            <span class="snippet">${this.renderParts(o.parts)}</span></span></li>`
      })}
    </ul>`
  }

  override render() {
    const expanded = this.open && this.text.trim() !== ''
    return html`<label class="visually-hidden" for="q">Search posts, people and messages</label>
      <input id="q" type="search" role="combobox" placeholder="Search" autocomplete="off" spellcheck="false"
        aria-expanded=${expanded} aria-controls="search-results" aria-autocomplete="list"
        aria-activedescendant=${expanded && this.active >= 0 ? `opt-${this.active}` : ''}
        .value=${this.text} @input=${this.onInput} @keydown=${this.onKey}
        @focus=${() => {
          if (this.options.length > 0) this.open = true
        }}
        @blur=${() => {
          this.open = false
        }} />
      ${expanded ? html`<div class="panel">${this.renderResults()}</div>` : null}`
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ds-search': DsSearch
  }
  interface HTMLElementEventMap {
    'ds-navigate': CustomEvent<NavigateRequest>
  }
}
