import { describe, expect, it } from 'vitest'
import { describeWorkerError, type ProbeFetch } from './load-error.ts'

const URL_ = 'http://127.0.0.1:5173/assets/main-abc.js'
const answering =
  (status: number): ProbeFetch =>
  async () => ({ ok: status >= 200 && status < 300, status })

describe('describeWorkerError', () => {
  it('names the HTTP status the script got and says what to do', async () => {
    const text = await describeWorkerError(new Event('error'), URL_, answering(500))
    expect(text).toContain('/assets/main-abc.js did not load: the server answered HTTP 500')
    expect(text).toContain('then press Try again')
  })

  it('says the server does not answer when the probe fails or hangs past its timeout', async () => {
    const refused: ProbeFetch = async () => {
      throw new TypeError('Failed to fetch')
    }
    expect(await describeWorkerError(new Event('error'), URL_, refused)).toContain(
      'the server does not answer',
    )
    const hanging: ProbeFetch = (_url, init) =>
      new Promise((_resolve, reject) =>
        init.signal.addEventListener('abort', () => reject(new Error('aborted'))),
      )
    const started = Date.now()
    expect(await describeWorkerError(new Event('error'), URL_, hanging, 50)).toContain('does not answer')
    expect(Date.now() - started).toBeLessThan(1_000)
  })

  it('says the load was cut off when the script loads on a second look', async () => {
    expect(await describeWorkerError(new Event('error'), URL_, answering(200))).toContain(
      'the request was cut off; it loads now',
    )
  })

  it('reports what a worker threw while starting, without probing', async () => {
    const thrown = Object.assign(new Event('error'), { message: 'Uncaught Error: boom' })
    const never: ProbeFetch = async () => {
      throw new Error('must not probe')
    }
    expect(await describeWorkerError(thrown, URL_, never)).toContain(
      'threw while starting (Uncaught Error: boom)',
    )
  })
})
