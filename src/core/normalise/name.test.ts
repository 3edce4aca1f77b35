import { describe, expect, it } from 'vitest'

import { normaliseName, splitFullName, statedGenderOfName } from './name.js'

describe('normaliseName', () => {
  it('should fold accents and case when given first and last names', () => {
    expect(normaliseName({ first_name: 'José Luis', last_name: 'Núñez' })).toEqual({
      first_name: 'jose luis',
      first_name_canonical: 'jose luis',
      last_name: 'nunez',
    })
  })

  it('should read a whole name typed into the first-name field, the last left empty', () => {
    expect(normaliseName({ first_name: 'Isabel Lozano Alcanares' })).toMatchObject({ first_name: 'isabel', last_name: 'lozano alcanares' })
    expect(normaliseName({ first_name: 'graziella pastore', last_name: '' })).toMatchObject({ first_name: 'graziella', last_name: 'pastore' })
    expect(normaliseName({ first_name: 'Asier Jiménez' })).toMatchObject({ first_name: 'asier', last_name: 'jimenez' })
  })

  it('should keep a compound given name alone in the first-name field as given names', () => {
    expect(normaliseName({ first_name: 'María Dolores' })).toMatchObject({ first_name: 'maria dolores', last_name: '' })
    expect(normaliseName({ first_name: 'Gian Luca' })).toMatchObject({ first_name: 'gian luca', last_name: '' })
  })

  it('should read a whole name in the last-name field only in the surnames-first order', () => {
    expect(normaliseName({ last_name: 'LOZANO ALCANARES ISABEL' })).toMatchObject({ first_name: 'isabel', last_name: 'lozano alcanares' })
    expect(normaliseName({ last_name: 'García López' })).toMatchObject({ first_name: '', last_name: 'garcia lopez' })
    // 'Martín' is a given name and a surname: two surnames, not a name and a surname.
    expect(normaliseName({ last_name: 'Martín Gómez' })).toMatchObject({ first_name: '', last_name: 'martin gomez' })
  })

  it('should not re-split the first-name field when a full name is given: the full name fills the surname', () => {
    expect(normaliseName({ first_name: 'Isabel Lozano', full_name: 'Isabel Lozano' })).toMatchObject({ first_name: 'isabel lozano', last_name: 'lozano' })
  })

  it('should keep double surnames as tokens when written with a hyphen or a space', () => {
    expect(normaliseName({ last_name: 'García-López' }).last_name).toBe('garcia lopez')
    expect(normaliseName({ last_name: 'García López' }).last_name).toBe('garcia lopez')
    expect(normaliseName({ last_name: 'García y López' }).last_name).toBe('garcia lopez')
  })

  it.each([
    ['de la Fuente García', 'fuente garcia'],
    ['Della Valle', 'valle'],
    ['van der Berg', 'berg'],
    ['Lo Russo', 'russo'],
    ['Puig i Cadafalch', 'puig cadafalch'],
    ['dos Santos', 'santos'],
  ])('should drop particles when the surname is %s', (surname, expected) => {
    expect(normaliseName({ last_name: surname }).last_name).toBe(expected)
  })

  it('should drop particles from given names when the given name carries one', () => {
    expect(normaliseName({ first_name: 'María del Carmen' }).first_name).toBe('maria carmen')
  })

  it('should keep particles when the name is made only of particles', () => {
    expect(normaliseName({ last_name: 'Le' }).last_name).toBe('le')
  })

  it('should join letters across apostrophes when the surname has one', () => {
    expect(normaliseName({ last_name: "O'Brien" }).last_name).toBe('obrien')
    expect(normaliseName({ last_name: "D'Angelo" }).last_name).toBe('dangelo')
  })

  it('should join Mc, Mac and O when they are written apart', () => {
    expect(normaliseName({ last_name: 'Mc Donald' }).last_name).toBe('mcdonald')
    expect(normaliseName({ last_name: 'O Brien' }).last_name).toBe('obrien')
  })

  it.each([
    ['Mª José', 'maria jose'],
    ['Ma. Dolores', 'maria dolores'],
    ['M. Carmen', 'maria carmen'],
    ['Fco. Javier', 'francisco javier'],
    ['Jº', 'j'],
    ['J.', 'j'],
  ])('should expand the abbreviation when the given name is %s', (given, expected) => {
    expect(normaliseName({ first_name: given }).first_name).toBe(expected)
  })

  it('should keep a lone M. as an initial when no given name follows', () => {
    expect(normaliseName({ first_name: 'M.' }).first_name).toBe('m')
  })

  it('should expand surname abbreviations when tills shorten them', () => {
    expect(normaliseName({ last_name: 'Fdez. Glez.' }).last_name).toBe('fernandez gonzalez')
  })

  it.each([
    ['Sr. José', 'jose'],
    ['Dña. María', 'maria'],
    ['D. José', 'jose'],
    ['Don José', 'jose'],
    ['Sig.ra Maria', 'maria'],
    ['Dott.ssa Giulia', 'giulia'],
    ['Mr John', 'john'],
    ['Mrs. Jane', 'jane'],
    ['Dr. Smith Jones', 'smith jones'],
  ])('should drop the title when the given name is %s', (given, expected) => {
    expect(normaliseName({ first_name: given }).first_name).toBe(expected)
  })

  it('should return a missing given name when the field holds only a title', () => {
    expect(normaliseName({ first_name: 'Sra.' }).first_name).toBe('')
  })

  it('should keep Don when it is the given name', () => {
    expect(normaliseName({ first_name: 'Don' }).first_name).toBe('don')
    expect(normaliseName({ full_name: 'Don Smith' })).toMatchObject({
      first_name: 'don',
      last_name: 'smith',
    })
  })

  it('should drop suffixes when the name ends with one', () => {
    expect(normaliseName({ last_name: 'Smith Jr.' }).last_name).toBe('smith')
    expect(normaliseName({ last_name: 'Kennedy III' }).last_name).toBe('kennedy')
  })

  it('should map each given name to its canonical form when nicknames are used', () => {
    expect(normaliseName({ first_name: 'Pepe' }).first_name_canonical).toBe('jose')
    expect(normaliseName({ first_name: 'Paco Manolo' }).first_name_canonical).toBe(
      'francisco manuel',
    )
    expect(normaliseName({ first_name: 'Chema' }).first_name_canonical).toBe('jose maria')
  })

  it('should give the same canonical when the name switches language', () => {
    const canonical = (first_name: string) => normaliseName({ first_name }).first_name_canonical
    expect(canonical('Giuseppe')).toBe(canonical('José'))
    expect(canonical('Joseph')).toBe(canonical('José'))
    expect(canonical('Giovanni')).toBe(canonical('John'))
    expect(canonical('Guglielmo')).toBe(canonical('Bill'))
  })

  it.each([
    [{ first_name: 'Test', last_name: 'Test' }],
    [{ first_name: 'Cliente', last_name: 'Contado' }],
    [{ first_name: 'N/A', last_name: 'xxx' }],
    [{ first_name: '-', last_name: '.' }],
    [{ first_name: 'Unknown', last_name: 'Desconocido' }],
  ])('should return missing names when the names are placeholders: %o', (input) => {
    expect(normaliseName(input)).toEqual({
      first_name: '',
      first_name_canonical: '',
      last_name: '',
    })
  })

  it('should drop a title-prefixed placeholder when the name is junk', () => {
    expect(normaliseName({ first_name: 'Sr. Cliente' }).first_name).toBe('')
  })

  it('should split full_name when first and last names are empty', () => {
    expect(
      normaliseName({ first_name: '', last_name: '', full_name: 'GARCIA LOPEZ, JOSE' }),
    ).toEqual({ first_name: 'jose', first_name_canonical: 'jose', last_name: 'garcia lopez' })
  })

  it('should fill only the missing part from full_name when one part is present', () => {
    expect(normaliseName({ first_name: 'Pepe', full_name: 'José García' })).toEqual({
      first_name: 'pepe',
      first_name_canonical: 'jose',
      last_name: 'garcia',
    })
  })

  it('should ignore full_name when both parts are present', () => {
    expect(
      normaliseName({ first_name: 'Ana', last_name: 'Ruiz', full_name: 'Something Else' }),
    ).toMatchObject({ first_name: 'ana', last_name: 'ruiz' })
  })

  it('should return missing names when every field is empty or absent', () => {
    expect(normaliseName({})).toEqual({ first_name: '', first_name_canonical: '', last_name: '' })
  })
})

describe('splitFullName', () => {
  it.each([
    ['GARCIA LOPEZ, JOSE', 'jose', 'garcia lopez'],
    ['García López, José Luis', 'jose luis', 'garcia lopez'],
    ['José García', 'jose', 'garcia'],
    ['José Luis García López', 'jose luis', 'garcia lopez'],
    ['Juan Carlos Pérez', 'juan carlos', 'perez'],
    ['Mª José García', 'maria jose', 'garcia'],
    ['José de la Fuente García', 'jose', 'fuente garcia'],
    ['Sr. D. José María García y López', 'jose maria', 'garcia lopez'],
    ["Sig.ra Maria D'Angelo", 'maria', 'dangelo'],
    ['Mary Ann Smith', 'mary ann', 'smith'],
    ['John Smith Jr', 'john', 'smith'],
    ['Kayla Harrington', 'kayla', 'harrington'],
  ])('should split %s into given and surnames', (full, first, last) => {
    expect(splitFullName(full)).toEqual({ first_name: first, last_name: last })
  })

  it('should read the second of three tokens as a surname when it is a common surname', () => {
    expect(splitFullName('Pedro Martín García')).toEqual({
      first_name: 'pedro',
      last_name: 'martin garcia',
    })
  })

  it('should read surnames first when two non-given tokens come before a given name', () => {
    expect(splitFullName('GARCIA LOPEZ JOSE')).toEqual({
      first_name: 'jose',
      last_name: 'garcia lopez',
    })
    expect(splitFullName('GARCIA LOPEZ JOSE LUIS')).toEqual({
      first_name: 'jose luis',
      last_name: 'garcia lopez',
    })
  })

  it('should take at most two given names when more leading tokens are given names', () => {
    expect(splitFullName('José Luis Miguel García')).toEqual({
      first_name: 'jose luis',
      last_name: 'miguel garcia',
    })
  })

  it('should read a lone token as a given name when the dictionary knows it', () => {
    expect(splitFullName('Lucía')).toEqual({ first_name: 'lucia', last_name: '' })
  })

  it('should read a lone token as a surname when the dictionary does not know it', () => {
    expect(splitFullName('Fernández')).toEqual({ first_name: '', last_name: 'fernandez' })
  })

  it('should return empty names when the full name is a placeholder', () => {
    expect(splitFullName('Cliente Contado')).toEqual({ first_name: '', last_name: '' })
    expect(splitFullName('')).toEqual({ first_name: '', last_name: '' })
  })
})

describe('splitFullName, surnames first', () => {
  it('should read a compound given name at the end after one surname', () => {
    expect(splitFullName('VACCECCHI ANNA MARIA')).toEqual({ first_name: 'anna maria', last_name: 'vaccecchi' })
  })
  it('should read two tokens surname first when only the second is a given name', () => {
    expect(splitFullName('Zanello Matteo')).toEqual({ first_name: 'matteo', last_name: 'zanello' })
  })
  it('should keep the given-name-first order when the first token is a given name', () => {
    expect(splitFullName('José García López')).toEqual({ first_name: 'jose', last_name: 'garcia lopez' })
  })
})

describe('statedGenderOfName', () => {
  it('should read the gender the titles in any name field state', () => {
    expect(statedGenderOfName({ full_name: 'MRS D CHADLEY' })).toBe('f')
    expect(statedGenderOfName({ full_name: 'Smith, Mr John' })).toBe('m')
    expect(statedGenderOfName({ first_name: 'Sig.ra Anna', last_name: 'Rossi' })).toBe('f')
    expect(statedGenderOfName({ first_name: 'Sra. María', last_name: 'García López' })).toBe('f')
    expect(statedGenderOfName({ first_name: 'D. José', last_name: 'García' })).toBe('')
    expect(statedGenderOfName({ full_name: 'Señora Carmen Ruiz' })).toBe('f')
    expect(statedGenderOfName({ full_name: 'Signor Mario Bianchi' })).toBe('m')
  })

  it('should drop the titles written out in full from the name', () => {
    expect(normaliseName({ full_name: 'Señora Carmen Ruiz' })).toMatchObject({ first_name: 'carmen', last_name: 'ruiz' })
    expect(normaliseName({ full_name: 'Signorina Giulia Bianchi' })).toMatchObject({ first_name: 'giulia', last_name: 'bianchi' })
  })

  it('should state nothing without a title, or with titles that disagree', () => {
    expect(statedGenderOfName({ first_name: 'Susan', last_name: 'King' })).toBe('')
    expect(statedGenderOfName({ full_name: 'Mr & Mrs Smith' })).toBe('')
    expect(statedGenderOfName({ first_name: 'Mr John', last_name: 'Mrs Smith' })).toBe('')
  })
})
