// Each line is 'canonical: variant variant ...', in folded form (no accents, lower-case). '_'
// inside a canonical joins a compound name ('jose_maria' is the canonical 'jose maria').
//
// Canonical choice: one key per name across languages, because staff and customers switch
// language between channels (Giuseppe at the till, Joseph on the web). Where a Spanish form
// exists it is the key (the largest market), else the Italian form, else the English one. The
// key is an identifier, not a display name: 'bill' -> 'guillermo' is intended.
//
// Ambiguous diminutives map to one canonical, the reading most common among our customers:
//   toni -> antonio (not antonia)        alex -> alejandro (not alejandra; alexander too)
//   sasha -> alejandra (mostly female in western Europe; Alexandra/Sasha)
//   fran -> francisco (not frances)      cris -> cristina (not cristian / cristobal)
//   chris -> cristobal (Christopher)     pat -> patricia (not patrick)
//   lele -> gabriel (not emanuele)       toto -> salvador (Salvatore; not antonio)
//   manu -> manuel (Emanuele and Manuel are one name)
//   jon -> jonathan (not the Basque Juan) max -> maximiliano (massimo stays its own name)
//   beto -> alberto (not roberto)        kiko -> francisco (not enrique)
//   sandy -> alejandro (Alexander/Sandy; 'sandra' stays its own name)
//   enzo -> vicente (Vincenzo; not lorenzo)  josema -> jose maria (not jose manuel)
//   harry -> enrique (Henry)             rita -> margarita (Margherita/Rita)
// Names that change gender between languages are left unmapped: andrea (male in Italy),
// nicola (male in Italy, female in Britain), simone (likewise), joan (Catalan male, English
// female), jean.
const SPANISH_GROUPS = [
  'jose: pepe pepito pepin pepo joselito joselillo josito cheo chepe josep xose joseba' +
    ' giuseppe beppe peppe pino peppino joseph joe joey',
  'jose_maria: chema txema josema chemari josemari',
  'jose_luis: joselu pepelu',
  'jose_miguel: josemi',
  'jose_antonio: joseantonio',
  'juan_jose: juanjo',
  'juan_manuel: juanma',
  'juan_carlos: juancar juanca',
  'juan_luis: juanlu',
  'luis_miguel: luismi',
  'ana_isabel: anabel',
  'juan_antonio: juanan juanto',
  'juan_francisco: juanfran',
  'maria_jose: mariajo majo',
  'maria_teresa: maite mayte maritere',
  'maria_isabel: maribel',
  'maria_luisa: marisa malu',
  'maria_carmen: maricarmen mamen',
  'maria_victoria: marivi',
  'maria_mar: marimar',
  'maria_jesus: mariaje chusa',
  'maria_sol: marisol',
  'maria_angeles: mariangeles geli',
  'maria_dolores: maridoli mariloli',
  'maria: mari maruja maru marita mary marie molly polly mamie mariuccia marietta',
  'francisco: paco paquito paquillo curro pancho fran frasco quico kiko cisco xisco' +
    ' francesc francesco franco checco cecco ciccio francis frank frankie franky francois franz',
  'francisca: paca paqui quica paquita francesca franci frances fanny francoise xisca',
  'dolores: lola loli lolita dolo addolorata',
  'concepcion: concha conchi conchita conce chon concetta concettina cettina',
  'manuel: manolo manolito lolo manu manel emanuele emmanuel emanuel immanuel manny',
  'manuela: manoli manolita emanuela',
  'ignacio: nacho inaki ignazio ignatius ignasi',
  'guadalupe: lupe lupita guada',
  'rosario: charo chari rosarito',
  'enrique: quique kike enric enrico henry harry hal hank henri heinrich henrik',
  'enriqueta: enrichetta henrietta harriet hattie',
  'jesus: chus chuchi chucho chuy suso',
  'antonio: toni tony tono tonio tonino antoni anthony antony antoine anton ant',
  'antonia: tonia tona antonietta tonina',
  'alejandro: alex alejandrito jandro alessandro sandro ale alexander alexandre alec sandy xander',
  'alejandra: sasha alessandra alexandra lexi',
  'mercedes: merche meche merce',
  'montserrat: montse',
  'asuncion: asun assunta',
  'inmaculada: inma macu imma immacolata',
  'milagros: mila mili',
  'pilar: pili pilarin pilarica',
  'encarnacion: encarna encarni',
  'anunciacion: nunzia annunziata nuncia',
  'josefa: pepa pepita pepi fina josefina giuseppina pina peppina josephine josie',
  'rafael: rafa rafi rafel raffaele lello raffa raphael',
  'rafaela: raffaella lella',
  'eduardo: edu edoardo edward ed eddie eddy ted teddy ned edouard',
  'guillermo: guille guillem memo guglielmo william bill billy will willy willie liam',
  'santiago: santi yago iago',
  'vicente: chente vicent vincenzo enzo vincent vince vinnie vinny',
  'vicenta: vincenza enza',
  'cristina: cris cristi christina christine kristina chrissy',
  'beatriz: bea beatrice bice beatrix',
  'isabel: isa chabela chabeli isabela isabella elisabet elisabeth elizabeth elisabetta' +
    ' betta liz lizzie lizzy beth betty betsy bess bessie libby eliza izzy',
  'teresa: tere teresita teresina theresa therese tessa tess',
  'ramon: moncho monchito raimundo raimondo raymond ray',
  'luis: lucho luisito lluis luigi gigi gino luigino louis lewis lou louie',
  'luisa: luigia luisella louisa louise lluisa',
  'fernando: nando fer ferdinando ferdinand ferran hernando',
  'gonzalo: chalo gonza',
  'alberto: beto berto albert bertie',
  'roberto: robi rober robertino robert bob bobby rob robbie',
  'javier: javi javierito xavier xavi xabier saverio',
  'jaime: jaume giacomo mino giacomino james jim jimmy jamie jimbo jacques',
  'pedro: pedrito perico pere pietro piero pierino peter pete pierre',
  'miguel: migue miki mikel michele michael mike mick mickey micky mikey michel',
  'carlos: carlitos charly carlo carletto charles charlie chuck chas karl carl',
  'carlota: carlotta charlotte lottie',
  'juan: juanito juanin giovanni gianni nanni vanni giannino john johnny jack',
  'juana: juanita giovanna vanna gianna giannina jane janet joanna joanne',
  'esteban: estevan esteve stefano stephen steve steven stevie stephan etienne',
  'estefania: fani tefi stefania stephanie steph',
  'catalina: cata cati caterina rina katia catherine katherine kathryn kate kat cathy katie' +
    ' kathy kath kitty katy catarina katerina',
  'pablo: pau paolo paul paulie',
  'paula: paola',
  'andres: andreu andrew andy drew andre',
  'mateo: matteo matthew matt matty',
  'tomas: tomeu tommaso maso thomas tom tommy',
  'marcos: marco mark marc marcus',
  'lucas: luca luke',
  'martin: martino marty',
  'nicolas: nico niccolo nicolo nicolau nicholas nick nicky',
  'daniel: dani danny dan daniele',
  'daniela: danielle',
  'samuel: samu samuele sam sammy',
  'benjamin: benja beniamino ben benny benji',
  'david: davide dave davy davey dafydd dai',
  'gabriel: gabi gabri gabriele lele gabe',
  'gabriela: gabriella',
  'alfonso: alfon fonsi poncho alphonse',
  'adolfo: fito',
  'agustin: agus agostino augustine austin gus',
  'alfredo: fredo alfred alf alfie',
  'federico: fede chicco frederick fred freddy freddie fritz',
  'ricardo: richi riccardo richard dick rick ricky rich richie',
  'rodrigo: rodri',
  'sergio: sergi serge',
  'salvador: salva chava chavi salvatore toto turi salvo tore',
  'domingo: mingo domenico mimmo mimi dominic dom',
  'dominga: domenica mimma',
  'leonor: eleonora eleanor elinor ellie nell nellie',
  'elena: helena helen ellen',
  'margarita: marga rita margherita margarida margaret maggie peggy meg marge margie margot madge',
  'ana: anna ann anne annie anita annina annetta',
  'susana: susi susanna susan sue suzy susie suzie suzanne',
  'patricia: pat patri pati patty patti patsy trish tricia patrizia',
  'patricio: patrizio patrick paddy',
  'jennifer: jen jenny jenni jenn',
  'debora: deborah debbie debby debra deb',
  'rebeca: rebe rebecca becky becca bex',
  'victoria: vicky vicki viki vittoria tori',
  'cristobal: cristoforo christopher chris kit',
  'timoteo: timothy tim timmy',
  'joaquin: quino joaco ximo chimo joaquim gioacchino joachim',
  'jorge: jordi giorgio george georgie',
  'felipe: felip filippo pippo philip phil pip',
  'felipa: philippa pippa',
  'lorenzo: renzo lollo lorenc laurence lawrence larry laurie',
  'gregorio: goyo gregory greg',
  'julio: giulio julius',
  'julia: giulia julie',
  'lucia: luci lucy lucie',
  'rosa: rosi rosita rosina rosetta rose rosie',
  'sofia: sophia sophie sofi',
  'carmen: menchu carmencita',
  'ines: agnese agnes',
  'magdalena: magda maddalena madeleine magdalen maddie',
  'marta: martha',
  'rocio: chio',
  'soledad: sole',
  'remedios: reme',
  'trinidad: trini',
  'purificacion: puri',
  'consuelo: chelo',
  'begona: bego',
  'covadonga: cova',
  'almudena: almu',
  'esperanza: espe',
  'macarena: maca',
  'raquel: raquelita rachele rachel',
  'sara: sarita sarah sally sadie',
  'clara: clarita chiara clare claire',
  'ernesto: ernest ernie',
  'humberto: umberto',
  'bernardo: bernat bernard bernie',
  'leonardo: leo leonard lenny',
  'leopoldo: polo',
  'sebastian: sebas sebastiano seb',
  'marcelo: marcello marcel',
  'arturo: arthur art artie',
  'maximiliano: max maxi massimiliano maximilian',
  'octavio: ottavio',
  'octavia: ottavia',
  'horacio: orazio horatio',
  'adrian: adriano adrien',
  'cesar: cesare caesar',
  'hector: ettore',
  'jacobo: jacopo jacob jake',
  'mauricio: maurizio maurice',
  'moises: mose moses',
  'pascual: pasquale pascal',
  'benito: benedetto benedict',
  'bartolome: tolo bartolomeo bartholomew bart',
  'baltasar: baldassarre',
  'melchor: melchiorre',
  'ambrosio: ambrogio',
  'gaspar: gaspare',
  'teodoro: theodore theo',
  'hugo: ugo hugh hughie',
  'gerardo: gerard',
  'josue: giosue joshua josh',
  'zacarias: zaccaria zachary zach zack',
  'micaela: michela michelle michaela',
  'leticia: leti letizia',
  'lucrecia: lucrezia',
  'natalia: natasha natalie nathalie',
  'emilia: emily',
  'dorotea: dorothy dot dottie dolly',
  'judit: judith judy jude',
  'carolina: caroline carolyn carrie caz',
  'valeria: valerie',
  'angela: angie',
  'barbara: babs',
  'gaetano: tano',
  'calogero: lillo',
  'girolamo: geronimo jerome',
  'angel: angelo angelino lino',
  'ascension: choni',
  'bautista: battista baptiste',
  'juan_bautista: giambattista titta',
]

// Names with no Spanish counterpart in the groups above, keyed by their Italian form.
const ITALIAN_GROUPS = ['massimo: massimino', 'gianluca: gianlu', 'gianmarco: gianma', 'rosaria: saretta', 'carmela: melina']

// English names with no Spanish or Italian counterpart above, keyed by their English form.
const ENGLISH_GROUPS = [
  'jonathan: jon jonny jonty',
  'kenneth: ken kenny',
  'ronald: ron ronnie',
  'donald: donnie',
  'terence: terry tel',
  'jeremy: jez',
  'imogen: immy',
  'muhammad: mohammed mohammad mohamed muhammed mo',
  'douglas: doug',
  'walter: walt wally',
  'abigail: abby abbie gail',
  'amanda: mandy',
  'cynthia: cindy',
  'gillian: jill gill',
  'jacqueline: jackie jacqui',
  'kimberley: kimberly kim',
  'pamela: pam',
  'penelope: penny',
  'virginia: ginny ginger',
  'winifred: winnie',
  'gwendolyn: gwen',
  'olivia: liv livvy',
  'jessica: jess jessie',
  'rosalind: ros',
  'samantha: sammie',
  'nathaniel: nathan nate',
  'matilda: tilly tillie',
  'frederica: freda',
  'geoffrey: geoff jeff jeffrey',
]

// Spelling variants of one name that folding alone does not unify.
const SPELLING_GROUPS = [
  'cristian: christian kristian',
  'jonatan: jhonatan jonathon',
  'yolanda: iolanda',
  'vanesa: vanessa',
  'veronica: veronika',
  'monica: monika',
  'erika: erica',
  'eric: erik',
  'ivan: iban',
]

/** The raw groups, for tests and tooling that audit the table: [canonical, ...variants]. */
export const NICKNAME_GROUPS: readonly (readonly string[])[] = [
  ...SPANISH_GROUPS,
  ...ITALIAN_GROUPS,
  ...ENGLISH_GROUPS,
  ...SPELLING_GROUPS,
].map((line) => {
  const [canonical, variants] = line.split(':') as [string, string]
  return [canonical, ...variants.split(' ')]
    .filter((word) => word.length > 0)
    .map((word) => word.replaceAll('_', ' '))
})

function buildNicknameTable(): ReadonlyMap<string, string> {
  const table = new Map<string, string>()
  for (const [canonical, ...variants] of NICKNAME_GROUPS) {
    table.set(canonical, canonical)
    for (const variant of variants) {
      if (!table.has(variant)) table.set(variant, canonical)
    }
  }
  return table
}

/**
 * Folded given name or diminutive -> canonical given name, across Spanish, Italian and English
 * ('pepe' -> 'jose', 'giuseppe' -> 'jose', 'bill' -> 'guillermo', 'chema' -> 'jose maria').
 */
export const NICKNAMES: ReadonlyMap<string, string> = buildNicknameTable()

/**
 * The canonical form of one folded given-name token through {@link NICKNAMES}; a token the
 * table does not know is its own canonical form. May return two words ('chema' -> 'jose maria').
 */
export function canonicalGivenName(token: string): string {
  return NICKNAMES.get(token) ?? token
}

// Diminutives that stand for several names. The table above gives each the one canonical of its
// most common reading; these are all the readings, in canonical form, so that 'Tina' can be the
// Antonietta or the Concetta of another record and not only a Cristina. A match through one of
// them is a nickname match, no stronger: a family with a Cristina and a Martina still has two
// Tinas, and the other fields must tell them apart.
const AMBIGUOUS_GROUPS = [
  'tina: cristina antonia concepcion agustina martina valentina',
  'lele: gabriel manuel miguel daniel',
  'lella: rafaela manuela daniela gabriela',
  'teo: mateo esteban teodoro',
  'lina: carmela angela carolina paulina adelina',
  'toto: salvador antonio',
  'tino: agustin valentin constantino faustino celestino',
  'betta: isabel benedetta',
  'gerry: gerald gerardo',
  'mimi: domingo maria emilia',
  'max: maximiliano massimo',
  'nicky: nicolas nicola nicoletta',
  'jo: juana josefa',
  'sam: samuel samantha',
  'sammy: samuel samantha',
  'charlie: carlos carlota',
  'chris: cristobal cristina cristian',
  'ali: alistair alison alicia',
  'al: alberto alfredo alistair alfonso',
  'bert: alberto roberto',
  'harry: enrique harold',
  'hal: enrique harold',
  'rick: ricardo eric',
  'lou: luis luisa',
  'rosi: rosa rosaria rosemary',
  'rosie: rosa rosaria rosemary',
]

const READINGS: ReadonlyMap<string, readonly string[]> = new Map(
  AMBIGUOUS_GROUPS.map((line) => {
    const [variant, readings] = line.split(':') as [string, string]
    return [variant, readings.trim().split(' ')]
  }),
)

/**
 * Whether a folded one-token diminutive can stand for a name whose canonical form (one or more
 * words) is `canonical`, through its main reading or any other ('tina' and 'antonia').
 */
export function diminutiveCanStandFor(diminutive: string, canonical: string): boolean {
  const readings = READINGS.get(diminutive)
  if (readings === undefined) return false
  const tokens = canonical.split(' ')
  return readings.some((reading) => tokens.includes(reading))
}

// Short forms that serve a name's male and female forms alike ('Toni' and 'Toñi' for Antonio and
// Antonia, 'Dani' for Daniel and Daniela), whichever of the two the table maps them to. Every
// other form belongs to one gender, shorter than its canonical or not: 'Frank' is not Frances,
// 'Jane' (Juana) is not John (Juan), 'Patrick' is not Patricia.
const GENDER_NEUTRAL_SHORT_FORMS: ReadonlySet<string> = new Set(
  `toni alex ale sandy sasha dani gabi gabri lele pat patri lou manu rafa rafi raffa fran frankie
   fede agus giorgi juani mimi vale nico andy`
    .split(/\s+/)
    .filter((word) => word.length > 0),
)

/** Whether a folded given-name token is a short form both genders use ('toni', 'dani', 'fran'). */
export function servesBothGenders(token: string): boolean {
  return GENDER_NEUTRAL_SHORT_FORMS.has(token)
}

/** Whether a folded one-token diminutive stands for several names ('tina', 'jo', 'max'). */
export function isAmbiguousDiminutive(token: string): boolean {
  return READINGS.has(token)
}
