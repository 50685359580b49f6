/**
 * The tab side of WebRTC-through-the-tab (docs/design.md §1): owns the real RTCPeerConnections and data
 * channels the worker's shim asks for, runs their methods, and forwards their events and data back.
 * Received data moves as transferred ArrayBuffers; send progress is reported as `dc.buffered` so the
 * worker can mirror `bufferedAmount` for backpressure.
 */
import {
  type ChannelData,
  type ChannelInfo,
  type HostToWorker,
  type IcePath,
  type PcStates,
  parseWorkerToHost,
  type SessionDescriptionInit,
  transferablesOf,
  type WorkerToHost,
} from '../../core/api/index.ts'

/** Minimal logger of the host (no console in library code). */
export interface WebRtcHostLogger {
  warn(event: string, fields?: Record<string, string | number | boolean | undefined>): void
  debug?(event: string, fields?: Record<string, string | number | boolean | undefined>): void
}

/** Options of the host; the constructor is injectable so tests can pass a fake. */
export interface WebRtcHostOptions {
  RTCPeerConnection?: typeof RTCPeerConnection
  logger?: WebRtcHostLogger
}

interface HostedChannel {
  channel: RTCDataChannel
  pc: number
  acked: number
  reportQueued: boolean
}

const utf8 = new TextEncoder()

/** Runs the worker's WebRTC commands against real browser objects. */
export class WebRtcHost {
  #port: MessagePort
  #Pc: typeof RTCPeerConnection
  #logger: WebRtcHostLogger | undefined
  #pcs = new Map<number, RTCPeerConnection>()
  #channels = new Map<number, HostedChannel>()
  #nextRemoteDc = -1
  #sctpUp = new Set<number>()
  #paths = new Map<number, string>()
  #stopped = false

  constructor(port: MessagePort, options: WebRtcHostOptions = {}) {
    this.#port = port
    this.#Pc = options.RTCPeerConnection ?? globalThis.RTCPeerConnection
    this.#logger = options.logger
    port.onmessage = (event) => this.#receive(event.data)
    port.start()
  }

  /** Number of real peer connections alive in this tab. */
  get peerConnections(): number {
    return this.#pcs.size
  }

  /** Tells the worker this tab can host (again). */
  hello(): void {
    if (!this.#stopped) this.#post({ type: 'hello' })
  }

  /** Tells the worker this tab is leaving and closes every connection it hosts. */
  bye(): void {
    this.#post({ type: 'bye' })
    this.closeAll()
  }

  /** Closes every real connection (their peers see them go). */
  closeAll(): void {
    for (const pc of this.#pcs.values()) pc.close()
    this.#pcs.clear()
    this.#paths.clear()
    this.#channels.clear()
    this.#sctpUp.clear()
  }

  /** Says bye and stops listening to the port for good. */
  stop(): void {
    if (this.#stopped) return
    this.bye()
    this.#stopped = true
    this.#port.onmessage = null
    this.#port.close()
  }

  #post(message: HostToWorker): void {
    if (this.#stopped) return
    this.#port.postMessage(message, transferablesOf(message))
  }

  #receive(data: unknown): void {
    const message = parseWorkerToHost(data)
    if (message instanceof Error) {
      this.#logger?.warn('webrtc-host-bad-command', { error: message.message })
      return
    }
    try {
      this.#handle(message)
    } catch (err) {
      this.#logger?.warn('webrtc-host-command-failed', { type: message.type, error: (err as Error).name })
    }
  }

  #handle(m: WorkerToHost): void {
    switch (m.type) {
      case 'ping':
        this.#post({ type: 'pong', seq: m.seq })
        break
      case 'reset':
        this.closeAll()
        this.hello()
        break
      case 'pc.create':
        this.#createPc(m.pc, m.config as RTCConfiguration)
        break
      case 'pc.call':
        void this.#call(m)
        break
      case 'pc.close':
        this.#pcs.get(m.pc)?.close()
        this.#pcs.delete(m.pc)
        this.#paths.delete(m.pc)
        this.#sctpUp.delete(m.pc)
        for (const [dc, hosted] of this.#channels) if (hosted.pc === m.pc) this.#channels.delete(dc)
        break
      case 'dc.create':
        this.#createChannel(m.pc, m.dc, m.label, m.init)
        break
      case 'dc.send':
        this.#send(m.dc, m.data)
        break
      case 'dc.threshold': {
        const hosted = this.#channels.get(m.dc)
        if (hosted !== undefined) hosted.channel.bufferedAmountLowThreshold = m.value
        break
      }
      case 'dc.close':
        this.#channels.get(m.dc)?.channel.close()
        break
    }
  }

  #createChannel(pcHandle: number, dc: number, label: string, init: RTCDataChannelInit): void {
    const pc = this.#pcs.get(pcHandle)
    if (pc === undefined) {
      this.#post({ type: 'dc.close', dc })
      return
    }
    const channel = pc.createDataChannel(label, init)
    this.#adopt(dc, pcHandle, channel)
    if (channel.id !== null) this.#post({ type: 'dc.id', dc, id: channel.id })
  }

  #createPc(handle: number, config: RTCConfiguration): void {
    let pc: RTCPeerConnection
    try {
      pc = new this.#Pc(config)
    } catch (err) {
      this.#logger?.warn('webrtc-host-create-failed', { error: (err as Error).name })
      const failed: PcStates = {
        connectionState: 'failed',
        iceConnectionState: 'failed',
        iceGatheringState: 'complete',
        signalingState: 'stable',
      }
      this.#post({ type: 'pc.state', pc: handle, ...failed })
      return
    }
    this.#pcs.set(handle, pc)
    const report = (): void => {
      if (this.#pcs.get(handle) !== pc) return
      this.#post({ type: 'pc.state', pc: handle, ...this.#states(handle, pc) })
      if (pc.iceConnectionState === 'connected' || pc.iceConnectionState === 'completed')
        void this.#reportPath(handle, pc)
    }
    for (const type of [
      'connectionstatechange',
      'iceconnectionstatechange',
      'icegatheringstatechange',
      'signalingstatechange',
    ]) {
      pc.addEventListener(type, report)
    }
    pc.addEventListener('icecandidate', (event) => {
      if (this.#pcs.get(handle) !== pc) return
      this.#post({ type: 'pc.candidate', pc: handle, candidate: event.candidate?.toJSON() ?? null })
    })
    pc.addEventListener('datachannel', (event) => {
      if (this.#pcs.get(handle) !== pc) {
        event.channel.close()
        return
      }
      const dc = this.#nextRemoteDc--
      this.#adopt(dc, handle, event.channel)
      this.#post({ type: 'pc.datachannel', pc: handle, dc, info: channelInfo(event.channel) })
    })
  }

  /** Reports the candidate pair ICE selected (issue 18), once per change of it. */
  async #reportPath(handle: number, pc: RTCPeerConnection): Promise<void> {
    let path: IcePath | undefined
    try {
      path = selectedPath(await pc.getStats())
    } catch (err) {
      this.#logger?.debug?.('webrtc-host-stats-failed', { error: (err as Error).name })
    }
    if (path === undefined || this.#pcs.get(handle) !== pc) return
    const key = `${path.local}/${path.remote}/${path.protocol}`
    if (this.#paths.get(handle) === key) return
    this.#paths.set(handle, key)
    this.#post({ type: 'pc.path', pc: handle, ...path })
  }

  async #call(m: Extract<WorkerToHost, { type: 'pc.call' }>): Promise<void> {
    const pc = this.#pcs.get(m.pc)
    try {
      if (pc === undefined)
        throw new DOMException('no such RTCPeerConnection in the host', 'InvalidStateError')
      const value = await runCall(pc, m)
      this.#post({ type: 'pc.result', req: m.req, ok: true, value })
    } catch (err) {
      const e = err instanceof Error ? err : new Error(String(err))
      this.#post({ type: 'pc.result', req: m.req, ok: false, error: { name: e.name, message: e.message } })
    }
  }

  #adopt(dc: number, pc: number, channel: RTCDataChannel): void {
    const hosted: HostedChannel = { channel, pc, acked: 0, reportQueued: false }
    this.#channels.set(dc, hosted)
    channel.binaryType = 'arraybuffer'
    const live = (): boolean => this.#channels.get(dc) === hosted
    channel.addEventListener('open', () => {
      if (!live()) return
      this.#connectedBeforeOpen(pc)
      this.#post({ type: 'dc.open', dc, id: channel.id })
    })
    channel.addEventListener('message', (event: MessageEvent<ChannelData>) => {
      if (live()) this.#post({ type: 'dc.message', dc, data: event.data })
    })
    channel.addEventListener('bufferedamountlow', () => live() && this.#report(dc, hosted))
    channel.addEventListener('closing', () => live() && this.#post({ type: 'dc.closing', dc }))
    channel.addEventListener('error', (event) => {
      const error = (event as RTCErrorEvent).error
      if (live())
        this.#post({
          type: 'dc.error',
          dc,
          error: { name: error?.name ?? 'Error', message: error?.message ?? '' },
        })
    })
    channel.addEventListener('close', () => {
      if (!live()) return
      this.#channels.delete(dc)
      this.#post({ type: 'dc.close', dc })
    })
  }

  /**
   * Chromium can fire a channel's `open` (even its `close`) before the connection's
   * `connectionstatechange` to 'connected'. @libp2p/webrtc waits for 'connected' and then for the
   * init channel's `open`, so it would hang if the remote already closed that channel. SCTP runs over
   * the connected DTLS transport, so report 'connected' first, as the spec's order has it.
   */
  #connectedBeforeOpen(handle: number): void {
    const pc = this.#pcs.get(handle)
    if (pc === undefined || this.#sctpUp.has(handle)) return
    this.#sctpUp.add(handle)
    // Always send: the attribute may already say 'connected' while its event is still queued.
    this.#post({ type: 'pc.state', pc: handle, ...this.#states(handle, pc) })
    void this.#reportPath(handle, pc)
  }

  /** The state snapshot the worker sees: 'connected' from the first open channel on (see above). */
  #states(handle: number, pc: RTCPeerConnection): PcStates {
    const early = this.#sctpUp.has(handle)
    const connection = pc.connectionState
    const ice = pc.iceConnectionState
    return {
      connectionState:
        early && (connection === 'new' || connection === 'connecting') ? 'connected' : connection,
      iceConnectionState: early && (ice === 'new' || ice === 'checking') ? 'connected' : ice,
      iceGatheringState: pc.iceGatheringState,
      signalingState: pc.signalingState,
    }
  }

  #send(dc: number, data: ChannelData[]): void {
    const hosted = this.#channels.get(dc)
    if (hosted === undefined) return
    for (const payload of data) {
      hosted.acked += typeof payload === 'string' ? utf8.encode(payload).byteLength : payload.byteLength
      try {
        if (typeof payload === 'string') hosted.channel.send(payload)
        else hosted.channel.send(payload)
      } catch (err) {
        this.#logger?.warn('webrtc-host-send-failed', { dc, error: (err as Error).name })
      }
    }
    this.#report(dc, hosted)
  }

  #report(dc: number, hosted: HostedChannel): void {
    if (hosted.reportQueued) return
    hosted.reportQueued = true
    queueMicrotask(() => {
      hosted.reportQueued = false
      this.#post({ type: 'dc.buffered', dc, acked: hosted.acked, amount: hosted.channel.bufferedAmount })
    })
  }
}

async function runCall(
  pc: RTCPeerConnection,
  m: Extract<WorkerToHost, { type: 'pc.call' }>,
): Promise<SessionDescriptionInit | null> {
  switch (m.call) {
    case 'createOffer':
      return toInit(await pc.createOffer())
    case 'createAnswer':
      return toInit(await pc.createAnswer())
    case 'setLocalDescription':
      await pc.setLocalDescription((m.arg as RTCSessionDescriptionInit | null) ?? undefined)
      return pc.localDescription === null ? null : toInit(pc.localDescription)
    case 'setRemoteDescription':
      await pc.setRemoteDescription(m.arg as RTCSessionDescriptionInit)
      return pc.remoteDescription === null ? null : toInit(pc.remoteDescription)
    case 'addIceCandidate':
      await pc.addIceCandidate((m.arg as RTCIceCandidateInit | null) ?? undefined)
      return null
  }
}

const candidateTypes = new Set(['host', 'srflx', 'prflx', 'relay'])

/**
 * The selected candidate pair of a stats report: the transport's `selectedCandidatePairId`, or
 * else the nominated, succeeded pair (older Chromium); undefined while ICE has none.
 */
export function selectedPath(report: RTCStatsReport): IcePath | undefined {
  const stats = new Map<string, Record<string, unknown>>()
  report.forEach((value: Record<string, unknown>, id: string) => {
    stats.set(id, value)
  })
  let pair: Record<string, unknown> | undefined
  for (const s of stats.values()) {
    if (s.type === 'transport' && typeof s.selectedCandidatePairId === 'string')
      pair = stats.get(s.selectedCandidatePairId)
  }
  if (pair === undefined) {
    for (const s of stats.values()) {
      if (s.type === 'candidate-pair' && s.nominated === true && s.state === 'succeeded') pair = s
    }
  }
  if (pair === undefined) return undefined
  const local = stats.get(String(pair.localCandidateId))
  const remote = stats.get(String(pair.remoteCandidateId))
  const localType = local?.candidateType
  const remoteType = remote?.candidateType
  if (typeof localType !== 'string' || !candidateTypes.has(localType)) return undefined
  if (typeof remoteType !== 'string' || !candidateTypes.has(remoteType)) return undefined
  return {
    local: localType as IcePath['local'],
    remote: remoteType as IcePath['remote'],
    protocol: local?.protocol === 'tcp' ? 'tcp' : 'udp',
  }
}

function toInit(description: RTCSessionDescriptionInit): SessionDescriptionInit {
  return { type: description.type, sdp: description.sdp ?? '' }
}

function channelInfo(channel: RTCDataChannel): ChannelInfo {
  return {
    label: channel.label,
    protocol: channel.protocol,
    id: channel.id,
    ordered: channel.ordered,
    negotiated: channel.negotiated,
    maxPacketLifeTime: channel.maxPacketLifeTime,
    maxRetransmits: channel.maxRetransmits,
    readyState: channel.readyState,
  }
}
