/**
 * Settings → profile (seed Phase A): display name, bio and avatar (picked with a styled button over a
 * hidden file input, or removed, issue 16); latest update wins on peers.
 */
import { css, html, LitElement } from 'lit'
import { customElement, property, state } from 'lit/decorators.js'
import type { NewAttachment, PersonView } from '../../core/api/index.ts'
import { checkBio, checkDisplayName } from '../logic/index.ts'
import { downscaleImage } from '../media/index.ts'
import { errorMessage, type RpcClient, showToast } from '../state/index.ts'
import { sharedStyles } from '../styles/index.ts'
import './ds-avatar.ts'

/**
 * `<ds-profile-editor .client>`
 * @fires ds-toast - when saved
 */
@customElement('ds-profile-editor')
export class DsProfileEditor extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      .face {
        display: flex;
        gap: 0.75rem;
        align-items: center;
        flex-wrap: wrap;
        margin-top: 0.25rem;
      }
      .file-button {
        display: inline-flex;
        align-items: center;
        margin: 0;
        font-size: 1rem;
        color: var(--ds-fg);
      }
      .file-button:focus-within {
        outline: 2px solid var(--ds-accent);
        outline-offset: 2px;
      }
      .field-label {
        font-size: 0.85rem;
        color: var(--ds-muted);
        margin: 0.5rem 0 0.25rem;
      }
      .pending {
        margin: 0.35rem 0 0;
      }
    `,
  ]

  @property({ attribute: false }) client: RpcClient | null = null
  @state() private me: PersonView | null = null
  /** A new avatar picked and not saved yet; null = keep; 'remove' = remove on save. */
  @state() private avatar: NewAttachment | 'remove' | null = null
  @state() private previewUrl: string | null = null
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
      this.setAvatar(await downscaleImage(file))
      this.error = null
    } catch (err) {
      this.error = errorMessage(err)
    }
  }

  private readonly removeAvatar = (): void => {
    this.setAvatar('remove')
  }

  /** Sets what the next save does to the avatar, with a preview of a picked image. */
  private setAvatar(next: NewAttachment | 'remove' | null): void {
    if (this.previewUrl !== null) URL.revokeObjectURL(this.previewUrl)
    this.previewUrl =
      next !== null && next !== 'remove'
        ? URL.createObjectURL(new Blob([next.bytes as Uint8Array<ArrayBuffer>], { type: next.mime }))
        : null
    this.avatar = next
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback()
    this.setAvatar(null)
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
        ...(this.avatar === null ? {} : { avatar: this.avatar === 'remove' ? null : this.avatar }),
      })
      this.setAvatar(null)
      this.me = await this.client.call('profile.get', {})
      showToast(this, { message: 'Profile saved. Peers see it on their next sync.', kind: 'success' })
    } catch (err) {
      this.error = errorMessage(err)
    } finally {
      this.busy = false
    }
  }

  private renderAvatar(me: PersonView) {
    const picked = typeof this.avatar === 'object' ? this.avatar : null
    const has = picked !== null || (me.avatar !== undefined && this.avatar !== 'remove')
    const note =
      picked !== null
        ? `New image, ${Math.ceil(picked.bytes.length / 1024)} KB — it is saved with the profile.`
        : this.avatar === 'remove'
          ? 'The avatar is removed when you save; your initials show instead.'
          : ''
    return html`<p class="field-label" id="p-avatar-title">Avatar</p>
      <div class="face" role="group" aria-labelledby="p-avatar-title">
        ${
          picked !== null && this.previewUrl !== null
            ? html`<img src=${this.previewUrl} width="64" height="64" alt="New avatar, not saved yet"
                style="border-radius:50%;object-fit:cover" />`
            : html`<ds-avatar .client=${this.avatar === 'remove' ? null : this.client} node-id=${me.node_id}
                name=${me.display_name} size="64"></ds-avatar>`
        }
        <label class="button file-button">${has ? 'Change avatar…' : 'Choose avatar image…'}
          <input id="p-avatar" type="file" class="visually-hidden" accept="image/*" @change=${this.pickAvatar} /></label>
        ${
          has
            ? html`<button type="button" class="danger" @click=${this.removeAvatar}>Remove avatar</button>`
            : this.avatar === 'remove'
              ? html`<button type="button" @click=${() => this.setAvatar(null)}>Keep avatar</button>`
              : null
        }
      </div>
      <p class="muted pending" aria-live="polite">${note}</p>`
  }

  override render() {
    const me = this.me
    return html`<form class="card" @submit=${this.save} novalidate aria-labelledby="profile-title">
      <h2 id="profile-title">Profile</h2>
      ${me === null ? html`<p class="muted">Loading…</p>` : html`<p class="mono">${me.node_id}</p>`}
      <label for="p-name">Display name</label>
      <input id="p-name" name="name" .value=${me?.display_name ?? ''} maxlength="200" aria-describedby="profile-error" />
      <label for="p-bio">Bio</label>
      <textarea id="p-bio" name="bio" rows="3" .value=${me?.bio ?? ''}></textarea>
      ${me === null ? null : this.renderAvatar(me)}
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
