/**
 * Worker-side `RTCDataChannel`: mirrors the tab's real channel (state, id, bufferedAmount) and
 * forwards `send`/`close` over the host link. Binary payloads arrive as transferred ArrayBuffers.
 */

import type { ChannelData, ChannelInfo, WorkerToHost } from '../../core/api/index.ts'
import type { ErrorData } from '../../core/errors.ts'
import { domError, eventWith, fire, type Handler } from './shim-events.ts'

/** What a channel needs from its host link. */
export interface ChannelLink {
  /** Posts a command to the host (flushing queued sends first, so order is kept). */
  post(message: WorkerToHost): void
  /** Queues one payload for the host; payloads of one task travel in one message. */
  queueSend(dc: number, data: ChannelData): void
}

type ReadyState = ChannelInfo['readyState']

const utf8 = new TextEncoder()

/** `RTCDataChannel` backed by a channel in the hosting tab. */
export class ShimDataChannel extends EventTarget {
  readonly label: string
  readonly protocol: string
  readonly ordered: boolean
  readonly negotiated: boolean
  readonly maxPacketLifeTime: number | null
  readonly maxRetransmits: number | null
  readonly reliable = true
  onopen: Handler = null
  onmessage: Handler<MessageEvent> = null
  onclosing: Handler = null
  onclose: Handler = null
  onerror: Handler = null
  onbufferedamountlow: Handler = null
  binaryType: 'arraybuffer' | 'blob' = 'arraybuffer'
  #id: number | null
  #state: ReadyState
  #threshold = 0
  #sent = 0
  #acked = 0
  #hostBuffered = 0
  #link: ChannelLink
  #handle: number

  constructor(link: ChannelLink, handle: number, info: ChannelInfo) {
    super()
    this.#link = link
    this.#handle = handle
    this.label = info.label
    this.protocol = info.protocol
    this.ordered = info.ordered
    this.negotiated = info.negotiated
    this.maxPacketLifeTime = info.maxPacketLifeTime
    this.maxRetransmits = info.maxRetransmits
    this.#id = info.id
    this.#state = info.readyState
  }

  /** The SCTP stream id; null until the host's SCTP transport assigns it (as in the real API). */
  get id(): number | null {
    return this.#id
  }

  /** 'connecting' | 'open' | 'closing' | 'closed', as last reported by the host (or set by close()). */
  get readyState(): ReadyState {
    return this.#state
  }

  /** Bytes accepted by send() that the tab's real channel has not put on the wire yet. */
  get bufferedAmount(): number {
    return this.#sent - this.#acked + this.#hostBuffered
  }

  get bufferedAmountLowThreshold(): number {
    return this.#threshold
  }

  set bufferedAmountLowThreshold(value: number) {
    const next = Math.max(0, Math.floor(Number(value) || 0))
    if (next === this.#threshold) return
    this.#threshold = next
    if (this.#state !== 'closed') this.#link.post({ type: 'dc.threshold', dc: this.#handle, value: next })
  }

  /** Sends a message; binary data is copied once into a buffer that is then transferred to the tab. */
  send(data: ArrayBuffer | ArrayBufferView | string): void {
    if (this.#state !== 'open')
      throw domError('InvalidStateError', `RTCDataChannel.readyState is '${this.#state}'`)
    let payload: ChannelData
    let bytes: number
    if (typeof data === 'string') {
      payload = data
      bytes = utf8.encode(data).byteLength
    } else if (data instanceof ArrayBuffer) {
      payload = data.slice(0)
      bytes = payload.byteLength
    } else if (ArrayBuffer.isView(data)) {
      const view = new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
      payload = view.slice().buffer
      bytes = payload.byteLength
    } else {
      throw new TypeError('the WebRTC shim sends strings, ArrayBuffers and ArrayBuffer views only')
    }
    this.#sent += bytes
    this.#link.queueSend(this.#handle, payload)
  }

  /** Starts the closing procedure; the host reports 'closed' when the real channel is closed. */
  close(): void {
    if (this.#state === 'closing' || this.#state === 'closed') return
    this.#state = 'closing'
    this.#link.post({ type: 'dc.close', dc: this.#handle })
  }

  /** @internal The host assigned the SCTP stream id. */
  hostId(id: number): void {
    this.#id = id
  }

  /** @internal The real channel opened. */
  hostOpen(id: number | null): void {
    if (id !== null) this.#id = id
    if (this.#state !== 'connecting') return
    this.#state = 'open'
    fire(this, new Event('open'))
  }

  /** @internal A message arrived on the real channel. */
  hostMessage(data: ChannelData): void {
    if (this.#state === 'closed') return
    fire(this, new MessageEvent('message', { data }))
  }

  /** @internal The host reports how much it has sent and what the real channel still buffers. */
  hostBuffered(acked: number, amount: number): void {
    const before = this.bufferedAmount
    this.#acked = Math.max(this.#acked, acked)
    this.#hostBuffered = amount
    const after = this.bufferedAmount
    if (before > this.#threshold && after <= this.#threshold) fire(this, new Event('bufferedamountlow'))
  }

  /** @internal The real channel started closing. */
  hostClosing(): void {
    if (this.#state !== 'open' && this.#state !== 'connecting') return
    this.#state = 'closing'
    fire(this, new Event('closing'))
  }

  /** @internal The real channel failed. */
  hostError(error: ErrorData): void {
    const err = Object.assign(new Error(error.message), { name: error.name })
    fire(this, eventWith('error', { error: err }))
  }

  /** @internal The real channel closed, or the host went away: the channel is gone for good. */
  hostClosed(): void {
    if (this.#state === 'closed') return
    this.#state = 'closed'
    fire(this, new Event('close'))
  }
}
