import { describe, expect, expectTypeOf, it } from 'vitest'
import * as errors from './errors.ts'
import {
  DistsocError,
  errorFromData,
  errorName,
  errorToData,
  knownErrorNames,
  SyncAbortedError,
  SyncTimeoutError,
  ValidationError,
  WorkerStartError,
} from './errors.ts'

describe('the error registry', () => {
  it('rebuilds every exported error class by name, as itself', () => {
    const classes = Object.values(errors).filter(
      (v): v is new (m?: string) => Error => typeof v === 'function' && v.prototype instanceof DistsocError,
    )
    expect(classes.length).toBeGreaterThan(20)
    for (const ErrorClass of classes) {
      const sent = new ErrorClass('why')
      const back = errorFromData(errorToData(sent))
      expect(back, sent.name).toBeInstanceOf(ErrorClass)
      expect(back.message).toBe('why')
      expect(knownErrorNames()).toContain(sent.name)
    }
  })

  it('includes the sync session errors', () => {
    expect(errorFromData({ name: 'SyncTimeoutError', message: 'x' })).toBeInstanceOf(SyncTimeoutError)
    expect(errorFromData({ name: 'SyncAbortedError', message: 'x' })).toBeInstanceOf(SyncAbortedError)
  })

  it('keeps an unknown name as a plain Error with that name', () => {
    const back = errorFromData({ name: 'SomethingElse', message: 'm' })
    expect(back).not.toBeInstanceOf(DistsocError)
    expect(back.name).toBe('SomethingElse')
  })

  it('makes each class a distinct type', () => {
    expectTypeOf(new ValidationError()).not.toEqualTypeOf(new WorkerStartError())
  })

  it('names thrown values for logs', () => {
    expect(errorName(new SyncTimeoutError('t'))).toBe('SyncTimeoutError')
    expect(errorName('a string')).toBe('error')
  })
})
