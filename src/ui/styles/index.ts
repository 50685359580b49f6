/** Styles every component shares (the tokens themselves are in `tokens.css`). */
export { rowListStyles, sharedStyles, viewLayoutStyles } from './shared.ts'
