/**
 * Settings → notifications (issue 16): one toggle per kind, stored in the node, and the browser
 * permission, asked only when the user presses the button here (never on load).
 */
import { html, LitElement } from 'lit'
import { customElement, property, state } from 'lit/decorators.js'
import type { NotificationSettings } from '../../core/api/index.ts'
import { NodeQuery, type RpcClient } from '../state/index.ts'
import { sharedStyles } from '../styles/index.ts'

const supported = (): boolean => typeof Notification !== 'undefined'

/**
 * `<ds-notifications .client>`
 * @fires ds-toast - on failures
 */
@customElement('ds-notifications')
export class DsNotifications extends LitElement {
  static override styles = [sharedStyles]

  @property({ attribute: false }) client: RpcClient | null = null
  private readonly settings = new NodeQuery<NotificationSettings | null>(this, {
    client: () => this.client,
    load: (c) => c.call('settings.notifications.get', {}),
    initial: null,
  })
  @state() private permission: NotificationPermission | 'unsupported' = supported()
    ? Notification.permission
    : 'unsupported'

  private async toggle(kind: keyof NotificationSettings, on: boolean): Promise<void> {
    const current = this.settings.value
    if (current === null) return
    const saved = await this.settings.set((c) =>
      c.call('settings.notifications.set', { ...current, [kind]: on }),
    )
    // Turning a kind on is a gesture: the one moment besides the button to ask the browser.
    if (saved && on && this.permission === 'default') await this.ask()
  }

  private async ask(): Promise<void> {
    if (!supported()) return
    this.permission = await Notification.requestPermission()
  }

  private permissionLine() {
    switch (this.permission) {
      case 'unsupported':
        return html`<p class="muted">This browser cannot show notifications.</p>`
      case 'granted':
        return html`<p class="muted">Notifications are allowed; they show while distsoc is in the background.</p>`
      case 'denied':
        return html`<p class="muted">Notifications are blocked in the browser's site settings.</p>`
      default:
        return html`<button @click=${() => void this.ask()}>Allow notifications</button>`
    }
  }

  override render() {
    const s = this.settings.value
    const box = (kind: keyof NotificationSettings, label: string) =>
      html`<label><input type="checkbox" name=${kind} .checked=${s?.[kind] ?? false} ?disabled=${s === null}
        @change=${(e: Event) => void this.toggle(kind, (e.target as HTMLInputElement).checked)} /> ${label}</label>`
    return html`<section class="card" aria-labelledby="notifications-title">
      <h2 id="notifications-title">Notifications</h2>
      <p class="muted">While the app is in the background. The icon's badge counts unread messages.</p>
      ${box('messages', 'New messages and message requests')}
      ${box('replies', 'Replies to my posts')}
      ${this.permissionLine()}
    </section>`
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ds-notifications': DsNotifications
  }
}
