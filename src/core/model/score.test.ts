import { describe, expect, it } from 'vitest'
import { explainPair, formatExplanation } from '../explain/explain-pair.js'
import { defaultComparisons } from './comparison-library.js'
import { createUntrainedModel, matchWeightToProbability, probabilityToMatchWeight } from './model.js'
import { createPairScorer } from './score.js'
import {
  CONTACT_CARD_AGREE,
  CONTACT_CARD_BOTH,
  CONTACT_EMAIL_AGREE,
  CONTACT_EMAIL_BOTH,
  CONTACT_IDENTITY_AGREE,
  CONTACT_IDENTITY_CLOSE,
  CONTACT_PHONE_AGREE,
  CONTACT_PHONE_BOTH,
  CONTACT_POSTCODE_AGREE,
  CONTACT_POSTCODE_BOTH,
  CONTACT_STREET_AGREE,
  CONTACT_STREET_BOTH,
} from '../cluster/cluster.js'
import { tableOfRecords } from '../../../test/helpers/table-of-records.js'

const records = [
  { first_name: 'José', last_name: 'García López', email: 'jose.garcia@gmail.com', phone: '612345678' },
  { first_name: 'Pepe', last_name: 'Garcia', email: 'jose.garcia@gmail.com', phone: '+34 612 34 56 78' },
  { first_name: 'Ana', last_name: 'Vega', email: 'ana.vega@yahoo.es' },
  { first_name: 'Ana', last_name: 'Vega' },
]

describe('createPairScorer', () => {
  const model = createUntrainedModel(defaultComparisons())
  const table = tableOfRecords(records)
  const scorer = createPairScorer(model, table)

  it('should score the same person above two different people', () => {
    expect(scorer.matchWeight(0, 1)).toBeGreaterThan(scorer.matchWeight(0, 2))
  })

  it('should explain a pair with weights that add up to the total', () => {
    const explanation = explainPair(model, scorer, 0, 1)
    const sum = explanation.comparisons.reduce((total, part) => total + part.matchWeight, explanation.priorWeight)
    expect(sum).toBeCloseTo(explanation.matchWeight, 10)
    expect(explanation.matchWeight).toBeCloseTo(scorer.matchWeight(0, 1), 10)
    expect(explanation.matchProbability).toBeCloseTo(matchWeightToProbability(explanation.matchWeight), 10)
    expect(formatExplanation(explanation)).toMatch(/total/)
  })

  it('should tell how two records\' contacts relate', () => {
    // Same email, phone in two formats: both agree.
    expect(scorer.contactRelation(0, 1)).toBe(CONTACT_PHONE_BOTH | CONTACT_PHONE_AGREE | CONTACT_EMAIL_BOTH | CONTACT_EMAIL_AGREE)
    // Emails differ, no phone on one side.
    expect(scorer.contactRelation(0, 2)).toBe(CONTACT_EMAIL_BOTH)
    expect(scorer.contactRelation(2, 3)).toBe(0)
    // The same name-made local part at two providers scores as missing, but is two addresses.
    const namesakes = tableOfRecords([
      { first_name: 'Giovanni', last_name: 'Braccali', email: 'giovanni.braccali@icloud.com' },
      { first_name: 'Giovanni', last_name: 'Braccali', email: 'giovanni.braccali@gmail.com' },
    ])
    expect(createPairScorer(model, namesakes).contactRelation(0, 1)).toBe(CONTACT_EMAIL_BOTH)
    const dated = tableOfRecords([
      { first_name: 'Ana', birth_date: '1990-02-03', phone: '612345678', loyalty_card: '40111222333' },
      { first_name: 'Ana', birth_date: '1990-02-03', phone: '699887766', loyalty_card: '40999888777' },
      { first_name: 'Ana', birth_date: '1990', phone: '612345679', loyalty_card: '40111222333' },
    ])
    const datedScorer = createPairScorer(model, dated)
    expect(datedScorer.contactRelation(0, 1)).toBe(CONTACT_PHONE_BOTH | CONTACT_CARD_BOTH | CONTACT_IDENTITY_AGREE)
    // One digit wrong is still the same phone; a year alone proves no identity, but agrees in part.
    expect(datedScorer.contactRelation(0, 2)).toBe(
      CONTACT_PHONE_BOTH | CONTACT_PHONE_AGREE | CONTACT_CARD_BOTH | CONTACT_CARD_AGREE | CONTACT_IDENTITY_CLOSE,
    )
    const close = createPairScorer(
      model,
      tableOfRecords([
        { first_name: 'Ana', birth_date: '1990-02-03' },
        { first_name: 'Ana', birth_date: '1990-02-08' },
        { first_name: 'Ana', birth_date: '1965-07-21' },
        { first_name: 'Ana', birth_date: '1975' },
      ]),
    )
    // A slip in the day agrees in part; another generation's date, or another year, does not.
    expect(close.contactRelation(0, 1)).toBe(CONTACT_IDENTITY_CLOSE)
    expect(close.contactRelation(0, 2)).toBe(0)
    expect(close.contactRelation(0, 3)).toBe(0)
  })

  it('should read two streets as one home unless nothing about them agrees', () => {
    const homes = tableOfRecords([
      { first_name: 'Achille', address_line1: 'Via della Repubblica 214', postcode: '47923', country: 'IT' },
      { first_name: 'Achille', address_line1: 'Via Roma 202', postcode: '47923', country: 'IT' },
      { first_name: 'Giuseppina', address_line1: 'Via Bixio n.4', postcode: '00160', country: 'IT' },
      { first_name: 'Giuseppina', address_line1: 'Via Nino Bixio 4', postcode: '00160', country: 'IT' },
      { first_name: 'Chiara', address_line1: 'V. Guglielmo Marconi', country: 'IT' },
      { first_name: 'Chiara', address_line1: 'V. G. Mzarconi, 22', country: 'IT' },
      { first_name: 'Esteban', address_line1: 'Calle Real 39' },
    ])
    const homeScorer = createPairScorer(model, homes)
    const sameTown = CONTACT_POSTCODE_BOTH | CONTACT_POSTCODE_AGREE
    expect(homeScorer.contactRelation(0, 1)).toBe(sameTown | CONTACT_STREET_BOTH)
    // A spelling the location comparison may miss still agrees: a word of the name spelt alike.
    expect(homeScorer.contactRelation(2, 3)).toBe(sameTown | CONTACT_STREET_BOTH | CONTACT_STREET_AGREE)
    expect(homeScorer.contactRelation(4, 5)).toBe(CONTACT_STREET_BOTH | CONTACT_STREET_AGREE)
    // Two streets in two towns differ; no street on one side: nothing to compare.
    expect(homeScorer.contactRelation(0, 6)).toBe(CONTACT_STREET_BOTH)
    expect(createPairScorer(model, tableOfRecords([{ first_name: 'Ana', postcode: '28001' }, { first_name: 'Ana', address_line1: 'Calle Mayor 1' }])).contactRelation(0, 1)).toBe(0)
  })

  it('should not count a shared landline as the same person\'s phone', () => {
    const household = tableOfRecords([
      { first_name: 'Pasquale', country: 'IT', phone: '099 4785390' },
      { first_name: 'Pasquale', country: 'IT', phone: '+39 099 478 5390' },
      { first_name: 'Pasquale', country: 'IT', phone: '336 522 8000' },
      { first_name: 'Pasquale', country: 'IT', phone: '+39 336 5228000' },
    ])
    const householdScorer = createPairScorer(model, household)
    // The home's line, given by father and son alike: no agreement.
    expect(householdScorer.contactRelation(0, 1)).toBe(0)
    // A mobile is a person's.
    expect(householdScorer.contactRelation(2, 3)).toBe(CONTACT_PHONE_BOTH | CONTACT_PHONE_AGREE)
    // Two different numbers are two phones, whatever their kind.
    expect(householdScorer.contactRelation(0, 2)).toBe(CONTACT_PHONE_BOTH)
  })

  it('should lower the weight of a common value with term frequencies', () => {
    const common = tableOfRecords([...Array.from({ length: 20 }, () => ({ last_name: 'García' })), { last_name: 'Zubizarreta' }, { last_name: 'Zubizarreta' }])
    const tf = createPairScorer(model, common)
    expect(tf.matchWeight(20, 21)).toBeGreaterThan(tf.matchWeight(0, 1))
  })

  it('should weigh values the same from outside frequencies as from the table, worked out on demand', () => {
    const population = tableOfRecords([
      ...Array.from({ length: 12 }, (_, k) => ({ first_name: k % 2 ? 'Ana' : 'José', last_name: 'García', email: `g${k}@x.es` })),
      { first_name: 'Ana', last_name: 'Zubizarreta', email: 'az@x.es' },
      { first_name: 'Ana', last_name: 'Zubizarreta', email: 'az@x.es' },
    ])
    const fromTable = createPairScorer(model, population)
    // The same frequencies, looked up one value at a time as the real-time path does.
    const share = (feature: keyof typeof population.columns, value: string) => {
      const column = population.columns[feature]
      const id = column.values.indexOf(value)
      const present = column.ids.filter((v) => v !== 0).length
      return id <= 0 ? undefined : column.counts[id] / present
    }
    let lookups = 0
    const fromOutside = createPairScorer(model, population, { valueFrequency: (feature, value) => (lookups++, share(feature, value)) })
    // Nothing is looked up before a pair needs it.
    expect(lookups).toBe(0)
    for (let i = 0; i < population.size; i++)
      for (let j = i + 1; j < population.size; j++) expect(fromOutside.matchWeight(i, j)).toBeCloseTo(fromTable.matchWeight(i, j), 12)
    // Asked once per value and level that a pair needed, not once per value of the table.
    const asked = lookups
    fromOutside.matchWeight(12, 13)
    expect(lookups).toBe(asked)
  })

  it('should cap what agreeing names add together, and still explain a total that adds up', () => {
    // A rare full name in a population of common ones: uncapped, the names alone are worth
    // more than the cap set here (the untrained model's weights are modest, so the cap is too).
    const population = tableOfRecords([
      ...Array.from({ length: 40 }, (_, k) => ({ first_name: k % 2 ? 'María' : 'José', last_name: 'García' })),
      { first_name: 'Eulalia', last_name: 'Zubizarreta Ochandiano', email: 'eu@a.es' },
      { first_name: 'Eulalia', last_name: 'Zubizarreta Ochandiano', email: 'zubi@b.es' },
    ])
    const uncapped = createPairScorer({ ...model, settings: { ...model.settings, maxNameEvidence: 1000 } }, population)
    const capped = createPairScorer({ ...model, settings: { ...model.settings, maxNameEvidence: 4 } }, population)
    const names = (s: typeof capped) => {
      const explanation = explainPair(model, s, 40, 41)
      return explanation.comparisons.filter((part) => part.comparison === 'first_name' || part.comparison === 'last_name')
    }
    const uncappedNames = names(uncapped).reduce((sum, part) => sum + part.matchWeight, 0)
    expect(uncappedNames).toBeGreaterThan(4)
    const cappedParts = names(capped)
    expect(cappedParts.reduce((sum, part) => sum + part.matchWeight, 0)).toBeCloseTo(4, 10)
    expect(cappedParts.every((part) => part.namesCapped)).toBe(true)
    // The disagreeing email still counts in full, so the pair now falls below the uncapped one.
    expect(capped.matchWeight(40, 41)).toBeLessThan(uncapped.matchWeight(40, 41))
    const explanation = explainPair(model, capped, 40, 41)
    const sum = explanation.comparisons.reduce((total, part) => total + part.matchWeight, explanation.priorWeight)
    expect(sum).toBeCloseTo(capped.matchWeight(40, 41), 10)
    expect(formatExplanation(explanation)).toMatch(/names capped/)
  })

  it('should leave names under the cap as they are', () => {
    const common = createPairScorer({ ...model, settings: { ...model.settings, maxNameEvidence: 4 } }, table)
    const explanation = explainPair(model, common, 2, 3)
    expect(explanation.comparisons.some((part) => part.namesCapped)).toBe(false)
    expect(common.matchWeight(2, 3)).toBeCloseTo(scorer.matchWeight(2, 3), 10)
  })

  it('should weigh a missing field as no evidence at all', () => {
    const explanation = explainPair(model, scorer, 2, 3)
    const email = explanation.comparisons.find((part) => part.comparison === 'email')!
    expect(email.matchWeight).toBe(0)
  })
})

describe('match weight and probability', () => {
  it('should convert both ways', () => {
    expect(matchWeightToProbability(0)).toBe(0.5)
    expect(probabilityToMatchWeight(matchWeightToProbability(3.5))).toBeCloseTo(3.5, 10)
  })
})
