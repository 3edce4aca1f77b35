import { maskBirthDate, maskEmail, maskIdentifier, maskName, maskPhone, maskPostcode } from '../../core/index.js'
import type { CustomerView } from '../identity/identity-engine.js'

/**
 * What the till may show of a customer: initials and first letters, the birth year, the postcode
 * area, the last digits of a phone and of cards, and which contact points a one-time code can
 * be sent to. Enough for the assistant to say "is this you?", never enough to contact or
 * identify anyone.
 */
export interface MaskedProfile {
  readonly name: string
  readonly email?: string
  readonly phone?: string
  readonly birthYear?: string
  readonly postcodeArea?: string
  readonly cards: readonly string[]
  /** Where a one-time code can be sent to prove ownership: 'email', 'sms'. */
  readonly verifiableBy: readonly ('email' | 'sms')[]
}

export function maskedProfile(view: CustomerView): MaskedProfile {
  const attributes = view.golden.attributes
  const first = attributes.first_name?.value ?? ''
  const last = attributes.last_name?.value ?? ''
  const full = attributes.full_name?.value ?? ''
  const name = maskName(`${first} ${last}`.trim() || full)
  const email = attributes.email?.value
  const phone = attributes.phone?.value
  const birthDate = attributes.birth_date?.value
  const postcode = attributes.postcode?.value
  return {
    name,
    ...(email === undefined ? {} : { email: maskEmail(email) }),
    ...(phone === undefined ? {} : { phone: maskPhone(phone) }),
    ...(birthDate === undefined || maskBirthDate(birthDate) === '***' ? {} : { birthYear: maskBirthDate(birthDate) }),
    ...(postcode === undefined ? {} : { postcodeArea: maskPostcode(postcode) }),
    cards: [...new Set(view.golden.loyaltyCards.map((card) => maskIdentifier(card.value)))],
    verifiableBy: [...(email === undefined ? [] : (['email'] as const)), ...(phone === undefined ? [] : (['sms'] as const))],
  }
}
