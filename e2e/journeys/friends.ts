/**
 * The journeys' shared setup: a cast of people who each open their own browser, onboard through the
 * real setup overlay and follow each other by connect string through People (`users.ts` does each
 * step), with the hooks that keep their screens when a test fails and close them afterwards.
 * `twoFriends()` and `threeFriends()` are the casts most journeys use; `meet()` sets a cast up inside
 * a test, `meetForFile()` once for a serial file.
 */
import { type Browser, test } from '@playwright/test'
import type { NodeId } from '../../src/core/model/types.ts'
import {
  connectString,
  follow,
  keepScreensOnFailure,
  newUser,
  nodeIdOf,
  onboard,
  persistentUser,
  type User,
} from './users.ts'

/** How one person comes into a journey. */
export interface Role {
  /** The display name typed at onboarding (also the user's name in screenshots). */
  name: string
  /** The bio typed at onboarding. */
  bio?: string
  /** Keeps the browser profile in this directory, so they can close everything and come back. */
  dir?: string
  /** Runs on their first page before onboarding (e.g. installing a notification recorder). */
  before?: (user: User) => Promise<void>
}

/** `[follower, followed]`: the follower follows the followed by connect string through People. */
export type Follow<K extends string> = readonly [follower: K, followed: K]

/** Who is in a journey (by key, in the order they open and onboard) and who follows whom, in order. */
export interface Cast<K extends string> {
  roles: Record<K, Role>
  follows: readonly Follow<K>[]
}

/** One person of a cast: a handle that stays theirs when they close and come back. */
export class Member implements User {
  readonly role: Role
  readonly #into: User[]
  #user: User | undefined
  #id: NodeId | undefined

  constructor(role: Role, into: User[]) {
    this.role = role
    this.#into = into
  }

  get name(): string {
    return this.role.name
  }
  get page(): User['page'] {
    return this.#now().page
  }
  /** Makes another page of their context the one the journey drives. */
  set page(page: User['page']) {
    this.#now().page = page
  }
  get context(): User['context'] {
    return this.#now().context
  }
  /** Their NodeId (known once onboarded). */
  get id(): NodeId {
    if (this.#id === undefined) throw new Error(`${this.name} has not onboarded yet`)
    return this.#id
  }

  /** Opens their browser context (a fresh one, or their profile on disk for a role with `dir`). */
  async open(browser: Browser): Promise<void> {
    const { dir, name } = this.role
    this.#user = dir === undefined ? await newUser(browser, name) : await persistentUser(dir, name)
    this.#into.push(this.#user)
  }

  /** Onboards through the real setup overlay and learns their NodeId. */
  async onboard(): Promise<void> {
    await this.role.before?.(this.#now())
    await onboard(this.page, this.name, this.role.bio)
    this.#id = (await nodeIdOf(this.page)) as NodeId
  }

  /** Closes their context (the node stops with its last tab). */
  close(): Promise<void> {
    return this.#now().close()
  }

  /** Opens their profile on disk again after a close (roles with `dir` only); the page is not loaded yet. */
  async comeBack(): Promise<void> {
    const { dir, name } = this.role
    if (dir === undefined) throw new Error(`${name} keeps no profile on disk to come back to`)
    this.#user = await persistentUser(dir, name)
    this.#into.push(this.#user)
  }

  #now(): User {
    if (this.#user === undefined) throw new Error(`${this.name} has not opened a browser yet`)
    return this.#user
  }
}

/** Handles for every role of `cast`, not opened yet. */
function handles<K extends string>(cast: Cast<K>, into: User[]): Record<K, Member> {
  const members = {} as Record<K, Member>
  for (const key of Object.keys(cast.roles) as K[]) members[key] = new Member(cast.roles[key], into)
  return members
}

/** Opens every member's browser (each joins `into` at once), onboards each, then performs the follows. */
async function setUp<K extends string>(
  browser: Browser,
  cast: Cast<K>,
  members: Record<K, Member>,
): Promise<void> {
  const all = Object.values<Member>(members)
  for (const m of all) await m.open(browser)
  for (const m of all) await m.onboard()
  const connects = new Map<K, string>()
  for (const [follower, followed] of cast.follows) {
    let connect = connects.get(followed)
    if (connect === undefined) {
      connect = await connectString(members[followed].page)
      connects.set(followed, connect)
    }
    await follow(members[follower].page, connect)
  }
}

/**
 * Sets `cast` up inside a test; its users go onto `into` (see `journeyUsers('each')`) as they
 * open, so a failing setup still closes them. Returns the members by key.
 */
export async function meet<K extends string>(
  browser: Browser,
  into: User[],
  cast: Cast<K>,
): Promise<Record<K, Member>> {
  const members = handles(cast, into)
  await setUp(browser, cast, members)
  return members
}

/**
 * Sets `cast` up once for a serial file, in a `beforeAll` that may take `timeoutMs`, with the
 * hooks of `journeyUsers('all')`. Returns the members' handles at once (usable in the tests).
 * Hooks run in the order they are declared: a `beforeAll` the cast needs first goes above the call,
 * an `afterAll` that needs the users closed goes below it.
 */
export function meetForFile<K extends string>(cast: Cast<K>, timeoutMs: number): Record<K, Member> {
  const into = journeyUsers('all')
  const members = handles(cast, into)
  test.beforeAll(async ({ browser }) => {
    test.setTimeout(timeoutMs)
    await setUp(browser, cast, members)
  })
  return members
}

/** What a preset cast may change: any role's fields, and who follows whom. */
export type CastOptions<K extends string> = { [P in K]?: Partial<Role> } & { follows?: readonly Follow<K>[] }

/** Alice and Bob; by default they follow each other (Bob follows first). */
export function twoFriends(options: CastOptions<'alice' | 'bob'> = {}): Cast<'alice' | 'bob'> {
  return {
    roles: { alice: { name: 'Alice', ...options.alice }, bob: { name: 'Bob', ...options.bob } },
    follows: options.follows ?? [
      ['bob', 'alice'],
      ['alice', 'bob'],
    ],
  }
}

/** Alice, Bob and Carol; by default Bob and Carol follow Alice and she follows both back. */
export function threeFriends(
  options: CastOptions<'alice' | 'bob' | 'carol'> = {},
): Cast<'alice' | 'bob' | 'carol'> {
  return {
    roles: {
      alice: { name: 'Alice', ...options.alice },
      bob: { name: 'Bob', ...options.bob },
      carol: { name: 'Carol', ...options.carol },
    },
    follows: options.follows ?? [
      ['bob', 'alice'],
      ['carol', 'alice'],
      ['alice', 'bob'],
      ['alice', 'carol'],
    ],
  }
}

/**
 * Registers the hooks of a journey spec and returns the list its users go into: after each test,
 * screenshots of every open user if it failed; then the users close — after each test
 * (`'each'`, users made inside a test) or once after all (`'all'`, users shared by a serial file).
 * Call it before the spec's own after-hooks: Playwright runs them in the order they are declared.
 */
export function journeyUsers(closeAfter: 'each' | 'all'): User[] {
  const users: User[] = []
  const closeAll = async () => {
    await Promise.allSettled(users.splice(0).map((u) => u.close()))
  }
  // biome-ignore lint/correctness/noEmptyPattern: Playwright requires a destructuring pattern for fixtures
  test.afterEach(async ({}, testInfo) => {
    await keepScreensOnFailure(testInfo, users)
    if (closeAfter === 'each') await closeAll()
  })
  if (closeAfter === 'all') test.afterAll(closeAll)
  return users
}
