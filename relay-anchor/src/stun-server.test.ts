import { createSocket, type Socket } from 'node:dgram'
import stun from 'stun'
import { afterEach, describe, expect, it } from 'vitest'
import {
  bindingResponse,
  type RunningStunServer,
  type StunDropReason,
  startStunServer,
} from './stun-server.ts'

const XOR_MAPPED = stun.constants.STUN_ATTR_XOR_MAPPED_ADDRESS ?? 0x0020
const BINDING_REQUEST = stun.constants.STUN_BINDING_REQUEST ?? 0x0001
const BINDING_RESPONSE = stun.constants.STUN_BINDING_RESPONSE ?? 0x0101

let server: RunningStunServer | undefined
let client: Socket | undefined
afterEach(async () => {
  client?.close()
  client = undefined
  await server?.close()
  server = undefined
})

async function openClient(): Promise<Socket> {
  const socket = createSocket('udp4')
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve))
  client = socket
  return socket
}

/** Sends `payload` and waits up to `ms` for one datagram back (undefined: nothing came). */
function exchange(socket: Socket, port: number, payload: Buffer, ms = 300): Promise<Buffer | undefined> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      socket.off('message', onMessage)
      resolve(undefined)
    }, ms)
    const onMessage = (msg: Buffer): void => {
      clearTimeout(timer)
      socket.off('message', onMessage)
      resolve(msg)
    }
    socket.on('message', onMessage)
    socket.send(payload, port, '127.0.0.1')
  })
}

describe('the anchor STUN server', () => {
  it('answers a binding request with the address and port it came from', async () => {
    server = await startStunServer({ host: '127.0.0.1', port: 0 })
    const socket = await openClient()
    const request = stun.createMessage(BINDING_REQUEST)
    const reply = await exchange(socket, server.address.port, request.toBuffer())
    expect(reply).toBeDefined()
    const decoded = stun.decode(reply!)
    expect(decoded.type).toBe(BINDING_RESPONSE)
    expect(decoded.transactionId.equals(request.transactionId)).toBe(true)
    expect(decoded.getAttribute(XOR_MAPPED)?.value).toEqual({
      family: 'IPv4',
      address: '127.0.0.1',
      port: socket.address().port,
    })
  })

  it('drops garbage, responses and oversized datagrams without answering or dying', async () => {
    const drops: StunDropReason[] = []
    server = await startStunServer({ host: '127.0.0.1', port: 0, onDrop: (r) => drops.push(r) })
    const socket = await openClient()
    const port = server.address.port
    expect(await exchange(socket, port, Buffer.from('definitely not stun'))).toBeUndefined()
    const response = stun.createMessage(BINDING_RESPONSE).toBuffer()
    expect(await exchange(socket, port, response)).toBeUndefined()
    expect(await exchange(socket, port, Buffer.alloc(4096, 1))).toBeUndefined()
    const truncated = stun.createMessage(BINDING_REQUEST).toBuffer().subarray(0, 12)
    expect(await exchange(socket, port, truncated)).toBeUndefined()
    expect(drops).toEqual(['malformed', 'not-binding-request', 'too-large', 'malformed'])
    // and it still serves the next honest client
    expect(await exchange(socket, port, stun.createMessage(BINDING_REQUEST).toBuffer())).toBeDefined()
  })

  it('stops answering past its per-second budget', async () => {
    const drops: StunDropReason[] = []
    server = await startStunServer({
      host: '127.0.0.1',
      port: 0,
      maxResponsesPerSecond: 2,
      onDrop: (r) => drops.push(r),
    })
    const socket = await openClient()
    const answers = []
    for (let i = 0; i < 4; i++) {
      answers.push(
        await exchange(socket, server.address.port, stun.createMessage(BINDING_REQUEST).toBuffer(), 150),
      )
    }
    expect(answers.filter((a) => a !== undefined)).toHaveLength(2)
    expect(drops).toEqual(['rate-limited', 'rate-limited'])
  })

  it('refuses to start on a port already taken', async () => {
    server = await startStunServer({ host: '127.0.0.1', port: 0 })
    await expect(startStunServer({ host: '127.0.0.1', port: server.address.port })).rejects.toThrow(
      /EADDRINUSE/,
    )
  })

  it('builds a response for every valid request and a reason for the rest (no throw on any bytes)', () => {
    for (let n = 0; n < 200; n++) {
      const bytes = Buffer.from(Array.from({ length: n % 60 }, (_, i) => (i * 37 + n) & 0xff))
      const out = bindingResponse(bytes, { address: '10.0.0.1', port: 1 })
      expect(typeof out === 'string' || Buffer.isBuffer(out)).toBe(true)
    }
  })
})
