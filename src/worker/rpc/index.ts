/** The worker's side of the RPC (docs/design.md §2): the server on a tab's port and the checks of each method's params. */
export { methodParams } from './method-params.ts'
export { type ExtraHandlers, type RpcHandlers, RpcServer } from './server.ts'
export { array, noParams, number, object, parseParams, string, type Validator } from './validate.ts'
