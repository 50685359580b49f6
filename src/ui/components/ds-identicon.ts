/** A person's identicon (seed Phase E): the 5×5 mirrored grid of their NodeId, drawn as SVG by Lit. */
import { css, LitElement, svg } from 'lit'
import { customElement, property } from 'lit/decorators.js'
import { identiconGrid } from '../logic/index.ts'

/** `<ds-identicon node-id="12D3…" size="40">`: decorative unless `label` is set. */
@customElement('ds-identicon')
export class DsIdenticon extends LitElement {
  static override styles = css`
    :host {
      display: inline-block;
      flex: none;
      line-height: 0;
    }
    svg {
      border-radius: 22%;
    }
  `

  @property({ attribute: 'node-id' }) nodeId = ''
  @property({ type: Number }) size = 40
  /** Accessible name; empty means decorative (a name is shown beside it). */
  @property() label = ''

  override render() {
    const { cells, hue } = identiconGrid(this.nodeId)
    const rects = cells.flatMap((row, y) =>
      row.map((on, x) => (on ? svg`<rect x=${x + 1} y=${y + 1} width="1" height="1" />` : null)),
    )
    return svg`<svg viewBox="0 0 7 7" width=${this.size} height=${this.size}
      role=${this.label === '' ? 'presentation' : 'img'} aria-label=${this.label === '' ? '' : this.label}
      aria-hidden=${this.label === '' ? 'true' : 'false'}>
      <rect width="7" height="7" fill=${`hsl(${hue} 35% 88%)`} />
      <g fill=${`hsl(${hue} 60% 42%)`} shape-rendering="crispEdges">${rects}</g>
    </svg>`
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ds-identicon': DsIdenticon
  }
}
