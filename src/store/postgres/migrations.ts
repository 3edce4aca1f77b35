/**
 * PostgreSQL schema, as ordered migrations: the same tables and columns as the SQLite store
 * (src/store/sqlite/migrations.ts). A migration is never edited once released: schema changes
 * are new entries.
 *
 * Two choices differ from what a PostgreSQL-only schema would do, so that both stores answer
 * byte for byte alike:
 * - Times are `text` holding the ISO-8601 string the engine passed in; `timestamptz` would
 *   reformat them on the way out.
 * - JSON columns are `json`, not `jsonb`: `json` keeps the text as written (key order included,
 *   as SQLite does), accepts every string JSON.stringify can produce (`jsonb` rejects `\u0000`),
 *   and costs no conversion on write or read. Nothing queries inside these documents.
 * - Text columns use the "C" collation: ids, keys and times sort and compare byte by byte, as in
 *   SQLite, whatever the database's locale (which would also make every comparison slower).
 */
export interface Migration {
  readonly id: string
  readonly sql: string
}

export const POSTGRES_MIGRATIONS: readonly Migration[] = [
  {
    id: '0001_initial',
    sql: `
      CREATE TABLE records (
        record_key  bigserial PRIMARY KEY,
        source      text COLLATE "C" NOT NULL,
        record_id   text COLLATE "C" NOT NULL,
        customer_id text COLLATE "C" NOT NULL,
        raw         json NOT NULL,
        normalised  json NOT NULL,
        features    json NOT NULL,
        verified    json NOT NULL DEFAULT '[]',
        created_at  text COLLATE "C" NOT NULL,
        updated_at  text COLLATE "C" NOT NULL,
        UNIQUE (source, record_id)
      );
      CREATE INDEX records_customer ON records (customer_id);

      -- Real-time candidate lookup: every record's blocking keys, indexed by key.
      CREATE TABLE blocking_keys (
        key        text COLLATE "C" NOT NULL,
        record_key bigint NOT NULL REFERENCES records (record_key) ON DELETE CASCADE,
        PRIMARY KEY (key, record_key)
      );
      CREATE INDEX blocking_keys_record ON blocking_keys (record_key);

      CREATE TABLE customers (
        customer_id  text COLLATE "C" PRIMARY KEY,
        created_at   text COLLATE "C" NOT NULL,
        updated_at   text COLLATE "C" NOT NULL,
        record_count integer NOT NULL DEFAULT 0
      );

      -- Absorbed ids keep resolving: alias -> survivor, always one hop (no chains).
      CREATE TABLE customer_aliases (
        alias_id    text COLLATE "C" PRIMARY KEY,
        customer_id text COLLATE "C" NOT NULL,
        created_at  text COLLATE "C" NOT NULL
      );
      CREATE INDEX customer_aliases_customer ON customer_aliases (customer_id);

      CREATE TABLE customer_events (
        event_id    bigserial PRIMARY KEY,
        customer_id text COLLATE "C" NOT NULL,
        kind        text COLLATE "C" NOT NULL,
        at          text COLLATE "C" NOT NULL,
        actor       json NOT NULL,
        details     json NOT NULL
      );
      CREATE INDEX customer_events_customer ON customer_events (customer_id, event_id);

      CREATE TABLE pair_decisions (
        record_key_a bigint NOT NULL,
        record_key_b bigint NOT NULL,
        decision     text COLLATE "C" NOT NULL,
        actor        json NOT NULL,
        reason       text COLLATE "C" NOT NULL,
        at           text COLLATE "C" NOT NULL,
        PRIMARY KEY (record_key_a, record_key_b)
      );
      CREATE INDEX pair_decisions_b ON pair_decisions (record_key_b);

      CREATE TABLE review_tasks (
        review_id             text COLLATE "C" PRIMARY KEY,
        status                text COLLATE "C" NOT NULL,
        record_key            bigint NOT NULL,
        candidate_customer_id text COLLATE "C" NOT NULL,
        candidate_record_key  bigint NOT NULL,
        reason                text COLLATE "C" NOT NULL,
        match_probability     double precision NOT NULL,
        match_weight          double precision NOT NULL,
        explanation           json NOT NULL,
        created_at            text COLLATE "C" NOT NULL,
        decided_at            text COLLATE "C",
        decided_by            json,
        decision              text COLLATE "C"
      );
      CREATE INDEX review_tasks_status ON review_tasks (status, review_id);
      CREATE INDEX review_tasks_record ON review_tasks (record_key);
      CREATE INDEX review_tasks_candidate ON review_tasks (candidate_record_key);

      CREATE TABLE api_keys (
        key_id      text COLLATE "C" PRIMARY KEY,
        name        text COLLATE "C" NOT NULL,
        role        text COLLATE "C" NOT NULL,
        source      text COLLATE "C",
        secret_hash text COLLATE "C" NOT NULL UNIQUE,
        created_at  text COLLATE "C" NOT NULL,
        revoked_at  text COLLATE "C"
      );

      CREATE TABLE models (
        model_id   text COLLATE "C" PRIMARY KEY,
        json       text COLLATE "C" NOT NULL,
        created_at text COLLATE "C" NOT NULL,
        active     boolean NOT NULL
      );

      CREATE TABLE term_frequencies (
        feature text COLLATE "C" NOT NULL,
        value   text COLLATE "C" NOT NULL,
        count   integer NOT NULL,
        PRIMARY KEY (feature, value)
      );
      CREATE TABLE term_frequency_totals (
        feature text COLLATE "C" PRIMARY KEY,
        present integer NOT NULL
      );

      CREATE TABLE import_jobs (
        fingerprint       text COLLATE "C" PRIMARY KEY,
        job_id            text COLLATE "C" NOT NULL,
        status            text COLLATE "C" NOT NULL,
        committed_records bigint NOT NULL,
        model_id          text COLLATE "C",
        created_at        text COLLATE "C" NOT NULL,
        updated_at        text COLLATE "C" NOT NULL
      );
    `,
  },
  {
    id: '0002_counter',
    sql: `
      -- Enrolled devices that show a customer's rotating QR code. customer_id is the id enrolled
      -- for; reads resolve it through customer_aliases, so a merge does not orphan a device.
      CREATE TABLE devices (
        device_id       text COLLATE "C" PRIMARY KEY,
        customer_id     text COLLATE "C" NOT NULL,
        device_ref      text COLLATE "C" NOT NULL UNIQUE,
        secret          text COLLATE "C" NOT NULL,
        card_token_hash text COLLATE "C" NOT NULL UNIQUE,
        label           text COLLATE "C" NOT NULL,
        last_step       bigint NOT NULL,
        created_at      text COLLATE "C" NOT NULL,
        revoked_at      text COLLATE "C"
      );
      CREATE INDEX devices_customer ON devices (customer_id);

      CREATE TABLE verification_challenges (
        verification_id text COLLATE "C" PRIMARY KEY,
        customer_id     text COLLATE "C" NOT NULL,
        channel         text COLLATE "C" NOT NULL,
        contact_hash    text COLLATE "C" NOT NULL,
        registration_id text COLLATE "C",
        code_hash       text COLLATE "C" NOT NULL,
        expires_at      text COLLATE "C" NOT NULL,
        failed_attempts integer NOT NULL,
        max_attempts    integer NOT NULL,
        consumed_at     text COLLATE "C",
        created_at      text COLLATE "C" NOT NULL,
        created_by      json NOT NULL
      );
      CREATE INDEX verification_challenges_customer ON verification_challenges (customer_id, channel, verification_id);

      CREATE TABLE pending_registrations (
        registration_id        text COLLATE "C" PRIMARY KEY,
        record                 json NOT NULL,
        candidate_customer_ids json NOT NULL,
        store_id               text COLLATE "C" NOT NULL,
        till_id                text COLLATE "C" NOT NULL,
        staff_id               text COLLATE "C",
        status                 text COLLATE "C" NOT NULL,
        customer_id            text COLLATE "C",
        created_at             text COLLATE "C" NOT NULL,
        resolved_at            text COLLATE "C"
      );

      CREATE TABLE audit_log (
        audit_id    bigserial PRIMARY KEY,
        at          text COLLATE "C" NOT NULL,
        action      text COLLATE "C" NOT NULL,
        key_id      text COLLATE "C" NOT NULL,
        staff_id    text COLLATE "C",
        store_id    text COLLATE "C",
        till_id     text COLLATE "C",
        result      text COLLATE "C" NOT NULL,
        customer_id text COLLATE "C",
        details     json NOT NULL
      );
      -- One index per listAudit filter, each ending in audit_id: a filtered page is an index
      -- range read in the order it is returned. The unfiltered page reads the primary key.
      CREATE INDEX audit_log_action ON audit_log (action, audit_id);
      CREATE INDEX audit_log_key ON audit_log (key_id, audit_id);
      CREATE INDEX audit_log_staff ON audit_log (staff_id, audit_id);
      CREATE INDEX audit_log_store ON audit_log (store_id, audit_id);
      CREATE INDEX audit_log_customer ON audit_log (customer_id, audit_id);
      CREATE INDEX audit_log_at ON audit_log (at);
    `,
  },
]
