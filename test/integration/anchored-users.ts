/**
 * The integration files' shared setup: a real anchor for the whole file and onboarded users (each
 * a real node, see node-harness.ts) started against it — the anchor before all, every user and
 * then the anchor stopped after all.
 */
import { afterAll, beforeAll } from 'vitest'
import { type RunningAnchor, startAnchor } from '../../relay-anchor/src/anchor.ts'
import { startUser, type TestUser } from './node-harness.ts'

/** How a user's node runs: its maintenance period and any extra listen addresses. */
export interface UserOptions {
  maintainEveryMs?: number
  listen?: string[]
}

/** Starts `name`'s node against `anchors`, adds it to `into` (to be stopped) and creates its identity. */
export async function onboardedUser(
  name: string,
  anchors: string[],
  options: UserOptions,
  into: TestUser[],
): Promise<TestUser> {
  const u = await startUser(name, anchors, options)
  into.push(u)
  await u.call('identity.create', { display_name: name, bio: '' })
  return u
}

/** A file's anchor and the users started against it. */
export interface AnchoredUsers {
  /** The file's anchor (running once the file's `beforeAll` has run). */
  readonly anchor: RunningAnchor
  /** Everyone started so far. */
  readonly users: TestUser[]
  /** Starts an onboarded user against the anchor; `options` override the file's defaults. */
  user(name: string, options?: UserOptions): Promise<TestUser>
}

/** Registers the file's anchor hooks; users get `defaults` unless a call says otherwise. */
export function anchoredUsers(defaults: UserOptions = {}): AnchoredUsers {
  let running: RunningAnchor | undefined
  const users: TestUser[] = []
  beforeAll(async () => {
    running = await startAnchor({ logLevel: 'error' })
  })
  afterAll(async () => {
    await Promise.allSettled(users.map((u) => u.stop()))
    await running?.stop()
  })
  const anchor = (): RunningAnchor => {
    if (running === undefined) throw new Error('the anchor starts in beforeAll')
    return running
  }
  return {
    get anchor() {
      return anchor()
    },
    users,
    user: (name, options = {}) =>
      onboardedUser(name, [anchor().multiaddrs[0]!], { ...defaults, ...options }, users),
  }
}
