/** The countries the synthetic population lives in (ISO 3166-1 alpha-2). */
export const SYNTHETIC_COUNTRIES = ['ES', 'IT', 'GB'] as const

export type SyntheticCountry = (typeof SYNTHETIC_COUNTRIES)[number]

export const GENDERS = ['F', 'M'] as const

export type Gender = (typeof GENDERS)[number]
