/** Replica maps, passive liveness and the restoration cascade (issue 15; seed D-2 "replica maps + redundancy"). */

export type { HostingAnswer, HostingOffer, HostingPeers } from './hosting-offer.ts'
