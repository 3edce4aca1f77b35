import { describe, expect, it } from 'vitest'
import type { CustomerRecord } from '../record/customer-record.js'
import { defaultComparisons } from './comparison-library.js'
import { CONFLICT_KINDS, SURNAME_PARTIAL_LABEL } from './guards.js'
import { createUntrainedModel, DEFAULT_MODEL_SETTINGS, type Model } from './model.js'
import { createPairScorer } from './score.js'
import { tableOfRecords } from '../../../test/helpers/table-of-records.js'

/** A model whose 'else' levels are rare among matches, as on clean retail data. */
function reliableModel(): Model {
  const model = createUntrainedModel(defaultComparisons())
  return {
    ...model,
    comparisons: model.comparisons.map((c) => ({
      ...c,
      levels: c.levels.map((level, k) =>
        k === c.levels.length - 1 || level.label === SURNAME_PARTIAL_LABEL ? { ...level, mProbability: 0.005 } : level,
      ),
    })),
  }
}

function conflictOf(model: Model, a: Partial<CustomerRecord>, b: Partial<CustomerRecord>, extra: Partial<CustomerRecord>[] = []) {
  const table = tableOfRecords([a, b, ...extra])
  return CONFLICT_KINDS[createPairScorer(model, table, { termFrequencies: false }).conflict(0, 1)]
}

const household = { last_name: 'Martín González', email: 'familia.martin@gmail.com', address_line1: 'Calle Mayor 12', postcode: '28013' }

describe('cannot-link guards', () => {
  it('should veto twins: same surname, birth date and contacts, different given names', () => {
    expect(conflictOf(reliableModel(), { ...household, first_name: 'Lucía', birth_date: '2001-05-04' }, { ...household, first_name: 'Paula', birth_date: '2001-05-04' })).toBe('given_name')
  })

  it('should veto a parent and child with the same name and different birth dates', () => {
    expect(conflictOf(reliableModel(), { ...household, first_name: 'Emilio', birth_date: '1961-02-10' }, { ...household, first_name: 'Emilio', birth_date: '1995-03-03' })).toBe('birth_date')
  })

  it('should veto a year alone that is a generation from a full birth date, and not a slip of it', () => {
    const mother = { ...household, first_name: 'Emilia', birth_date: '1965' }
    expect(conflictOf(reliableModel(), mother, { ...household, first_name: 'Emilia', birth_date: '1996-02-19' })).toBe('birth_date')
    expect(conflictOf(reliableModel(), { ...mother, birth_date: '1965-04' }, { ...household, first_name: 'Emilia', birth_date: '1996-02-19' })).toBe('birth_date')
    // The year she gave at the till, one digit off, or the next year: no proof of two people.
    expect(conflictOf(reliableModel(), mother, { ...household, first_name: 'Emilia', birth_date: '1966-02-19' })).toBe('none')
    expect(conflictOf(reliableModel(), mother, { ...household, first_name: 'Emilia', birth_date: '1964-12-30' })).toBe('none')
  })

  it('should read the birth date in a codice fiscale where none was typed', () => {
    // BNCPQL07M43L219V: a woman born on 3 August of a year ending 07.
    const daughter = { first_name: 'Pasqualina', last_name: 'Bianchini', postcode: '10126', tax_id: 'BNCPQL07M43L219V' }
    expect(conflictOf(reliableModel(), daughter, { first_name: 'Pasqualina', last_name: 'Bianchini', postcode: '10126', birth_date: '1968-05-12' })).toBe('birth_date')
    expect(conflictOf(reliableModel(), daughter, { first_name: 'Pasqualina', last_name: 'Bianchini', postcode: '10126', birth_date: '2007-08-03' })).toBe('none')
    // A typed birth date is the one compared, whatever the code says.
    expect(conflictOf(reliableModel(), { ...daughter, birth_date: '1968-05-12' }, { first_name: 'Pasqualina', last_name: 'Bianchini', postcode: '10126', birth_date: '1968-05-12' })).toBe('none')
  })

  it('should leave birth dates within a year of each other to the model, not veto them', () => {
    // Not one slip apart, but no parent and child either: a clerk's error far more often.
    expect(conflictOf(reliableModel(), { ...household, first_name: 'Emilio', birth_date: '1961-02-10' }, { ...household, first_name: 'Emilio', birth_date: '1961-09-23' })).toBe('none')
    expect(conflictOf(reliableModel(), { ...household, first_name: 'Emilio', birth_date: '1961-02-10' }, { ...household, first_name: 'Emilio', birth_date: '1962-04-01' })).toBe('birth_date')
  })

  it('should veto two recognised tax ids that differ', () => {
    expect(conflictOf(reliableModel(), { first_name: 'Ana', tax_id: '00000001R' }, { first_name: 'Ana', tax_id: '12345679S' })).toBe('tax_id')
  })

  it('should not veto different tax ids it cannot check (plain digits)', () => {
    expect(conflictOf(reliableModel(), { first_name: 'Ana', last_name: 'Ruiz', tax_id: '1804974' }, { first_name: 'Ana', last_name: 'Ruiz', tax_id: '7734110' })).not.toBe('tax_id')
  })

  it('should veto two-surname names that share only one surname', () => {
    expect(conflictOf(reliableModel(), { ...household, first_name: 'Emilio' }, { ...household, first_name: 'Emilio', last_name: 'Martín Jiménez' })).toBe('surname')
  })

  it('should let a shared tax id override a garbled given name', () => {
    expect(conflictOf(reliableModel(), { first_name: 'Lucía', last_name: 'Ruiz', tax_id: '00000001R' }, { first_name: 'Paula', last_name: 'Ruiz', tax_id: '00000001R' })).toBe('none')
  })

  it('should step aside on data where the field often disagrees within one person', () => {
    const noisy = createUntrainedModel(defaultComparisons())
    const garbled = { ...noisy, comparisons: noisy.comparisons.map((c) => ({ ...c, levels: c.levels.map((l, k) => (k === c.levels.length - 1 ? { ...l, mProbability: 0.3 } : l)) })) }
    expect(conflictOf(garbled, { ...household, first_name: 'Lucía', birth_date: '2001-05-04' }, { ...household, first_name: 'Paula', birth_date: '2001-05-04' })).toBe('none')
  })

  it('should not link a nameless record through an email that two different people share', () => {
    const sister = { first_name: 'Ana', last_name: 'Vargas', email: 'losvargas@hotmail.es' }
    const brother = { first_name: 'Pedro', last_name: 'Vargas', email: 'losvargas@hotmail.es' }
    const nameless = { email: 'losvargas@hotmail.es', postcode: '36205' }
    expect(conflictOf(reliableModel(), nameless, sister, [brother])).toBe('ambiguous_contact')
    expect(conflictOf(reliableModel(), nameless, sister)).toBe('none')
  })

  it('should refuse to link common names alone when the names-only guard is on', () => {
    const model = reliableModel()
    const strict = { ...model, settings: { ...model.settings, guards: { ...model.settings.guards, namesOnly: true } } }
    const a = { first_name: 'José', last_name: 'García', city: 'Sevilla' }
    const b = { first_name: 'José', last_name: 'García', city: 'Sevilla' }
    expect(conflictOf(strict, a, b)).toBe('names_only')
    expect(conflictOf(strict, { ...a, birth_date: '1983-05-03' }, { ...b, birth_date: '1983-05-03' })).toBe('none')
    expect(conflictOf(model, a, b)).toBe('none')
  })

  it('should flag the same name at one address with an email and a phone of each their own', () => {
    const home = { first_name: 'Riccardo', last_name: 'Bonaro', address_line1: 'Via De Gasperi 110', postcode: '40127', country: 'IT' }
    const father = { ...home, email: 'rbonaro@outlook.it', phone: '335 3994443' }
    const son = { ...home, email: 'riccardo.bonaro@yahoo.it', phone: '327 1460731' }
    expect(conflictOf(reliableModel(), father, son)).toBe('contacts_differ')
    expect(conflictOf(reliableModel(), father, { ...son, phone: '335 3994443' })).toBe('none')
  })

  it('should let a compound given name bridge the conflict between its two parts', () => {
    const model = reliableModel()
    const table = tableOfRecords([
      { first_name: 'María', ...household },
      { first_name: 'Pilar', ...household },
      { first_name: 'María del Pilar', ...household },
      { first_name: 'Carmen', ...household },
    ])
    const scorer = createPairScorer(model, table, { termFrequencies: false })
    expect(CONFLICT_KINDS[scorer.conflict(0, 1)]).toBe('given_name')
    expect(scorer.givenNamesBridged(0, 1, [2])).toBe(true)
    // Carmen is no part of 'María del Pilar', and without the compound nobody bridges.
    expect(CONFLICT_KINDS[scorer.conflict(0, 3)]).toBe('given_name')
    expect(scorer.givenNamesBridged(0, 3, [2])).toBe(false)
    expect(scorer.givenNamesBridged(0, 1, [3])).toBe(false)
  })

  it("should let k's full name bridge a nickname and a slip of it, and nothing looser", () => {
    const model = reliableModel()
    const names = ['Jo', 'Jaonna', 'Joanna', 'Max', 'Massumo', 'Massimo', 'José Manuel', 'Pepa', 'Josefa', 'J', 'Maritn', 'Margaret', 'Martin', 'Iens', 'Ined', 'Ines', 'Adrián', 'Adriana', 'Adriná']
    const table = tableOfRecords(names.map((first_name) => ({ first_name, last_name: 'Woolcombe', postcode: 'B14 4ZG' })))
    const scorer = createPairScorer(model, table, { termFrequencies: false })
    const at = (name: string) => names.indexOf(name)
    const bridged = (a: string, b: string, k: string) => scorer.givenNamesBridged(at(a), at(b), [at(k)])
    // 'Jo' (Juana, Josefa… or Joanna) and the slip 'Jaonna' conflict; 'Joanna' is both.
    expect(CONFLICT_KINDS[scorer.conflict(at('Jo'), at('Jaonna'))]).toBe('given_name')
    expect(bridged('Jo', 'Jaonna', 'Joanna')).toBe(true)
    expect(bridged('Max', 'Massumo', 'Massimo')).toBe(true)
    // Two slips of a short name, each under the typo level of similarity.
    expect(CONFLICT_KINDS[scorer.conflict(at('Iens'), at('Ined'))]).toBe('given_name')
    expect(bridged('Iens', 'Ined', 'Ines')).toBe(true)
    // José is close to Josefa by similarity, but no slip of it: two names, two people.
    expect(CONFLICT_KINDS[scorer.conflict(at('José Manuel'), at('Pepa'))]).toBe('given_name')
    expect(bridged('José Manuel', 'Pepa', 'Josefa')).toBe(false)
    // An initial bridges nothing; a slip of Martin is not a form of Margaret.
    expect(bridged('Jo', 'Jaonna', 'J')).toBe(false)
    expect(bridged('Martin', 'Margaret', 'Maritn')).toBe(false)
    // A brother and a sister: a slip that reads as either name bridges nothing.
    expect(CONFLICT_KINDS[scorer.conflict(at('Adrián'), at('Adriana'))]).toBe('given_name')
    expect(bridged('Adrián', 'Adriana', 'Adriná')).toBe(false)
  })

  it('should not set a surname against a given name when one record has the names in swapped fields', () => {
    const home = { postcode: '10155', address_line1: 'Viale Italia 56' }
    // 'Cavali | Frajcesco': surname first, and a slip in the given name, so no swap is seen.
    // No name veto; the names' weak evidence still counts against the pair (a soft conflict).
    const swapped = conflictOf(reliableModel(), { ...home, first_name: 'Cavali', last_name: 'Frajcesco' }, { ...home, first_name: 'Franco', last_name: 'Cavali' })
    expect(['given_name', 'surname']).not.toContain(swapped)
    // The swapped surname may carry a slip of its own.
    const slipped = conflictOf(reliableModel(), { ...home, first_name: 'Phillip', last_name: 'Poppy' }, { ...home, first_name: 'Poppy', last_name: 'Phillips' })
    expect(['given_name', 'surname']).not.toContain(slipped)
    // Read the right way round, Juan and Francisco are still two people.
    expect(conflictOf(reliableModel(), { ...home, first_name: 'Torralba', last_name: 'Juan' }, { ...home, first_name: 'Francisco', last_name: 'Torralba' })).toBe('given_name')
    // Without the swap, a given name that differs is a conflict as before.
    expect(conflictOf(reliableModel(), { ...home, first_name: 'Frajcesco', last_name: 'Cavali' }, { ...home, first_name: 'Mario', last_name: 'Cavali' })).toBe('given_name')
  })

  it('should veto a title of one gender against a given name or title of the other', () => {
    const home = { postcode: 'CV1 8JX', address_line1: '3 Stanley Grove', country: 'GB' }
    // An initial agrees with any given name: only the title tells a mother from her son.
    expect(conflictOf(reliableModel(), { ...home, full_name: 'MRS D CHADLEY' }, { ...home, first_name: 'David', last_name: 'Chadley' })).toBe('gender')
    expect(conflictOf(reliableModel(), { ...home, full_name: 'Mr S King' }, { ...home, first_name: 'Susan', last_name: 'King' })).toBe('gender')
    expect(conflictOf(reliableModel(), { ...home, full_name: 'Mr J Smith' }, { ...home, full_name: 'Mrs J Smith' })).toBe('gender')
    // The same gender, or a name that says none, is no conflict.
    expect(conflictOf(reliableModel(), { ...home, full_name: 'MRS D CHADLEY' }, { ...home, first_name: 'Doreen', last_name: 'Chadley' })).toBe('none')
    expect(conflictOf(reliableModel(), { ...home, full_name: 'Mr A Chadley' }, { ...home, first_name: 'Alex', last_name: 'Chadley' })).toBe('none')
    // An Italian tax code states the sex as a title does.
    const roma = { postcode: '00190', address_line1: 'Via Torino 186', country: 'IT' }
    expect(conflictOf(reliableModel(), { ...roma, first_name: 'P', last_name: 'Bianco', tax_id: 'BNCPQL07M43L219V' }, { ...roma, first_name: 'Pasquale', last_name: 'Bianco' })).toBe('gender')
    // Two given names of two genders are the given-name guard's business, not this one's.
    expect(conflictOf(reliableModel(), { ...home, first_name: 'David', last_name: 'Chadley' }, { ...home, first_name: 'Susan', last_name: 'Chadley' })).toBe('given_name')
    const off = { ...reliableModel(), settings: { ...DEFAULT_MODEL_SETTINGS, guards: { ...DEFAULT_MODEL_SETTINGS.guards, genderConflict: false } } }
    expect(conflictOf(off, { ...home, full_name: 'MRS D CHADLEY' }, { ...home, first_name: 'David', last_name: 'Chadley' })).not.toBe('gender')
  })

  it('should report which guards a model and table make active', () => {
    const table = tableOfRecords([{ first_name: 'Ana' }, { first_name: 'Eva' }])
    const active = createPairScorer(reliableModel(), table).activeGuards
    expect(active).toEqual({ taxId: true, birthDate: true, givenName: true, surname: true, ambiguousContact: true, namesOnly: false, contactsDiffer: true, gender: true })
    const off = createPairScorer({ ...reliableModel(), settings: { ...DEFAULT_MODEL_SETTINGS, guards: { ...DEFAULT_MODEL_SETTINGS.guards, givenNameConflict: false } } }, table).activeGuards
    expect(off.givenName).toBe(false)
  })
})
