/**
 * Which kinds of notification the user wants (issue 16): stored in this node's settings, read by the
 * tabs, which decide and show notifications themselves (the core has no DOM).
 */
import type { NotificationSettings } from '../api/index.ts'
import type { NodeContext } from './node-context.ts'

const KEY = 'notifications'
/** Both kinds on until the user turns one off (nothing shows before the browser permission anyway). */
const DEFAULTS: NotificationSettings = { messages: true, replies: true }

const isSettings = (v: unknown): v is NotificationSettings =>
  typeof v === 'object' &&
  v !== null &&
  typeof (v as NotificationSettings).messages === 'boolean' &&
  typeof (v as NotificationSettings).replies === 'boolean'

/** The stored choice, or both on. */
export function notificationSettings(ctx: NodeContext): NotificationSettings {
  return ctx.store.getSetting(KEY, isSettings) ?? DEFAULTS
}

/** Stores the choice and returns it. */
export function setNotificationSettings(ctx: NodeContext, next: NotificationSettings): NotificationSettings {
  const value = { messages: next.messages, replies: next.replies }
  ctx.store.setSetting(KEY, value)
  return value
}
