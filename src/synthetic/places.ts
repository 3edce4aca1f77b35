import type { SyntheticCountry } from './country.js'

/**
 * A town the synthetic population lives in. `weight` is proportional to the population (tens of
 * thousands), so the big cities dominate and namesakes cluster where people really are.
 */
export interface City {
  readonly country: SyntheticCountry
  readonly name: string
  /** Other spellings people type: bilingual names, short forms ('Donostia', 'Newcastle'). */
  readonly nameVariants: readonly string[]
  /** Province (ES), province code (IT) or county (GB). */
  readonly region: string
  readonly regionVariants: readonly string[]
  /** ES / IT: the numeric postcode range [first, last]; printed with five digits. */
  readonly postcodeRange?: readonly [number, number]
  /** GB: the outward codes (postcode districts) of the town. */
  readonly postcodeDistricts?: readonly string[]
  readonly weight: number
  /**
   * Landline prefix as dialled at home: '91', '954' (ES), '06', '0521' (IT), '020', '0161' (GB).
   */
  readonly landlinePrefix: string
  /** Store codes a resident shops at; empty when no store is near. */
  readonly stores: readonly string[]
}

type CityRow = readonly [
  name: string,
  region: string,
  postcodes: readonly [number, number] | readonly string[],
  weight: number,
  landlinePrefix: string,
  stores: readonly string[],
  nameVariants?: readonly string[],
  regionVariants?: readonly string[],
]

/** Outward codes 'B1'..'B45' for a postcode area. */
function districts(area: string, first: number, last: number): string[] {
  const result: string[] = []
  for (let n = first; n <= last; n++) result.push(`${area}${n}`)
  return result
}

// prettier-ignore
const ES_ROWS: readonly CityRow[] = [
  ['Madrid', 'Madrid', [28001, 28055], 330, '91', ['MAD-01', 'MAD-02']],
  ['Barcelona', 'Barcelona', [8001, 8042], 166, '93', ['BCN-01', 'BCN-02'], [], ['Barna']],
  ['Valencia', 'Valencia', [46001, 46026], 80, '96', ['VAL-01'], ['València'], ['València']],
  ['Sevilla', 'Sevilla', [41001, 41020], 68, '954', ['SEV-01'], ['Seville'], []],
  ['Zaragoza', 'Zaragoza', [50001, 50021], 68, '976', ['ZAZ-01']],
  ['Málaga', 'Málaga', [29001, 29018], 58, '952', ['MAL-01']],
  ['Murcia', 'Murcia', [30001, 30012], 46, '968', []],
  ['Palma', 'Illes Balears', [7001, 7015], 42, '971', [], ['Palma de Mallorca'], ['Baleares']],
  ['Las Palmas de Gran Canaria', 'Las Palmas', [35001, 35019], 38, '928', [], ['Las Palmas']],
  ['Bilbao', 'Bizkaia', [48001, 48015], 35, '94', ['BIL-01'], ['Bilbo'], ['Vizcaya']],
  ['Alicante', 'Alicante', [3001, 3016], 34, '965', ['VAL-01'], ['Alacant'], ['Alacant']],
  ['Córdoba', 'Córdoba', [14001, 14014], 32, '957', ['SEV-01']],
  ['Valladolid', 'Valladolid', [47001, 47016], 30, '983', []],
  ['Vigo', 'Pontevedra', [36201, 36216], 29, '986', []],
  ['Gijón', 'Asturias', [33201, 33213], 27, '985', [], ['Xixón']],
  ["L'Hospitalet de Llobregat", 'Barcelona', [8901, 8908], 26, '93', ['BCN-02'],
    ['Hospitalet de Llobregat', "L'Hospitalet"]],
  ['A Coruña', 'A Coruña', [15001, 15011], 25, '981', [], ['La Coruña'], ['La Coruña']],
  ['Vitoria-Gasteiz', 'Araba', [1001, 1015], 25, '945', ['BIL-01'], ['Vitoria'], ['Álava']],
  ['Granada', 'Granada', [18001, 18015], 23, '958', ['MAL-01']],
  ['Elche', 'Alicante', [3201, 3208], 23, '965', ['VAL-01'], ['Elx']],
  ['Oviedo', 'Asturias', [33001, 33013], 22, '985', []],
  ['Badalona', 'Barcelona', [8911, 8918], 22, '93', ['BCN-02']],
  ['Terrassa', 'Barcelona', [8221, 8228], 22, '93', ['BCN-01'], ['Tarrasa']],
  ['Cartagena', 'Murcia', [30201, 30205], 21, '968', []],
  ['Jerez de la Frontera', 'Cádiz', [11401, 11408], 21, '956', ['SEV-01'], ['Jerez']],
  ['Sabadell', 'Barcelona', [8201, 8208], 21, '93', ['BCN-01']],
  ['Móstoles', 'Madrid', [28931, 28938], 21, '91', ['MAD-02']],
  ['Alcalá de Henares', 'Madrid', [28801, 28807], 19, '91', ['MAD-01']],
  ['Pamplona', 'Navarra', [31001, 31015], 20, '948', ['ZAZ-01'], ['Iruña'], ['Nafarroa']],
  ['Fuenlabrada', 'Madrid', [28941, 28947], 19, '91', ['MAD-02']],
  ['Almería', 'Almería', [4001, 4009], 20, '950', ['MAL-01']],
  ['San Sebastián', 'Gipuzkoa', [20001, 20018], 19, '943', ['BIL-01'],
    ['Donostia', 'Donostia-San Sebastián'], ['Guipúzcoa']],
  ['Leganés', 'Madrid', [28911, 28919], 19, '91', ['MAD-02']],
  ['Santander', 'Cantabria', [39001, 39012], 17, '942', ['BIL-01']],
  ['Burgos', 'Burgos', [9001, 9007], 17, '947', []],
  ['Castellón de la Plana', 'Castellón', [12001, 12006], 17, '964', ['VAL-01'],
    ['Castelló', 'Castellón'], ['Castelló']],
  ['Getafe', 'Madrid', [28901, 28909], 18, '91', ['MAD-02']],
  ['Alcorcón', 'Madrid', [28921, 28925], 17, '91', ['MAD-02']],
  ['Albacete', 'Albacete', [2001, 2008], 17, '967', []],
  ['Logroño', 'La Rioja', [26001, 26009], 15, '941', ['ZAZ-01']],
  ['Badajoz', 'Badajoz', [6001, 6011], 15, '924', []],
  ['Salamanca', 'Salamanca', [37001, 37008], 14, '923', []],
  ['Huelva', 'Huelva', [21001, 21007], 14, '959', ['SEV-01']],
  ['Marbella', 'Málaga', [29600, 29604], 14, '952', ['MAL-01']],
  ['Lleida', 'Lleida', [25001, 25008], 14, '973', [], ['Lérida'], ['Lérida']],
  ['Tarragona', 'Tarragona', [43001, 43008], 13, '977', ['BCN-01']],
  ['León', 'León', [24001, 24010], 12, '987', []],
  ['Cádiz', 'Cádiz', [11001, 11012], 11, '956', ['SEV-01']],
  ['Girona', 'Girona', [17001, 17007], 10, '972', ['BCN-01'], ['Gerona'], ['Gerona']],
  ['Toledo', 'Toledo', [45001, 45008], 8, '925', ['MAD-01']],
  ['Ourense', 'Ourense', [32001, 32005], 10, '988', [], ['Orense'], ['Orense']],
  ['Jaén', 'Jaén', [23001, 23009], 11, '953', []],
  ['Guadalajara', 'Guadalajara', [19001, 19005], 9, '949', ['MAD-01']],
  ['Cáceres', 'Cáceres', [10001, 10005], 9, '927', []],
  ['Sant Cugat del Vallès', 'Barcelona', [8172, 8174], 9, '93', ['BCN-01'], ['Sant Cugat']],
  ['Pozuelo de Alarcón', 'Madrid', [28223, 28224], 9, '91', ['MAD-01'], ['Pozuelo']],
  ['Las Rozas de Madrid', 'Madrid', [28230, 28232], 9, '91', ['MAD-01'], ['Las Rozas']],
  ['Torrejón de Ardoz', 'Madrid', [28850, 28850], 13, '91', ['MAD-01']],
  ['Dos Hermanas', 'Sevilla', [41700, 41704], 13, '955', ['SEV-01']],
  ['Mataró', 'Barcelona', [8301, 8304], 13, '93', ['BCN-02']],
]

// prettier-ignore
const IT_ROWS: readonly CityRow[] = [
  ['Roma', 'RM', [118, 199], 280, '06', ['ROM-01', 'ROM-03'], [], ['Roma']],
  ['Milano', 'MI', [20121, 20162], 140, '02', ['MIL-01', 'MIL-02'], [], ['Milano']],
  ['Napoli', 'NA', [80121, 80147], 93, '081', ['NAP-01'], [], ['Napoli']],
  ['Torino', 'TO', [10121, 10156], 85, '011', ['TOR-01'], [], ['Torino']],
  ['Palermo', 'PA', [90121, 90151], 63, '091', [], [], ['Palermo']],
  ['Genova', 'GE', [16121, 16167], 56, '010', ['TOR-01'], [], ['Genova']],
  ['Bologna', 'BO', [40121, 40141], 39, '051', ['BOL-01'], [], ['Bologna']],
  ['Firenze', 'FI', [50121, 50145], 37, '055', ['FIR-01'], [], ['Firenze']],
  ['Bari', 'BA', [70121, 70132], 31, '080', [], [], ['Bari']],
  ['Catania', 'CT', [95121, 95131], 30, '095', [], [], ['Catania']],
  ['Venezia', 'VE', [30121, 30176], 25, '041', [], ['Mestre'], ['Venezia']],
  ['Verona', 'VR', [37121, 37142], 25, '045', [], [], ['Verona']],
  ['Messina', 'ME', [98121, 98168], 22, '090', [], [], ['Messina']],
  ['Padova', 'PD', [35121, 35143], 21, '049', [], [], ['Padova']],
  ['Trieste', 'TS', [34121, 34151], 20, '040', [], [], ['Trieste']],
  ['Brescia', 'BS', [25121, 25136], 19, '030', ['MIL-01'], [], ['Brescia']],
  ['Parma', 'PR', [43121, 43126], 19, '0521', ['BOL-01'], [], ['Parma']],
  ['Taranto', 'TA', [74121, 74123], 19, '099', [], [], ['Taranto']],
  ['Prato', 'PO', [59100, 59100], 19, '0574', ['FIR-01'], [], ['Prato']],
  ['Modena', 'MO', [41121, 41126], 18, '059', ['BOL-01'], [], ['Modena']],
  ['Reggio Calabria', 'RC', [89121, 89135], 17, '0965', [],
    ['Reggio di Calabria'], ['Reggio Calabria']],
  ['Reggio Emilia', 'RE', [42121, 42124], 17, '0522', ['BOL-01'],
    ["Reggio nell'Emilia"], ['Reggio Emilia']],
  ['Perugia', 'PG', [6121, 6135], 16, '075', [], [], ['Perugia']],
  ['Livorno', 'LI', [57121, 57128], 15, '0586', ['FIR-01'], [], ['Livorno']],
  ['Ravenna', 'RA', [48121, 48125], 15, '0544', ['BOL-01'], [], ['Ravenna']],
  ['Cagliari', 'CA', [9121, 9134], 15, '070', [], [], ['Cagliari']],
  ['Foggia', 'FG', [71121, 71122], 15, '0881', [], [], ['Foggia']],
  ['Rimini', 'RN', [47921, 47924], 15, '0541', ['BOL-01'], [], ['Rimini']],
  ['Salerno', 'SA', [84121, 84135], 13, '089', ['NAP-01'], [], ['Salerno']],
  ['Ferrara', 'FE', [44121, 44124], 13, '0532', ['BOL-01'], [], ['Ferrara']],
  ['Latina', 'LT', [4100, 4100], 13, '0773', ['ROM-01'], [], ['Latina']],
  ['Monza', 'MB', [20900, 20900], 12, '039', ['MIL-02'], [], ['Monza e Brianza']],
  ['Bergamo', 'BG', [24121, 24129], 12, '035', ['MIL-02'], [], ['Bergamo']],
  ['Pescara', 'PE', [65121, 65129], 12, '085', [], [], ['Pescara']],
  ['Vicenza', 'VI', [36100, 36100], 11, '0444', [], [], ['Vicenza']],
  ['Trento', 'TN', [38121, 38123], 12, '0461', [], [], ['Trento']],
  ['Novara', 'NO', [28100, 28100], 10, '0321', ['MIL-01'], [], ['Novara']],
  ['Ancona', 'AN', [60121, 60131], 10, '071', [], [], ['Ancona']],
  ['Sesto San Giovanni', 'MI', [20099, 20099], 8, '02', ['MIL-02'], [], ['Milano']],
  ['Fiumicino', 'RM', [54, 54], 8, '06', ['ROM-03'], [], ['Roma']],
  ['Giugliano in Campania', 'NA', [80014, 80014], 12, '081', ['NAP-01'], ['Giugliano'], ['Napoli']],
  ['Torre del Greco', 'NA', [80059, 80059], 8, '081', ['NAP-01'], [], ['Napoli']],
]

// prettier-ignore
const GB_ROWS: readonly CityRow[] = [
  [
    'London', 'Greater London',
    [
      'E1', 'E2', 'E3', 'E5', 'E8', 'E14', 'E17', 'N1', 'N4', 'N7', 'N16', 'N19', 'NW1', 'NW3',
      'NW5', 'NW6', 'NW10', 'SE1', 'SE5', 'SE10', 'SE13', 'SE15', 'SE22', 'SW1A', 'SW1V',
      'SW2', 'SW4', 'SW6', 'SW9', 'SW11', 'SW15', 'SW17', 'SW19', 'W1D', 'W1T', 'W2', 'W4',
      'W5', 'W9', 'W12', 'EC1V', 'EC2A', 'WC1H', 'WC2N', 'CR0', 'HA0', 'IG1', 'UB3',
    ],
    900, '020', ['LON-01', 'LON-02'], [], ['London'],
  ],
  ['Birmingham', 'West Midlands', districts('B', 1, 45), 115, '0121', ['BIR-01']],
  ['Leeds', 'West Yorkshire', districts('LS', 1, 28), 80, '0113', ['LEE-01']],
  ['Glasgow', 'Glasgow City', districts('G', 1, 53), 63, '0141', ['GLA-01'], [], ['Lanarkshire']],
  ['Sheffield', 'South Yorkshire', districts('S', 1, 36), 58, '0114', ['LEE-01']],
  ['Manchester', 'Greater Manchester', districts('M', 1, 40), 55, '0161', ['MAN-01']],
  ['Bradford', 'West Yorkshire', districts('BD', 1, 10), 54, '01274', ['LEE-01']],
  ['Edinburgh', 'City of Edinburgh', districts('EH', 1, 17), 52, '0131', ['EDI-01'],
    [], ['Midlothian']],
  ['Liverpool', 'Merseyside', districts('L', 1, 25), 50, '0151', ['MAN-01']],
  ['Bristol', 'City of Bristol', districts('BS', 1, 16), 47, '0117', [], [], ['Avon']],
  ['Coventry', 'West Midlands', districts('CV', 1, 6), 37, '024', ['BIR-01']],
  ['Cardiff', 'South Glamorgan', districts('CF', 10, 24), 36, '029', [], ['Caerdydd']],
  ['Leicester', 'Leicestershire', districts('LE', 1, 5), 35, '0116', ['BIR-01']],
  ['Belfast', 'County Antrim', districts('BT', 1, 17), 34, '028', [], [], ['Antrim']],
  ['Nottingham', 'Nottinghamshire', districts('NG', 1, 11), 33, '0115', ['BIR-01'], [], ['Notts']],
  ['Newcastle upon Tyne', 'Tyne and Wear', districts('NE', 1, 15), 30, '0191', [], ['Newcastle']],
  ['Brighton', 'East Sussex', districts('BN', 1, 3), 29, '01273', ['LON-02'],
    ['Brighton and Hove']],
  ['Plymouth', 'Devon', districts('PL', 1, 9), 26, '01752', []],
  ['Stoke-on-Trent', 'Staffordshire', districts('ST', 1, 6), 26, '01782', ['MAN-01'], ['Stoke']],
  ['Wolverhampton', 'West Midlands', districts('WV', 1, 14), 26, '01902', ['BIR-01']],
  ['Derby', 'Derbyshire', districts('DE', 1, 24), 26, '01332', ['BIR-01']],
  ['Hull', 'East Riding of Yorkshire', districts('HU', 1, 10), 26, '01482', ['LEE-01'],
    ['Kingston upon Hull']],
  ['Southampton', 'Hampshire', districts('SO', 14, 19), 25, '023', [], [], ['Hants']],
  ['Swansea', 'West Glamorgan', districts('SA', 1, 7), 24, '01792', []],
  ['Milton Keynes', 'Buckinghamshire', districts('MK', 1, 19), 23, '01908', ['LON-02'],
    [], ['Bucks']],
  ['Portsmouth', 'Hampshire', districts('PO', 1, 6), 21, '023', [], [], ['Hants']],
  ['York', 'North Yorkshire', districts('YO', 1, 32), 21, '01904', ['LEE-01']],
  ['Aberdeen', 'Aberdeen City', districts('AB', 10, 25), 20, '01224', [], [], ['Aberdeenshire']],
  ['Reading', 'Berkshire', districts('RG', 1, 6), 17, '0118', ['LON-02'], [], ['Berks']],
  ['Oxford', 'Oxfordshire', districts('OX', 1, 4), 15, '01865', ['LON-02'], [], ['Oxon']],
  ['Cambridge', 'Cambridgeshire', districts('CB', 1, 5), 14, '01223', ['LON-01'], [], ['Cambs']],
  ['Norwich', 'Norfolk', districts('NR', 1, 7), 14, '01603', []],
]

function toCity(country: SyntheticCountry, row: CityRow): City {
  const [name, region, postcodes, weight, landlinePrefix, stores, nameVariants, regionVariants] =
    row
  const isRange = typeof postcodes[0] === 'number'
  return {
    country,
    name,
    nameVariants: nameVariants ?? [],
    region,
    regionVariants: regionVariants ?? [],
    postcodeRange: isRange ? (postcodes as readonly [number, number]) : undefined,
    postcodeDistricts: isRange ? undefined : (postcodes as readonly string[]),
    weight,
    landlinePrefix,
    stores,
  }
}

export const CITIES: Record<SyntheticCountry, readonly City[]> = {
  ES: ES_ROWS.map((row) => toCity('ES', row)),
  IT: IT_ROWS.map((row) => toCity('IT', row)),
  GB: GB_ROWS.map((row) => toCity('GB', row)),
}

/** Every store code, by country; a record's source is `store:<code>`. */
// prettier-ignore
export const STORES: Record<SyntheticCountry, readonly string[]> = {
  ES: ['MAD-01', 'MAD-02', 'BCN-01', 'BCN-02', 'VAL-01', 'SEV-01', 'BIL-01', 'MAL-01', 'ZAZ-01'],
  IT: ['MIL-01', 'MIL-02', 'ROM-01', 'ROM-03', 'NAP-01', 'TOR-01', 'BOL-01', 'FIR-01'],
  GB: ['LON-01', 'LON-02', 'MAN-01', 'BIR-01', 'LEE-01', 'GLA-01', 'EDI-01'],
}
