/**
 * Worker-side stand-ins for `RTCSessionDescription` and `RTCIceCandidate`, which do not exist in
 * workers either. @libp2p/webrtc constructs both from plain init objects and reads their fields.
 */
import type { IceCandidateInit, SessionDescriptionInit } from '../../core/api/index.ts'

/** `RTCSessionDescription`: an SDP blob and its type. */
export class ShimSessionDescription {
  readonly type: SessionDescriptionInit['type']
  readonly sdp: string

  constructor(init: SessionDescriptionInit) {
    this.type = init.type
    this.sdp = init.sdp ?? ''
  }

  /** The init dictionary, as `JSON.stringify` and the host expect it. */
  toJSON(): SessionDescriptionInit {
    return { type: this.type, sdp: this.sdp }
  }
}

/** `RTCIceCandidate`: the candidate line and its media section. */
export class ShimIceCandidate {
  readonly candidate: string
  readonly sdpMid: string | null
  readonly sdpMLineIndex: number | null
  readonly usernameFragment: string | null

  constructor(init: IceCandidateInit = {}) {
    if (init.sdpMid == null && init.sdpMLineIndex == null) {
      throw new TypeError('RTCIceCandidate needs sdpMid or sdpMLineIndex')
    }
    this.candidate = init.candidate ?? ''
    this.sdpMid = init.sdpMid ?? null
    this.sdpMLineIndex = init.sdpMLineIndex ?? null
    this.usernameFragment = init.usernameFragment ?? null
  }

  /** The init dictionary; @libp2p/webrtc sends `JSON.stringify(candidate.toJSON())` to the peer. */
  toJSON(): IceCandidateInit {
    return {
      candidate: this.candidate,
      sdpMid: this.sdpMid,
      sdpMLineIndex: this.sdpMLineIndex,
      usernameFragment: this.usernameFragment,
    }
  }
}
