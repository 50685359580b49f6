/** Settings → profile (seed Phase A): display name, bio and avatar; latest update wins on peers. */
import { html, LitElement } from 'lit'
import { customElement, property, state } from 'lit/decorators.js'
import type { NewAttachment, PersonView } from '../../core/api/index.ts'
import { checkBio, checkDisplayName } from '../logic/index.ts'
import { downscaleImage } from '../media/index.ts'
import type { RpcClient } from '../state/index.ts'
import { sharedStyles } from '../styles/index.ts'
import { errorMessage, showToast } from './events.ts'
import './ds-identicon.ts'

/**
 * `<ds-profile-editor .client>`
 * @fires ds-toast - when saved
 */
@customElement('ds-profile-editor')
export class DsProfileEditor extends LitElement {
  static override styles = [sharedStyles]

  @property({ attribute: false }) client: RpcClient | null = null
  @state() private me: PersonView | null = null
  @state() private avatar: NewAttachment | null = null
  @state() private error: string | null = null
  @state() private busy = false

  override connectedCallback(): void {
    super.connectedCallback()
    void this.client?.call('profile.get', {}).then(
      (me) => {
        this.me = me
      },
      (err: unknown) => {
        this.error = errorMessage(err)
      },
    )
  }

  private async pickAvatar(e: Event): Promise<void> {
    const input = e.target as HTMLInputElement
    const file = input.files?.[0]
    input.value = ''
    if (file === undefined) return
    try {
      this.avatar = await downscaleImage(file)
      this.error = null
    } catch (err) {
      this.error = errorMessage(err)
    }
  }

  private async save(e: SubmitEvent): Promise<void> {
    e.preventDefault()
    const data = new FormData(e.target as HTMLFormElement)
    const name = String(data.get('name') ?? '')
    const bio = String(data.get('bio') ?? '')
    this.error = checkDisplayName(name) ?? checkBio(bio)
    if (this.error !== null || this.client === null) return
    this.busy = true
    try {
      await this.client.call('profile.update', {
        display_name: name.trim(),
        bio: bio.trim(),
        ...(this.avatar === null ? {} : { avatar: this.avatar }),
      })
      this.avatar = null
      this.me = await this.client.call('profile.get', {})
      showToast(this, { message: 'Profile saved. Peers see it on their next sync.', kind: 'success' })
    } catch (err) {
      this.error = errorMessage(err)
    } finally {
      this.busy = false
    }
  }

  override render() {
    const me = this.me
    return html`<form class="card" @submit=${this.save} novalidate aria-labelledby="profile-title">
      <h2 id="profile-title">Profile</h2>
      ${
        me === null
          ? html`<p class="muted">Loading…</p>`
          : html`<div class="row"><ds-identicon node-id=${me.node_id} size="48"></ds-identicon>
              <span class="mono grow">${me.node_id}</span></div>`
      }
      <label for="p-name">Display name</label>
      <input id="p-name" name="name" .value=${me?.display_name ?? ''} maxlength="200" aria-describedby="profile-error" />
      <label for="p-bio">Bio</label>
      <textarea id="p-bio" name="bio" rows="3" .value=${me?.bio ?? ''}></textarea>
      <label for="p-avatar">Avatar image ${this.avatar === null ? '' : `(new, ${Math.ceil(this.avatar.bytes.length / 1024)} KB)`}</label>
      <input id="p-avatar" type="file" accept="image/*" @change=${this.pickAvatar} />
      <p id="profile-error" class="error" role="alert">${this.error ?? ''}</p>
      <button class="primary" ?disabled=${this.busy}>Save profile</button>
    </form>`
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ds-profile-editor': DsProfileEditor
  }
}
