/**
 * The feed's virtualizer layout (issue 12): lit-virtualizer's flow layout with cards rendered only
 * `NEAR_PX` beyond the viewport instead of its 1000 px. Each range change renders, styles and lays
 * out every new card in range, so a smaller range is less work per scroll step.
 */
import { FlowLayout } from '@lit-labs/virtualizer/layouts/flow.js'

/** Pixels rendered above and below the viewport: more than a wheel notch or a key press moves. */
export const NEAR_PX = 300

class NearFlowLayout extends FlowLayout {
  constructor(...args: ConstructorParameters<typeof FlowLayout>) {
    super(...args)
    this._overhang = NEAR_PX
  }
}

/** The `layout` value for `<lit-virtualizer>`. */
export const nearFlow = { type: NearFlowLayout }
