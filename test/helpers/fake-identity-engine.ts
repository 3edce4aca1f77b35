/**
 * An in-memory stand-in for the IdentityEngine, for tests of the HTTP layer's own behaviour
 * (authentication, roles, validation, errors, request ids, shutdown). Everything about
 * identities is tested over the real engine and a real SQLite store (src/api/api-over-sqlite.test.ts).
 */
import type { ApiKey, ApiKeyRole, IdentityEngine, ResolveOutcome } from '../../src/engine/index.js'

export const FAKE_SECRETS: Readonly<Record<ApiKeyRole | 'revoked', string>> = {
  admin: 'tsk_key_admin_secret',
  channel: 'tsk_key_channel_secret',
  analyst: 'tsk_key_analyst_secret',
  store: 'tsk_key_store_secret',
  revoked: 'tsk_key_revoked_secret',
}

function fakeKey(role: ApiKeyRole, extra: Partial<ApiKey> = {}): ApiKey {
  return { keyId: `key_${role}`, name: role, role, secretHash: 'x', createdAt: '2026-01-01T00:00:00.000Z', ...extra }
}

const KEYS: ReadonlyMap<string, ApiKey> = new Map([
  [FAKE_SECRETS.admin, fakeKey('admin')],
  [FAKE_SECRETS.channel, fakeKey('channel', { source: 'web' })],
  [FAKE_SECRETS.analyst, fakeKey('analyst')],
  [FAKE_SECRETS.store, fakeKey('store')],
])

export interface FakeEngineOverrides {
  resolve?: IdentityEngine['records']['resolve']
  ready?: IdentityEngine['ready']
  close?: IdentityEngine['close']
}

/** A fake engine: four keys (one per role; the revoked secret authenticates as nobody). */
export function createFakeIdentityEngine(overrides: FakeEngineOverrides = {}): IdentityEngine {
  const outcome = (source: string, recordId: string): ResolveOutcome => ({
    source,
    record_id: recordId,
    customerId: 'cus_FAKE',
    decision: 'created',
    matchProbability: 0,
    mergedCustomerIds: [],
    updated: false,
  })
  return {
    records: {
      resolve: overrides.resolve ?? (async (record) => outcome(record.source, record.record_id)),
      get: async () => undefined,
      resolveUnlessUncertain: async (record) => outcome(record.source, record.record_id),
      attachTo: async (record) => outcome(record.source, record.record_id),
      createApart: async (record) => outcome(record.source, record.record_id),
    },
    customers: {
      markContactVerified: async () => 0,
      get: async () => undefined,
      records: async () => undefined,
      history: async () => undefined,
      merge: async () => {
        throw new Error('not in the fake')
      },
      split: async () => {
        throw new Error('not in the fake')
      },
      search: async () => [],
    },
    reviews: {
      list: async () => [],
      get: async () => undefined,
      decide: async () => {
        throw new Error('not in the fake')
      },
    },
    keys: {
      create: async () => {
        throw new Error('not in the fake')
      },
      authenticate: async (secret) => KEYS.get(secret),
      list: async () => [...KEYS.values()],
      revoke: async () => undefined,
    },
    warmUp: async () => ({ store: { bytes: 0, seconds: 0 }, termFrequencyValues: 0, termFrequencySeconds: 0 }),
    ready: overrides.ready ?? (async () => true),
    close: overrides.close ?? (async () => undefined),
  }
}
