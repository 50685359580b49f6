/**
 * The first-run overlay (seed Phase A "first-run name prompt"): create an identity with a display
 * name (required) and a bio, or import an exported identity file with its passphrase.
 */
import { css, html, LitElement } from 'lit'
import { customElement, property, state } from 'lit/decorators.js'
import type { NodeStatus } from '../../core/api/index.ts'
import { checkBio, checkDisplayName } from '../logic/index.ts'
import { errorMessage, type RpcClient } from '../state/index.ts'
import { sharedStyles } from '../styles/index.ts'

/**
 * `<ds-setup .client>`
 * @fires ds-ready - detail: the node's `NodeStatus` once an identity exists
 */
@customElement('ds-setup')
export class DsSetup extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      :host {
        position: fixed;
        inset: 0;
        z-index: 40;
        display: grid;
        place-items: center;
        background: var(--ds-bg);
        overflow: auto;
        padding: 1rem;
      }
      .panel {
        width: min(26rem, 100%);
      }
      h1 {
        font-size: 1.6rem;
        margin: 0 0 0.25rem;
      }
      .tabs {
        display: flex;
        gap: 0.5rem;
        margin: 1rem 0;
      }
      .tabs button[aria-pressed='true'] {
        border-color: var(--ds-accent);
        color: var(--ds-accent);
      }
      form button.primary {
        width: 100%;
        margin-top: 1rem;
      }
    `,
  ]

  @property({ attribute: false }) client: RpcClient | null = null
  @state() private mode: 'create' | 'import' = 'create'
  @state() private error: string | null = null
  @state() private busy = false

  private async create(e: SubmitEvent): Promise<void> {
    e.preventDefault()
    const form = e.target as HTMLFormElement
    const data = new FormData(form)
    const name = String(data.get('name') ?? '')
    const bio = String(data.get('bio') ?? '')
    this.error = checkDisplayName(name) ?? checkBio(bio)
    if (this.error !== null) {
      form.querySelector<HTMLInputElement>('input[name=name]')?.focus()
      return
    }
    await this.run(() => this.client!.call('identity.create', { display_name: name.trim(), bio: bio.trim() }))
  }

  private async import(e: SubmitEvent): Promise<void> {
    e.preventDefault()
    const data = new FormData(e.target as HTMLFormElement)
    const file = data.get('file')
    const passphrase = String(data.get('passphrase') ?? '')
    if (!(file instanceof File) || file.size === 0) {
      this.error = 'Choose the identity file you exported on your other device.'
      return
    }
    if (passphrase === '') {
      this.error = 'Enter the passphrase you chose when exporting.'
      return
    }
    const bytes = new Uint8Array(await file.arrayBuffer())
    await this.run(() => this.client!.call('identity.import', { file: bytes, passphrase }))
  }

  private async run(call: () => Promise<NodeStatus>): Promise<void> {
    if (this.client === null) return
    this.busy = true
    this.error = null
    try {
      const status = await call()
      this.dispatchEvent(new CustomEvent('ds-ready', { detail: status, bubbles: true, composed: true }))
    } catch (err) {
      this.error = errorMessage(err)
    } finally {
      this.busy = false
    }
  }

  private switchTo(mode: 'create' | 'import'): void {
    this.mode = mode
    this.error = null
  }

  override render() {
    return html`<section class="panel card" role="dialog" aria-modal="true" aria-labelledby="setup-title">
      <h1 id="setup-title">Welcome to distsoc</h1>
      <p class="muted">Your posts and keys stay on this device. Choose how people will see you.</p>
      <div class="tabs" role="group" aria-label="Set up">
        <button type="button" aria-pressed=${this.mode === 'create'} @click=${() => this.switchTo('create')}>New identity</button>
        <button type="button" aria-pressed=${this.mode === 'import'} @click=${() => this.switchTo('import')}>Import identity</button>
      </div>
      ${
        this.mode === 'create'
          ? html`<form @submit=${this.create} novalidate>
              <label for="name">Display name (required)</label>
              <input id="name" name="name" autocomplete="nickname" maxlength="200" aria-required="true"
                aria-invalid=${this.error !== null} aria-describedby="setup-error" />
              <label for="bio">Bio (optional)</label>
              <textarea id="bio" name="bio" rows="3"></textarea>
              <button class="primary" ?disabled=${this.busy}>${this.busy ? 'Creating…' : 'Create my identity'}</button>
            </form>`
          : html`<form @submit=${this.import} novalidate>
              <label for="file">Identity file</label>
              <input id="file" name="file" type="file" />
              <label for="passphrase">Passphrase</label>
              <input id="passphrase" name="passphrase" type="password" autocomplete="current-password" />
              <button class="primary" ?disabled=${this.busy}>${this.busy ? 'Importing…' : 'Import identity'}</button>
            </form>`
      }
      <p id="setup-error" class="error" role="alert">${this.error ?? ''}</p>
    </section>`
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ds-setup': DsSetup
  }
  interface HTMLElementEventMap {
    'ds-ready': CustomEvent<NodeStatus>
  }
}
