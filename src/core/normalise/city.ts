import { isPlaceholderName } from './placeholder.js'
import { foldText } from './text.js'

// Each line is 'canonical: variant | variant', folded. Co-official (Catalan, Basque, Galician,
// Valencian) and foreign (exonym) forms of one place name map to one form; the canonical is
// the form Spanish or Italian records most often use. Provinces are here too, for region.
const PLACE_NAME_GROUPS = [
  'alicante: alacant | alicante alacant',
  'a coruna: la coruna | coruna | corunna | a coruna la coruna',
  'girona: gerona',
  'lleida: lerida',
  'ourense: orense',
  'san sebastian: donostia | donostia san sebastian | san sebastian donostia',
  'vitoria: gasteiz | vitoria gasteiz | gasteiz vitoria',
  'bilbao: bilbo',
  'pamplona: iruna | iruna pamplona | pamplona iruna',
  'gijon: xixon',
  'castellon: castello | castellon de la plana | castello de la plana',
  'elche: elx | elx elche | elche elx',
  'palma: palma de mallorca | palma mallorca',
  'sanxenxo: sangenjo',
  'zaragoza: saragossa | saragosa | saragozza',
  'sevilla: seville | siviglia',
  'cordoba: cordova',
  'barcelona: barcellona | barcelone',
  'lisboa: lisbon | lisbona | lisbonne',
  'guipuzcoa: gipuzkoa',
  'vizcaya: bizkaia | biscay',
  'alava: araba | araba alava | alava araba',
  'baleares: illes balears | islas baleares | balears',
  'navarra: nafarroa',
  'milano: milan | milan italy',
  'roma: rome',
  'torino: turin',
  'napoli: naples | napoles',
  'firenze: florence | florencia',
  'venezia: venice | venecia',
  'genova: genoa | genes',
  'padova: padua',
  'mantova: mantua',
  'siracusa: syracuse',
  'bolzano: bozen',
  'london: londres | londra | city of london | greater london',
  'edinburgh: edimburgo',
]

function buildPlaceNames(): ReadonlyMap<string, string> {
  const table = new Map<string, string>()
  for (const line of PLACE_NAME_GROUPS) {
    const [canonical, variants] = line.split(':') as [string, string]
    table.set(canonical, canonical)
    for (const variant of variants.split('|')) table.set(variant.trim(), canonical)
  }
  return table
}

const PLACE_NAMES = buildPlaceNames()

function normalisePlace(raw: string | undefined): string {
  if (raw === undefined || raw.length === 0) return ''
  // 'Alcalá de Henares (Madrid)': the bracket names the province, not the town.
  const bracket = raw.indexOf('(')
  const folded = foldText(bracket > 0 ? raw.slice(0, bracket) : raw)
  if (folded.length === 0 || isPlaceholderName(folded)) return ''
  return PLACE_NAMES.get(folded) ?? folded
}

/**
 * Normalises a town or city: folded (accents, case, punctuation), a trailing '(province)'
 * dropped, and co-official or foreign forms mapped to one ('Alacant' -> 'alicante',
 * 'Donostia' -> 'san sebastian', 'Milan' -> 'milano', 'Londres' -> 'london').
 */
export function normaliseCity(raw: string | undefined): string {
  return normalisePlace(raw)
}

/**
 * Normalises a province, state or county like {@link normaliseCity}, with the same table
 * ('Gipuzkoa' -> 'guipuzcoa', 'Illes Balears' -> 'baleares').
 */
export function normaliseRegion(raw: string | undefined): string {
  return normalisePlace(raw)
}
