/**
 * The worker's end of one tab's WebRTC host port: allocates handles, forwards shim calls, routes the
 * tab's events to the shim objects, batches sends, and watches the tab's liveness (heartbeat,
 * `bye`, MessagePort `close`). When the tab goes away every connection it hosted is marked closed.
 */

import {
  type ChannelData,
  type DataChannelConfig,
  type HostToWorker,
  type IceCandidateInit,
  type PcCall,
  parseHostToWorker,
  type RtcConfig,
  type SessionDescriptionInit,
  transferablesOf,
  type WorkerToHost,
} from '../../core/api/index.ts'
import { errorFromData, NoWebRtcHostError } from '../../core/errors.ts'
import type { RtcLogger } from './logger.ts'
import type { ChannelLink } from './shim-data-channel.ts'
import { ShimDataChannel } from './shim-data-channel.ts'
import type { PeerLink, ShimPeerConnection } from './shim-peer-connection.ts'

/** Liveness of a link: waiting for `hello`, able to host, or gone (`dead`: its port is closed). */
export type LinkState = 'waiting' | 'ready' | 'lost' | 'dead'

/** Options of one link. */
export interface HostLinkOptions {
  name: string
  heartbeatMs: number
  timeoutMs: number
  logger: RtcLogger
  onChange(link: HostLink): void
}

interface Pending {
  resolve(value: SessionDescriptionInit | null): void
  reject(err: Error): void
}

let nextPc = 1
let nextDc = 1
let nextReq = 1

/** One tab's WebRTC host port, seen from the worker. */
export class HostLink implements PeerLink, ChannelLink {
  readonly name: string
  #port: MessagePort
  #opts: HostLinkOptions
  #state: LinkState = 'waiting'
  #pcs = new Map<number, ShimPeerConnection>()
  #channels = new Map<number, ShimDataChannel>()
  #pending = new Map<number, Pending>()
  #batches: { dc: number; data: ChannelData[] }[] = []
  #lastSeen = Date.now()
  #timer: ReturnType<typeof setInterval> | undefined
  #seq = 0

  constructor(port: MessagePort, options: HostLinkOptions) {
    this.name = options.name
    this.#port = port
    this.#opts = options
    port.onmessage = (event) => this.#receive(event.data)
    // Chromium ≥ 122 fires `close` when the tab's end of the port is gone (tab closed or crashed).
    port.addEventListener('close', () => this.kill('port closed'))
    port.start()
  }

  /** Where the link is in its life. */
  get state(): LinkState {
    return this.#state
  }

  /** Number of peer connections this tab currently hosts for the worker. */
  get peerConnections(): number {
    return this.#pcs.size
  }

  /** A fresh peer connection handle (unique in the worker). */
  nextPcHandle(): number {
    return nextPc++
  }

  /** Registers a new shim connection and asks the tab to create the real one. */
  openPeerConnection(handle: number, pc: ShimPeerConnection, config: RtcConfig): void {
    this.#pcs.set(handle, pc)
    this.post({ type: 'pc.create', pc: handle, config })
  }

  call(
    pc: number,
    call: PcCall,
    arg: SessionDescriptionInit | IceCandidateInit | null,
  ): Promise<SessionDescriptionInit | null> {
    if (this.#state !== 'ready')
      return Promise.reject(new NoWebRtcHostError(`WebRTC host ${this.name} is gone`))
    const req = nextReq++
    const promise = new Promise<SessionDescriptionInit | null>((resolve, reject) => {
      this.#pending.set(req, { resolve, reject })
    })
    this.post({ type: 'pc.call', pc, req, call, arg })
    return promise
  }

  createChannel(pc: number, label: string, init: DataChannelConfig): ShimDataChannel {
    const dc = nextDc++
    const channel = new ShimDataChannel(this, dc, {
      label,
      protocol: init.protocol ?? '',
      id: init.negotiated === true ? (init.id ?? null) : null,
      ordered: init.ordered ?? true,
      negotiated: init.negotiated ?? false,
      maxPacketLifeTime: init.maxPacketLifeTime ?? null,
      maxRetransmits: init.maxRetransmits ?? null,
      readyState: 'connecting',
    })
    this.#adopt(dc, channel)
    this.#opts.logger.debug('webrtc-dc-create', { host: this.name, pc, dc, label })
    this.post({ type: 'dc.create', pc, dc, label, init })
    return channel
  }

  closePc(pc: number): void {
    this.#opts.logger.debug('webrtc-pc-close', { host: this.name, pc })
    if (this.#pcs.delete(pc)) this.post({ type: 'pc.close', pc })
  }

  queueSend(dc: number, data: ChannelData): void {
    if (this.#state !== 'ready') return
    const last = this.#batches.at(-1)
    if (last !== undefined && last.dc === dc) {
      last.data.push(data)
      return
    }
    if (this.#batches.length === 0) queueMicrotask(() => this.#flush())
    this.#batches.push({ dc, data: [data] })
  }

  post(message: WorkerToHost): void {
    if (this.#state === 'dead') return
    this.#flush()
    this.#port.postMessage(message, transferablesOf(message))
  }

  /** Forgets every connection of this tab (they are gone with it) and tells the tab to drop them too. */
  lose(reason: string): void {
    if (this.#state === 'lost' || this.#state === 'dead') return
    this.#state = 'lost'
    this.#stopHeartbeat()
    this.#dropAll(reason)
    this.post({ type: 'reset' })
    this.#opts.onChange(this)
  }

  /** The port itself is gone (tab closed, or the worker detaches it): final. */
  kill(reason: string): void {
    if (this.#state === 'dead') return
    const wasUp = this.#state === 'ready'
    this.#state = 'dead'
    this.#stopHeartbeat()
    if (wasUp) this.#dropAll(reason)
    this.#port.onmessage = null
    this.#port.close()
    this.#opts.onChange(this)
  }

  #dropAll(reason: string): void {
    this.#opts.logger.warn('webrtc-host-lost', { host: this.name, reason, pcs: this.#pcs.size })
    this.#batches = []
    const pcs = [...this.#pcs.values()]
    this.#pcs.clear()
    const channels = [...this.#channels.values()]
    this.#channels.clear()
    const pending = [...this.#pending.values()]
    this.#pending.clear()
    for (const p of pending) p.reject(new NoWebRtcHostError(`WebRTC host ${this.name} went away (${reason})`))
    for (const pc of pcs) pc.hostLost()
    for (const channel of channels) channel.hostClosed()
  }

  #flush(): void {
    if (this.#batches.length === 0) return
    const batches = this.#batches
    this.#batches = []
    for (const { dc, data } of batches) {
      const message: WorkerToHost = { type: 'dc.send', dc, data }
      this.#port.postMessage(message, transferablesOf(message))
    }
  }

  #adopt(dc: number, channel: ShimDataChannel): void {
    this.#channels.set(dc, channel)
    channel.addEventListener('close', () => this.#channels.delete(dc), { once: true })
  }

  #startHeartbeat(): void {
    this.#stopHeartbeat()
    this.#lastSeen = Date.now()
    this.#timer = setInterval(() => {
      if (Date.now() - this.#lastSeen > this.#opts.timeoutMs) this.lose('heartbeat timeout')
      else this.post({ type: 'ping', seq: this.#seq++ })
    }, this.#opts.heartbeatMs)
  }

  #stopHeartbeat(): void {
    if (this.#timer !== undefined) clearInterval(this.#timer)
    this.#timer = undefined
  }

  #receive(data: unknown): void {
    const message = parseHostToWorker(data)
    if (message instanceof Error) {
      this.#opts.logger.debug('webrtc-host-bad-message', { host: this.name })
      this.#opts.logger.warn('webrtc-host-bad-message', { host: this.name, error: message.message })
      return
    }
    if (this.#state === 'dead') return
    this.#lastSeen = Date.now()
    if (message.type === 'hello') {
      if (this.#state === 'ready') return
      this.#state = 'ready'
      this.#startHeartbeat()
      this.#opts.onChange(this)
      return
    }
    if (message.type === 'bye') {
      this.lose('tab said bye')
      return
    }
    if (this.#state === 'ready') this.#route(message)
  }

  #route(m: HostToWorker): void {
    switch (m.type) {
      case 'pc.result': {
        const pending = this.#pending.get(m.req)
        this.#pending.delete(m.req)
        if (m.ok) pending?.resolve(m.value)
        else pending?.reject(errorFromData(m.error))
        return
      }
      case 'pc.state': {
        const { connectionState, iceConnectionState, iceGatheringState, signalingState } = m
        this.#pcs
          .get(m.pc)
          ?.hostState({ connectionState, iceConnectionState, iceGatheringState, signalingState })
        return
      }
      case 'pc.candidate':
        this.#pcs.get(m.pc)?.hostCandidate(m.candidate)
        return
      case 'pc.path':
        this.#pcs.get(m.pc)?.hostPath({ local: m.local, remote: m.remote, protocol: m.protocol })
        return
      case 'pc.datachannel': {
        const pc = this.#pcs.get(m.pc)
        if (pc === undefined) {
          this.post({ type: 'dc.close', dc: m.dc })
          return
        }
        const channel = new ShimDataChannel(this, m.dc, m.info)
        this.#adopt(m.dc, channel)
        pc.hostDataChannel(channel)
        return
      }
      case 'dc.id':
        this.#channels.get(m.dc)?.hostId(m.id)
        return
      case 'dc.open': {
        const channel = this.#channels.get(m.dc)
        this.#opts.logger.debug('webrtc-dc-open', {
          host: this.name,
          dc: m.dc,
          known: channel !== undefined,
          state: channel?.readyState,
        })
        channel?.hostOpen(m.id)
        return
      }
      case 'dc.message':
        this.#channels.get(m.dc)?.hostMessage(m.data)
        return
      case 'dc.buffered':
        this.#channels.get(m.dc)?.hostBuffered(m.acked, m.amount)
        return
      case 'dc.closing':
        this.#channels.get(m.dc)?.hostClosing()
        return
      case 'dc.close':
        this.#opts.logger.debug('webrtc-dc-closed', { host: this.name, dc: m.dc })
        this.#channels.get(m.dc)?.hostClosed()
        return
      case 'dc.error':
        this.#channels.get(m.dc)?.hostError(m.error)
        return
      case 'pong':
      case 'hello':
      case 'bye':
        return
    }
  }
}
