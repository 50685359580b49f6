/**
 * Toasts: views ask the shell to show one by firing `ds-toast`; the shell listens at its root, so
 * any component (or `NodeQuery` for it) can report without knowing who shows it.
 */

/** What a toast says, and optionally one action (e.g. Reload for a new version). */
export interface ToastRequest {
  message: string
  kind?: 'info' | 'error' | 'success'
  action?: { label: string; run: () => void }
}

/** Fires `ds-toast` from `from` (bubbles, composed: crosses shadow roots). */
export function showToast(from: EventTarget, request: ToastRequest): void {
  from.dispatchEvent(
    new CustomEvent<ToastRequest>('ds-toast', { detail: request, bubbles: true, composed: true }),
  )
}

/** The user-facing text of a failed call: the node's typed error message, never a stack. */
export function errorMessage(err: unknown): string {
  if (err instanceof Error && err.message !== '') return err.message
  return 'Something went wrong.'
}

declare global {
  interface HTMLElementEventMap {
    'ds-toast': CustomEvent<ToastRequest>
  }
}
