/** The toast stack (seed Phase E): short messages, announced politely to screen readers. */
import { css, html, LitElement } from 'lit'
import { customElement, state } from 'lit/decorators.js'
import { repeat } from 'lit/directives/repeat.js'
import type { ToastRequest } from '../state/index.ts'

interface Toast extends ToastRequest {
  id: number
}

/** `<ds-toasts>`; call `show(request)`. Toasts without an action disappear after 5 s. */
@customElement('ds-toasts')
export class DsToasts extends LitElement {
  static override styles = css`
    :host {
      position: fixed;
      left: 50%;
      transform: translateX(-50%);
      bottom: calc(var(--ds-tabbar-h, 0px) + 1rem + env(safe-area-inset-bottom));
      z-index: 50;
      display: flex;
      flex-direction: column;
      gap: 0.5rem;
      width: min(28rem, calc(100vw - 2rem));
      pointer-events: none;
    }
    .toast {
      pointer-events: auto;
      display: flex;
      gap: 0.75rem;
      align-items: center;
      background: var(--ds-toast-bg);
      color: var(--ds-toast-fg);
      border-radius: 10px;
      padding: 0.7rem 0.9rem;
      box-shadow: 0 6px 24px rgb(0 0 0 / 0.3);
      border-left: 4px solid var(--ds-accent);
      animation: in 160ms ease-out;
    }
    .toast.error {
      border-left-color: var(--ds-danger);
    }
    .toast.success {
      border-left-color: var(--ds-ok);
    }
    .msg {
      flex: 1;
      overflow-wrap: anywhere;
    }
    button {
      font: inherit;
      font-weight: 600;
      background: none;
      border: 1px solid currentColor;
      color: inherit;
      border-radius: 6px;
      padding: 0.3rem 0.6rem;
      cursor: pointer;
    }
    button.close {
      border: none;
      font-size: 1.1rem;
      line-height: 1;
    }
    @keyframes in {
      from {
        opacity: 0;
        transform: translateY(8px);
      }
    }
  `

  @state() private toasts: Toast[] = []
  private nextId = 1

  /** Shows a toast; returns its id. */
  show(request: ToastRequest): number {
    const id = this.nextId++
    this.toasts = [...this.toasts, { ...request, id }].slice(-4)
    if (request.action === undefined) setTimeout(() => this.dismiss(id), 5000)
    return id
  }

  /** Removes a toast. */
  dismiss(id: number): void {
    this.toasts = this.toasts.filter((t) => t.id !== id)
  }

  override render() {
    return html`<div role="status" aria-live="polite">
      ${repeat(
        this.toasts,
        (t) => t.id,
        (t) => html`<div class="toast ${t.kind ?? 'info'}">
          <span class="msg">${t.message}</span>
          ${
            t.action === undefined
              ? null
              : html`<button @click=${() => {
                  t.action?.run()
                  this.dismiss(t.id)
                }}>${t.action.label}</button>`
          }
          <button class="close" aria-label="Dismiss" @click=${() => this.dismiss(t.id)}>×</button>
        </div>`,
      )}
    </div>`
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ds-toasts': DsToasts
  }
}
