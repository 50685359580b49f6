/**
 * What to tell the user when the node's worker does not start (issue 9): the worker's `error`
 * event says only *that* it failed, so the script is fetched once more to learn why (an HTTP
 * status, no answer, or a load that was cut off), and the message ends with what to do.
 */

/** How long the second look at the script may take, so the report lands within 2 s. */
export const PROBE_TIMEOUT_MS = 1_500

const WHAT_TO_DO =
  'Check that the server that serves distsoc is running (in development: `npm start`, and wait until Vite has finished optimising dependencies), then press Try again.'

/** The part of `fetch` the probe uses (tests pass a stub). */
export type ProbeFetch = (
  url: string,
  init: { cache: 'no-store'; signal: AbortSignal },
) => Promise<{
  ok: boolean
  status: number
}>

/**
 * The message for a worker `error` event before the node answered: a script that threw while it
 * was evaluated (an `ErrorEvent` with a message), or one that did not load (probed at `scriptUrl`).
 */
export async function describeWorkerError(
  event: Event,
  scriptUrl: string,
  probe: ProbeFetch = (url, init) => fetch(url, init),
  timeoutMs = PROBE_TIMEOUT_MS,
): Promise<string> {
  const thrown = (event as Partial<ErrorEvent>).message
  if (typeof thrown === 'string' && thrown !== '') {
    return `the node's worker threw while starting (${thrown}). Press Try again; if it happens again, the worker's console (chrome://inspect/#workers) shows where.`
  }
  const path = displayPath(scriptUrl)
  const answer = await probeScript(scriptUrl, probe, timeoutMs)
  if (answer === 'no-answer') {
    return `the node's worker script ${path} did not load: the server does not answer. ${WHAT_TO_DO}`
  }
  if (answer !== 'ok') {
    return `the node's worker script ${path} did not load: the server answered HTTP ${answer}. ${WHAT_TO_DO}`
  }
  return `the node's worker script ${path} did not load (the request was cut off; it loads now). Press Try again.`
}

async function probeScript(
  url: string,
  probe: ProbeFetch,
  timeoutMs: number,
): Promise<'ok' | 'no-answer' | number> {
  const abort = new AbortController()
  const timer = setTimeout(() => abort.abort(), timeoutMs)
  try {
    const res = await probe(url, { cache: 'no-store', signal: abort.signal })
    return res.ok ? 'ok' : res.status
  } catch {
    return 'no-answer'
  } finally {
    clearTimeout(timer)
  }
}

function displayPath(url: string): string {
  try {
    const parsed = new URL(url)
    return parsed.pathname
  } catch {
    return url
  }
}
