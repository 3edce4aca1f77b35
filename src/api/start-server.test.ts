/**
 * Graceful shutdown: close() stops accepting connections, lets the request in flight finish,
 * and only then closes the engine. The engine is a fake whose resolve waits for the test.
 */
import { describe, expect, it } from 'vitest'

import { createFakeIdentityEngine, FAKE_SECRETS } from '../../test/helpers/fake-identity-engine.js'
import { startServer } from './start-server.js'

function deferred() {
  let release!: () => void
  const promise = new Promise<void>((resolve) => {
    release = resolve
  })
  return { promise, release }
}

describe('startServer', () => {
  it('should listen on the port asked for, 0 meaning a free one', async () => {
    const server = await startServer({ engine: createFakeIdentityEngine(), logger: false, port: 0 })
    try {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
      const response = await fetch(`${server.url}/healthz`)
      expect(await response.json()).toEqual({ status: 'ok' })
    } finally {
      await server.close()
    }
  })

  it('should finish the request in flight before closing the engine', async () => {
    const events: string[] = []
    const resolving = deferred()
    const entered = deferred()
    const engine = createFakeIdentityEngine({
      resolve: async (record) => {
        entered.release()
        await resolving.promise
        events.push('resolved')
        return { source: record.source, record_id: record.record_id, customerId: 'cus_FAKE', decision: 'created', matchProbability: 0, mergedCustomerIds: [], updated: false }
      },
      close: async () => {
        events.push('engine closed')
      },
    })
    const server = await startServer({ engine, logger: false, port: 0 })
    const inFlight = fetch(`${server.url}/v1/records`, {
      method: 'POST',
      headers: { authorization: `Bearer ${FAKE_SECRETS.admin}`, 'content-type': 'application/json' },
      body: JSON.stringify({ record_id: 'w1', source: 'web' }),
    })
    await entered.promise
    const closing = server.close()
    // While the request is still being answered, new connections are refused.
    await new Promise((resolve) => setTimeout(resolve, 50))
    await expect(fetch(`${server.url}/healthz`)).rejects.toThrow()
    expect(events).toEqual([])
    resolving.release()
    const response = await inFlight
    expect(response.status).toBe(200)
    expect(((await response.json()) as { customer_id: string }).customer_id).toBe('cus_FAKE')
    await closing
    expect(events).toEqual(['resolved', 'engine closed'])
  })

  it('should close once when asked twice', async () => {
    let closes = 0
    const engine = createFakeIdentityEngine({ close: async () => void closes++ })
    const server = await startServer({ engine, logger: false, port: 0 })
    await Promise.all([server.close(), server.close()])
    expect(closes).toBe(1)
  })
})
