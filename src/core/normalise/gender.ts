import { isKnownGivenName } from './given-names.js'
import { canonicalGivenName, isAmbiguousDiminutive, servesBothGenders } from './nicknames.js'

/**
 * Gender as a record states it or its given name implies it: 'm', 'f', or '' for unknown.
 *
 * Why it is worth knowing: a household's 'Mrs D Chadley' and 'David Chadley' at one address, or
 * 'Mr S King' writing from Susan King's email, agree on everything the pair compares (an initial
 * agrees with any given name), and only the title tells them apart. The gender is used only as a
 * veto (see guards), never as evidence for a match: most people of one gender are not one person.
 */
export type Gender = 'm' | 'f' | ''

// Courtesy titles that state a gender, as folded tokens. 'Dr', 'Prof', 'Dott.' and the like are
// left out: they are written for both. The Italian feminine forms fold into two tokens ('Sig.ra'
// -> 'sig ra', 'Dott.ssa' -> 'dott ssa'): the second is a feminine tail (see titleGender).
const MALE_TITLES = new Set(['mr', 'sir', 'sr', 'senor', 'sig', 'signor', 'don'])
const FEMALE_TITLES = new Set(
  ['mrs', 'ms', 'miss', 'dame', 'sra', 'srta', 'srita', 'senora', 'senorita', 'dna', 'dona']
    .concat(['sigra', 'signa', 'signora', 'signorina', 'dottssa', 'dottoressa', 'profssa']),
)
const FEMININE_TAILS = new Set(['ra', 'na', 'ssa'])
// Titles whose feminine form is the title and a tail ('sig ra'); 'dott' and 'prof' alone state
// nothing.
const TAILED_TITLES = new Set(['sig', 'dott', 'prof'])
const NEUTRAL_TITLES = new Set(['dott', 'prof', 'dr', 'mx'])

/**
 * The gender stated by the titles at the front of a name field's folded tokens ('mr', 'mrs',
 * 'sig ra', 'sra', 'don'): '' when there is none, or when titles of both genders stand together
 * ('Mr & Mrs Smith'). Only a title followed by more of the name counts: a field that is only
 * 'Ms' says nothing about whose name it is.
 */
export function titleGender(tokens: readonly string[]): Gender {
  let gender: Gender = ''
  let at = 0
  while (at < tokens.length - 1) {
    const token = tokens[at]
    const tailed =
      TAILED_TITLES.has(token) && FEMININE_TAILS.has(tokens[at + 1]) && at + 2 < tokens.length
    let stated: Gender
    if (tailed) stated = 'f'
    else if (MALE_TITLES.has(token)) stated = 'm'
    else if (FEMALE_TITLES.has(token)) stated = 'f'
    else if (NEUTRAL_TITLES.has(token)) stated = ''
    else break
    if (stated !== '') {
      if (gender !== '' && gender !== stated) return ''
      gender = stated
    }
    at += tailed ? 2 : 1
  }
  return gender
}

// Given names of our markets (Spanish, Italian, British) by gender, folded. Names ending in 'a'
// or 'o' need listing only where the ending misleads (see givenNameGender).
const MALE_NAMES = new Set(
  `
  aaron abel adam adrian agustin aidan alan albert alberto alessandro alexander alfie alfred
  alonso amadeo ambrose amedeo andrew angus anthony archie arnau arthur asier barry ben benedict
  benjamin bernard bill billy bob borja bradley brandon brian bruce bautista battista
  giambattista giovanbattista giovambattista callum calvin carl carles carlos cesar cesare
  charles christian christopher clive colin connor craig cristian cristobal damian daniel daniele
  dario darren david davide dean declan dennis derek diego domenico dominic donald douglas duncan
  dylan edgar edmund edward elia emanuele emilio enea enrique eric ernest esteban ethan ettore
  eugene ezequiel ezra fabian felipe felix fermin fernando finlay francisco frank
  frederick gabriel gabriele gareth gary gavin geoffrey george gerald gerard german giacomo
  gianluca gianni gilbert giles giorgio giovanni giuseppe glen gordon graham gregory guillermo
  gustavo guy harold harrison harry harvey hector henry howard hugh ian igor iker ismael ivan
  jack jacob jacobo jaime jake james jason javier jeffrey jeremy jerome joaquin joe joel john
  jonathan jonatan jordi jorge jose joseph josep joshua josue juan julian justin keith kenneth
  kevin kieran leon leonard lewis liam louis luca lucas luis luigi luke malcolm manuel marc
  marcel marcos mark martin mateo matthew mattia max maximilian michael michele miguel mohamed
  muhammad nathan nathaniel neil nicholas nicolas nigel noah noel oliver omar oriol oscar owen
  pablo pascual pasquale patrick paul pau pedro peter philip rafael raffaele ramon raul raymond
  reuben richard robert ronald rory ross ruben russell ryan salvador salvatore samuel scott sean
  sebastian sergi shane shaun simon stanley stephen steven stuart terence thomas timothy tobia
  tobias tom tomas toby tony trevor tristan unai victor vincent walter warren wayne william
  xavier yusuf zachary zacarias zaccaria joseba
`
    .split(/\s+/)
    .filter((word) => word.length > 0),
)
const FEMALE_NAMES = new Set(
  `
  abigail adele agnes aileen alice alison amaia amparo amy anne annabel beatrice belen bethany
  beverley brenda bridget caitlin carmen caroline catherine charlotte chloe christine clare
  claire clarice consuelo dawn deborah denise diane dolores doreen edith eileen elaine eleanor
  elizabeth ellen eloise emily esther evelyn felicity gail gemma geraldine gillian grace gwen
  hannah harriet hazel heather helen hollie holly imogen irene isabel isobel jacqueline jade jane
  janet janice jasmine jennifer jill joanne josephine joy joyce judith julie karen kate katherine
  kathleen kathryn kay kelly kerry kimberley kirsty lauren leah lillian lily lorraine louise lucy
  lynn lynne madeleine maeve mairead margaret marian matilde maureen megan mercedes michelle
  miriam molly muriel nadine natalie nicole noemi olive pamela patience pauline pearl penelope
  phoebe pilar rachel rachele rebecca rocio ruth sally sarah sharon shirley sian sophie stephanie
  susan suzanne tracey tracy valerie vivienne wendy yvonne zoe socorro sagrario rosalind
  gwendolyn winifred ines raquel mar begona luz nieves flor soledad trinidad milagros remedios
  concepcion asuncion encarnacion purificacion inmaculada ascension montserrat esperanza
  candelaria lourdes beatriz rut judit noelia
`
    .split(/\s+/)
    .filter((word) => word.length > 0),
)
// Names given to both (or to one gender in Italy and the other in Britain or Spain), and the
// feminine-looking male names of Italy: never a gender of their own.
const EITHER_GENDER = new Set(
  `
  andrea nicola simone rosario alex sam chris jo kim lee jordan ashley charlie frankie robin
  jamie jesse toni dani cruz reyes angel sasha ariel ellis morgan taylor leslie lesley francis
  frances marion jean joan loreto
`
    .split(/\s+/)
    .filter((word) => word.length > 0),
)

/**
 * The gender a folded given name implies: from the lists above; for a nickname ending in -a or
 * -o, from the name it stands for ('Chema' is José María, 'Bego' Begoña: their endings mislead);
 * else from the Spanish and Italian endings for a name the dictionary knows, '-a' feminine
 * ('Giuseppina'), '-o' masculine ('Massimo'). An initial, an unknown token (a typo: 'Zose'), a
 * name given to both, or a short form either gender uses ('Ale', 'Dani', 'Tina') says ''.
 */
export function givenNameGender(name: string): Gender {
  const listed = listedGender(name)
  if (listed !== undefined) return listed
  if (name.length < 3 || !isKnownGivenName(name)) return ''
  if (servesBothGenders(name) || isAmbiguousDiminutive(name)) return ''
  const ending = genderOfEnding(name)
  const canonical = canonicalGivenName(name)
  if (canonical === name) return ending
  // A nickname without the endings says nothing: 'Mari' is María's, and a Mario's cut short.
  if (ending === '') return ''
  const space = canonical.indexOf(' ')
  const first = space === -1 ? canonical : canonical.slice(0, space)
  return listedGender(first) ?? genderOfEnding(first)
}

/** The gender the lists give a name: undefined when they do not list it. */
function listedGender(name: string): Gender | undefined {
  if (name.length < 2 || EITHER_GENDER.has(name)) return ''
  if (MALE_NAMES.has(name)) return 'm'
  if (FEMALE_NAMES.has(name)) return 'f'
  return undefined
}

/** The gender a Spanish or Italian name's ending suggests: '-a' 'f', '-o' 'm', else ''. */
export function genderOfEnding(word: string): Gender {
  const last = word.charCodeAt(word.length - 1)
  if (last === 97) return 'f' // a
  if (last === 111) return 'm' // o
  return ''
}
