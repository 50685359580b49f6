/** What every part of the node service shares: storage, clock, logger, events, the identity. */

import type { IceServerConfig, NodeEvent } from '../api/index.ts'
import { NoIdentityError } from '../errors.ts'
import type { Identity } from '../model/index.ts'
import type { Logger } from '../net/index.ts'
import type { Clock, Store } from '../storage/index.ts'
import type { SecretWrapper } from './secret-wrapper.ts'

/** The anchors a node starts from (bootstrap.json, seed Phase B); the default one is always last. */
export interface BootstrapConfig {
  /** Community anchors shipped with the app, as dialable multiaddrs with `/p2p/<id>`. */
  anchors: string[]
  /** The built-in last-resort anchor (shareat.app; the local anchor in development). */
  defaultAnchor?: string
  /**
   * STUN/TURN servers the anchors' operators run beside them, by anchor address (issue 18);
   * never a third party's.
   */
  ice?: Record<string, IceServerConfig[]>
}

/** Shared state of one node. */
export interface NodeContext {
  store: Store
  clock: Clock
  logger: Logger
  bootstrap: BootstrapConfig
  /** Wraps the identity seed under the device key (issue 10: no secret in the database in the clear). */
  secrets: SecretWrapper
  /** Tells every open tab. */
  emit(event: NodeEvent): void
  /** The identity, once created or imported. */
  identity: Identity | undefined
}

/** The identity, or NoIdentityError while first run is not finished. */
export function requireIdentity(ctx: NodeContext): Identity {
  if (ctx.identity === undefined) throw new NoIdentityError('create or import an identity first')
  return ctx.identity
}

/** Type guards for settings values. */
export const isString = (v: unknown): v is string => typeof v === 'string'
export const isBoolean = (v: unknown): v is boolean => typeof v === 'boolean'
export const isStringArray = (v: unknown): v is string[] =>
  Array.isArray(v) && v.every((x) => typeof x === 'string')
