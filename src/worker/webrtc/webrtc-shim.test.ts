import { describe, expect, it } from 'vitest'
import { isErrorNamed } from '../../core/errors.ts'
import { WebRtcHost } from '../../ui/webrtc-host/webrtc-host.ts'
import { RtcHostRegistry } from './host-registry.ts'
import { createPeerConnectionClass, type ShimPeerConnectionClass } from './install.ts'
import type { ShimDataChannel } from './shim-data-channel.ts'
import type { ShimPeerConnection } from './shim-peer-connection.ts'
import { FakePeerConnection } from './testing/fake-rtc.ts'

interface Tab {
  host: WebRtcHost
  port: MessagePort
}

function openTab(registry: RtcHostRegistry, name: string): Tab {
  const { port1, port2 } = new MessageChannel()
  registry.attach(port1, name)
  const host = new WebRtcHost(port2, {
    RTCPeerConnection: FakePeerConnection as unknown as typeof RTCPeerConnection,
  })
  host.hello()
  return { host, port: port2 }
}

async function until(check: () => boolean, ms = 2000): Promise<void> {
  const deadline = Date.now() + ms
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time')
    await new Promise((r) => setTimeout(r, 5))
  }
}

function node(name: string, options: ConstructorParameters<typeof RtcHostRegistry>[0] = {}) {
  const registry = new RtcHostRegistry(options)
  const tab = openTab(registry, name)
  return { registry, tab, PC: createPeerConnectionClass(registry) }
}

/** Runs the @libp2p/webrtc handshake order (init channel, offer, answer, trickled candidates). */
async function connect(
  PCa: ShimPeerConnectionClass,
  PCb: ShimPeerConnectionClass,
): Promise<{ a: ShimPeerConnection; b: ShimPeerConnection; init: ShimDataChannel; remote: ShimDataChannel }> {
  const a = new PCa({ iceServers: [] })
  const b = new PCb({ iceServers: [] })
  const init = a.createDataChannel('init')
  a.onicecandidate = (e) => {
    const c = (e as Event & { candidate: RTCIceCandidate | null }).candidate
    if (c !== null) void b.addIceCandidate(c.toJSON())
  }
  b.onicecandidate = (e) => {
    const c = (e as Event & { candidate: RTCIceCandidate | null }).candidate
    if (c !== null) void a.addIceCandidate(c.toJSON())
  }
  let remote: ShimDataChannel | undefined
  b.ondatachannel = (e) => {
    remote = (e as Event & { channel: ShimDataChannel }).channel
  }
  const offer = await a.createOffer()
  await a.setLocalDescription(offer)
  await b.setRemoteDescription(offer)
  const answer = await b.createAnswer()
  await b.setLocalDescription(answer)
  await a.setRemoteDescription(answer)
  await until(() => a.connectionState === 'connected' && b.connectionState === 'connected')
  await until(() => init.readyState === 'open' && remote !== undefined)
  return { a, b, init, remote: remote! }
}

describe('worker RTCPeerConnection shim', () => {
  it('refuses to build a peer connection while no tab hosts, with NoWebRtcHostError', () => {
    const registry = new RtcHostRegistry()
    const PC = createPeerConnectionClass(registry)
    expect(() => new PC()).toThrowError(expect.objectContaining({ name: 'NoWebRtcHostError' }))
    registry.attach(new MessageChannel().port1, 'silent-tab')
    expect(() => new PC()).toThrowError(expect.objectContaining({ name: 'NoWebRtcHostError' }))
  })

  it('fails a peer connection that has not connected by the deadline, and closes the real one', async () => {
    const A = node('a', { connectDeadlineMs: 50 })
    await until(() => A.registry.currentHost() !== undefined)
    const pc = new A.PC({ iceServers: [] })
    const seen: string[] = []
    pc.onconnectionstatechange = () => seen.push(pc.connectionState)
    await until(() => A.tab.host.peerConnections === 1)
    await until(() => seen.includes('failed'), 1000)
    expect(pc.connectionState).toBe('closed')
    await until(() => A.tab.host.peerConnections === 0)
  })

  it('keeps a peer connection that connected before the deadline', async () => {
    const A = node('a', { connectDeadlineMs: 300 })
    const B = node('b', { connectDeadlineMs: 300 })
    await until(() => A.registry.currentHost() !== undefined && B.registry.currentHost() !== undefined)
    const { a, b } = await connect(A.PC, B.PC)
    await new Promise((r) => setTimeout(r, 400))
    expect([a.connectionState, b.connectionState]).toEqual(['connected', 'connected'])
  })

  it('elects the first tab that says hello as the host', async () => {
    const { registry } = node('tab-1')
    await until(() => registry.currentHost() !== undefined)
    openTab(registry, 'tab-2')
    await new Promise((r) => setTimeout(r, 20))
    expect(registry.currentHost()?.name).toBe('tab-1')
  })

  it('connects two shimmed peers through their tabs and delivers binary messages in order', async () => {
    const A = node('a')
    const B = node('b')
    await until(() => A.registry.currentHost() !== undefined && B.registry.currentHost() !== undefined)
    const { init, remote, a } = await connect(A.PC, B.PC)
    expect(init.id).not.toBeNull()
    expect(remote.label).toBe('init')
    expect(A.tab.host.peerConnections).toBe(1)
    expect(a.localDescription?.sdp).toMatch(/^offer-/)
    const got: number[] = []
    remote.onmessage = (e) => got.push(new Uint8Array((e as MessageEvent<ArrayBuffer>).data)[0]!)
    const view = new Uint8Array([9, 1, 2, 3]).subarray(1)
    for (let i = 0; i < 50; i++) init.send(new Uint8Array([i]))
    init.send(view)
    await until(() => got.length === 51)
    expect(got).toEqual([...Array.from({ length: 50 }, (_, i) => i), 1])
    expect(Array.from(view)).toEqual([1, 2, 3])
  })

  it('mirrors bufferedAmount from the tab and fires bufferedamountlow when it drains', async () => {
    const A = node('a')
    const B = node('b')
    await until(() => A.registry.currentHost() !== undefined && B.registry.currentHost() !== undefined)
    const { init } = await connect(A.PC, B.PC)
    init.bufferedAmountLowThreshold = 0
    let lows = 0
    init.onbufferedamountlow = () => lows++
    init.send(new Uint8Array(40_000))
    init.send(new Uint8Array(25_000))
    expect(init.bufferedAmount).toBe(65_000)
    await until(() => lows === 1)
    expect(init.bufferedAmount).toBe(0)
  })

  it("reports 'connected' before a channel's open even when Chromium fires them the other way round", async () => {
    FakePeerConnection.openBeforeConnected = true
    try {
      const A = node('a')
      const B = node('b')
      await until(() => A.registry.currentHost() !== undefined && B.registry.currentHost() !== undefined)
      const a = new A.PC({})
      const b = new B.PC({})
      const init = a.createDataChannel('init')
      const order: string[] = []
      a.addEventListener('connectionstatechange', () => order.push(`pc:${a.connectionState}`))
      init.addEventListener('open', () => order.push('init:open'))
      const offer = await a.createOffer()
      await a.setLocalDescription(offer)
      await b.setRemoteDescription(offer)
      const answer = await b.createAnswer()
      await b.setLocalDescription(answer)
      await a.setRemoteDescription(answer)
      await until(() => order.includes('init:open'))
      expect(order.filter((e) => e !== 'pc:connecting')).toEqual(['pc:connected', 'init:open'])
    } finally {
      FakePeerConnection.openBeforeConnected = false
    }
  })

  it('refuses to send on a channel that is not open, like the real API', async () => {
    const A = node('a')
    await until(() => A.registry.currentHost() !== undefined)
    const pc = new A.PC({})
    const channel = pc.createDataChannel('x')
    expect(() => channel.send('early')).toThrowError(expect.objectContaining({ name: 'InvalidStateError' }))
  })

  it('marks every hosted connection closed and hands WebRTC to the next tab when the host says bye', async () => {
    const A = node('a1')
    const second = openTab(A.registry, 'a2')
    const B = node('b')
    await until(() => A.registry.currentHost()?.name === 'a1' && B.registry.currentHost() !== undefined)
    const { a, init } = await connect(A.PC, B.PC)
    const states: string[] = []
    a.onconnectionstatechange = () => states.push(a.connectionState)
    let channelClosed = false
    init.addEventListener('close', () => {
      channelClosed = true
    })
    A.tab.host.bye()
    await until(() => A.registry.currentHost()?.name === 'a2')
    expect(states).toEqual(['closed'])
    expect(channelClosed).toBe(true)
    expect(init.readyState).toBe('closed')
    const again = await connect(A.PC, B.PC)
    expect(again.a.connectionState).toBe('connected')
    expect(second.host.peerConnections).toBe(1)
  })

  it('treats a host that stops answering as gone after the heartbeat timeout', async () => {
    const A = node('a', { heartbeatMs: 10, timeoutMs: 50 })
    await until(() => A.registry.currentHost() !== undefined)
    const pc = new A.PC({})
    A.tab.port.onmessage = null
    await until(() => A.registry.currentHost() === undefined, 1000)
    expect(pc.connectionState).toBe('closed')
    let caught: unknown
    try {
      new A.PC({})
    } catch (err) {
      caught = err
    }
    expect(isErrorNamed(caught, 'NoWebRtcHostError')).toBe(true)
  })

  it('forgets the host when its port closes', async () => {
    const A = node('a')
    await until(() => A.registry.currentHost() !== undefined)
    A.tab.port.close()
    await until(() => A.registry.currentHost() === undefined)
  })

  it('rejects pending calls with NoWebRtcHostError when the host leaves mid-call', async () => {
    const A = node('a', { heartbeatMs: 60_000, timeoutMs: 120_000 })
    await until(() => A.registry.currentHost() !== undefined)
    const pc = new A.PC({})
    A.tab.port.onmessage = null
    const offer = pc.createOffer()
    A.tab.port.postMessage({ type: 'bye' })
    await expect(offer).rejects.toMatchObject({ name: 'NoWebRtcHostError' })
  })
})
