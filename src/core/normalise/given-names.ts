import { damerauLevenshtein } from '../compare/damerau-levenshtein.js'
import { canonicalGivenName, NICKNAME_GROUPS } from './nicknames.js'

// Common given names of our markets that the nickname groups do not already list. Together
// with every name in those groups they decide where a full name without a comma splits.
const COMMON_GIVEN_NAMES = `
aaron abel abril adam adela adelina adriana africa agata agueda aida aidan ainara ainhoa aitana
aitor alan alba albert alberta alda aldo alessia alessio alfio alice alicia alina alma alonso
amaia amalia amparo amy anabel anastasia andrea angel angelo angels anibal annalisa antonella
antonino araceli arantxa arantza ariadna arianna armando arnau asier astrid aurelio aurora azucena
barry belen benedetta bernadette blanca borja brian bruce bruno callum camila camilla candela
carina carla carol carolyn catia cayetana cayetano celia celeste chloe cinzia ciro claudia
claudio colin concha cosimo craig cristiano cruz dalia damian dario darren dean declan delia
denis dennis derek desiree diana diego dolors domenico dora dylan edgar edith eduard eileen
elia eliana elias elisa eloisa elsa elvira emiliano emilio emma eneko enza erica ernesta estela
ester esther ethan eugenia eugenio eulalia eusebio eva evelyn ezequiel fabiana fabio fabiola
fabrizio fatima faustino fausto felicia felicidad feliciano felix fermin fernanda fidel filomena
fiona flavia flavio flor florencia franca gail gary gavin gema gemma genaro gennaro
german gerardo gianfranco gianluigi gianpaolo gilberto gina ginevra giordano gisela giuliana
giuliano glen gloria graham grace graziella greta guadalupe guido gustavo hannah harvey heather
heidi helga hilario holly ian ibai igor iker ilaria imanol ingrid ione irene iris irma isaac
isidro ismael itziar ivan ivana ivo jade jana jasmine jason javiera jayden jeremy jesica joan
joanne joel jonas jordan jordi joyce judit julian juliana julieta justin karen karim keith kelly
kevin kieran kirsty koldo lara laura leah leandro leire leon leonel leonora lidia liliana lina
linda lisa lorella lorena loreto lourdes luana luciana luciano lucio ludovica luz lynn maite
malena manolo mar marcela marcella marco maria mariana mariano marina mario marisa mariona
marius marlene martina matias mattia maura mauro maya megan melania melanie melissa mia miguel
milena mireia mirella miriam mirko moira monica nadia nahia naia naiara nancy natalia neil
nerea nereida nestor nicola nicole noa noah noelia noemi nora norma norman nuria olga oliver
olivia omar oriol oscar osvaldo owen pamela paola patrizia paula paulina pedro penelope
pietro pilar pio quentin quintin raimon ramiro raul regina reinaldo remo renata renato ricard
rita roberta rocco rodolfo rogelio rolando romina romeo romualdo rosalia rosana rosaura roxana
ruben rut ruth ryan sabina sabrina salome salvatore samanta sandra sara saul scott sean selena
serena severino shane sharon shaun sheila silvana silvano silvia silvio simon simona simone
sonia stefano stella stuart susanna tamara tania tatiana tecla telmo teodora tiziana tiziano
tobias tomasa tommaso tracy trevor tristan tyler ulises unai uxue valentin valentina valentino
valerio vanessa vera veronica vicenta vidal violeta virgilio viviana vittorio walter wayne
xabier ximena xenia yago yaiza yasmina yolanda zoe zoraida
`
  .split(/\s+/)
  .filter((word) => word.length > 0)

function buildGivenNames(): ReadonlySet<string> {
  const names = new Set<string>(COMMON_GIVEN_NAMES)
  for (const group of NICKNAME_GROUPS) {
    for (const name of group) {
      for (const token of name.split(' ')) names.add(token)
    }
  }
  return names
}

const GIVEN_NAMES = buildGivenNames()

// Given names that are as common as surnames ('Pedro Martín García' is Pedro, surnames Martín
// García). When a full name has exactly three tokens, one of these in second place is read as a
// surname.
const ALSO_SURNAMES = new Set(
  `
  martin marin lorenzo domingo vicente pascual benito andres nicolas roman salvador marcos lucas
  tomas esteban clemente sebastian gil santos cruz paz leon simon felipe bernal ramon manuel
  gabriel cristobal luis diego mateo marco martino romano gentile thomas james john henry lewis
  martin george arthur owen hugh rose grant ross luca cesar julian fernando gonzalo alonso
  alvaro rocco bruno valentin jordan dean neil
`
    .split(/\s+/)
    .filter((word) => word.length > 0),
)

/** True when a folded token is a known given name, or a single letter (an initial). */
export function isKnownGivenName(token: string): boolean {
  return token.length === 1 || GIVEN_NAMES.has(token)
}

/** True when a folded given name is also common as a surname ('martin', 'lorenzo', 'thomas'). */
export function isAlsoSurname(token: string): boolean {
  return ALSO_SURNAMES.has(token)
}

const GIVEN_NAMES_BY_INITIAL = (() => {
  const byInitial = new Map<string, string[]>()
  for (const name of GIVEN_NAMES) {
    if (name.length < 3) continue
    const list = byInitial.get(name[0]) ?? []
    list.push(name)
    byInitial.set(name[0], list)
  }
  return byInitial
})()

const MAX_CACHED_CORRECTIONS = 20_000
const corrections = new Map<string, string>()

/**
 * The known given name a folded token is one slip away from (a letter wrong, missing, extra or
 * two swapped: 'kstherine' → 'katherine', 'paolp' → 'paolo'), or '' when the token is a known
 * name, shorter than 4 letters, or one slip from none or from several. Typed at a till, a
 * mistyped name would otherwise be a different name, and with a nickname on the other record
 * ('Kat') a different person. Same first letter only: slips there are rare and the search stays
 * small (about 60 names a letter). Memoised; the cache is emptied when full.
 */
export function correctedGivenName(token: string): string {
  if (token.length < 4 || GIVEN_NAMES.has(token)) return ''
  const cached = corrections.get(token)
  if (cached !== undefined) return cached
  let found = ''
  let ambiguous = false
  for (const name of GIVEN_NAMES_BY_INITIAL.get(token[0]) ?? []) {
    if (Math.abs(name.length - token.length) > 1) continue
    if (damerauLevenshtein(token, name, 1) <= 1) {
      // Several names one slip away are one answer only if they are forms of one name.
      if (found !== '' && canonicalGivenName(found) !== canonicalGivenName(name)) ambiguous = true
      if (found === '') found = name
    }
  }
  const result = ambiguous ? '' : found
  if (corrections.size >= MAX_CACHED_CORRECTIONS) corrections.clear()
  corrections.set(token, result)
  return result
}
