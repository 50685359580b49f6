/**
 * The camera QR scanner of "Follow someone" (issue 16): the camera's frames go through `scanFrame`
 * until one holds a NodeId, connect string or follow link; then the camera stops and the text is
 * handed over to fill the Follow field. It never follows by itself. No camera, a refused permission
 * or a busy camera each get a plain message.
 */
import { css, html, LitElement } from 'lit'
import { customElement, query, state } from 'lit/decorators.js'
import { scanFrame } from '../logic/index.ts'
import { sharedStyles } from '../styles/index.ts'

/** How often a frame is looked at (a QR decode of a 640 px frame takes a few ms). */
const SCAN_EVERY_MS = 150

/** What the user reads when the camera cannot be used, by the `DOMException` name getUserMedia gave. */
export function cameraProblem(err: unknown): string {
  const name = err instanceof Error || err instanceof DOMException ? err.name : ''
  switch (name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return 'Camera access was not allowed. Allow the camera for this site in the browser settings, or paste the connect string instead.'
    case 'NotFoundError':
    case 'OverconstrainedError':
      return 'No camera was found on this device. Paste the connect string instead.'
    case 'NotReadableError':
    case 'AbortError':
      return 'The camera is busy or could not be started (another app may be using it). Try again, or paste the connect string.'
    default:
      return 'The camera could not be started. Paste the connect string instead.'
  }
}

/**
 * `<ds-qr-scanner>`: a Scan button; while scanning, the camera view and a Stop button.
 * @fires ds-scanned - detail `{ target }` (a NodeId or connect string) when a code was read
 */
@customElement('ds-qr-scanner')
export class DsQrScanner extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      :host {
        margin-top: 0.5rem;
      }
      video {
        display: block;
        width: min(20rem, 100%);
        aspect-ratio: 4 / 3;
        object-fit: cover;
        border-radius: 10px;
        background: #000;
        margin: 0.4rem 0;
      }
      .note {
        margin: 0.35rem 0 0;
      }
    `,
  ]

  @state() private scanning = false
  @state() private problem: string | null = null
  @state() private hint: string | null = null
  @query('video') private video!: HTMLVideoElement | null
  private stream: MediaStream | null = null
  private timer: ReturnType<typeof setInterval> | null = null
  private canvas: HTMLCanvasElement | null = null

  override disconnectedCallback(): void {
    super.disconnectedCallback()
    this.stop()
  }

  private async start(): Promise<void> {
    this.problem = null
    this.hint = null
    if (typeof navigator.mediaDevices?.getUserMedia !== 'function') {
      this.problem =
        'This browser gives no camera access here (it needs HTTPS). Paste the connect string instead.'
      return
    }
    try {
      this.stream = await navigator.mediaDevices.getUserMedia({
        video: { facingMode: 'environment', width: { ideal: 640 }, height: { ideal: 480 } },
        audio: false,
      })
    } catch (err) {
      this.problem = cameraProblem(err)
      return
    }
    this.scanning = true
    await this.updateComplete
    const video = this.video
    if (video === null) return this.stop()
    video.srcObject = this.stream
    await video.play().catch(() => undefined)
    this.timer = setInterval(() => this.look(video), SCAN_EVERY_MS)
  }

  /** Looks at the current frame once. */
  private look(video: HTMLVideoElement): void {
    const w = video.videoWidth
    const h = video.videoHeight
    if (w === 0 || h === 0) return
    this.canvas ??= document.createElement('canvas')
    this.canvas.width = w
    this.canvas.height = h
    const g = this.canvas.getContext('2d', { willReadFrequently: true })
    if (g === null) return
    g.drawImage(video, 0, 0, w, h)
    const outcome = scanFrame(g.getImageData(0, 0, w, h).data, w, h)
    if (outcome.type === 'foreign') this.hint = 'That QR code is not a distsoc connect string.'
    if (outcome.type !== 'target') return
    this.stop()
    this.hint = 'Read a connect string — check it and press Follow.'
    this.dispatchEvent(
      new CustomEvent('ds-scanned', { detail: { target: outcome.target }, bubbles: true, composed: true }),
    )
  }

  private stop(): void {
    if (this.timer !== null) clearInterval(this.timer)
    this.timer = null
    for (const track of this.stream?.getTracks() ?? []) track.stop()
    this.stream = null
    this.scanning = false
  }

  override render() {
    return html`
      ${
        this.scanning
          ? html`<video muted playsinline aria-label="Camera view: hold a distsoc QR code in front of it"></video>
            <button type="button" @click=${() => this.stop()}>Stop scanning</button>`
          : html`<button type="button" @click=${() => this.start()}>Scan QR code</button>`
      }
      ${this.problem === null ? null : html`<p class="error note" role="alert">${this.problem}</p>`}
      ${this.hint === null ? null : html`<p class="muted note" role="status">${this.hint}</p>`}
    `
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ds-qr-scanner': DsQrScanner
  }
  interface HTMLElementEventMap {
    'ds-scanned': CustomEvent<{ target: string }>
  }
}
