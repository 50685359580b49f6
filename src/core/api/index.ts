/** The tab ↔ worker contract (DESIGN §2): the only part of core the UI imports besides types. */

export { type ErrorData, errorFromData, errorToData } from '../errors.ts'
export type * from './rpc.ts'
export type * from './views.ts'
