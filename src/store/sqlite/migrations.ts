/**
 * SQLite schema, as ordered migrations. A migration is never edited once released: schema
 * changes are new entries. Times are ISO-8601 text (the engine owns the clock); JSON columns are
 * text holding JSON.
 */
export interface Migration {
  readonly id: string
  readonly sql: string
}

export const SQLITE_MIGRATIONS: readonly Migration[] = [
  {
    id: '0001_initial',
    sql: `
      CREATE TABLE records (
        record_key  INTEGER PRIMARY KEY,
        source      TEXT NOT NULL,
        record_id   TEXT NOT NULL,
        customer_id TEXT NOT NULL,
        raw         TEXT NOT NULL,
        normalised  TEXT NOT NULL,
        features    TEXT NOT NULL,
        verified    TEXT NOT NULL DEFAULT '[]',
        created_at  TEXT NOT NULL,
        updated_at  TEXT NOT NULL,
        UNIQUE (source, record_id)
      );
      CREATE INDEX records_customer ON records (customer_id);

      -- Real-time candidate lookup: every record's blocking keys, indexed by key.
      CREATE TABLE blocking_keys (
        key        TEXT NOT NULL,
        record_key INTEGER NOT NULL REFERENCES records (record_key) ON DELETE CASCADE,
        PRIMARY KEY (key, record_key)
      ) WITHOUT ROWID;
      CREATE INDEX blocking_keys_record ON blocking_keys (record_key);

      CREATE TABLE customers (
        customer_id  TEXT PRIMARY KEY,
        created_at   TEXT NOT NULL,
        updated_at   TEXT NOT NULL,
        record_count INTEGER NOT NULL DEFAULT 0
      ) WITHOUT ROWID;

      -- Absorbed ids keep resolving: alias -> survivor, always one hop (no chains).
      CREATE TABLE customer_aliases (
        alias_id    TEXT PRIMARY KEY,
        customer_id TEXT NOT NULL,
        created_at  TEXT NOT NULL
      ) WITHOUT ROWID;
      CREATE INDEX customer_aliases_customer ON customer_aliases (customer_id);

      CREATE TABLE customer_events (
        event_id    INTEGER PRIMARY KEY,
        customer_id TEXT NOT NULL,
        kind        TEXT NOT NULL,
        at          TEXT NOT NULL,
        actor       TEXT NOT NULL,
        details     TEXT NOT NULL
      );
      CREATE INDEX customer_events_customer ON customer_events (customer_id, event_id);

      CREATE TABLE pair_decisions (
        record_key_a INTEGER NOT NULL,
        record_key_b INTEGER NOT NULL,
        decision     TEXT NOT NULL,
        actor        TEXT NOT NULL,
        reason       TEXT NOT NULL,
        at           TEXT NOT NULL,
        PRIMARY KEY (record_key_a, record_key_b)
      ) WITHOUT ROWID;
      CREATE INDEX pair_decisions_b ON pair_decisions (record_key_b);

      CREATE TABLE review_tasks (
        review_id             TEXT PRIMARY KEY,
        status                TEXT NOT NULL,
        record_key            INTEGER NOT NULL,
        candidate_customer_id TEXT NOT NULL,
        candidate_record_key  INTEGER NOT NULL,
        reason                TEXT NOT NULL,
        match_probability     REAL NOT NULL,
        match_weight          REAL NOT NULL,
        explanation           TEXT NOT NULL,
        created_at            TEXT NOT NULL,
        decided_at            TEXT,
        decided_by            TEXT,
        decision              TEXT
      ) WITHOUT ROWID;
      CREATE INDEX review_tasks_status ON review_tasks (status, review_id);
      CREATE INDEX review_tasks_record ON review_tasks (record_key);
      CREATE INDEX review_tasks_candidate ON review_tasks (candidate_record_key);

      CREATE TABLE api_keys (
        key_id      TEXT PRIMARY KEY,
        name        TEXT NOT NULL,
        role        TEXT NOT NULL,
        source      TEXT,
        secret_hash TEXT NOT NULL UNIQUE,
        created_at  TEXT NOT NULL,
        revoked_at  TEXT
      ) WITHOUT ROWID;

      CREATE TABLE models (
        model_id   TEXT PRIMARY KEY,
        json       TEXT NOT NULL,
        created_at TEXT NOT NULL,
        active     INTEGER NOT NULL
      ) WITHOUT ROWID;

      CREATE TABLE term_frequencies (
        feature TEXT NOT NULL,
        value   TEXT NOT NULL,
        count   INTEGER NOT NULL,
        PRIMARY KEY (feature, value)
      ) WITHOUT ROWID;
      CREATE TABLE term_frequency_totals (
        feature TEXT PRIMARY KEY,
        present INTEGER NOT NULL
      ) WITHOUT ROWID;

      CREATE TABLE import_jobs (
        fingerprint       TEXT PRIMARY KEY,
        job_id            TEXT NOT NULL,
        status            TEXT NOT NULL,
        committed_records INTEGER NOT NULL,
        model_id          TEXT,
        created_at        TEXT NOT NULL,
        updated_at        TEXT NOT NULL
      ) WITHOUT ROWID;
    `,
  },
]
