/**
 * Settings → backup (docs/design.md §3): export the identity encrypted with a passphrase, and export /
 * import all data as a file (import only after the user confirms the picked file). Importing an
 * identity is offered only at first run: a node holds one identity (issue 16).
 */
import { css, html, LitElement } from 'lit'
import { customElement, property, state } from 'lit/decorators.js'
import { errorMessage, type RpcClient, showToast } from '../state/index.ts'
import { sharedStyles } from '../styles/index.ts'
import { downloadBytes, downloadDataExport } from './download.ts'

/**
 * `<ds-backup .client>`
 * @fires ds-toast - when an export or import finishes
 */
@customElement('ds-backup')
export class DsBackup extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      .file-button {
        display: inline-flex;
        align-items: center;
        cursor: pointer;
        margin: 0;
      }
      .file-button:focus-within {
        outline: 2px solid var(--ds-accent);
        outline-offset: 2px;
      }
      .confirm {
        border: 1px solid var(--ds-border);
        border-radius: 10px;
        padding: 0.6rem 0.8rem;
        margin-top: 0.6rem;
      }
    `,
  ]

  @property({ attribute: false }) client: RpcClient | null = null
  @state() private error: string | null = null
  @state() private busy = false
  /** A data file chosen and waiting for the user's confirmation. */
  @state() private picked: File | null = null

  private async run(action: () => Promise<string>): Promise<boolean> {
    if (this.client === null) return false
    this.busy = true
    this.error = null
    try {
      showToast(this, { message: await action(), kind: 'success' })
      return true
    } catch (err) {
      this.error = errorMessage(err)
      return false
    } finally {
      this.busy = false
    }
  }

  private async exportIdentity(e: SubmitEvent): Promise<void> {
    e.preventDefault()
    const form = e.target as HTMLFormElement
    const data = new FormData(form)
    const passphrase = String(data.get('passphrase') ?? '')
    if (passphrase.length < 8) {
      this.error = 'Choose a passphrase of at least 8 characters.'
      return
    }
    if (passphrase !== String(data.get('again') ?? '')) {
      this.error = 'The two passphrases differ.'
      return
    }
    const ok = await this.run(async () => {
      const { file } = await this.client!.call('identity.export', { passphrase })
      downloadBytes(file, 'distsoc-identity.dsid')
      return 'Identity exported. Keep the file and passphrase safe.'
    })
    if (ok) form.reset()
  }

  private async exportData(): Promise<void> {
    await this.run(async () => {
      await downloadDataExport(this.client!)
      return 'All data exported.'
    })
  }

  private async pickData(e: Event): Promise<void> {
    const input = e.target as HTMLInputElement
    this.picked = input.files?.[0] ?? null
    input.value = ''
  }

  private async importData(): Promise<void> {
    const file = this.picked
    if (file === null) return
    const bytes = new Uint8Array(await file.arrayBuffer())
    if (
      await this.run(async () => {
        const { posts } = await this.client!.call('data.import', { file: bytes })
        return `Imported ${posts} posts.`
      })
    )
      this.picked = null
  }

  override render() {
    return html`<section class="card" aria-labelledby="backup-title">
      <h2 id="backup-title">Backup and move</h2>
      <h3>Export identity</h3>
      <form @submit=${this.exportIdentity} novalidate>
        <label for="b-pass">Passphrase</label>
        <input id="b-pass" name="passphrase" type="password" autocomplete="new-password" />
        <label for="b-again">Passphrase again</label>
        <input id="b-again" name="again" type="password" autocomplete="new-password" />
        <p><button ?disabled=${this.busy}>Export identity file</button></p>
      </form>
      <h3>Another identity</h3>
      <p class="muted">This device holds one identity. To use an exported identity file, open distsoc in a new
        browser profile (or after clearing this site's data, having exported it first) and choose “Import” there.</p>
      <h3>All data</h3>
      <p class="muted">Posts, profiles, follows, circles, feeds, mutes and blocks — not the identity.</p>
      <div class="row">
        <button ?disabled=${this.busy} @click=${this.exportData}>Export all data</button>
        <label class="button file-button">Choose a data file to import…
          <input type="file" class="visually-hidden" accept=".dsdata,application/octet-stream" @change=${this.pickData} /></label>
      </div>
      ${
        this.picked === null
          ? null
          : html`<div class="confirm" role="group" aria-label="Confirm import">
              <p>Import <strong>${this.picked.name}</strong>? Its posts, follows and circles are merged into
                what this device holds; nothing is deleted. Export your data first if you want a copy of today's state.</p>
              <div class="row">
                <button class="primary" ?disabled=${this.busy} @click=${this.importData}>Import</button>
                <button @click=${() => {
                  this.picked = null
                }}>Cancel</button>
              </div></div>`
      }
      <p class="error" role="alert">${this.error ?? ''}</p>
    </section>`
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ds-backup': DsBackup
  }
}
