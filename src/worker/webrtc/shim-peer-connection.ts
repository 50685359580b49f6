/**
 * Worker-side `RTCPeerConnection` (docs/design.md §1: the real one exists only on Window). Every method is
 * forwarded to the hosting tab; states, ICE candidates and remote data channels come back as events.
 * Implements what @libp2p/webrtc 6 uses; unsupported members (media, stats) are absent on purpose.
 */
import type {
  DataChannelConfig,
  IceCandidateInit,
  IcePath,
  PcCall,
  PcStates,
  RtcConfig,
  SessionDescriptionInit,
} from '../../core/api/index.ts'
import type { ShimDataChannel } from './shim-data-channel.ts'
import { domError, eventWith, fire, type Handler } from './shim-events.ts'
import { ShimIceCandidate, ShimSessionDescription } from './shim-values.ts'

/** What a peer connection needs from its host link. */
export interface PeerLink {
  /** Asks the host to run one async method on the real connection. */
  call(
    pc: number,
    call: PcCall,
    arg: SessionDescriptionInit | IceCandidateInit | null,
  ): Promise<SessionDescriptionInit | null>
  /** Creates a data channel on the host and returns its worker-side mirror. */
  createChannel(pc: number, label: string, init: DataChannelConfig): ShimDataChannel
  /** Closes the real connection. */
  closePc(pc: number): void
}

const stateEvents: [keyof PcStates, string][] = [
  ['signalingState', 'signalingstatechange'],
  ['iceGatheringState', 'icegatheringstatechange'],
  ['iceConnectionState', 'iceconnectionstatechange'],
  ['connectionState', 'connectionstatechange'],
]

/** `RTCPeerConnection` backed by a real one in the hosting tab. */
export class ShimPeerConnection extends EventTarget {
  onicecandidate: Handler = null
  onicecandidateerror: Handler = null
  onconnectionstatechange: Handler = null
  oniceconnectionstatechange: Handler = null
  onicegatheringstatechange: Handler = null
  onsignalingstatechange: Handler = null
  ondatachannel: Handler = null
  onnegotiationneeded: Handler = null
  localDescription: ShimSessionDescription | null = null
  remoteDescription: ShimSessionDescription | null = null
  #icePath: IcePath | undefined
  #states: PcStates = {
    connectionState: 'new',
    iceConnectionState: 'new',
    iceGatheringState: 'new',
    signalingState: 'stable',
  }
  #link: PeerLink
  #handle: number
  #config: RtcConfig
  #channels = new Set<ShimDataChannel>()

  #deadline: ReturnType<typeof setTimeout> | undefined

  /** `connectDeadlineMs`: fail the connection if it has not connected by then (none if undefined). */
  constructor(link: PeerLink, handle: number, config: RtcConfig, connectDeadlineMs?: number) {
    super()
    this.#link = link
    this.#handle = handle
    this.#config = config
    if (connectDeadlineMs !== undefined) {
      this.#deadline = setTimeout(() => this.#giveUp(), connectDeadlineMs)
    }
  }

  /** ICE found no path in time: fail like the real API does, then close the real connection. */
  #giveUp(): void {
    this.#deadline = undefined
    if (this.#states.signalingState === 'closed' || this.#states.connectionState === 'connected') return
    this.#states = { ...this.#states, connectionState: 'failed', iceConnectionState: 'failed' }
    fire(this, new Event('iceconnectionstatechange'))
    fire(this, new Event('connectionstatechange'))
    this.close()
  }

  get connectionState(): PcStates['connectionState'] {
    return this.#states.connectionState
  }
  get iceConnectionState(): PcStates['iceConnectionState'] {
    return this.#states.iceConnectionState
  }
  get iceGatheringState(): PcStates['iceGatheringState'] {
    return this.#states.iceGatheringState
  }
  get signalingState(): PcStates['signalingState'] {
    return this.#states.signalingState
  }

  /** The configuration forwarded to the host. */
  getConfiguration(): RtcConfig {
    return structuredClone(this.#config)
  }

  /** Creates a data channel; its id is null until the host reports it (as before SCTP is up). */
  createDataChannel(label: string, init: DataChannelConfig = {}): ShimDataChannel {
    this.#throwIfClosed()
    const channel = this.#link.createChannel(this.#handle, String(label), pickChannelConfig(init))
    this.#track(channel)
    return channel
  }

  async createOffer(): Promise<ShimSessionDescription> {
    return this.#describe(await this.#call('createOffer', null))
  }

  async createAnswer(): Promise<ShimSessionDescription> {
    return this.#describe(await this.#call('createAnswer', null))
  }

  async setLocalDescription(description?: SessionDescriptionInit): Promise<void> {
    const arg = description === undefined ? null : { type: description.type, sdp: description.sdp ?? '' }
    const result = await this.#call('setLocalDescription', arg)
    if (result !== null) this.localDescription = new ShimSessionDescription(result)
  }

  async setRemoteDescription(description: SessionDescriptionInit): Promise<void> {
    const result = await this.#call('setRemoteDescription', {
      type: description.type,
      sdp: description.sdp ?? '',
    })
    if (result !== null) this.remoteDescription = new ShimSessionDescription(result)
  }

  /**
   * Resolves once the candidate is on its way, without waiting for the tab's answer: @libp2p/webrtc
   * awaits this inside its "read candidates until connected" loop, and a round trip there lets the
   * remote close the init channel before the dialer sees 'connected' (a hung dial). A candidate the
   * tab rejects is dropped, as libp2p would only log it.
   */
  async addIceCandidate(candidate?: IceCandidateInit | null): Promise<void> {
    const init = candidate == null ? null : new ShimIceCandidate(candidate).toJSON()
    this.#call('addIceCandidate', init).catch(() => {})
  }

  /** Closes the connection and its channels; like the real API it fires no connectionstatechange. */
  close(): void {
    clearTimeout(this.#deadline)
    if (this.#states.signalingState === 'closed') return
    this.#states = {
      ...this.#states,
      connectionState: 'closed',
      iceConnectionState: 'closed',
      signalingState: 'closed',
    }
    this.#link.closePc(this.#handle)
    const channels = [...this.#channels]
    this.#channels.clear()
    // Like Chromium, close the channels too, but not re-entrantly inside the caller's close().
    queueMicrotask(() => {
      for (const channel of channels) channel.hostClosed()
    })
  }

  /** @internal The host reports a state snapshot; fires one change event per state that moved. */
  hostState(next: PcStates): void {
    if (this.#states.signalingState === 'closed') return
    const before = this.#states
    this.#states = { ...next }
    if (next.connectionState === 'connected') {
      clearTimeout(this.#deadline)
      this.#deadline = undefined
    }
    for (const [key, type] of stateEvents) if (before[key] !== next[key]) fire(this, new Event(type))
  }

  /** The candidate pair ICE selected, as the host last reported it (issue 18); not in the standard API. */
  get icePath(): IcePath | undefined {
    return this.#icePath
  }

  /** @internal The host reports the selected candidate pair. */
  hostPath(path: IcePath): void {
    if (this.#states.signalingState !== 'closed') this.#icePath = path
  }

  /** @internal The host gathered a local ICE candidate (null: gathering finished). */
  hostCandidate(init: IceCandidateInit | null): void {
    if (this.#states.signalingState === 'closed') return
    const candidate =
      init === null || (init.sdpMid == null && init.sdpMLineIndex == null) ? null : new ShimIceCandidate(init)
    fire(this, eventWith('icecandidate', { candidate }))
  }

  /** @internal The remote peer opened a data channel. */
  hostDataChannel(channel: ShimDataChannel): void {
    if (this.#states.signalingState === 'closed') return
    this.#track(channel)
    fire(this, eventWith('datachannel', { channel }))
  }

  /** @internal The hosting tab went away: the real connection is gone, tell libp2p it closed. */
  hostLost(): void {
    clearTimeout(this.#deadline)
    if (this.#states.signalingState === 'closed') return
    const wasClosed = this.#states.connectionState === 'closed'
    this.#states = {
      ...this.#states,
      connectionState: 'closed',
      iceConnectionState: 'closed',
      signalingState: 'closed',
    }
    for (const channel of this.#channels) channel.hostClosed()
    this.#channels.clear()
    if (!wasClosed) {
      fire(this, new Event('iceconnectionstatechange'))
      fire(this, new Event('connectionstatechange'))
    }
  }

  #track(channel: ShimDataChannel): void {
    this.#channels.add(channel)
    channel.addEventListener('close', () => this.#channels.delete(channel), { once: true })
  }

  #throwIfClosed(): void {
    if (this.#states.signalingState === 'closed')
      throw domError('InvalidStateError', 'RTCPeerConnection is closed')
  }

  async #call(
    call: PcCall,
    arg: SessionDescriptionInit | IceCandidateInit | null,
  ): Promise<SessionDescriptionInit | null> {
    this.#throwIfClosed()
    return this.#link.call(this.#handle, call, arg)
  }

  #describe(result: SessionDescriptionInit | null): ShimSessionDescription {
    if (result === null) throw domError('OperationError', 'the WebRTC host returned no session description')
    return new ShimSessionDescription(result)
  }
}

function pickChannelConfig(init: DataChannelConfig): DataChannelConfig {
  const out: DataChannelConfig = {}
  if (init.ordered !== undefined) out.ordered = Boolean(init.ordered)
  if (init.maxPacketLifeTime != null) out.maxPacketLifeTime = init.maxPacketLifeTime
  if (init.maxRetransmits != null) out.maxRetransmits = init.maxRetransmits
  if (init.protocol !== undefined) out.protocol = String(init.protocol)
  if (init.negotiated !== undefined) out.negotiated = Boolean(init.negotiated)
  if (init.id != null) out.id = init.id
  return out
}
