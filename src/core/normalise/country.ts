import { foldText } from './text.js'

// ISO 3166-1 alpha-2, all officially assigned codes.
export const ISO_ALPHA_2: ReadonlySet<string> = new Set(
  (
    'AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ ' +
    'BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM ' +
    'DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS ' +
    'GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN ' +
    'KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ ' +
    'MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM ' +
    'PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV ' +
    'SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI ' +
    'VN VU WF WS YE YT ZA ZM ZW'
  ).split(' '),
)

// Folded names (English, Spanish, Italian, native), alpha-3 codes and common informal codes.
const COUNTRY_NAMES: ReadonlyMap<string, string> = new Map(
  Object.entries({
    uk: 'GB',
    'united kingdom': 'GB',
    'great britain': 'GB',
    britain: 'GB',
    england: 'GB',
    scotland: 'GB',
    wales: 'GB',
    'northern ireland': 'GB',
    'reino unido': 'GB',
    'gran bretana': 'GB',
    inglaterra: 'GB',
    escocia: 'GB',
    gales: 'GB',
    'regno unito': 'GB',
    'gran bretagna': 'GB',
    inghilterra: 'GB',
    scozia: 'GB',
    gbr: 'GB',
    spain: 'ES',
    espana: 'ES',
    spagna: 'ES',
    espanya: 'ES',
    esp: 'ES',
    italy: 'IT',
    italia: 'IT',
    ita: 'IT',
    france: 'FR',
    francia: 'FR',
    fra: 'FR',
    germany: 'DE',
    alemania: 'DE',
    germania: 'DE',
    deutschland: 'DE',
    deu: 'DE',
    portugal: 'PT',
    portogallo: 'PT',
    prt: 'PT',
    ireland: 'IE',
    irlanda: 'IE',
    eire: 'IE',
    irl: 'IE',
    'united states': 'US',
    'united states of america': 'US',
    usa: 'US',
    'estados unidos': 'US',
    'stati uniti': 'US',
    netherlands: 'NL',
    holland: 'NL',
    'paises bajos': 'NL',
    holanda: 'NL',
    'paesi bassi': 'NL',
    olanda: 'NL',
    belgium: 'BE',
    belgica: 'BE',
    belgio: 'BE',
    switzerland: 'CH',
    suiza: 'CH',
    svizzera: 'CH',
    austria: 'AT',
    andorra: 'AD',
    'san marino': 'SM',
    'vatican city': 'VA',
    gibraltar: 'GI',
    malta: 'MT',
    morocco: 'MA',
    marruecos: 'MA',
    marocco: 'MA',
    mexico: 'MX',
    messico: 'MX',
    argentina: 'AR',
    colombia: 'CO',
    peru: 'PE',
    venezuela: 'VE',
    ecuador: 'EC',
    chile: 'CL',
    cile: 'CL',
    brazil: 'BR',
    brasil: 'BR',
    brasile: 'BR',
    romania: 'RO',
    rumania: 'RO',
    poland: 'PL',
    polonia: 'PL',
    greece: 'GR',
    grecia: 'GR',
    sweden: 'SE',
    suecia: 'SE',
    svezia: 'SE',
    china: 'CN',
    cina: 'CN',
  }),
)

/**
 * Normalises a country to its ISO 3166-1 alpha-2 code, upper-case: codes as they are ('es',
 * 'GB'), 'UK' as 'GB', and common names in English, Spanish and Italian ('España', 'Italia',
 * 'United Kingdom', 'England') and alpha-3 codes of our markets. Anything else gives ''.
 */
export function normaliseCountry(raw: string | undefined): string {
  if (raw === undefined || raw.length === 0) return ''
  const trimmed = raw.trim()
  if (trimmed.length === 2) {
    const code = trimmed.toUpperCase()
    if (code === 'UK') return 'GB'
    return ISO_ALPHA_2.has(code) ? code : ''
  }
  return COUNTRY_NAMES.get(foldText(trimmed)) ?? ''
}
