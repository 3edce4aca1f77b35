import type { SyntheticCountry } from './country.js'

/**
 * Surnames per country, most frequent first. These lists are the head of the distribution; the
 * long tail comes from SURNAME_TAIL_PARTS below, because real surname tails are far longer than
 * any list (Italy has hundreds of thousands of surnames; Rossi, the most common, is ~0.2%).
 */
// prettier-ignore
export const SURNAMES: Record<SyntheticCountry, readonly string[]> = {
  ES: [
    'García', 'Rodríguez', 'González', 'Fernández', 'López', 'Martínez', 'Sánchez', 'Pérez',
    'Gómez', 'Martín', 'Jiménez', 'Hernández', 'Ruiz', 'Díaz', 'Moreno', 'Muñoz', 'Álvarez',
    'Romero', 'Gutiérrez', 'Alonso', 'Navarro', 'Torres', 'Domínguez', 'Ramos', 'Vázquez',
    'Ramírez', 'Gil', 'Serrano', 'Morales', 'Molina', 'Blanco', 'Suárez', 'Castro', 'Ortega',
    'Delgado', 'Ortiz', 'Marín', 'Rubio', 'Núñez', 'Medina', 'Sanz', 'Castillo', 'Iglesias',
    'Cortés', 'Garrido', 'Santos', 'Guerrero', 'Lozano', 'Cano', 'Cruz', 'Méndez', 'Flores',
    'Prieto', 'Herrera', 'Peña', 'León', 'Márquez', 'Cabrera', 'Gallego', 'Calvo', 'Vidal',
    'Campos', 'Reyes', 'Vega', 'Fuentes', 'Carrasco', 'Díez', 'Aguilar', 'Caballero', 'Nieto',
    'Santana', 'Vargas', 'Pascual', 'Giménez', 'Herrero', 'Hidalgo', 'Montero', 'Lorenzo',
    'Santiago', 'Benítez', 'Durán', 'Ibáñez', 'Arias', 'Mora', 'Ferrer', 'Carmona', 'Vicente',
    'Rojas', 'Soto', 'Crespo', 'Román', 'Pastor', 'Velasco', 'Parra', 'Sáez', 'Moya', 'Bravo',
    'Rivera', 'Gallardo', 'Soler', 'Esteban', 'Pardo', 'Franco', 'Espinosa', 'Lara', 'Rivas',
    'Silva', 'Rey', 'Casado', 'Montes', 'Vera', 'Cuesta', 'Merino', 'Luque', 'Galán',
    'Bermúdez', 'Sosa', 'Benito', 'Otero', 'Marcos', 'Izquierdo', 'Robles', 'Aguilera',
    'Soria', 'Mendoza', 'Beltrán', 'Guerra', 'Sierra', 'Hurtado', 'Manzano', 'Ávila',
    'Pacheco', 'Varela', 'Villar', 'Miranda', 'Trujillo', 'Salazar', 'Roldán', 'Luna', 'Serra',
    'Toledo', 'Conde', 'Acosta', 'Palacios', 'Plaza', 'Blázquez', 'Rueda', 'Alarcón',
    'Carrillo', 'Arroyo', 'Escobar', 'Heredia', 'Cordero', 'Quintana', 'Bueno', 'Miguel',
    'Ballesteros', 'Zamora', 'Salas', 'Redondo', 'Mateo', 'Pozo', 'Valero', 'Barroso',
    'Barrera', 'Correa', 'Villanueva', 'Pons', 'Maldonado', 'Tomás', 'Cuenca', 'Andrés',
    'Estévez', 'Vallejo', 'Esteve', 'Lázaro', 'Cabello', 'Bernal', 'Paredes', 'Coll', 'Sancho',
    'Aparicio', 'Mesa', 'Jurado', 'Alba', 'Pineda', 'Soriano', 'Ramón', 'Llorente', 'Bautista',
    'Mena', 'Oliva', 'Castaño', 'de la Fuente', 'de la Cruz', 'del Río', 'de la Torre',
    'del Valle', 'de Castro', 'de la Rosa', 'de Miguel', 'del Pozo', 'de Diego', 'de la Peña',
    'del Olmo', 'de las Heras', 'de la Calle', 'de Juan', 'de Andrés', 'Puig', 'Vila', 'Pujol',
    'Roca', 'Font', 'Martí', 'Riera', 'Bosch', 'Sala', 'Torrent', 'Casas', 'Vives',
    'Etxeberria', 'Aguirre', 'Goikoetxea', 'Urrutia', 'Zubizarreta', 'Arrieta', 'Pereira',
    'Seoane', 'Pazos', 'Souto', 'Castellanos', 'Valverde', 'Villalobos', 'Montoya', 'Robledo',
    'Quesada', 'Salcedo', 'Valdés', 'Zapata', 'Gálvez', 'Cisneros', 'Carvajal', 'Alcántara',
    'Arévalo', 'Bustamante', 'Cifuentes', 'Escudero', 'Quiroga', 'Sandoval', 'Villegas',
    'Benavides', 'Calderón', 'Cervantes', 'Coronado', 'Guzmán', 'Ponce', 'Mejía', 'Ruano',
    'Tapia', 'Chamorro', 'Expósito', 'Ferrando', 'Gámez', 'Lucas', 'Millán', 'Ojeda',
    'Palomo', 'Quintero', 'Rosado', 'Solano', 'Tejada', 'Torralba', 'Valencia', 'Zamorano',
  ],
  IT: [
    'Rossi', 'Russo', 'Ferrari', 'Esposito', 'Bianchi', 'Romano', 'Colombo', 'Ricci',
    'Marino', 'Greco', 'Bruno', 'Gallo', 'Conti', 'De Luca', 'Mancini', 'Costa', 'Giordano',
    'Rizzo', 'Lombardi', 'Moretti', 'Barbieri', 'Fontana', 'Santoro', 'Mariani', 'Rinaldi',
    'Caruso', 'Ferrara', 'Galli', 'Martini', 'Leone', 'Longo', 'Gentile', 'Martinelli',
    'Vitale', 'Lombardo', 'Serra', 'Coppola', 'De Santis', "D'Angelo", 'Marchetti', 'Parisi',
    'Villa', 'Conte', 'Ferraro', 'Ferri', 'Fabbri', 'Bianco', 'Marini', 'Grasso', 'Valentini',
    'Messina', 'Sala', 'De Angelis', 'Gatti', 'Pellegrini', 'Palumbo', 'Sanna', 'Farina',
    'Rizzi', 'Monti', 'Cattaneo', 'Morelli', 'Amato', 'Silvestri', 'Mazza', 'Testa', 'Grassi',
    'Pellegrino', 'Carbone', 'Giuliani', 'Benedetti', 'Barone', 'Rossetti', 'Caputo',
    'Montanari', 'Guerra', 'Palmieri', 'Bernardi', 'Martino', 'Fiore', 'De Rosa', 'Ferretti',
    'Bellini', 'Basile', 'Riva', 'Donati', 'Piras', 'Vitali', 'Battaglia', 'Sartori', 'Neri',
    'Costantini', 'Milani', 'Pagano', 'Ruggiero', 'Sorrentino', "D'Amico", 'Orlando', 'Negri',
    'Di Stefano', 'Di Marco', 'Di Giovanni', 'De Simone', 'Di Pietro', 'Lo Russo', 'La Rosa',
    'Lo Bianco', 'Dal Santo', 'Del Monte', 'Della Valle', 'Fumagalli', 'Brambilla',
    'Galbiati', 'Pozzi', 'Longhi', 'Colonna', 'Marchi', 'Ferro', 'Bassi', 'Carboni', 'Cocco',
    'Melis', 'Murgia', 'Cirillo', 'Napolitano', 'Marra', 'Pace', 'Mele', 'Santini',
    'Bertolini', 'Gualtieri', 'Guidi', 'Tosi', 'Rota', 'Baldi', 'Ricciardi', 'Orlandi',
    'Rossini', 'Bonetti', 'Franco', 'Leonardi', 'Pastore', 'Morello', 'Zanetti', 'Zanella',
    'Zanon', 'Ferrero', 'Bertoni', 'Bianchini', 'Cerutti', 'Cavallo', 'Vergani', 'Mazzola',
    'Moro', 'Fabris', 'Tedesco', 'Giorgi', 'Zito', 'Colella', 'Rocca', 'Rosati', 'Parodi',
    'Piazza', 'Grieco', 'Ventura', 'Romeo', 'Valente', 'Mariotti', 'Mancuso', 'Lo Presti',
    'Li Causi', 'De Marchi', 'Del Vecchio', 'Di Napoli', "D'Alessandro", 'Di Lorenzo',
    'De Martino', 'Di Benedetto', 'Della Rocca', 'Sanfilippo', 'Pugliese', 'Calabrese',
    'Siciliano', 'Lombardini', 'Veneziani', 'Toscano', 'Genovese', 'Fiorentino', 'Marchese',
    'Cattani', 'Bellomo', 'Cristiani', 'Bonomi', 'Ferrante', 'Spinelli', 'Guerrini',
    'Montalbano', 'Santangelo', 'Tripodi', 'Arena', 'Cuomo', 'Iovine', 'Landi', 'Nardi',
    'Pirozzi', 'Ruggeri', 'Sacco', 'Scotti', 'Vitiello',
  ],
  GB: [
    'Smith', 'Jones', 'Williams', 'Taylor', 'Brown', 'Davies', 'Evans', 'Wilson', 'Thomas',
    'Johnson', 'Roberts', 'Robinson', 'Thompson', 'Wright', 'Walker', 'White', 'Edwards',
    'Hughes', 'Green', 'Hall', 'Lewis', 'Harris', 'Clarke', 'Patel', 'Jackson', 'Wood',
    'Turner', 'Martin', 'Cooper', 'Hill', 'Ward', 'Morris', 'Moore', 'Clark', 'Lee', 'King',
    'Baker', 'Harrison', 'Morgan', 'Allen', 'James', 'Scott', 'Phillips', 'Watson', 'Davis',
    'Parker', 'Price', 'Bennett', 'Young', 'Griffiths', 'Mitchell', 'Kelly', 'Cook', 'Carter',
    'Richardson', 'Bailey', 'Collins', 'Bell', 'Shaw', 'Murphy', 'Miller', 'Cox', 'Richards',
    'Khan', 'Marshall', 'Anderson', 'Simpson', 'Ellis', 'Adams', 'Singh', 'Begum', 'Wilkinson',
    'Foster', 'Chapman', 'Powell', 'Webb', 'Rogers', 'Gray', 'Mason', 'Ali', 'Hunt', 'Hussain',
    'Campbell', 'Matthews', 'Owen', 'Palmer', 'Holmes', 'Mills', 'Barnes', 'Knight', 'Lloyd',
    'Butler', 'Russell', 'Barker', 'Fisher', 'Stevens', 'Jenkins', 'Murray', 'Dixon', 'Harvey',
    'Graham', 'Pearson', 'Ahmed', 'Fletcher', 'Walsh', 'Kaur', 'Gibson', 'Howard', 'Andrews',
    'Stewart', 'Elliott', 'Reynolds', 'Saunders', 'Payne', 'Fox', 'Ford', 'Pearce', 'Day',
    'Brooks', 'West', 'Lawrence', 'Cole', 'Atkinson', 'Bradley', 'Spencer', 'Gill', 'Dawson',
    'Ball', 'Burton', "O'Brien", 'Watts', 'Rose', 'Booth', 'Perry', 'Ryan', 'Grant', 'Wells',
    'Armstrong', 'Francis', 'Rees', 'Hayes', 'Hart', 'Hudson', 'Newman', 'Barrett', 'Webster',
    'Hunter', 'Gregory', 'Carr', 'Lowe', 'Page', 'Marsh', 'Riley', 'Dunn', 'Woods', 'Parsons',
    'Berry', 'Stone', 'Reid', 'Holland', 'Hawkins', 'Harding', 'Porter', 'Robertson', 'Newton',
    'Oliver', 'Reed', 'Kennedy', 'Williamson', 'Bird', 'Gardner', 'Shah', 'Dean', 'Lane',
    'Cooke', 'Bates', 'Henderson', 'Parry', 'Burgess', 'Bishop', 'Walton', 'Burns',
    'Nicholson', 'Shepherd', 'Ross', 'Cross', 'Long', 'Freeman', 'Warren', 'Nicholls',
    'Hamilton', 'Byrne', 'Sutton', 'McDonald', 'Yates', 'Hodgson', 'Robson', 'Curtis',
    'Hopkins', "O'Connor", 'Harper', 'Coleman', 'Watkins', 'Moss', 'McCarthy', 'Chambers',
    "O'Neill", 'Griffin', 'Sharp', 'Hardy', 'Wheeler', 'Potter', 'Osborne', 'Johnston',
    'Gordon', 'Doyle', 'Wallace', 'George', 'Jordan', 'Hutchinson', 'Rowe', 'Burke', 'May',
    'Pritchard', 'Gilbert', 'Willis', 'Higgins', 'Read', 'Miles', 'Stevenson', 'Stephenson',
    'Hammond', 'Arnold', 'Buckley', 'Walters', 'Hewitt', 'Barber', 'Nelson', 'Slater',
    'Austin', 'Sullivan', 'Whitehead', 'Mann', 'Frost', 'Lambert', 'Stephens', 'Blake',
    'Akhtar', 'Lynch', 'Goodwin', 'Barton', 'Woodward', 'Thomson', 'Cunningham', 'Quinn',
    'Barnett', 'Baxter', 'Bibi', 'Clayton', 'Nash', 'Greenwood', 'Jennings', 'Holt', 'Kemp',
    'Poole', 'Gallagher', 'Bond', 'Stokes', 'Tucker', 'Davidson', 'Fowler', 'Heath', 'Norman',
    'Middleton', 'Lawson', 'Banks', 'French', 'Stanley', 'Jarvis', 'Gibbs', 'Ferguson',
    'Hayward', 'Carroll', 'Douglas', 'Dickinson', 'Todd', 'Barlow', 'Peters', 'Lucas',
    'Knowles', 'Hartley', 'Miah', 'Simmons', 'Morton', 'Alexander', 'Field', 'Morrison',
    'Norris', 'Townsend', 'Preston', 'Hancock', 'Thornton', 'Baldwin', 'Burrows', 'Briggs',
    'Storey', 'Pickering', 'McKenzie', 'MacLeod', 'McLean', 'Fitzgerald', 'Fitzpatrick',
    "O'Sullivan", 'McGregor', 'MacDonald', 'De Souza', 'Van der Berg', 'Le Roux',
  ],
}

/**
 * Roots and endings from which plausible tail surnames are composed: Italian surnames are mostly
 * a root plus a diminutive or patronymic ending (Bert-olini, Zan-etti), Spanish and British tails
 * are dominated by place names (Villa-nueva, Ash-ford). Some combinations coincide with real
 * surnames of the head list; that only adds a little weight to them.
 */
// prettier-ignore
export const SURNAME_TAIL_PARTS: Record<
  SyntheticCountry,
  { readonly roots: readonly string[]; readonly endings: readonly string[] }
> = {
  ES: {
    roots: [
      'Valde', 'Villa', 'Monte', 'Castel', 'Torre', 'Fuente', 'Casa', 'Campo', 'Peña', 'Sala',
      'Val', 'Rio', 'Mata', 'Vega', 'Navas', 'Olme', 'Fresne', 'Roble', 'Caña', 'Zarza',
      'Alca', 'Bena', 'Albar', 'Cabe', 'Carra', 'Escala', 'Hoyo', 'Lagu', 'Mora', 'Palo',
    ],
    endings: [
      'verde', 'lobos', 'nueva', 'blanca', 'alta', 'seca', 'mayor', 'rrubia', 'llana',
      'grande', 'real', 'hermosa', 'franca', 'vieja', 'rrasa', 'do', 'dilla', 'nares', 'sca',
      'ñeda', 'ncio', 'rcón', 'zar',
    ],
  },
  IT: {
    roots: [
      'Bar', 'Ber', 'Bon', 'Cam', 'Cap', 'Car', 'Cas', 'Cav', 'Col', 'Cor', 'Fer', 'Fin',
      'Gal', 'Gar', 'Gor', 'Lan', 'Lor', 'Mag', 'Man', 'Mar', 'Mas', 'Mor', 'Pag', 'Pal',
      'Par', 'Pel', 'Pin', 'Pol', 'Ran', 'Ros', 'Sal', 'San', 'Ser', 'Sil', 'Tar', 'Tor', 'Val',
      'Ven', 'Zan', 'Zor', 'Bert', 'Brun', 'Cerr', 'Franc', 'Grim', 'Lucch', 'Pasqual', 'Marc',
      'Rinald', 'Bald', 'Benedett', 'Bracc', 'Cald', 'Cocc', 'Fior', 'Giann', 'Guarn', 'Lazz',
      'Mangian', 'Mazz', 'Nicol', 'Orl', 'Pacc', 'Piccol', 'Quart', 'Ricc', 'Sant', 'Tomm',
      'Vann', 'Zucc',
    ],
    endings: [
      'ini', 'etti', 'elli', 'oni', 'ucci', 'acci', 'ato', 'aro', 'ardi', 'esi', 'otti',
      'uzzi', 'one', 'ello', 'ino', 'ozzi', 'ani', 'eri', 'ali', 'olin',
    ],
  },
  GB: {
    roots: [
      'Ash', 'Brad', 'Brom', 'Crom', 'Dal', 'Down', 'Eding', 'Faul', 'Hal', 'Hart', 'Haw',
      'Kirk', 'Lang', 'Mid', 'Mor', 'North', 'Pem', 'Ray', 'Rush', 'Shel', 'Stan', 'Stock',
      'Sut', 'Thorn', 'Wad', 'Wal', 'Whit', 'Wim', 'Wool', 'Win', 'Black', 'Brook', 'Cald',
      'Card', 'Fair', 'Green', 'Hol', 'Lin', 'Pen', 'Rad', 'Rom', 'Sand', 'Stam', 'Went',
      'Cran', 'Elm', 'Fern', 'Hather', 'Ogle', 'Sher',
    ],
    endings: [
      'ley', 'ton', 'ford', 'field', 'wood', 'ham', 'worth', 'by', 'well', 'more', 'stone',
      'bridge', 'dale', 'hurst', 'wick', 'combe',
    ],
  },
}
