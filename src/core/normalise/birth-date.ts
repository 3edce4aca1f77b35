import { isPlaceholderBirthDate } from './placeholder.js'

const MIN_YEAR = 1000
const MAX_YEAR = 2100

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31
}

function pad2(value: number): string {
  return value < 10 ? '0' + value : String(value)
}

/** Validates and formats; month / day 0 mean unknown ('1984-00-00' -> '1984'). */
function formatDate(year: number, month: number, day: number): string {
  if (!(year >= MIN_YEAR && year <= MAX_YEAR)) return ''
  if (month === 0) return day === 0 ? String(year) : ''
  if (!(month >= 1 && month <= 12)) return ''
  if (day === 0) return `${year}-${pad2(month)}`
  if (!(day >= 1 && day <= daysInMonth(year, month))) return ''
  const iso = `${year}-${pad2(month)}-${pad2(day)}`
  return isPlaceholderBirthDate(iso) ? '' : iso
}

function isDigits(value: string): boolean {
  if (value.length === 0) return false
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i)
    if (code < 0x30 || code > 0x39) return false
  }
  return true
}

const PART_SEPARATORS = /[-/.]/

/**
 * Normalises a birth date to 'YYYY-MM-DD', 'YYYY-MM' or 'YYYY'. Reads ISO dates (with or
 * without a time), 'YYYY-MM', 'YYYY', 'YYYYMMDD' (FEBRL), 'YYYY/MM/DD' and day-first
 * 'DD/MM/YYYY', 'D-M-YYYY', 'DD.MM.YYYY'; a day-first date whose second part exceeds 12 is
 * read month-first (US order). Years 1000–2100; month or day 00 mean unknown. Two-digit years
 * (no safe century), impossible dates and placeholders (1900-01-01, 9999-12-31...) give ''.
 */
export function normaliseBirthDate(raw: string | undefined): string {
  if (raw === undefined) return ''
  let value = raw.trim()
  if (value.length === 0) return ''
  // Drop a time: '1984-03-07T00:00:00Z', '07/03/1984 00:00'.
  const space = value.indexOf(' ')
  if (space !== -1) value = value.slice(0, space)
  const t = value.indexOf('T')
  if (t >= 8) value = value.slice(0, t)
  if (isDigits(value)) {
    if (value.length === 8) {
      return formatDate(
        Number(value.slice(0, 4)),
        Number(value.slice(4, 6)),
        Number(value.slice(6)),
      )
    }
    return value.length === 4 ? formatDate(Number(value), 0, 0) : ''
  }
  const parts = value.split(PART_SEPARATORS)
  for (const part of parts) if (!isDigits(part) || part.length > 4) return ''
  if (parts.length === 3) {
    const [a, b, c] = parts
    if (a.length === 4) return formatDate(Number(a), Number(b), Number(c))
    if (c.length !== 4 || a.length > 2 || b.length > 2) return ''
    const first = Number(a)
    const second = Number(b)
    if (second > 12 && first <= 12) return formatDate(Number(c), first, second)
    return formatDate(Number(c), second, first)
  }
  if (parts.length === 2) {
    const [a, b] = parts
    if (a.length === 4 && b.length <= 2) return formatDate(Number(a), Number(b), 0)
    if (b.length === 4 && a.length <= 2) return formatDate(Number(b), Number(a), 0)
  }
  return ''
}
