/**
 * The node application (docs/design.md §2): `createNodeService` builds a whole node from injected
 * platform parts; the worker also takes the bootstrap parsing, the ICE servers an anchor lends and
 * the secret wrapper it keeps the device key behind.
 */
export { iceServersFor } from './anchor-ice.ts'
export { parseBootstrap } from './bootstrap.ts'
export type { BootstrapConfig } from './node-context.ts'
export { createNodeService, type NodeService } from './node-service.ts'
export type { SecretWrapper } from './secret-wrapper.ts'
