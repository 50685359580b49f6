/**
 * The libp2p assembly shared by the browser worker and the anchor (docs/design.md §1, §2, §10). Transports
 * are injected (websockets / webrtc from the platform side); this file adds noise, yamux,
 * identify, ping, gossipsub (@libp2p/gossipsub 17 — the @chainsafe one is broken on libp2p 3) and
 * the circuit relay transport, plus the relay server when asked (anchors).
 */
import { type ICryptoInterface, noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import {
  type CircuitRelayServerInit,
  type CircuitRelayService,
  type CircuitRelayTransportInit,
  circuitRelayServer,
  circuitRelayTransport,
} from '@libp2p/circuit-relay-v2'
import { type GossipSub, type GossipsubOpts, gossipsub } from '@libp2p/gossipsub'
import { type Identify, identify } from '@libp2p/identify'
import type { ConnectionGater, Libp2p, PrivateKey, ServiceMap } from '@libp2p/interface'
import { type Ping, ping } from '@libp2p/ping'
import {
  type ConnectionManagerInit,
  type ConnectionMonitorInit,
  createLibp2p,
  type Libp2pInit,
  type Libp2pOptions,
  type ServiceFactoryMap,
} from 'libp2p'
import { ANNOUNCE_TOPIC, ANNOUNCE_TOPIC_SCORE } from '../sync/index.ts'
import { keepGossipAcrossReconnects } from './gossip-reconnect.ts'

/**
 * Yamux with a stream window of at most 2 MiB (the library's is 16 MiB): a reader that pauses a
 * stream (boundedSource, issue 11) then holds at most that much in libp2p's 4 MiB read buffer, so
 * an honest sender that respects the window is slowed down, never reset, and one that does not is
 * reset by yamux.
 */
export const YAMUX_INIT = { streamOptions: { maxStreamWindowSize: 2 << 20 } }

/** The services every distsoc node has. */
export interface DistsocServices extends ServiceMap {
  identify: Identify
  ping: Ping
  pubsub: GossipSub
  /** Present only on nodes built with `relayServer` (anchors). */
  relay?: CircuitRelayService
}

/** Options of `createDistsocLibp2p`. */
export interface DistsocLibp2pOptions<Extra extends ServiceMap = ServiceMap> {
  /** The identity key: the PeerId is the NodeId (docs/design.md §3). */
  privateKey: PrivateKey
  /** Platform transports (webSockets(), webRTC({ rtcConfiguration: iceServersConfig() }), ...). */
  transports: NonNullable<Libp2pInit['transports']>
  /** Listen multiaddrs, e.g. `/ip4/127.0.0.1/tcp/0/ws` on anchors, `/p2p-circuit` + `/webrtc` in browsers. */
  listen?: string[]
  /** Announced multiaddrs (public address behind a reverse proxy). */
  announce?: string[]
  /** Only for development/test builds that must dial ws:// or loopback (docs/design.md §10). */
  connectionGater?: ConnectionGater
  /** Runs a circuit relay v2 server with these limits (anchors). */
  relayServer?: CircuitRelayServerInit
  /** Options of the circuit relay transport (always present). */
  relayTransport?: CircuitRelayTransportInit
  /** Connection manager limits (maxConnections, inboundConnectionThreshold, ...); default libp2p's. */
  connectionManager?: ConnectionManagerInit
  /** Keep-alive pings of every connection (default libp2p's: every 10 s, abort on failure). */
  connectionMonitor?: ConnectionMonitorInit
  /** Overrides for gossipsub (announcements, docs/design.md §5). */
  gossipsub?: Partial<GossipsubOpts>
  /** Additional services (e.g. sync), keyed by name. */
  extraServices?: ServiceFactoryMap<Extra>
  /** Start the node before returning (default true). */
  start?: boolean
  /** Noise's crypto (default the library's for the platform); the anchor's caches its X25519 keys. */
  noiseCrypto?: ICryptoInterface
}

/** A distsoc libp2p node. */
export type DistsocLibp2p<Extra extends ServiceMap = ServiceMap> = Libp2p<DistsocServices & Extra>

/** Builds the WebRTC `rtcConfiguration`: no third-party STUN servers unless given (docs/design.md §10). */
export function iceServersConfig(
  servers: ReadonlyArray<{ urls: string | string[]; username?: string; credential?: string }> = [],
): { iceServers: Array<{ urls: string | string[]; username?: string; credential?: string }> } {
  return { iceServers: servers.map((s) => ({ ...s })) }
}

/** Creates (and by default starts) a distsoc libp2p node. */
export async function createDistsocLibp2p<Extra extends ServiceMap = ServiceMap>(
  opts: DistsocLibp2pOptions<Extra>,
): Promise<DistsocLibp2p<Extra>> {
  const services: Record<string, unknown> = {
    identify: identify(),
    ping: ping(),
    pubsub: gossipsub({
      allowPublishToZeroTopicPeers: true,
      ...opts.gossipsub,
      // rejected announcements score their forwarder down (docs/design.md §5; the validator: announce-topic.ts)
      scoreParams: {
        ...opts.gossipsub?.scoreParams,
        topics: { [ANNOUNCE_TOPIC]: ANNOUNCE_TOPIC_SCORE, ...opts.gossipsub?.scoreParams?.topics },
      },
    }),
    ...opts.extraServices,
  }
  if (opts.relayServer !== undefined) services['relay'] = circuitRelayServer(opts.relayServer)
  const init: Libp2pOptions<DistsocServices & Extra> = {
    privateKey: opts.privateKey,
    addresses: { listen: opts.listen ?? [], announce: opts.announce ?? [] },
    transports: [...opts.transports, circuitRelayTransport(opts.relayTransport)],
    connectionEncrypters: [noise(opts.noiseCrypto === undefined ? {} : { crypto: opts.noiseCrypto })],
    streamMuxers: [yamux(YAMUX_INIT)],
    services: services as ServiceFactoryMap<DistsocServices & Extra>,
    start: opts.start ?? true,
  }
  if (opts.connectionGater !== undefined) init.connectionGater = opts.connectionGater
  if (opts.connectionManager !== undefined) init.connectionManager = opts.connectionManager
  if (opts.connectionMonitor !== undefined) init.connectionMonitor = opts.connectionMonitor
  const node = await createLibp2p(init)
  keepGossipAcrossReconnects(node)
  return node
}
