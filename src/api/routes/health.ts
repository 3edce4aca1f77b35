/** Liveness and readiness probes: public, cheap, and free of any detail an outsider could use. */
import type { FastifyInstance } from 'fastify'
import { z } from 'zod'

import type { IdentityEngine } from '../../engine/index.js'

const statusSchema = z.object({ status: z.string() })

export function registerHealthRoutes(app: FastifyInstance, engine: IdentityEngine): void {
  app.get(
    '/healthz',
    { schema: { tags: ['health'], summary: 'The process is up (liveness)', response: { 200: statusSchema } } },
    async () => ({ status: 'ok' }),
  )

  app.get(
    '/readyz',
    {
      schema: {
        tags: ['health'],
        summary: 'The store answers and a model is loaded (readiness)',
        response: { 200: statusSchema, 503: statusSchema },
      },
    },
    async (_request, reply) => {
      const ready = await engine.ready()
      return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not_ready' })
    },
  )
}
