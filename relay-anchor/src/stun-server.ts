/**
 * The anchor's STUN server (issue 18, RFC 5389 binding over UDP): it tells a browser the public
 * address and port its NAT gave it, so ICE finds a server-reflexive candidate and two homes can talk
 * directly. It is the operator the user already chose, never a third party (docs/design.md §10). Only
 * binding requests get an answer, each no larger than the request plus a few bytes; anything else
 * (garbage, responses, indications, other methods) is counted and dropped, and a per-second budget
 * bounds what a flood can make the anchor send.
 */
import { createSocket, type RemoteInfo, type Socket } from 'node:dgram'
import stun from 'stun'

const BINDING_REQUEST = stun.constants.STUN_BINDING_REQUEST ?? 0x0001
const BINDING_RESPONSE = stun.constants.STUN_BINDING_RESPONSE ?? 0x0101
/** A binding request from a browser is 20 bytes of header plus a few attributes; 548 is RFC 5389's floor. */
const MAX_REQUEST_BYTES = 548

/** Options of the STUN server. */
export interface StunServerOptions {
  /** UDP interface; default 0.0.0.0 (a STUN server must see the browser's public address). */
  host?: string
  /** UDP port; 0 picks a free one. Default 3478 (IANA's STUN port). */
  port?: number
  /** Responses per second at most, all clients together. Default 2000. */
  maxResponsesPerSecond?: number
  /** Called for every datagram dropped, with why. */
  onDrop?: (reason: StunDropReason) => void
  /** Called for every binding response sent. */
  onAnswer?: () => void
}

/** Why a datagram got no answer. */
export type StunDropReason = 'malformed' | 'not-binding-request' | 'too-large' | 'rate-limited'

/** A listening STUN server. */
export interface RunningStunServer {
  /** The bound UDP address and port. */
  address: { host: string; port: number }
  /** Closes the socket. Idempotent. */
  close(): Promise<void>
}

/** The default STUN port (RFC 5389 §18.4). */
export const DEFAULT_STUN_PORT = 3478

/** Builds the binding success response to `request` from `from` (XOR-MAPPED-ADDRESS, RFC 5389 §15.2). */
export function bindingResponse(
  request: Buffer,
  from: { address: string; port: number },
): Buffer | StunDropReason {
  if (request.byteLength > MAX_REQUEST_BYTES) return 'too-large'
  let message: ReturnType<typeof stun.decode>
  try {
    message = stun.decode(request)
  } catch {
    return 'malformed'
  }
  if (message.type !== BINDING_REQUEST) return 'not-binding-request'
  const response = stun.createMessage(BINDING_RESPONSE, message.transactionId)
  // RFC 3489 clients (no magic cookie) only understand MAPPED-ADDRESS
  if (message.isLegacy()) response.addAddress(from.address, from.port)
  else response.addXorAddress(from.address, from.port)
  response.addFingerprint()
  return response.toBuffer()
}

/** Starts a STUN server; resolves once the socket is bound, rejects if it cannot bind. */
export async function startStunServer(options: StunServerOptions = {}): Promise<RunningStunServer> {
  const host = options.host ?? '0.0.0.0'
  const budget = options.maxResponsesPerSecond ?? 2000
  const socket: Socket = createSocket({ type: host.includes(':') ? 'udp6' : 'udp4' })
  let windowStart = 0
  let sent = 0
  socket.on('message', (msg: Buffer, rinfo: RemoteInfo) => {
    const now = Date.now()
    if (now - windowStart >= 1000) {
      windowStart = now
      sent = 0
    }
    if (sent >= budget) {
      options.onDrop?.('rate-limited')
      return
    }
    const answer = bindingResponse(msg, rinfo)
    if (typeof answer === 'string') {
      options.onDrop?.(answer)
      return
    }
    sent++
    socket.send(answer, rinfo.port, rinfo.address, () => {})
    options.onAnswer?.()
  })
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject)
    socket.bind(options.port ?? DEFAULT_STUN_PORT, host, () => {
      socket.off('error', reject)
      // a send error (ICMP unreachable, full buffer) concerns one client, never the server
      socket.on('error', () => {})
      resolve()
    })
  })
  const bound = socket.address()
  let closing: Promise<void> | undefined
  return {
    address: { host: bound.address, port: bound.port },
    close() {
      closing ??= new Promise<void>((resolve) => socket.close(() => resolve()))
      return closing
    },
  }
}
