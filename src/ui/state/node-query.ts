/**
 * The one way a component reads and changes the node (docs/house-rules.md §8): a Lit reactive
 * controller that loads a value when the host connects, reads it again on the node events named,
 * and reports a failure the one way the host asks for; and its sibling for a button's action.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit'
import type { NodeEvent } from '../../core/api/index.ts'
import type { RpcClient } from './node-client.ts'
import { NodeEvents } from './node-events.ts'
import { errorMessage, showToast, type ToastRequest } from './toast.ts'

/** A Lit element: it updates, and toasts are fired from it. */
export type QueryHost = ReactiveControllerHost & HTMLElement

/**
 * What a failure does: `toast` fires an error toast from the host; `inline` only sets `error`
 * for the host to show beside the form; `reset` quietly puts the value back to `initial`.
 * `error` holds the message in every mode until the next success.
 */
export type Report = 'toast' | 'inline' | 'reset'

/** How a `NodeQuery` reads its value. */
export interface NodeQueryOptions<T> {
  /** The host's node handle (read on connect and at each load). */
  client: () => RpcClient | null
  /** Reads the value from the node. */
  load: (client: RpcClient) => Promise<T>
  /** The value before the first load (and after a failure with `report: 'reset'`). */
  initial: T
  /** Node events after which the value is read again: their types, or a test. */
  reloadOn?: readonly NodeEvent['type'][] | ((e: NodeEvent) => boolean)
  /** See `Report`; `toast` unless said. */
  report?: Report
  /** Read when the host connects (the default); false when the host starts it from `willUpdate`. */
  loadOnConnect?: boolean
  /** What the value is for (a post id, a peer): null reads nothing; an answer for an old key is dropped. */
  key?: () => unknown
  /** Runs after each load with the new value in place (its failure is reported like the load's). */
  after?: (value: T, client: RpcClient) => void | Promise<void>
}

/** A value read from the node for one component: `value`, `loaded`, `busy`, `error`. */
export class NodeQuery<T> implements ReactiveController {
  /** True once a load has succeeded. */
  loaded = false
  /** The message of the last failure, null after a success. */
  error: string | null = null
  private readonly host: QueryHost
  private readonly options: NodeQueryOptions<T>
  private pending = 0
  private current: T

  constructor(host: QueryHost, options: NodeQueryOptions<T>) {
    this.host = host
    this.options = options
    this.current = options.initial
    host.addController(this)
    const on = options.reloadOn
    if (on !== undefined) {
      const wanted = typeof on === 'function' ? on : (e: NodeEvent) => on.includes(e.type)
      new NodeEvents(host, options.client, (e) => {
        if (wanted(e)) void this.reload()
      })
    }
  }

  /** The last value read (or `initial`). */
  get value(): T {
    return this.current
  }

  /** A local change the node has confirmed (e.g. the message just sent appended); updates the host. */
  set value(value: T) {
    this.current = value
    this.host.requestUpdate()
  }

  /** True while a load or a `set` is under way. */
  get busy(): boolean {
    return this.pending > 0
  }

  /** @internal Lit calls this when the host is connected. */
  hostConnected(): void {
    if (this.options.loadOnConnect !== false) void this.reload()
  }

  /** Reads the value again (a failure is reported, never thrown). */
  async reload(): Promise<void> {
    const client = this.options.client()
    const key = this.options.key?.()
    if (client === null || key === null) return
    await this.track(async () => {
      const value = await this.options.load(client)
      if (this.options.key !== undefined && this.options.key() !== key) return
      this.accept(value)
      await this.options.after?.(value, client)
    })
  }

  /**
   * Runs an action whose answer is the new value (e.g. `anchors.add` answers the list), toasts
   * `done` after it; resolves to whether it succeeded (a failure is reported as a load's is).
   */
  async set(step: (client: RpcClient) => Promise<T>, done?: ToastRequest): Promise<boolean> {
    const client = this.options.client()
    if (client === null) return false
    return this.track(async () => {
      this.accept(await step(client))
      if (done !== undefined) showToast(this.host, done)
    })
  }

  private accept(value: T): void {
    this.current = value
    this.loaded = true
    this.error = null
  }

  private async track(work: () => Promise<void>): Promise<boolean> {
    this.pending++
    this.host.requestUpdate()
    try {
      await work()
      return true
    } catch (err) {
      this.error = errorMessage(err)
      const report = this.options.report ?? 'toast'
      if (report === 'toast') showToast(this.host, { message: this.error, kind: 'error' })
      else if (report === 'reset') this.current = this.options.initial
      return false
    } finally {
      this.pending--
      this.host.requestUpdate()
    }
  }
}

/**
 * A button's action on the node: `busy` while it runs, an optional toast when it is done, a
 * failure toasted (or only kept in `error` with `report: 'inline'`).
 */
export class NodeAction implements ReactiveController {
  /** The message of the last failure, null after a success (or when the host clears it). */
  error: string | null = null
  private readonly host: QueryHost
  private readonly client: () => RpcClient | null
  private readonly report: 'toast' | 'inline'
  private pending = 0

  constructor(host: QueryHost, client: () => RpcClient | null, report: 'toast' | 'inline' = 'toast') {
    this.host = host
    this.client = client
    this.report = report
    host.addController(this)
  }

  /** True while an action is under way. */
  get busy(): boolean {
    return this.pending > 0
  }

  /** @internal Nothing to do on connect. */
  hostConnected(): void {}

  /**
   * Runs `step`, then toasts `done` (a request, or one built from the answer; undefined for none).
   * Resolves to whether it succeeded; a failure is reported, never thrown.
   */
  async run<R>(
    step: (client: RpcClient) => Promise<R>,
    done?: ToastRequest | ((answer: R) => ToastRequest | undefined),
  ): Promise<boolean> {
    const client = this.client()
    if (client === null) return false
    this.pending++
    this.host.requestUpdate()
    try {
      const answer = await step(client)
      this.error = null
      const toast = typeof done === 'function' ? done(answer) : done
      if (toast !== undefined) showToast(this.host, toast)
      return true
    } catch (err) {
      this.error = errorMessage(err)
      if (this.report === 'toast') showToast(this.host, { message: this.error, kind: 'error' })
      return false
    } finally {
      this.pending--
      this.host.requestUpdate()
    }
  }
}
