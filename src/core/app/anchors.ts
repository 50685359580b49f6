/**
 * The user's anchor list (seed Phase C, Settings): community anchors they added, the bootstrap
 * ones, and the default anchor always last — which can be disabled but never removed.
 */
import type { AnchorView } from '../api/index.ts'
import { NotFoundError, ValidationError } from '../errors.ts'
import { LIMITS, type NodeId } from '../model/index.ts'
import { isBoolean, isStringArray, type NodeContext } from './node-context.ts'

const CUSTOM_KEY = 'anchors.custom'
const DEFAULT_ENABLED_KEY = 'anchors.defaultEnabled'
const DISABLED_KEY = 'anchors.disabled'
const MAX_CUSTOM = 8

/** The NodeId at the end of an anchor multiaddr, if it has one. */
export function anchorNodeId(addr: string): NodeId | undefined {
  const match = /\/p2p\/([1-9A-HJ-NP-Za-km-z]+)$/.exec(addr)
  return match?.[1] as NodeId | undefined
}

/** Checks a multiaddr the user typed: a `/…/p2p/<id>` string within bounds. */
export function checkAnchorAddr(addr: string): string {
  const trimmed = addr.trim()
  if (trimmed === '') throw new ValidationError('anchor address is empty')
  if (trimmed.length > 256) throw new ValidationError('anchor address is too long')
  if (!trimmed.startsWith('/') || anchorNodeId(trimmed) === undefined) {
    throw new ValidationError('anchor address must be a multiaddr ending in /p2p/<NodeId>')
  }
  return trimmed
}

function customAnchors(ctx: NodeContext): string[] {
  return ctx.store.getSetting(CUSTOM_KEY, isStringArray) ?? []
}

/** Whether the default anchor is used (Settings). */
export function defaultAnchorEnabled(ctx: NodeContext): boolean {
  return ctx.store.getSetting(DEFAULT_ENABLED_KEY, isBoolean) ?? true
}

function disabledAnchors(ctx: NodeContext): string[] {
  return ctx.store.getSetting(DISABLED_KEY, isStringArray) ?? []
}

/** Every anchor in order: custom, bootstrap, then the default one. */
export function listAnchors(ctx: NodeContext, connected: ReadonlySet<string>): AnchorView[] {
  const seen = new Set<string>()
  const views: AnchorView[] = []
  const disabled = new Set(disabledAnchors(ctx))
  const add = (addr: string, source: AnchorView['source'], enabled: boolean): void => {
    if (seen.has(addr)) return
    seen.add(addr)
    const nodeId = anchorNodeId(addr)
    const view: AnchorView = {
      addr,
      source,
      is_default: source === 'default',
      enabled,
      connected: nodeId !== undefined && connected.has(nodeId),
    }
    if (nodeId !== undefined) view.node_id = nodeId
    views.push(view)
  }
  const fallback = ctx.bootstrap.defaultAnchor
  for (const addr of customAnchors(ctx)) if (addr !== fallback) add(addr, 'custom', true)
  for (const addr of ctx.bootstrap.anchors) if (addr !== fallback) add(addr, 'bootstrap', !disabled.has(addr))
  if (fallback !== undefined) add(fallback, 'default', defaultAnchorEnabled(ctx))
  return views
}

/** The anchors to check in with, in order of preference. */
export function activeAnchors(ctx: NodeContext): string[] {
  return listAnchors(ctx, new Set())
    .filter((a) => a.enabled)
    .map((a) => a.addr)
}

/** The anchors a profile lists (seed: 2–4). */
export function profileAnchors(ctx: NodeContext): string[] {
  return activeAnchors(ctx).slice(0, LIMITS.profileAnchors)
}

/** Adds a community anchor. */
export function addAnchor(ctx: NodeContext, addr: string): void {
  const clean = checkAnchorAddr(addr)
  const list = customAnchors(ctx)
  if (list.includes(clean) || clean === ctx.bootstrap.defaultAnchor) return
  if (list.length >= MAX_CUSTOM) throw new ValidationError(`at most ${MAX_CUSTOM} community anchors`)
  ctx.store.setSetting(CUSTOM_KEY, [...list, clean])
}

/** Removes a community anchor; the default and bootstrap.json anchors cannot be removed, only disabled. */
export function removeAnchor(ctx: NodeContext, addr: string): void {
  if (addr === ctx.bootstrap.defaultAnchor || ctx.bootstrap.anchors.includes(addr)) {
    throw new ValidationError('this anchor comes with the app and cannot be removed; disable it instead')
  }
  const list = customAnchors(ctx)
  if (!list.includes(addr)) throw new NotFoundError('that anchor is not in your list')
  ctx.store.setSetting(
    CUSTOM_KEY,
    list.filter((a) => a !== addr),
  )
}

/** Enables or disables an anchor that came with the app (bootstrap.json or the default one). */
export function setAnchorEnabled(ctx: NodeContext, addr: string, enabled: boolean): void {
  if (addr === ctx.bootstrap.defaultAnchor) {
    setDefaultAnchorEnabled(ctx, enabled)
    return
  }
  if (!ctx.bootstrap.anchors.includes(addr)) {
    throw new NotFoundError('only anchors that came with the app are turned off; remove your own instead')
  }
  const others = disabledAnchors(ctx).filter((a) => a !== addr && ctx.bootstrap.anchors.includes(a))
  ctx.store.setSetting(DISABLED_KEY, enabled ? others : [...others, addr])
}

/** Enables or disables the default anchor. */
export function setDefaultAnchorEnabled(ctx: NodeContext, enabled: boolean): void {
  ctx.store.setSetting(DEFAULT_ENABLED_KEY, enabled)
}
