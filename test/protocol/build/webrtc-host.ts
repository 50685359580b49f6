/**
 * Vectors of docs/protocol/webrtc.md "Worker ↔ tab host": structured-clone messages (shown as JSON;
 * binary channel data is an ArrayBuffer on the real channel, a string here), valid and invalid.
 */

/** The worker ↔ host message vectors; `side` names the parser (worker-to-host, host-to-worker). */
export function buildWebrtcHostVectors() {
  const w = 'worker-to-host'
  const h = 'host-to-worker'
  return {
    description:
      'docs/protocol/webrtc.md. Messages between the worker (which runs libp2p) and the tab that owns the RTCPeerConnections, sent with postMessage. `message` is the structured-clone value; every receiver validates it and answers a bad one with ValidationError (never throws).',
    valid: [
      { name: 'ping', side: w, message: { type: 'ping', seq: 1 } },
      {
        name: 'create a peer connection',
        side: w,
        message: { type: 'pc.create', pc: 1, config: { iceServers: [{ urls: 'stun:127.0.0.1:3478' }] } },
      },
      {
        name: 'set the remote offer',
        side: w,
        message: {
          type: 'pc.call',
          pc: 1,
          req: 7,
          call: 'setRemoteDescription',
          arg: { type: 'offer', sdp: 'v=0\r\n' },
        },
      },
      {
        name: 'open a data channel',
        side: w,
        message: { type: 'dc.create', pc: 1, dc: 1, label: '', init: { negotiated: true, id: 0 } },
      },
      { name: 'send text on a channel', side: w, message: { type: 'dc.send', dc: 1, data: ['hi'] } },
      { name: 'host is ready', side: h, message: { type: 'hello' } },
      { name: 'pong', side: h, message: { type: 'pong', seq: 1 } },
      {
        name: 'a call failed',
        side: h,
        message: {
          type: 'pc.result',
          req: 7,
          ok: false,
          error: { name: 'InvalidStateError', message: 'closed' },
        },
      },
      {
        name: 'ICE candidate',
        side: h,
        message: {
          type: 'pc.candidate',
          pc: 1,
          candidate: { candidate: 'candidate:1 1 udp 1 127.0.0.1 5000 typ host', sdpMid: '0' },
        },
      },
      {
        name: 'selected path',
        side: h,
        message: { type: 'pc.path', pc: 1, local: 'host', remote: 'srflx', protocol: 'udp' },
      },
      { name: 'channel message', side: h, message: { type: 'dc.message', dc: -1, data: 'hi' } },
    ],
    invalid: [
      { name: 'not an object', side: w, message: 'ping', error: 'ValidationError' },
      { name: 'no type', side: w, message: { seq: 1 }, error: 'ValidationError' },
      { name: 'unknown type', side: w, message: { type: 'eval', code: '1' }, error: 'ValidationError' },
      { name: 'ping without seq', side: w, message: { type: 'ping' }, error: 'ValidationError' },
      {
        name: 'call of an unknown method',
        side: w,
        message: { type: 'pc.call', pc: 1, req: 1, call: 'getStats', arg: null },
        error: 'ValidationError',
      },
      {
        name: 'send of a number',
        side: w,
        message: { type: 'dc.send', dc: 1, data: [42] },
        error: 'ValidationError',
      },
      {
        name: 'a host message sent to the host',
        side: w,
        message: { type: 'hello' },
        error: 'ValidationError',
      },
      {
        name: 'path of an unknown candidate type',
        side: h,
        message: { type: 'pc.path', pc: 1, local: 'vpn', remote: 'host', protocol: 'udp' },
        error: 'ValidationError',
      },
      {
        name: 'result without ok',
        side: h,
        message: { type: 'pc.result', req: 1, value: null },
        error: 'ValidationError',
      },
    ],
  }
}
