import { describe, expect, it } from 'vitest'

import { normaliseAddress } from './address.js'

const address = (street: string, house_number = '', unit = '') => ({ street, house_number, unit })

describe('normaliseAddress', () => {
  it.each([
    ['C/ Mayor 12, 3ºB', address('calle mayor', '12', '3 b')],
    ['C/Mayor 12', address('calle mayor', '12')],
    ['C. Mayor 12', address('calle mayor', '12')],
    ['Cl Mayor 3', address('calle mayor', '3')],
    ['Calle Mayor, nº 12', address('calle mayor', '12')],
    ['Calle Mayor, Nº12, 3º B', address('calle mayor', '12', '3 b')],
    ['Calle Mayor 12 piso 3 puerta B', address('calle mayor', '12', '3 b')],
    ['Calle Mayor 012', address('calle mayor', '12')],
    ['Avda. de la Constitución 25, 3-B', address('avenida constitucion', '25', '3 b')],
    ['Av. Diagonal 640 ático', address('avenida diagonal', '640', 'atico')],
    ['Pº de Gracia 45 3º 2ª', address('paseo gracia', '45', '3 2')],
    ['P.º de la Castellana 100', address('paseo castellana', '100')],
    ['Pza. de España, 1 bajo', address('plaza espana', '1', 'bajo')],
    ['Ctra. de Valencia 3', address('carretera valencia', '3')],
    ['Cno. Viejo 7', address('camino viejo', '7')],
    ['Rda. de Atocha 5', address('ronda atocha', '5')],
    ['Trav. del Mar 2', address('travesia mar', '2')],
    ['Urb. Los Pinos, 14', address('urbanizacion pinos', '14')],
    ['Bº Salamanca, C/ Goya 5', address('calle goya', '5')],
    ['Calle 2 de Mayo 5, 1º izda', address('calle 2 mayo', '5', '1 izq')],
    ['Camino Real 12', address('camino real', '12')],
  ])('should parse the Spanish address %s', (line1, expected) => {
    expect(normaliseAddress(line1, '', 'ES')).toEqual(expected)
  })

  it.each(['C/ Mayor s/n', 'C/ Mayor, s/n', 'Calle Mayor S/N', 'Calle Mayor s.n.'])(
    'should give no house number when %s is sin número',
    (line1) => {
      expect(normaliseAddress(line1, '', 'ES')).toEqual(address('calle mayor'))
    },
  )

  it.each([
    ['Via Roma 5/a', address('via roma', '5a')],
    ['Via Roma, 5', address('via roma', '5')],
    ['V. Roma 5', address('via roma', '5')],
    ['V.le Europa 10 scala A int 5', address('viale europa', '10', 'a 5')],
    ['P.zza Garibaldi 3', address('piazza garibaldi', '3')],
    ['P.za Duomo 1', address('piazza duomo', '1')],
    ['C.so Vittorio Emanuele II 112', address('corso vittorio emanuele ii', '112')],
    ['Vic. Stretto 4', address('vicolo stretto', '4')],
    ['L.go Augusto 2', address('largo augusto', '2')],
    ['Str. Statale 9', address('strada statale', '9')],
    ['Loc. Piano 3', address('localita piano', '3')],
    ["Via dell'Orto 7", address('via orto', '7')],
    ['Via XX Settembre 20', address('via xx settembre', '20')],
    ['Via Roma 12 bis', address('via roma', '12bis')],
    ['Corso Roma n. 79', address('corso roma', '79')],
    ['Corso Roma, n. 79, int. 5', address('corso roma', '79', '5')],
    ['Via Fiume n.160, int.22', address('via fiume', '160', '22')],
    ['Via Roma, civico 3', address('via roma', '3')],
    ['Via Roma civ. 3', address('via roma', '3')],
    ['C.da Fontana 3', address('contrada fontana', '3')],
  ])('should parse the Italian address %s', (line1, expected) => {
    expect(normaliseAddress(line1, '', 'IT')).toEqual(expected)
  })

  it.each([
    ['12 High St', address('high street', '12')],
    ['12a High St', address('high street', '12a')],
    ['Flat 3, 12 High Street', address('high street', '12', '3')],
    ['Apt 4 22 Baker St', address('baker street', '22', '4')],
    ['St Johns Road', address('saint johns road')],
    ['12 St Mary St', address('saint mary street', '12')],
    ['3 Rose Cl', address('rose close', '3')],
    ['5 Park Ave', address('park avenue', '5')],
    ['7 Mill Ln', address('mill lane', '7')],
    ['9 Oak Dr', address('oak drive', '9')],
    ['1 Kings Ct', address('kings court', '1')],
    ['2 Market Pl', address('market place', '2')],
    ['4 Russell Sq', address('russell square', '4')],
    ['6 Royal Cres', address('royal crescent', '6')],
    ['8 Rose Gdns', address('rose gardens', '8')],
    ['10 Albert Tce', address('albert terrace', '10')],
    ['11 Hyde Pk', address('hyde park', '11')],
    ['10 Downing Street, London', address('downing street', '10')],
    ['12 High St, Flat 2', address('high street', '12', '2')],
    ['49, Main Road', address('main road', '49')],
    ['1, LONDON DRIVE', address('london drive', '1')],
  ])('should parse the British address %s', (line1, expected) => {
    expect(normaliseAddress(line1, '', 'GB')).toEqual(expected)
  })

  it('should skip a house name when a number-first street follows it', () => {
    expect(normaliseAddress('Rose Cottage, 12 High St', '', 'GB')).toEqual(
      address('high street', '12'),
    )
    expect(normaliseAddress('Flat 3, Rose Court, 12 High St', '', 'GB')).toEqual(
      address('high street', '12', '3'),
    )
  })

  it('should keep the Spanish reading when the segment after the street is number and unit', () => {
    expect(normaliseAddress('Calle Mayor, 12 3º B', '', '')).toEqual(
      address('calle mayor', '12', '3 b'),
    )
    expect(normaliseAddress('Plaza España, 1 bajo', '', '')).toEqual(
      address('plaza espana', '1', 'bajo'),
    )
  })

  it('should read Cl and Pl by the record country when the abbreviation is ambiguous', () => {
    expect(normaliseAddress('Cl Mayor 3', '', 'ES').street).toBe('calle mayor')
    expect(normaliseAddress('3 Rose Cl', '', 'GB').street).toBe('rose close')
    expect(normaliseAddress('Pl. Mayor 1', '', 'ES').street).toBe('plaza mayor')
    expect(normaliseAddress('2 Market Pl', '', 'GB').street).toBe('market place')
  })

  it('should try every table when the country is unknown', () => {
    expect(normaliseAddress('C/ Mayor 12, 3ºB', '', '')).toEqual(
      address('calle mayor', '12', '3 b'),
    )
    expect(normaliseAddress('Via Roma 5', '', '')).toEqual(address('via roma', '5'))
    expect(normaliseAddress('12 High St', '', '')).toEqual(address('high street', '12'))
    expect(normaliseAddress('6 tullaroop street', '', '')).toEqual(address('tullaroop street', '6'))
  })

  it('should take the unit from line 2 when line 2 holds a floor and door', () => {
    expect(normaliseAddress('Calle Mayor 12', 'Piso 3 Puerta B', 'ES').unit).toBe('3 b')
    expect(normaliseAddress('Calle Mayor 12', '3º B', 'ES').unit).toBe('3 b')
    expect(normaliseAddress('12 High St', 'Flat 3', 'GB').unit).toBe('3')
    expect(normaliseAddress('Via Roma 5', 'int. 5', 'IT').unit).toBe('5')
  })

  it('should ignore line 2 when it holds a building name or a locality', () => {
    expect(normaliseAddress('Calle Mayor 12', 'Edificio Sol', 'ES')).toEqual(
      address('calle mayor', '12'),
    )
    expect(normaliseAddress('maltby circuit', 'coaling', '')).toEqual(address('maltby circuit'))
  })

  it('should keep the unit from line 1 when line 2 also has one', () => {
    expect(normaliseAddress('C/ Mayor 12, 3ºB', 'Piso 4', 'ES').unit).toBe('3 b')
  })

  it('should leave a postcode out of the unit when the line carries one', () => {
    expect(normaliseAddress('Calle Mayor, 12, 3º B, 28013 Madrid', '', 'ES')).toEqual(
      address('calle mayor', '12', '3 b'),
    )
  })

  it('should keep the first number when the house number is a range', () => {
    expect(normaliseAddress('Calle Mayor 12-14', '', 'ES')).toEqual(address('calle mayor', '12'))
    expect(normaliseAddress('12-14 High St', '', 'GB')).toEqual(address('high street', '12'))
  })

  it('should read a spaced dash as a unit separator when a floor follows the number', () => {
    expect(normaliseAddress('Calle Mayor 2 - 3º B', '', 'ES')).toEqual(
      address('calle mayor', '2', '3 b'),
    )
  })

  it('should read a unit keyword as the unit when the street has no number', () => {
    expect(normaliseAddress('Calle Mayor piso 3', '', 'ES')).toEqual(
      address('calle mayor', '', '3'),
    )
  })

  it('should return only a unit when line 1 is empty', () => {
    expect(normaliseAddress('', 'Flat 2', 'GB')).toEqual(address('', '', '2'))
  })

  it('should return missing fields when both lines are empty or absent', () => {
    expect(normaliseAddress('', '', 'ES')).toEqual(address(''))
    expect(normaliseAddress(undefined, undefined, '')).toEqual(address(''))
    expect(normaliseAddress(' , ', '', 'ES')).toEqual(address(''))
  })

  it('should not read a number marker inside a word when a street ends in -no', () => {
    expect(normaliseAddress('Camino 12', '', 'ES')).toEqual(address('camino', '12'))
  })

  it('should not resolve an inherited property when a token is a prototype key', () => {
    expect(normaliseAddress('Constructor 5', '', '')).toEqual(address('constructor', '5'))
  })
})
