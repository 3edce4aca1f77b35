import { describe, expect, it } from 'vitest'

import { normaliseBirthDate } from './birth-date.js'

describe('normaliseBirthDate', () => {
  it.each([
    ['1984-03-07', '1984-03-07'],
    ['1984-03', '1984-03'],
    ['1984', '1984'],
    ['19840307', '1984-03-07'],
    ['07/03/1984', '1984-03-07'],
    ['07-03-1984', '1984-03-07'],
    ['7/3/1984', '1984-03-07'],
    ['07.03.1984', '1984-03-07'],
    ['1984/03/07', '1984-03-07'],
    ['1984-03-07T00:00:00Z', '1984-03-07'],
    ['1984-03-07 10:22:00', '1984-03-07'],
    ['07/03/1984 00:00', '1984-03-07'],
    ['03/1984', '1984-03'],
    [' 1984-3-7 ', '1984-03-07'],
  ])('should read %s as %s', (raw, expected) => {
    expect(normaliseBirthDate(raw)).toBe(expected)
  })

  it('should read month first when the second part cannot be a month', () => {
    expect(normaliseBirthDate('03/25/1984')).toBe('1984-03-25')
  })

  it('should accept 29 February when the year is a leap year', () => {
    expect(normaliseBirthDate('2000-02-29')).toBe('2000-02-29')
    expect(normaliseBirthDate('1984-02-29')).toBe('1984-02-29')
  })

  it('should reject 29 February when the year is not a leap year', () => {
    expect(normaliseBirthDate('1900-02-29')).toBe('')
    expect(normaliseBirthDate('1983-02-29')).toBe('')
  })

  it('should accept historical dates when the year is 1000 or later', () => {
    expect(normaliseBirthDate('1630-08-01')).toBe('1630-08-01')
    expect(normaliseBirthDate('1000')).toBe('1000')
  })

  it('should read zero month or day as unknown when systems pad unknown parts', () => {
    expect(normaliseBirthDate('1984-00-00')).toBe('1984')
    expect(normaliseBirthDate('1984-03-00')).toBe('1984-03')
    expect(normaliseBirthDate('19840000')).toBe('1984')
  })

  it.each([
    '1984-13-01',
    '1984-02-30',
    '1984-04-31',
    '31/31/1984',
    '0999-01-01',
    '2101-01-01',
    '07/03/84',
    '840307',
    '1984-3-7-1',
    'ayer',
    '1984-00-07',
    '19841307',
  ])('should return missing when %s is invalid', (raw) => {
    expect(normaliseBirthDate(raw)).toBe('')
  })

  it.each([
    '1900-01-01',
    '01/01/1900',
    '19000101',
    '1901-01-01',
    '0001-01-01',
    '9999-12-31',
    '1111-11-11',
  ])('should return missing when %s is a placeholder', (raw) => {
    expect(normaliseBirthDate(raw)).toBe('')
  })

  it('should return missing when the date is empty or absent', () => {
    expect(normaliseBirthDate('')).toBe('')
    expect(normaliseBirthDate(undefined)).toBe('')
  })
})
