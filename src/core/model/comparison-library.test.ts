import { describe, expect, it } from 'vitest'
import {
  birthDateComparison,
  comparisonFromDefinition,
  defaultComparisons,
  emailComparison,
  givenNameComparison,
  jaroWinklerAtThresholds,
  locationComparison,
  phoneComparison,
  surnameComparison,
  taxIdComparison,
} from './comparison-library.js'
import type { Comparison } from './comparison.js'
import type { CustomerRecord } from '../record/customer-record.js'
import { tableOfRecords } from '../../../test/helpers/table-of-records.js'

/** The label of the level the comparison picks for two records. */
function levelOf(comparison: Comparison, a: Partial<CustomerRecord>, b: Partial<CustomerRecord>): string {
  const table = tableOfRecords([a, b])
  return comparison.levels[comparison.bind(table)(0, 1)].label
}

describe('givenNameComparison', () => {
  const given = givenNameComparison()
  it('should return the null level when either name is missing', () => {
    expect(levelOf(given, { first_name: 'Ana' }, {})).toMatch(/missing/)
  })
  it('should match exactly across accents and case', () => {
    expect(levelOf(given, { first_name: 'JOSÉ' }, { first_name: 'jose' })).toBe('exact')
  })
  it('should see a nickname and its name as one', () => {
    expect(levelOf(given, { first_name: 'Pepe' }, { first_name: 'José' })).toMatch(/nickname/)
    expect(levelOf(given, { first_name: 'José Luis' }, { first_name: 'José' })).toMatch(/nickname/)
  })
  it('should let a diminutive stand for either gender form, but not a translation', () => {
    expect(levelOf(given, { first_name: 'Toni' }, { first_name: 'Antonia' })).toMatch(/nickname/)
    expect(levelOf(given, { first_name: 'Giovanni' }, { first_name: 'Juana' })).not.toMatch(/nickname/)
  })
  it('should treat a one-letter typo as a typo', () => {
    expect(levelOf(given, { first_name: 'Cristina' }, { first_name: 'Crsitina' })).toMatch(/0\.92/)
  })
  it('should put the two gender forms of one name at the else level', () => {
    expect(levelOf(given, { first_name: 'Mario' }, { first_name: 'Maria' })).toMatch(/^else/)
    expect(levelOf(given, { first_name: 'Giovanni' }, { first_name: 'Giovanna' })).toMatch(/^else/)
  })
  it('should keep one gender\'s short forms and translations from matching the other form', () => {
    // A couple: John and Jane (Juan, Juana), Frank and Frances, Patrick and Patricia.
    expect(levelOf(given, { first_name: 'John' }, { first_name: 'Jane' })).toMatch(/^else/)
    expect(levelOf(given, { first_name: 'Frank' }, { first_name: 'Frances' })).toMatch(/^else/)
    expect(levelOf(given, { first_name: 'Patrick' }, { first_name: 'Patricia' })).toMatch(/^else/)
    expect(levelOf(given, { first_name: 'Dani' }, { first_name: 'Daniela' })).toMatch(/nickname/)
    expect(levelOf(given, { first_name: 'Toñi' }, { first_name: 'Antonio' })).toMatch(/nickname/)
  })
  it('should put two different real names that only look alike at the else level, but not a slip or a shortening', () => {
    expect(levelOf(given, { first_name: 'María' }, { first_name: 'Marta' })).toMatch(/^else/)
    expect(levelOf(given, { first_name: 'Carolina' }, { first_name: 'Catalina' })).toMatch(/^else/)
    expect(levelOf(given, { first_name: 'Marta' }, { first_name: 'Mrtaa' })).toMatch(/0\.8/)
    expect(levelOf(given, { first_name: 'Fede' }, { first_name: 'Federica' })).not.toMatch(/^else/)
  })
  it('should tell compound names apart when only the common first part is shared', () => {
    expect(levelOf(given, { first_name: 'María Dolores' }, { first_name: 'María Josefa' })).toMatch(/^else/)
  })
  it('should recognise first and last names typed in each other field', () => {
    const level = levelOf(
      given,
      { first_name: 'García', last_name: 'Lucía' },
      { first_name: 'Lucía', last_name: 'García' },
    )
    expect(level).toMatch(/swapped/)
  })
  it('should let a diminutive of several names match any of them', () => {
    expect(levelOf(given, { first_name: 'Tina' }, { first_name: 'Antonietta' })).toMatch(/nickname/)
    expect(levelOf(given, { first_name: 'Lele' }, { first_name: 'Michele' })).toMatch(/nickname/)
    expect(levelOf(given, { first_name: 'Tina' }, { first_name: 'Paola' })).toMatch(/^else/)
  })
  it('should read a mistyped name as the name it was meant to be, nickname table included', () => {
    expect(levelOf(given, { first_name: 'Kstherine' }, { first_name: 'Kat' })).toMatch(/phonetic/)
    expect(levelOf(given, { first_name: 'Cccio' }, { first_name: 'Francesco' })).toMatch(/phonetic/)
    expect(levelOf(given, { first_name: 'Kstherine' }, { first_name: 'Paola' })).toMatch(/^else/)
  })
  it('should read names the wrong way round against an initial as the initial, not another name', () => {
    expect(levelOf(given, { first_name: 'Thomas', last_name: 'Karen' }, { first_name: 'K', last_name: 'Thomas' })).toMatch(/initial/)
    expect(levelOf(given, { first_name: 'Thomas', last_name: 'Karen' }, { first_name: 'J', last_name: 'Thomas' })).toMatch(/^else/)
  })
  it('should read an initial as any form of the name it starts', () => {
    // 'G' is Gillian's initial, and Jill is Gillian.
    expect(levelOf(given, { first_name: 'G' }, { first_name: 'Jill' })).toMatch(/initial/)
    expect(levelOf(given, { first_name: 'K' }, { first_name: 'Jill' })).toMatch(/^else/)
  })
})

describe('surnameComparison', () => {
  const surname = surnameComparison()
  it('should see a dropped second surname as contained', () => {
    expect(levelOf(surname, { last_name: 'García López' }, { last_name: 'Garcia' })).toMatch(/contained/)
  })
  it('should see a dropped second surname with a typo in the kept one as a typo', () => {
    expect(levelOf(surname, { last_name: 'Rkivas Salanillo' }, { last_name: 'Rivas' })).toMatch(/0\.92/)
  })
  it('should see a slip near the start of a surname as a typo, with or without a dropped second surname', () => {
    // Jaro–Winkler gives 'nqvarro' / 'navarro' 0.86: below the typo level.
    expect(levelOf(surname, { last_name: 'Nqvarro' }, { last_name: 'Navarro Díez' })).toMatch(/0\.92/)
    expect(levelOf(surname, { last_name: 'Gárcia' }, { last_name: 'Agrcia' })).toMatch(/0\.92/)
    expect(levelOf(surname, { last_name: 'Sosa Castedilla' }, { last_name: 'S9sa Castedilla' })).toMatch(/0\.92/)
  })
  it('should not take short surnames one letter apart for a slip: Díaz and Díez are two families', () => {
    expect(levelOf(surname, { last_name: 'Díaz' }, { last_name: 'Díez' })).not.toMatch(/0\.92/)
    expect(levelOf(surname, { last_name: 'Díaz Moreno' }, { last_name: 'Díez' })).not.toMatch(/0\.92/)
  })
  it('should see two-surname names sharing only one as a partial level, not a match', () => {
    expect(levelOf(surname, { last_name: 'Martín González' }, { last_name: 'Martín Jiménez' })).toBe('one surname of two shared')
  })
  it('should put unrelated surnames at the else level', () => {
    expect(levelOf(surname, { last_name: 'Serolin' }, { last_name: 'Mazzino' })).toBe('else')
  })
})

describe('birthDateComparison', () => {
  const date = birthDateComparison()
  it('should separate exact, partial, slipped and different dates', () => {
    expect(levelOf(date, { birth_date: '1984-03-07' }, { birth_date: '1984-03-07' })).toBe('exact')
    expect(levelOf(date, { birth_date: '1984-03' }, { birth_date: '1984-03-07' })).toBe('partial date agrees')
    expect(levelOf(date, { birth_date: '1984-03-07' }, { birth_date: '1984-07-03' })).toMatch(/swapped/)
    expect(levelOf(date, { birth_date: '1984-03-07' }, { birth_date: '1962-11-30' })).toBe('else')
  })
  it('should put dates under a year apart at their own level, and at else in the first revision', () => {
    expect(levelOf(date, { birth_date: '1985-05-21' }, { birth_date: '1985-06-19' })).toBe('less than a year apart')
    expect(levelOf(date, { birth_date: '1985-05-21' }, { birth_date: '1986-07-19' })).toBe('else')
    expect(levelOf(birthDateComparison('birth_date', 1), { birth_date: '1985-05-21' }, { birth_date: '1985-06-19' })).toBe('else')
  })
})

describe('emailComparison and phoneComparison', () => {
  it('should match gmail variants exactly after normalisation', () => {
    expect(levelOf(emailComparison(), { email: 'Jose.Garcia+shop@gmail.com' }, { email: 'josegarcia@googlemail.com' })).toBe('exact')
  })
  it('should see the same user at another domain', () => {
    expect(levelOf(emailComparison(), { email: 'marebubu44@gmail.com' }, { email: 'marebubu44@hotmail.es' })).toMatch(/same distinctive local part/)
    expect(levelOf(emailComparison(), { email: 'ana.ruiz@gmail.com', last_name: 'Ruiz' }, { email: 'ana.ruiz@hotmail.es', last_name: 'Ruiz' })).toMatch(/missing/)
  })
  it('should read a name-made local part by either side\'s surname, whichever record has a name', () => {
    const named = { email: 'maria_calvo@outlook.es', last_name: 'Calvo' }
    const nameless = { email: 'maria.calvo@gmail.com' }
    expect(levelOf(emailComparison(), named, nameless)).toMatch(/missing/)
    expect(levelOf(emailComparison(), nameless, named)).toMatch(/missing/)
  })
  it('should read a name-made local part by a surname typed in the first-name field', () => {
    // 'Cunningham | Lesley' and a slip in the other's surname: neither surname field holds it.
    const swapped = { email: 'l.cunningham@gmail.com', first_name: 'Cunningham', last_name: 'Lesley' }
    const slipped = { email: 'l.cunningham@libero.it', first_name: 'Lesley', last_name: 'Cunninghanm' }
    expect(levelOf(emailComparison(), swapped, slipped)).toMatch(/missing/)
    expect(levelOf(emailComparison(), slipped, swapped)).toMatch(/missing/)
    // A given name in the first-name field is no surname: the local part stays distinctive.
    expect(levelOf(emailComparison(), { email: 'mariajx@gmail.com', first_name: 'Maria' }, { email: 'mariajx@libero.it', first_name: 'Maria' })).toMatch(/same distinctive local part/)
  })
  it('should see a key of the number row hit for a letter inside a word as a typo, not another mailbox', () => {
    expect(levelOf(emailComparison(), { email: 'f4ancisco.palogrande@hotmail.es' }, { email: 'francisco.palogrande@hotmail.es' })).toMatch(/typo/)
    // A digit replacing a letter at the end, or a number added, is another mailbox.
    expect(levelOf(emailComparison(), { email: 'maria.lopez1@gmail.com' }, { email: 'maria.lopezz@gmail.com' })).not.toMatch(/typo/)
    expect(levelOf(emailComparison(), { email: 'jgarcia@gmail.com' }, { email: 'jgarcia1@gmail.com' })).not.toMatch(/typo/)
  })
  it('should see a letter typo as a typo but different digits as different people', () => {
    expect(levelOf(emailComparison(), { email: 'ana.ruiz84@gmail.com' }, { email: 'ana.riuz84@gmail.com' })).toMatch(/typo/)
    expect(levelOf(emailComparison(), { email: 'jgarcia1@gmail.com' }, { email: 'jgarcia2@gmail.com' })).toBe('else')
  })
  it('should see another initial or other separators at one provider as another mailbox, not a typo', () => {
    expect(levelOf(emailComparison(), { email: 'jalvarez@hotmail.com' }, { email: 'palvarez@hotmail.com' })).toBe('else')
    expect(levelOf(emailComparison(), { email: 'maria_mendez@hotmail.com' }, { email: 'maria.mendez@hotmail.com' })).toBe('else')
    expect(levelOf(emailComparison(), { email: 'maria_mendez@hotmail.com' }, { email: 'mariamendez@hotmail.com' })).toBe('else')
    // A name-made address and the same with an initial added (a second surname's, a middle
    // name's) are how relatives make theirs: missing, not a typo.
    expect(levelOf(emailComparison(), { email: 'm.castro@gmail.com', last_name: 'Castro' }, { email: 'mcastroz@gmail.com', last_name: 'Castro Zubizarreta' })).toMatch(/missing/)
    expect(levelOf(emailComparison(), { email: 'jluque@hotmail.co.uk', last_name: 'Luque' }, { email: 'jluquef@hotmail.co.uk', last_name: 'Luque Ferrer' })).toMatch(/missing/)
    // Not made of the name, or a letter added inside it: a slip still.
    expect(levelOf(emailComparison(), { email: 'kikiangel@gmail.com', last_name: 'Turner' }, { email: 'kikiangela@gmail.com', last_name: 'Turner' })).toMatch(/typo/)
    expect(levelOf(emailComparison(), { email: 'jluque@hotmail.co.uk', last_name: 'Luque' }, { email: 'jlluque@hotmail.co.uk', last_name: 'Luque' })).toMatch(/typo/)
    // A slip elsewhere in the address, or the same letters at another provider, still count.
    expect(levelOf(emailComparison(), { email: 'jalvarez@hotmail.com' }, { email: 'jalvarrez@hotmail.com' })).toMatch(/typo/)
    expect(levelOf(emailComparison(), { email: 'marebubu44@gmail.com' }, { email: 'marebubu_44@hotmail.es' })).toMatch(/same distinctive local part/)
  })
  it('should see a look-alike address as slips in one address, not a second address built from the name', () => {
    // two slips in the local part and one in the provider: still one address mistyped
    expect(levelOf(emailComparison(), { email: 'isabella.johnson70@gmail.com' }, { email: 'iszbella.ojhnson70@gmail.com' })).toMatch(/jaro_winkler/)
    expect(levelOf(emailComparison(), { email: 'robert.lawby@aol.com' }, { email: 'robrt.lawby@al.com' })).toMatch(/jaro_winkler/)
    // a token added, the tokens reordered, another given name: another mailbox, a relative's as often as not
    expect(levelOf(emailComparison(), { email: 'juan.garcia@outlook.com' }, { email: 'juan.garcia.lopez@outlook.com' })).toBe('else')
    // At two providers, a name-made local part and a slip of it are what namesakes hold: they
    // say nothing the names do not (as with the same name-made local part at two providers).
    expect(levelOf(emailComparison(), { email: 'maria.peres@gmail.com', last_name: 'Pérez' }, { email: 'maria.perez@hotmail.com', last_name: 'Perez' })).toMatch(/missing/)
    expect(levelOf(emailComparison(), { email: 'laura.fernandez@gmail.com', last_name: 'Fernández' }, { email: 'lauarfernandez@hotmail.com', last_name: 'Fernández Rodríguez' })).toMatch(/missing/)
    // At one provider (a slip in its name too), or with digits, it is still a look-alike.
    expect(levelOf(emailComparison(), { email: 'robert.lawby@aol.com', last_name: 'Lawby' }, { email: 'robrt.lawby@al.com', last_name: 'Lawby' })).toMatch(/jaro_winkler/)
    expect(levelOf(emailComparison(), { email: 'maria.peres71@gmail.com', last_name: 'Pérez' }, { email: 'maria.perez71@hotmail.com', last_name: 'Perez' })).toMatch(/jaro_winkler/)
    // Name-made at one provider but two slips apart: another given name, another woman.
    expect(levelOf(emailComparison(), { email: 'maureen.white@gmail.com', last_name: 'White' }, { email: 'lauren.white@gmail.com', last_name: 'White' })).toMatch(/missing/)
    expect(levelOf(emailComparison(), { email: 'marion.moore@gmail.com' }, { email: 'moore.marion@gmail.com' })).toBe('else')
    expect(levelOf(emailComparison(), { email: 'bates.dafydd@gmail.com' }, { email: 'bates.david@gmail.com' })).toBe('else')
    expect(levelOf(emailComparison(), { email: 'albert.sanchez.lopez@hotmail.com' }, { email: 'albert.sanchez@live.com' })).toBe('else')
  })
  it('should match phone formats exactly and one wrong digit as a typo', () => {
    expect(levelOf(phoneComparison(), { phone: '+34 612 34 56 78' }, { phone: '0034612345678' })).toBe('exact')
    expect(levelOf(phoneComparison(), { phone: '612345678' }, { phone: '612345679' })).toMatch(/one digit/)
  })
})

describe('locationComparison', () => {
  const location = locationComparison()
  it('should match one address written two ways', () => {
    expect(
      levelOf(location, { address_line1: 'C/ Mayor 12, 3ºB', postcode: '28013' }, { address_line1: 'Calle Mayor, nº 12', postcode: '28013' }),
    ).toBe('same street and number')
  })
  it('should not count the same street name in another town', () => {
    expect(
      levelOf(location, { address_line1: 'Calle Mayor 12', postcode: '28013', city: 'Madrid' }, { address_line1: 'Calle Mayor 12', postcode: '46001', city: 'Valencia' }),
    ).toBe('else')
  })
  it('should not take two streets of one type for one street because their type word is shared', () => {
    const inSeville = (address_line1: string) => ({ address_line1, city: 'Sevilla' })
    expect(levelOf(location, inSeville('Calle de la Paz 8'), inSeville('CL de la Playa 8'))).toBe('same city')
    expect(levelOf(location, inSeville('Calle Mayor 8'), inSeville('Plaza Mayor 8'))).toBe('same city')
    // A typo in the name still reads as the same street.
    expect(levelOf(location, inSeville('Calle Alcala 8'), inSeville('C/ Alcalá 8'))).toBe('same street and number')
    expect(levelOf(location, inSeville('Calle Albareda 8'), inSeville('Calle Albaredda 10'))).toBe('same street')
    expect(levelOf(location, inSeville('12 Cedar Gardens'), inSeville('12 Cedar Gdns'))).toBe('same street and number')
  })
})

describe('taxIdComparison', () => {
  it('should see one edit as a typo', () => {
    expect(levelOf(taxIdComparison(), { tax_id: '00000001R' }, { tax_id: '00000010R' })).toMatch(/one edit/)
  })
})

describe('comparison declarations', () => {
  it('should rebuild every default comparison from its definition', () => {
    for (const comparison of defaultComparisons()) {
      expect(comparisonFromDefinition(comparison.definition).levels).toEqual(comparison.levels)
    }
  })
  it('should reject thresholds that are not descending when declared', () => {
    expect(() => jaroWinklerAtThresholds('city', [0.8, 0.92])).toThrow(/descending/)
  })
})
