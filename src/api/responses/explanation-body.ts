import { z } from 'zod'

import type { PairExplanation } from '../../core/index.js'
import { snakeCaseKeys } from './snake-case-keys.js'

/** Why a pair scored what it did: weights only, no values of either record (no PII). */
export const explanationBodySchema = z
  .object({
    prior_weight: z.number(),
    comparisons: z.array(
      z.object({
        comparison: z.string(),
        level: z.string(),
        level_index: z.number().int(),
        match_weight: z.number(),
        m_probability: z.number(),
        u_probability: z.number(),
        term_frequency_adjusted: z.boolean(),
      }),
    ),
    match_weight: z.number().describe('log2 Bayes factor: the prior weight plus every comparison weight'),
    match_probability: z.number(),
    conflict: z.string(),
  })
  .meta({ title: 'Explanation' })

export type ExplanationBody = z.infer<typeof explanationBodySchema>

/** An engine explanation (or one stored with a review task) in the API's spelling. */
export function toExplanationBody(explanation: PairExplanation | unknown): ExplanationBody {
  return snakeCaseKeys(explanation) as ExplanationBody
}
