/** The tab ↔ worker contract (docs/design.md §2): the only part of core the UI imports besides types. */

export { type ErrorData, errorFromData, errorToData, ValidationError } from '../errors.ts'
/** The content limits both sides check (docs/design.md §4): the UI checks early, the worker decides. */
export { LIMITS } from '../model/types.ts'
export type * from './rpc.ts'
export type * from './views.ts'
