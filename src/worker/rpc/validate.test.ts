import { describe, expect, it } from 'vitest'
import { identityFromSeed } from '../../core/model/identity.ts'
import { array, bytes, nodeId, noParams, object, oneOf, optional, parseParams, string } from './validate.ts'

const VALID_NODE_ID: string = identityFromSeed(new Uint8Array(32).fill(7)).nodeId

describe('validate', () => {
  const post = object({
    content: string({ min: 1, max: 10 }),
    intent: oneOf('public', 'friends'),
    tags: optional(array(string({ max: 5 }), { max: 2 })),
    blob: optional(bytes({ max: 4 })),
  })

  it('returns only the checked fields of a valid value', () => {
    expect(parseParams(post, { content: 'hi', intent: 'public' })).toEqual({
      content: 'hi',
      intent: 'public',
    })
  })

  it.each([
    [null, 'params: must be an object, got null'],
    [[], 'params: must be an object, got array'],
    [{ content: '', intent: 'public' }, 'params.content: must be at least 1 characters'],
    [{ content: 'x', intent: 'secret' }, 'params.intent: must be one of public, friends'],
    [
      { content: 'x', intent: 'public', tags: ['ok', 'toolong'] },
      'params.tags[1]: must be at most 5 characters',
    ],
    [{ content: 'x', intent: 'public', blob: new Uint8Array(5) }, 'params.blob: must be at most 4 bytes'],
    [{ content: 'x', intent: 'public', extra: 1 }, 'params.extra: is not an allowed field'],
    [{ content: 7, intent: 'public' }, 'params.content: must be a string, got number'],
  ])('names the field that is wrong: %j', (value, message) => {
    expect(() => parseParams(post, value)).toThrow(
      expect.objectContaining({ name: 'ValidationError', message }),
    )
  })

  it('accepts a real NodeId and refuses anything else', () => {
    expect(nodeId(VALID_NODE_ID, 'p')).toBe(VALID_NODE_ID)
    expect(() => nodeId(`${VALID_NODE_ID.slice(0, -2)}xx`, 'p.to')).toThrow('p.to: is not a valid NodeId')
    expect(() => nodeId(42, 'p.to')).toThrow('p.to: must be a NodeId string, got number')
  })

  it('treats missing params of a no-params method as empty, but refuses fields', () => {
    expect(parseParams(noParams, undefined)).toEqual({})
    expect(() => parseParams(noParams, { a: 1 })).toThrow('params.a: is not an allowed field')
  })
})
