import { describe, expect, it } from 'vitest'
import { followFromHash, followLink } from './follow-link.ts'

const ID = '12D3KooWRBy97UB99e3J6hiPesre1MZeuNQvfan4gBziswrRJsNK'
const CONNECT = `distsoc:${ID}?anchor=%2Fip4%2F127.0.0.1%2Ftcp%2F4471%2Fws`

describe('follow links', () => {
  it('round-trips a connect string through the link’s hash', () => {
    const link = followLink('https://app.example', CONNECT)
    expect(link.startsWith('https://app.example/#follow=distsoc%3A')).toBe(true)
    expect(followFromHash(new URL(link).hash)).toBe(CONNECT)
    expect(followFromHash(`#follow=${ID}`)).toBe(ID)
  })

  it('carries nothing for other hashes, bad escapes or text that is no NodeId', () => {
    expect(followFromHash('#people')).toBeNull()
    expect(followFromHash('#follow=%E0%A4%A')).toBeNull()
    expect(followFromHash('#follow=hello')).toBeNull()
    expect(followFromHash(`#follow=${encodeURIComponent('<script>')}`)).toBeNull()
  })
})
