import type { Random } from '../core/random.js'
import type { City } from './places.js'
import { digitTypo, keyboardTypo } from './keyboard-typos.js'
import { chance, createWeightedTable, pick, pickWeighted, randomInt } from './sampling.js'

interface StreetType {
  readonly full: string
  readonly abbreviations: readonly string[]
}

/** Street types with the abbreviations forms and tills use, by how often streets carry them. */
const ES_STREET_TYPES = createWeightedTable<StreetType>(
  [
    { full: 'Calle', abbreviations: ['C/', 'C/', 'C.', 'Cl', 'CL', 'Cll.'] },
    { full: 'Avenida', abbreviations: ['Avda.', 'Av.', 'Avd.', 'AV'] },
    { full: 'Plaza', abbreviations: ['Pza.', 'Pl.', 'Plz.', 'PZ'] },
    { full: 'Paseo', abbreviations: ['Pº', 'P.º', 'Pso.', 'PS'] },
    { full: 'Camino', abbreviations: ['Cno.', 'Cmno.', 'CM'] },
    { full: 'Ronda', abbreviations: ['Rda.', 'RD'] },
    { full: 'Travesía', abbreviations: ['Trva.', 'Trav.', 'TR'] },
    { full: 'Carretera', abbreviations: ['Ctra.', 'CR'] },
    { full: 'Glorieta', abbreviations: ['Gta.'] },
  ],
  [70, 12, 6, 4, 2, 2, 2, 1, 1],
)

const IT_STREET_TYPES = createWeightedTable<StreetType>(
  [
    { full: 'Via', abbreviations: ['V.', 'V.', 'V'] },
    { full: 'Viale', abbreviations: ['V.le', 'Vle'] },
    { full: 'Corso', abbreviations: ['C.so', 'Cso'] },
    { full: 'Piazza', abbreviations: ['P.zza', 'P.za', 'Pza', 'P.'] },
    { full: 'Largo', abbreviations: ['L.go'] },
    { full: 'Vicolo', abbreviations: ['Vic.', 'V.lo'] },
    { full: 'Piazzale', abbreviations: ['P.le'] },
    { full: 'Strada', abbreviations: ['Str.'] },
  ],
  [72, 7, 5, 6, 2, 2, 1, 2],
)

const GB_STREET_TYPES = createWeightedTable<StreetType>(
  [
    { full: 'Road', abbreviations: ['Rd', 'Rd.'] },
    { full: 'Street', abbreviations: ['St', 'St.'] },
    { full: 'Lane', abbreviations: ['Ln', 'La'] },
    { full: 'Avenue', abbreviations: ['Ave', 'Av'] },
    { full: 'Close', abbreviations: ['Cl'] },
    { full: 'Drive', abbreviations: ['Dr'] },
    { full: 'Gardens', abbreviations: ['Gdns'] },
    { full: 'Grove', abbreviations: ['Gr'] },
    { full: 'Crescent', abbreviations: ['Cres'] },
    { full: 'Way', abbreviations: ['Wy'] },
    { full: 'Place', abbreviations: ['Pl'] },
    { full: 'Terrace', abbreviations: ['Terr', 'Ter'] },
  ],
  [34, 22, 9, 8, 6, 5, 4, 3, 3, 3, 2, 1],
)

/**
 * Street names. A bracketed part is one people often leave out ('Calle [de la ]Constitución',
 * 'Via [Giuseppe ]Garibaldi'); the canonical form of an address keeps or drops it once, and
 * the rendering may do the opposite.
 */
// prettier-ignore
const ES_STREET_NAMES = [
  'Mayor', 'Real', '[de la ]Constitución', 'Gran Vía', '[de ]Alcalá', '[del ]Sol', 'Nueva',
  'Ancha', '[de la ]Paz', '[del ]Carmen', '[de ]Cervantes', '[de ]Colón', '[de ]Andalucía',
  '[de la ]Libertad', '[del ]Doctor Fleming', '[de ]Juan Carlos I', '[de ]España', '[de ]Valencia',
  '[de ]Toledo', '[de los ]Reyes Católicos', '[de ]Blasco Ibáñez', '[del ]Pilar', '[de la ]Iglesia',
  '[de ]San Francisco', '[de las ]Flores', '[de la ]Estación', '[de ]Goya', '[de ]Velázquez',
  '[de ]Serrano', '[de ]Santa Ana', '[de ]San Juan', '[de ]San Antonio', '[de ]San Pedro',
  '[de la ]Reina Victoria', '[de ]Castilla', '[de ]Aragón', '[de ]Cataluña', '[de ]Galicia',
  '[de ]Extremadura', '[de ]Málaga', '[de ]Sevilla', '[de ]Madrid', '[de ]Barcelona',
  '[de ]América', '[de ]Europa', '[de la ]Hispanidad', '[de ]Pablo Picasso',
  '[de ]Federico García Lorca', '[de ]Antonio Machado', '[de ]Miguel Hernández',
  '[de ]Rosalía de Castro', '[de ]Ramón y Cajal', '[de ]Severo Ochoa', '[de la ]Diputación',
  '[de ]Balmes', '[de ]Muntaner', '[de ]Provença', '[de ]Mallorca', '[de ]Sant Joan',
  '[del ]Ebro', '[de los ]Olivos', '[de los ]Pinos', '[de las ]Acacias', '[de los ]Almendros',
  '[del ]Mar', '[de la ]Playa', '[del ]Puerto', '[de la ]Fuente', '[del ]Molino',
  '[de la ]Ermita', '[del ]Castillo', '[de ]Santiago', '[de ]San Vicente', '[de ]Alfonso XIII',
  '[de ]Isabel la Católica', '[de ]Zurbarán', '[de ]Murillo', '[de ]Bravo Murillo',
  '[de la ]Princesa', '[de ]Ortega y Gasset', '[de ]López de Hoyos', '[de ]Arturo Soria',
  '[de la ]Castellana', '[de ]Francisco Silvela', '[del ]General Ricardos', '[de ]Embajadores',
]

// prettier-ignore
const IT_STREET_NAMES = [
  'Roma', '[Giuseppe ]Garibaldi', '[Giuseppe ]Mazzini', '[Camillo ]Cavour',
  'Vittorio Emanuele[ II]',
  'Dante[ Alighieri]', '[Giuseppe ]Verdi', '[Guglielmo ]Marconi', '[Giacomo ]Matteotti',
  'XX Settembre', 'Nazionale', 'della Repubblica', 'Umberto I', 'IV Novembre', '[Antonio ]Gramsci',
  'dei Mille', 'San Francesco', 'Italia', '[Alessandro ]Manzoni', 'Trieste', 'Milano', 'Venezia',
  "dell'Indipendenza", 'della Libertà', 'Fiume', '[Giosuè ]Carducci', '[Giacomo ]Leopardi',
  '[Giovanni ]Pascoli', '[Francesco ]Petrarca', 'Torino', 'Napoli', 'Firenze', '[Cesare ]Battisti',
  '[Nino ]Bixio', '[Goffredo ]Mameli', '[Aldo ]Moro', 'Papa Giovanni XXIII',
  'Martiri della Libertà',
  'della Stazione', 'del Popolo', 'del Duomo', 'San Giovanni', 'San Marco', 'Santa Maria',
  'dei Giardini', 'delle Rose', 'dei Pini', 'del Mare', 'Europa', 'della Pace', '[Armando ]Diaz',
  '[Luigi ]Cadorna', 'Galileo Galilei', 'Leonardo da Vinci', '[Michelangelo ]Buonarroti',
  'Cristoforo Colombo', '[Amerigo ]Vespucci', '[Enrico ]Fermi', '[Alcide ]De Gasperi',
  '[Sandro ]Pertini', '[Luigi ]Einaudi', 'Piave', 'Monte Grappa', 'Isonzo', 'Appia Nuova',
  'Tuscolana', 'Nomentana', 'Tiburtina', 'Toledo', 'Buenos Aires', 'Padova', 'Bologna',
]

// prettier-ignore
const GB_STREET_BASES = [
  'High', 'Church', 'Station', 'Main', 'Park', 'London', 'Victoria', 'Green', 'Manor', 'Queens',
  'New', 'Grange', 'Kings', 'Alexandra', 'North', 'Mill', 'Springfield', 'Windsor', 'George',
  'Albert', 'York', 'Highfield', 'Stanley', 'Chester', 'Queen', 'West', 'South', 'Richmond',
  'Castle', 'School', 'Harrow', 'Orchard', 'Oak', 'Beech', 'Elm', 'Meadow', 'Chestnut', 'Willow',
  'Rosemary', 'Bridge', 'Market', 'King', 'Water', 'Nelson', 'Cromwell', 'Wellington', 'Princes',
  'Duke', 'Marlborough', 'Sandringham', 'Lansdowne', 'Belmont', 'Clarence', "St John's",
  "St Mary's", 'Hillside', 'Woodland', 'Cedar', 'Holly', 'Ash', 'Brook', 'Farm',
]

const ES_STREET_NAME_TABLE = createWeightedTable(
  ES_STREET_NAMES,
  ES_STREET_NAMES.map((_, i) => 1 / (i + 4)),
)
const IT_STREET_NAME_TABLE = createWeightedTable(
  IT_STREET_NAMES,
  IT_STREET_NAMES.map((_, i) => 1 / (i + 4)),
)
const GB_STREET_BASE_TABLE = createWeightedTable(
  GB_STREET_BASES,
  GB_STREET_BASES.map((_, i) => 1 / (i + 4)),
)

const GB_INWARD_LETTERS = 'ABDEFGHJLNPQRSTUWXYZ'

/** A home: a street address in a town, with the flat or floor when it is in a block. */
export interface Address {
  readonly city: City
  readonly streetType: StreetType
  /** Street name with the optional part already decided: 'de la Constitución'. */
  readonly streetName: string
  /** The optional part of the name that this address omits or keeps, for variants. */
  readonly streetNameAlternative: string
  readonly houseNumber: string
  /** ES: floor ('3', 'Bajo', 'Ático'); IT: staircase; GB: unused. */
  readonly floor: string
  /** ES: door ('B', 'Izda'); IT: interno number; GB: flat number or letter. */
  readonly door: string
  readonly postcode: string
}

function expandStreetName(random: Random, template: string): { name: string; alternative: string } {
  const open = template.indexOf('[')
  if (open < 0) return { name: template, alternative: template }
  const close = template.indexOf(']')
  const withPart =
    template.slice(0, open) + template.slice(open + 1, close) + template.slice(close + 1)
  const withoutPart = (template.slice(0, open) + template.slice(close + 1)).trim()
  return random() < 0.7
    ? { name: withPart, alternative: withoutPart }
    : { name: withoutPart, alternative: withPart }
}

function createPostcode(random: Random, city: City): string {
  if (city.postcodeRange) {
    const range = city.postcodeRange
    return String(randomInt(random, range[0], range[1])).padStart(5, '0')
  }
  const district = pick(random, city.postcodeDistricts ?? ['SW1A'])
  const inward =
    String(randomInt(random, 1, 9)) +
    GB_INWARD_LETTERS[Math.floor(random() * GB_INWARD_LETTERS.length)] +
    GB_INWARD_LETTERS[Math.floor(random() * GB_INWARD_LETTERS.length)]
  return `${district} ${inward}`
}

function houseNumber(random: Random, max: number): string {
  // most streets are short, so low numbers dominate
  return String(1 + Math.floor(Math.pow(random(), 1.8) * max))
}

/** A new home in the town. Big-city homes are mostly flats. */
export function createAddress(random: Random, city: City): Address {
  const bigCity = city.weight >= 50
  if (city.country === 'ES') {
    const { name, alternative } = expandStreetName(
      random,
      pickWeighted(random, ES_STREET_NAME_TABLE),
    )
    const inBlock = chance(random, bigCity ? 0.85 : 0.65)
    const floorRoll = random()
    const floor = !inBlock
      ? ''
      : floorRoll < 0.08
        ? 'Bajo'
        : floorRoll < 0.11
          ? 'Ático'
          : floorRoll < 0.13
            ? 'Entresuelo'
            : String(randomInt(random, 1, 9))
    const door = !inBlock
      ? ''
      : pick(random, ['A', 'A', 'B', 'B', 'C', 'D', 'Izda', 'Dcha', '1', '2', '3'])
    return {
      city,
      streetType: pickWeighted(random, ES_STREET_TYPES),
      streetName: name,
      streetNameAlternative: alternative,
      houseNumber: houseNumber(random, 160),
      floor,
      door,
      postcode: createPostcode(random, city),
    }
  }
  if (city.country === 'IT') {
    const { name, alternative } = expandStreetName(
      random,
      pickWeighted(random, IT_STREET_NAME_TABLE),
    )
    let number = houseNumber(random, 220)
    if (chance(random, 0.06)) number += pick(random, ['/A', '/B', ' bis', 'A'])
    const inBlock = chance(random, bigCity ? 0.55 : 0.35)
    return {
      city,
      streetType: pickWeighted(random, IT_STREET_TYPES),
      streetName: name,
      streetNameAlternative: alternative,
      houseNumber: number,
      floor: inBlock && chance(random, 0.3) ? pick(random, ['A', 'B', 'C']) : '',
      door: inBlock ? String(randomInt(random, 1, 30)) : '',
      postcode: createPostcode(random, city),
    }
  }
  const inFlat = chance(random, city.name === 'London' ? 0.5 : 0.2)
  return {
    city,
    streetType: pickWeighted(random, GB_STREET_TYPES),
    streetName: pickWeighted(random, GB_STREET_BASE_TABLE),
    streetNameAlternative: '',
    houseNumber: houseNumber(random, 200),
    floor: '',
    door: inFlat
      ? random() < 0.8
        ? String(randomInt(random, 1, 40))
        : pick(random, ['A', 'B', 'C'])
      : '',
    postcode: createPostcode(random, city),
  }
}

/** How an address is written in one record. */
export interface AddressStyle {
  /** Free variation in abbreviations, punctuation and layout (else the source's usual form). */
  readonly varied: boolean
  readonly upperCase: boolean
  readonly typo: boolean
}

export interface RenderedAddress {
  readonly line1: string
  readonly line2: string
}

function esUnit(random: Random, floor: string, door: string, varied: boolean): string {
  if (!floor) return ''
  const isNumberFloor = /^\d+$/.test(floor)
  if (!varied) return isNumberFloor ? `${floor}º${door}` : `${floor} ${door}`
  // '3B' is fine, '31' for floor 3 door 1 is not something anyone writes
  const glued = /^[A-Z]$/.test(door) ? [floor] : []
  const floorText = isNumberFloor
    ? pick(random, [
        `${floor}º`,
        `${floor}º `,
        ...glued,
        `${floor} `,
        `${floor}º-`,
        `Piso ${floor} `,
      ])
    : pick(random, [`${floor} `, `${floor.slice(0, 2)} `])
  const doorText =
    door === 'Izda'
      ? pick(random, ['Izda', 'Izq', 'Izquierda', 'I'])
      : door === 'Dcha'
        ? pick(random, ['Dcha', 'Der', 'Derecha', 'D'])
        : door
  return `${floorText}${doorText}`.replace(/\s+/g, ' ').trim()
}

/**
 * The address as one source writes it. The usual form is 'Calle Mayor 12, 3ºB', 'Via Roma 5',
 * 'Flat 3, 27 Church Road'; a varied one changes abbreviations ('C/ Mayor, 12', 'P.zza
 * Garibaldi 3', '12 High St'), moves the flat to line 2, drops optional name parts or the unit.
 */
export function renderAddress(
  random: Random,
  address: Address,
  style: AddressStyle,
): RenderedAddress {
  let line1: string
  let line2 = ''
  const v = style.varied
  if (address.city.country === 'ES') {
    const type = !v
      ? address.streetType.full
      : pick(random, [address.streetType.full, ...address.streetType.abbreviations, ''])
    const name = v && chance(random, 0.3) ? address.streetNameAlternative : address.streetName
    const number = !v
      ? ` ${address.houseNumber}`
      : pick(random, [
          ` ${address.houseNumber}`,
          `, ${address.houseNumber}`,
          ` nº ${address.houseNumber}`,
          `, nº ${address.houseNumber}`,
          ` n.º ${address.houseNumber}`,
        ])
    const gap = type.endsWith('/') ? pick(random, ['', ' ']) : type ? ' ' : ''
    const street = `${type}${gap}${name}${number}`
    const unit = esUnit(random, address.floor, address.door, v)
    const placement = !unit
      ? 'none'
      : !v
        ? 'line1'
        : pick(random, ['line1', 'line1', 'line2', 'line2', 'none'])
    line1 =
      placement === 'line1'
        ? `${street}${v ? pick(random, [', ', ' ', ' - ']) : ', '}${unit}`
        : street
    if (placement === 'line2') line2 = unit
  } else if (address.city.country === 'IT') {
    const type = !v
      ? address.streetType.full
      : pick(random, [
          address.streetType.full,
          address.streetType.full,
          ...address.streetType.abbreviations,
        ])
    let name = v && chance(random, 0.3) ? address.streetNameAlternative : address.streetName
    // 'Via Giuseppe Garibaldi' → 'Via G. Garibaldi'
    if (v && name !== address.streetNameAlternative && chance(random, 0.3))
      name = name.replace(/^([A-Z])[a-zè]+ (?=[A-Z])/, '$1. ')
    const number = !v
      ? ` ${address.houseNumber}`
      : pick(random, [
          ` ${address.houseNumber}`,
          `, ${address.houseNumber}`,
          ` n. ${address.houseNumber}`,
          ` n.${address.houseNumber}`,
          `, n. ${address.houseNumber}`,
        ])
    line1 = `${type} ${name}${number}`
    if (address.door) {
      const unit = address.floor
        ? `Scala ${address.floor} Int. ${address.door}`
        : `Int. ${address.door}`
      const unitText = !v
        ? unit
        : pick(random, [
            unit,
            `int. ${address.door}`,
            `interno ${address.door}`,
            `Int.${address.door}`,
          ])
      const placement = !v ? 'line2' : pick(random, ['line1', 'line2', 'line2', 'none'])
      if (placement === 'line1') line1 = `${line1}, ${unitText}`
      else if (placement === 'line2') line2 = unitText
    }
  } else {
    const type = !v
      ? address.streetType.full
      : pick(random, [address.streetType.full, ...address.streetType.abbreviations])
    const gap = v ? pick(random, [' ', ' ', ', ']) : ' '
    const street = `${address.houseNumber}${gap}${address.streetName} ${type}`
    if (address.door) {
      const isLetter = /^[A-Z]$/.test(address.door)
      const flat = `Flat ${address.door}`
      const placement = !v ? 'line1' : pick(random, ['line1', 'line2', 'line2', 'letter', 'none'])
      if (placement === 'line1') line1 = `${flat}, ${street}`
      else if (placement === 'line2') {
        line1 = flat
        line2 = street
      } else if (placement === 'letter' && isLetter)
        line1 = street.replace(/^(\d+)/, `$1${address.door}`)
      else line1 = street
    } else line1 = street
  }
  if (style.typo) line1 = keyboardTypo(random, line1)
  if (style.upperCase) {
    line1 = line1.toUpperCase()
    line2 = line2.toUpperCase()
  } else if (v && chance(random, 0.05)) {
    line1 = line1.toLowerCase()
    line2 = line2.toLowerCase()
  }
  return { line1, line2 }
}

/**
 * The postcode as written: British ones without their space or in lower case when `varied`;
 * with `error`, a mistyped digit or, for ES and IT, the leading zeros a spreadsheet strips
 * ('08013' → '8013').
 */
export function renderPostcode(
  random: Random,
  postcode: string,
  varied: boolean,
  error: boolean,
): string {
  let text = postcode
  const numeric = /^\d+$/.test(text)
  if (error) {
    if (numeric && text.startsWith('0') && random() < 0.6) text = String(Number(text))
    else if (numeric) text = digitTypo(random, text)
    else text = keyboardTypo(random, text)
  }
  if (varied && !numeric) {
    const roll = random()
    if (roll < 0.4) text = text.replace(' ', '')
    else if (roll < 0.6) text = text.toLowerCase()
  }
  return text
}
