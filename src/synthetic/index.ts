/**
 * @module synthetic — a seeded generator of realistic omnichannel customer data with ground
 * truth, for the demo, the accuracy tests and the benchmarks. Pure and deterministic: the same
 * options give the same records. Not part of the matching core: nothing here may be imported by
 * `core` or `engine`, and nothing here reads the clock or Math.random.
 */
export {
  generateDataset,
  generateRecords,
  type GenerateOptions,
  type GeneratedDataset,
  type GeneratedRecord,
} from './generate-dataset.js'
export {
  CHANNEL_KINDS,
  MISSABLE_FIELDS,
  PROFILES,
  resolveNoiseSettings,
  type ChannelKind,
  type MissableField,
  type NoiseSettings,
  type PartialNoiseSettings,
  type ProfileName,
} from './noise-settings.js'
export { PLACEHOLDER_EMAILS } from './emails.js'
export { PLACEHOLDER_PHONES } from './phones.js'
export { PLACEHOLDER_NAMES } from './records.js'
export { STORES } from './places.js'
export { SYNTHETIC_COUNTRIES, type SyntheticCountry } from './country.js'
