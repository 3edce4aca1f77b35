import { z } from 'zod'

export const issueBodySchema = z.object({
  path: z.array(z.union([z.string(), z.number()])).describe("where: ['body', 'records', 3, 'email']"),
  code: z.string(),
  message: z.string().describe('what was expected; never the value that was sent'),
})

export const errorBodySchema = z
  .object({
    error: z.object({
      code: z.string().describe('stable code, documented in docs/errors.md'),
      message: z.string(),
      issues: z.array(issueBodySchema).optional(),
    }),
    requestId: z.string().describe('also in the x-request-id header; quote it when reporting a problem'),
  })
  .meta({ title: 'Error' })
