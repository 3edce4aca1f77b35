/**
 * The customer-facing digital card: `/card/{token}` shows the live QR code and `/card/{token}/code`
 * gives the current one. Public routes: the unguessable token in the path is the credential
 * (given once, at enrolment). The page carries no personal data, is served with a strict
 * Content-Security-Policy, and is never cached (a cached code would be a stale code).
 */
import { randomBytes } from 'node:crypto'

import type { FastifyInstance } from 'fastify'
import { z } from 'zod'

import type { CounterService } from '../../engine/index.js'
import { cardCodeBody, cardPageCsp, renderCardPage } from '../card/card-page.js'
import { errorBodySchema } from '../responses/error-body.js'

const cardParamsSchema = z.strictObject({
  card_token: z.string().regex(/^[A-Za-z0-9_-]{20,100}$/, 'expected the card token of the enrolment'),
})

export function registerCardRoutes(app: FastifyInstance, counter: CounterService): void {
  app.get<{ Params: z.infer<typeof cardParamsSchema> }>(
    '/card/:card_token',
    {
      schema: {
        tags: ['card'],
        summary: "The customer's digital card page: a QR code that changes every 30 seconds",
        params: cardParamsSchema,
        response: { 404: errorBodySchema },
      },
    },
    async (request, reply) => {
      // The page itself proves nothing; its code fetch does (an inactive card answers 404 there
      // and the page says so). Checked here too, so a revoked card's page is not served.
      await counter.cardCode(request.params.card_token)
      const nonce = randomBytes(18).toString('base64')
      return reply
        .header('content-type', 'text/html; charset=utf-8')
        .header('content-security-policy', cardPageCsp(nonce))
        .header('cache-control', 'no-store')
        .header('referrer-policy', 'no-referrer')
        .header('x-content-type-options', 'nosniff')
        .send(renderCardPage({ codeUrl: `/card/${request.params.card_token}/code`, refreshSeconds: 30, nonce }))
    },
  )

  app.get<{ Params: z.infer<typeof cardParamsSchema> }>(
    '/card/:card_token/code',
    {
      schema: {
        tags: ['card'],
        summary: 'The current QR code of a card: its text, as PNG and SVG, and how long it stays valid',
        params: cardParamsSchema,
        response: {
          200: z.object({ payload: z.string(), pngDataUrl: z.string(), svg: z.string(), validForSeconds: z.number() }),
          404: errorBodySchema,
        },
      },
    },
    async (request, reply) => {
      const code = await counter.cardCode(request.params.card_token)
      void reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer')
      return cardCodeBody(code.payload, Date.now())
    },
  )
}
