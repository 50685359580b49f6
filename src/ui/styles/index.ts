/** Styles every component shares (the tokens themselves are in `tokens.css`). */
export { backBarStyles, rowListStyles, sharedStyles, viewLayoutStyles } from './shared.ts'
