import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

import type { Config } from '../../config/index.js'
import { ISO_ALPHA_2, parseBlockingRule, parseModelOrThrow, withModel, type BlockingRule, type Model, type ModelSettings } from '../../core/index.js'
import { openPostgresStore, openSqliteStore, type Store, type StoreReader } from '../../store/index.js'
import { mostCommonCountries } from '../batch/batch-tasks.js'
import { SmtpEmailSender, WebhookSmsSender, type ContactSender } from '../counter/contact-senders.js'
import { createCounterService, type CounterService } from '../counter/counter-service.js'
import { createIdentityEngine } from './create-identity-engine.js'
import type { IdentityEngine } from './identity-engine.js'

/** The model shipped with Tessera (trained on synthetic data), used until one is stored. */
const DEFAULT_MODEL_URL = new URL('../../../models/default-model.json', import.meta.url)

export function loadDefaultModel(): Model {
  return parseModelOrThrow(readFileSync(fileURLToPath(DEFAULT_MODEL_URL), 'utf8'), 'models/default-model.json')
}

/** The store the configuration names: the one place that knows the concrete stores (STYLE D3). */
export async function openConfiguredStore(config: Config): Promise<Store> {
  const store =
    config.store.kind === 'sqlite'
      ? await openSqliteStore({ path: config.store.path })
      : await openPostgresStore({ url: config.store.url, poolSize: config.store.poolSize })
  try {
    await store.migrate()
  } catch (error) {
    await store.close()
    throw error
  }
  return store
}

/** Match settings set in the config override the model's own (as for batch runs). */
export function applyConfiguredSettings(model: Model, config: Config): Model {
  const { maxClusterSize: _maxClusterSize, guards, ...matching } = config.matching
  const overrides = Object.fromEntries(Object.entries(matching).filter(([, v]) => v !== undefined)) as Partial<ModelSettings>
  const settings: ModelSettings = {
    ...model.settings,
    ...overrides,
    ...(guards === undefined ? {} : { guards: { ...model.settings.guards, ...guards } }),
  }
  return withModel(model, { settings })
}

export function configuredBlockingRules(config: Config): BlockingRule[] | undefined {
  return config.blocking.rules?.map((rule) => parseBlockingRule(rule.features.join(' & ') + (rule.loose ? ' (loose)' : '')))
}

/** The model real-time resolution uses: the store's active model, else the shipped default. */
export async function activeModel(store: Store): Promise<{ model: Model; modelId?: string }> {
  const stored = await store.getActiveModel()
  if (stored === undefined) return { model: loadDefaultModel() }
  return { model: parseModelOrThrow(stored.json, `stored model ${stored.modelId}`), modelId: stored.modelId }
}

/**
 * The countries of the stored records, most common first, from the term-frequency snapshot:
 * how the service reads a phone typed without a country when `countries` is not configured,
 * as batch resolution reads it with the file's own countries.
 */
export async function storedCountries(store: StoreReader): Promise<string[]> {
  const snapshot = (await store.getTermFrequencies(new Map([['country', [...ISO_ALPHA_2]]]))).get('country')
  if (snapshot === undefined || snapshot.present === 0) return []
  return mostCommonCountries(snapshot.counts, snapshot.present)
}

export interface OpenedIdentityEngine {
  readonly engine: IdentityEngine
  /** The till's service over the same store and engine. */
  readonly counter: CounterService
  readonly store: Store
  readonly modelId?: string
}

/** Composition root: Config → store (migrated) → model → engine. */
export async function openIdentityEngine(
  config: Config,
  /** env: where the counter's secrets come from (the CLI passes process.env; see counterSecrets). */
  options: { clock?: () => number; env?: Readonly<Record<string, string | undefined>> } = {},
): Promise<OpenedIdentityEngine> {
  const store = await openConfiguredStore(config)
  try {
    const { model, modelId } = await activeModel(store)
    const rules = configuredBlockingRules(config)
    const engine = createIdentityEngine({
      store,
      model: applyConfiguredSettings(model, config),
      settings: config.service,
      ...(rules === undefined ? {} : { blockingRules: rules }),
      ...(config.defaultCountry === undefined ? {} : { defaultCountry: config.defaultCountry }),
      fallbackCountries: config.countries ?? (await storedCountries(store)),
      ...(options.clock === undefined ? {} : { clock: options.clock }),
    })
    const counter = createCounterService({
      store,
      identity: engine,
      settings: config.counter,
      ...counterSecrets(options.env ?? {}, config.counter.emailFrom),
      ...(options.clock === undefined ? {} : { clock: options.clock }),
    })
    return { engine, counter, store, ...(modelId === undefined ? {} : { modelId }) }
  } catch (error) {
    await store.close()
    throw error
  }
}

/**
 * The counter's secrets come from the environment, never from a config file: the SMTP server
 * (TESSERA_SMTP_URL), the SMS webhook (TESSERA_SMS_WEBHOOK_URL) and the one-time-code pepper
 * (TESSERA_OTP_PEPPER; without it, one drawn for this process — codes then do not survive a
 * restart, and processes sharing a database must be given one).
 */
export function counterSecrets(
  env: Readonly<Record<string, string | undefined>>,
  emailFrom: string,
): { pepper: Uint8Array; senders: { email?: ContactSender; sms?: ContactSender } } {
  const pepperText = env.TESSERA_OTP_PEPPER
  const pepper = pepperText !== undefined && pepperText !== '' ? new TextEncoder().encode(pepperText) : new Uint8Array(randomBytes(32))
  const smtpUrl = env.TESSERA_SMTP_URL
  const smsUrl = env.TESSERA_SMS_WEBHOOK_URL
  return {
    pepper,
    senders: {
      ...(smtpUrl === undefined || smtpUrl === '' ? {} : { email: new SmtpEmailSender({ url: smtpUrl, from: emailFrom }) }),
      ...(smsUrl === undefined || smsUrl === '' ? {} : { sms: new WebhookSmsSender({ url: smsUrl }) }),
    },
  }
}
