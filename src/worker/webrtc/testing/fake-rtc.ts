/**
 * Test double of the browser's RTCPeerConnection / RTCDataChannel for Node, used as the tab host's
 * injected constructor: two fakes connect once each has the other's offer/answer, channels deliver
 * copies of sent data asynchronously and drain `bufferedAmount` like a slow network.
 */

let nextPc = 1
const bySdp = new Map<string, FakePeerConnection>()

/** A fake `RTCDataChannel`. */
export class FakeDataChannel extends EventTarget {
  readyState: 'connecting' | 'open' | 'closing' | 'closed' = 'connecting'
  binaryType = 'blob'
  bufferedAmount = 0
  bufferedAmountLowThreshold = 0
  readonly protocol: string
  readonly ordered = true
  readonly negotiated = false
  readonly maxPacketLifeTime = null
  readonly maxRetransmits = null
  peer: FakeDataChannel | undefined
  readonly label: string
  id: number | null

  constructor(label: string, id: number | null, init: { protocol?: string } = {}) {
    super()
    this.label = label
    this.id = id
    this.protocol = init.protocol ?? ''
  }

  send(data: ArrayBuffer | string): void {
    if (this.readyState !== 'open') throw new DOMException('not open', 'InvalidStateError')
    const size = typeof data === 'string' ? data.length : data.byteLength
    const copy = typeof data === 'string' ? data : data.slice(0)
    this.bufferedAmount += size
    setTimeout(() => {
      this.bufferedAmount -= size
      if (this.peer?.readyState === 'open')
        this.peer.dispatchEvent(new MessageEvent('message', { data: copy }))
      if (
        this.bufferedAmount <= this.bufferedAmountLowThreshold &&
        this.bufferedAmount + size > this.bufferedAmountLowThreshold
      ) {
        this.dispatchEvent(new Event('bufferedamountlow'))
      }
    }, 1)
  }

  close(): void {
    if (this.readyState === 'closed') return
    for (const ch of [this, this.peer]) {
      if (ch === undefined || ch.readyState === 'closed') continue
      ch.readyState = 'closed'
      setTimeout(() => ch.dispatchEvent(new Event('close')), 0)
    }
  }

  open(): void {
    this.readyState = 'open'
    this.dispatchEvent(new Event('open'))
  }
}

/** A fake `RTCPeerConnection`. */
export class FakePeerConnection extends EventTarget {
  connectionState = 'new'
  iceConnectionState = 'new'
  iceGatheringState = 'new'
  signalingState = 'stable'
  localDescription: { type: string; sdp: string; toJSON(): object } | null = null
  remoteDescription: { type: string; sdp: string; toJSON(): object } | null = null
  readonly n = nextPc++
  peer: FakePeerConnection | undefined
  channels: FakeDataChannel[] = []
  /** Like Chromium at times: channels open before `connectionstatechange` says 'connected'. */
  static openBeforeConnected = false
  #nextId = 0
  readonly config: unknown

  constructor(config: unknown) {
    super()
    this.config = config
  }

  createDataChannel(label: string, init: { protocol?: string } = {}): FakeDataChannel {
    const channel = new FakeDataChannel(
      label,
      this.connectionState === 'connected' ? this.#allocId() : null,
      init,
    )
    this.channels.push(channel)
    if (this.connectionState === 'connected') setTimeout(() => this.#mirror(channel), 0)
    return channel
  }

  async createOffer(): Promise<{ type: string; sdp: string }> {
    return { type: 'offer', sdp: `offer-${this.n}` }
  }

  async createAnswer(): Promise<{ type: string; sdp: string }> {
    return { type: 'answer', sdp: `answer-${this.n}` }
  }

  async setLocalDescription(d: { type: string; sdp: string }): Promise<void> {
    this.localDescription = toDescription(d)
    bySdp.set(d.sdp, this)
    this.#set('signalingState', d.type === 'offer' ? 'have-local-offer' : 'stable')
    this.#set('iceGatheringState', 'gathering')
    setTimeout(() => {
      const candidate = {
        candidate: `candidate:${this.n} 1 udp 1 127.0.0.1 9 typ host`,
        sdpMid: '0',
        sdpMLineIndex: 0,
      }
      this.#emit('icecandidate', { candidate: { ...candidate, toJSON: () => candidate } })
      this.#set('iceGatheringState', 'complete')
      this.#emit('icecandidate', { candidate: null })
      this.#maybeConnect()
    }, 1)
  }

  async setRemoteDescription(d: { type: string; sdp: string }): Promise<void> {
    if (!bySdp.has(d.sdp)) throw new DOMException('unknown sdp', 'OperationError')
    this.remoteDescription = toDescription(d)
    this.peer = bySdp.get(d.sdp)
    this.#set('signalingState', d.type === 'offer' ? 'have-remote-offer' : 'stable')
    setTimeout(() => this.#maybeConnect(), 1)
  }

  async addIceCandidate(): Promise<void> {}

  close(): void {
    this.connectionState = 'closed'
    this.signalingState = 'closed'
    const peer = this.peer
    if (peer !== undefined && peer.connectionState !== 'closed')
      setTimeout(() => peer.#set('connectionState', 'failed'), 0)
  }

  #maybeConnect(): void {
    const peer = this.peer
    if (peer === undefined || this.localDescription === null || this.remoteDescription === null) return
    if (
      this.connectionState === 'connected' ||
      peer.localDescription === null ||
      peer.remoteDescription === null
    )
      return
    const states = (): void => {
      for (const pc of [this, peer]) {
        pc.#set('iceConnectionState', 'connected')
        pc.#set('connectionState', 'connected')
      }
    }
    const channels = (): void => {
      for (const pc of [this, peer]) for (const ch of pc.channels) if (ch.peer === undefined) pc.#mirror(ch)
    }
    if (FakePeerConnection.openBeforeConnected) {
      this.#set('connectionState', 'connecting')
      channels()
      states()
    } else {
      states()
      channels()
    }
  }

  #mirror(channel: FakeDataChannel): void {
    const peer = this.peer
    if (peer === undefined) return
    channel.id ??= this.#allocId()
    const remote = new FakeDataChannel(channel.label, channel.id, { protocol: channel.protocol })
    channel.peer = remote
    remote.peer = channel
    peer.channels.push(remote)
    remote.readyState = 'open'
    peer.#emit('datachannel', { channel: remote })
    channel.open()
  }

  #allocId(): number {
    return (this.n % 2) + 2 * this.#nextId++
  }

  #set(
    key: 'connectionState' | 'iceConnectionState' | 'iceGatheringState' | 'signalingState',
    value: string,
  ): void {
    if (this[key] === value) return
    this[key] = value
    this.dispatchEvent(new Event(key.toLowerCase().replace('state', 'statechange')))
  }

  #emit(type: string, fields: object): void {
    this.dispatchEvent(Object.assign(new Event(type), fields))
  }
}

function toDescription(d: { type: string; sdp: string }) {
  return { ...d, toJSON: () => ({ type: d.type, sdp: d.sdp }) }
}
