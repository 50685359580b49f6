import { createSocket } from 'node:dgram'
import stun from 'stun'
import { describe, expect, it } from 'vitest'
import { startAnchor, stunIceUrl } from './anchor.ts'

const XOR_MAPPED = stun.constants.STUN_ATTR_XOR_MAPPED_ADDRESS ?? 0x0020

async function bindingFrom(url: string): Promise<unknown> {
  const [, host, port] = /^stun:(.+):(\d+)$/.exec(url) ?? []
  const socket = createSocket('udp4')
  try {
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve))
    const reply = new Promise<Buffer>((resolve, reject) => {
      socket.once('message', resolve)
      setTimeout(() => reject(new Error('no STUN answer')), 2000)
    })
    socket.send(stun.createMessage(stun.constants.STUN_BINDING_REQUEST ?? 1).toBuffer(), Number(port), host)
    return stun.decode(await reply).getAttribute(XOR_MAPPED)?.value
  } finally {
    socket.close()
  }
}

describe('the anchor serves STUN (issue 18)', { timeout: 60_000 }, () => {
  it('answers binding requests on its STUN URL until it stops', async () => {
    const anchor = await startAnchor({ logLevel: 'silent' })
    try {
      expect(anchor.stunUrl).toMatch(/^stun:127\.0\.0\.1:\d+$/)
      expect(await bindingFrom(anchor.stunUrl!)).toMatchObject({ address: '127.0.0.1' })
    } finally {
      await anchor.stop()
    }
    await expect(bindingFrom(anchor.stunUrl!)).rejects.toThrow(/no STUN answer/)
  })

  it('serves none when turned off', async () => {
    const anchor = await startAnchor({ logLevel: 'silent', stun: false })
    try {
      expect(anchor.stunUrl).toBeUndefined()
    } finally {
      await anchor.stop()
    }
  })

  it('writes IPv6 hosts in brackets', () => {
    expect(stunIceUrl({ host: '::1', port: 3478 })).toBe('stun:[::1]:3478')
  })
})
