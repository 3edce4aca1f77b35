import { describe, expect, it } from 'vitest'

import {
  BIRTH_DATE_AGREEMENTS,
  birthDateDayDifference,
  compareBirthDates,
} from './date-difference.js'

describe('compareBirthDates', () => {
  it.each([
    ['1984-03-07', '1984-03-07', 'exact'],
    ['1984-03', '1984-03-07', 'partial_exact'],
    ['1984-03-07', '1984', 'partial_exact'],
    ['1984', '1984', 'partial_exact'],
    ['1984-03', '1984-03', 'partial_exact'],
    ['1984-03-07', '1984-07-03', 'day_month_swapped'],
    ['1984-03-07', '1984-03-08', 'one_digit_typo'],
    ['1984-03-07', '1994-03-07', 'one_digit_typo'],
    ['1984-03-07', '1948-03-07', 'one_digit_typo'],
    ['1984-03-12', '1984-03-21', 'one_digit_typo'],
    ['1984', '1948-05-01', 'one_digit_typo'],
    ['1984-03', '1984-08', 'one_digit_typo'],
    ['1984-03-07', '1984-03-25', 'same_year_month'],
    ['1984-03-07', '1984-11-25', 'within_one_year'],
    ['1984-12-30', '1985-01-02', 'within_one_year'],
    ['1984-03', '1985-01', 'within_one_year'],
    ['1989', '1990-06-01', 'within_one_year'],
    ['1984-03-07', '1986-09-25', 'different'],
    ['1984-03-07', '1985-03-09', 'different'],
    ['1984-03', '1985-05', 'different'],
    ['1984', '1991', 'different'],
    ['1984', '1987', 'one_digit_typo'],
  ] as const)('should return %s vs %s -> %s', (a, b, expected) => {
    expect(compareBirthDates(a, b)).toBe(expected)
    expect(compareBirthDates(b, a)).toBe(expected)
  })

  it.each([
    ['**07-07-15', '2007-07-15', 'exact'],
    ['**07-07-15', '1907-07-15', 'exact'],
    ['**85-12-10', '**85-12-10', 'exact'],
    ['**85-12-10', '1985', 'partial_exact'],
    ['**82-08-10', '1982-08-11', 'one_digit_typo'],
    ['**85-12-10', '**86-12-10', 'one_digit_typo'],
    ['**07-07-15', '1982-08-10', 'different'],
  ] as const)('should read a date without its century (%s) in the century of %s -> %s', (a, b, expected) => {
    expect(compareBirthDates(a, b)).toBe(expected)
    expect(compareBirthDates(b, a)).toBe(expected)
  })

  it('should return day_month_swapped when the swap changes several digits', () => {
    expect(compareBirthDates('1984-01-10', '1984-10-01')).toBe('day_month_swapped')
  })

  it('should return different when either date is missing or malformed', () => {
    expect(compareBirthDates('', '1984-03-07')).toBe('different')
    expect(compareBirthDates('', '')).toBe('different')
    expect(compareBirthDates('1984-3-7', '1984-03-07')).toBe('different')
    expect(compareBirthDates('1984-13-07', '1984-03-07')).toBe('different')
    expect(compareBirthDates('1984-03-00', '1984-03-07')).toBe('different')
    expect(compareBirthDates('84-03-07', '84-03-07')).toBe('different')
    expect(compareBirthDates('1984/03/07', '1984/03/07')).toBe('different')
  })

  it('should list the levels strongest first when exported', () => {
    expect(BIRTH_DATE_AGREEMENTS[0]).toBe('exact')
    expect(BIRTH_DATE_AGREEMENTS[BIRTH_DATE_AGREEMENTS.length - 1]).toBe('different')
  })
})

describe('birthDateDayDifference', () => {
  it.each([
    ['1984-03-07', '1984-03-07', 0],
    ['1984-03-07', '1984-03-08', 1],
    ['1984-02-28', '1984-03-01', 2],
    ['1985-02-28', '1985-03-01', 1],
    ['2000-02-28', '2000-03-01', 2],
    ['1900-02-28', '1900-03-01', 1],
    ['1970-01-01', '2000-01-01', 10957],
    ['1984-12-31', '1984-01-01', 365],
  ] as const)('should count %s to %s as %i days', (a, b, expected) => {
    expect(birthDateDayDifference(a, b)).toBe(expected)
  })

  it('should agree with calendar arithmetic when spanning a century', () => {
    const days = (iso: string): number => Date.parse(`${iso}T00:00:00Z`) / 86_400_000
    for (const [a, b] of [
      ['1899-07-14', '2024-02-29'],
      ['1601-01-01', '1999-12-31'],
    ]) {
      expect(birthDateDayDifference(a, b)).toBe(Math.abs(days(a) - days(b)))
    }
  })

  it('should return NaN when either date is not full', () => {
    expect(birthDateDayDifference('1984-03', '1984-03-07')).toBeNaN()
    expect(birthDateDayDifference('', '1984-03-07')).toBeNaN()
  })
})
