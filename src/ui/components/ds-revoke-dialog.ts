/** The "what about past posts?" dialog of a revocation (seed D-2): leave, sync access list, or re-encrypt. */
import { css, html, LitElement } from 'lit'
import { customElement, property, state } from 'lit/decorators.js'
import type { PastPostsChoice } from '../../core/api/index.ts'
import { errorMessage, type RpcClient, showToast } from '../state/index.ts'
import { sharedStyles } from '../styles/index.ts'

const CHOICES: { value: PastPostsChoice; label: string; explain: string }[] = [
  {
    value: 'leave',
    label: 'Leave past posts',
    explain: 'They keep reading what you already shared; only new posts leave them out.',
  },
  {
    value: 'access-list',
    label: 'Sync access list',
    explain:
      'Quick: the posts stay the same, but their key is no longer given to them. Enough if they never synced them.',
  },
  {
    value: 're-encrypt',
    label: 'Re-encrypt',
    explain:
      'Thorough: each post gets a new key and the old copy is deleted. Use it if they may already have them.',
  },
]

/**
 * `<ds-revoke-dialog .client heading .choices .run>`: asks, runs `run(choice)` (which returns the
 * toast text), shows `revocation.progress` meanwhile.
 * @fires ds-close - when cancelled or done
 * @fires ds-toast - when done or failed
 */
@customElement('ds-revoke-dialog')
export class DsRevokeDialog extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      :host {
        position: fixed;
        inset: 0;
        z-index: 40;
        display: grid;
        place-items: center;
        background: rgb(0 0 0 / 0.45);
        padding: 1rem;
      }
      .card {
        width: min(30rem, 100%);
        max-height: calc(100vh - 2rem);
        overflow: auto;
      }
      h2 {
        margin-top: 0;
        overflow-wrap: anywhere;
      }
      label.choice {
        display: grid;
        grid-template-columns: auto 1fr;
        gap: 0.1rem 0.6rem;
        padding: 0.5rem 0;
        cursor: pointer;
      }
      label.choice input {
        grid-row: span 2;
        margin-top: 0.25rem;
      }
      .explain {
        font-size: 0.9em;
      }
      .trust {
        font-size: 0.9em;
        border-left: 3px solid var(--ds-border);
        padding-left: 0.6rem;
      }
      .actions {
        display: flex;
        gap: 0.5rem;
        justify-content: flex-end;
        flex-wrap: wrap;
      }
      fieldset {
        border: none;
        margin: 0;
        padding: 0;
        min-width: 0;
      }
      legend {
        padding: 0;
      }
      button.confirm {
        background: var(--ds-danger);
        border-color: var(--ds-danger);
        color: #fff;
      }
      progress {
        width: 100%;
      }
    `,
  ]

  @property({ attribute: false }) client: RpcClient | null = null
  @property() heading = 'Remove'
  /** Which choices to offer, in this order; the first is preselected unless `initial` says otherwise. */
  @property({ attribute: false }) choices: PastPostsChoice[] = ['leave', 'access-list', 're-encrypt']
  @property({ attribute: false }) initial: PastPostsChoice | null = null
  @property({ attribute: false }) run: ((choice: PastPostsChoice) => Promise<string>) | null = null
  @state() private choice: PastPostsChoice | null = null
  @state() private busy = false
  @state() private progress: { done: number; total: number } | null = null
  @state() private error: string | null = null
  private off: (() => void) | null = null

  override disconnectedCallback(): void {
    super.disconnectedCallback()
    this.off?.()
    this.off = null
  }

  private close(): void {
    this.dispatchEvent(new CustomEvent('ds-close', { bubbles: true, composed: true }))
  }

  private async confirm(e: SubmitEvent): Promise<void> {
    e.preventDefault()
    const choice = this.choice ?? this.initial ?? this.choices[0]
    if (this.run === null || choice === undefined) return
    this.busy = true
    this.error = null
    this.off =
      this.client?.on((ev) => {
        if (ev.type === 'revocation.progress') this.progress = { done: ev.done, total: ev.total }
      }) ?? null
    try {
      const message = await this.run(choice)
      showToast(this, { message, kind: 'success' })
      this.close()
    } catch (err) {
      this.error = errorMessage(err)
    } finally {
      this.busy = false
      this.off?.()
      this.off = null
    }
  }

  override render() {
    const selected = this.choice ?? this.initial ?? this.choices[0]
    const p = this.progress
    return html`<form class="card" role="dialog" aria-modal="true" aria-labelledby="revoke-title" @submit=${this.confirm}>
      <h2 id="revoke-title">${this.heading}</h2>
      <fieldset ?disabled=${this.busy}>
        <legend class="muted">What about posts they could already read?</legend>
        ${CHOICES.filter((c) => this.choices.includes(c.value)).map(
          (c) => html`<label class="choice">
            <input type="radio" name="past" .value=${c.value} .checked=${selected === c.value}
              @change=${() => {
                this.choice = c.value
              }} />
            <span>${c.label}</span>
            <span class="muted explain">${c.explain}</span>
          </label>`,
        )}
      </fieldset>
      <p class="muted trust">Their app is asked to delete what it already has; an honest app does, a modified one could keep it — you keep proof you asked.</p>
      ${
        this.busy && p !== null && p.total > 1
          ? html`<p role="status">Updating posts: ${p.done} of ${p.total}</p><progress max=${p.total} .value=${p.done}></progress>`
          : null
      }
      <p class="error" role="alert">${this.error ?? ''}</p>
      <div class="actions">
        <button type="button" ?disabled=${this.busy} @click=${this.close}>Cancel</button>
        <button class="confirm" ?disabled=${this.busy}>${this.busy ? 'Working…' : 'Remove'}</button>
      </div>
    </form>`
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ds-revoke-dialog': DsRevokeDialog
  }
  interface HTMLElementEventMap {
    'ds-close': CustomEvent<void>
  }
}
