/**
 * Settings → backup (DESIGN §3): export the identity encrypted with a passphrase, import one, and
 * export / import all data as a file.
 */
import { html, LitElement } from 'lit'
import { customElement, property, state } from 'lit/decorators.js'
import type { RpcClient } from '../state/node-client.ts'
import { sharedStyles } from '../styles/shared.ts'
import { downloadBytes } from './download.ts'
import { errorMessage, showToast } from './events.ts'

/**
 * `<ds-backup .client>`
 * @fires ds-toast - when an export or import finishes
 */
@customElement('ds-backup')
export class DsBackup extends LitElement {
  static override styles = [sharedStyles]

  @property({ attribute: false }) client: RpcClient | null = null
  @state() private error: string | null = null
  @state() private busy = false

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

  private async importIdentity(e: SubmitEvent): Promise<void> {
    e.preventDefault()
    const form = e.target as HTMLFormElement
    const data = new FormData(form)
    const file = data.get('file')
    const passphrase = String(data.get('passphrase') ?? '')
    if (!(file instanceof File) || file.size === 0 || passphrase === '') {
      this.error = 'Choose an identity file and enter its passphrase.'
      return
    }
    const bytes = new Uint8Array(await file.arrayBuffer())
    if (
      await this.run(async () => {
        await this.client!.call('identity.import', { file: bytes, passphrase })
        return 'Identity imported.'
      })
    )
      form.reset()
  }

  private async exportData(): Promise<void> {
    await this.run(async () => {
      const { file } = await this.client!.call('data.export', {})
      downloadBytes(file, `distsoc-data-${new Date().toISOString().slice(0, 10)}.dsdata`)
      return 'All data exported.'
    })
  }

  private async importData(e: Event): Promise<void> {
    const input = e.target as HTMLInputElement
    const file = input.files?.[0]
    input.value = ''
    if (file === undefined) return
    const bytes = new Uint8Array(await file.arrayBuffer())
    await this.run(async () => {
      const { posts } = await this.client!.call('data.import', { file: bytes })
      return `Imported ${posts} posts.`
    })
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
      <h3>Import identity</h3>
      <p class="muted">Replaces the identity on this device with the one in the file.</p>
      <form @submit=${this.importIdentity} novalidate>
        <label for="b-file">Identity file</label>
        <input id="b-file" name="file" type="file" />
        <label for="b-ipass">Passphrase</label>
        <input id="b-ipass" name="passphrase" type="password" autocomplete="current-password" />
        <p><button ?disabled=${this.busy}>Import identity</button></p>
      </form>
      <h3>All data</h3>
      <div class="row">
        <button ?disabled=${this.busy} @click=${this.exportData}>Export all data</button>
        <label class="row" style="margin:0"><span class="visually-hidden">Import data file</span>
          <input type="file" aria-label="Import data file" @change=${this.importData} /></label>
      </div>
      <p class="error" role="alert">${this.error ?? ''}</p>
    </section>`
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ds-backup': DsBackup
  }
}
