/**
 * The connect string as a QR code to scan phone to phone (issue 16, "sharing yourself"), drawn
 * with lean-qr onto a canvas: black on white whatever the theme, so every camera reads it.
 */
import { generate } from 'lean-qr'
import { css, html, LitElement, type PropertyValues } from 'lit'
import { customElement, property, query } from 'lit/decorators.js'

/** `<ds-connect-qr text="…">`: a square QR code of `text`, scaled crisply to the card. */
@customElement('ds-connect-qr')
export class DsConnectQr extends LitElement {
  static override styles = css`
    :host {
      display: block;
    }
    canvas {
      display: block;
      width: min(16rem, 100%);
      aspect-ratio: 1;
      image-rendering: pixelated;
      border-radius: 8px;
      margin: 0.5rem 0;
    }
  `

  @property() text = ''
  @query('canvas') private canvas!: HTMLCanvasElement

  override updated(changed: PropertyValues<this>): void {
    if (!changed.has('text') || this.text === '') return
    generate(this.text).toCanvas(this.canvas, { on: [0, 0, 0, 255], off: [255, 255, 255, 255], pad: 4 })
  }

  override render() {
    return html`<canvas role="img" aria-label="QR code of your connect string"></canvas>`
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ds-connect-qr': DsConnectQr
  }
}
