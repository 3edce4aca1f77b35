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
  {
    id: '0002_counter',
    sql: `
      -- Enrolled devices that show a customer's rotating QR code. customer_id is the id enrolled
      -- for; reads resolve it through customer_aliases, so a merge does not orphan a device.
      CREATE TABLE devices (
        device_id       TEXT PRIMARY KEY,
        customer_id     TEXT NOT NULL,
        device_ref      TEXT NOT NULL UNIQUE,
        secret          TEXT NOT NULL,
        card_token_hash TEXT NOT NULL UNIQUE,
        label           TEXT NOT NULL,
        last_step       INTEGER NOT NULL,
        created_at      TEXT NOT NULL,
        revoked_at      TEXT
      ) WITHOUT ROWID;
      CREATE INDEX devices_customer ON devices (customer_id);

      CREATE TABLE verification_challenges (
        verification_id TEXT PRIMARY KEY,
        customer_id     TEXT NOT NULL,
        channel         TEXT NOT NULL,
        contact_hash    TEXT NOT NULL,
        registration_id TEXT,
        code_hash       TEXT NOT NULL,
        expires_at      TEXT NOT NULL,
        failed_attempts INTEGER NOT NULL,
        max_attempts    INTEGER NOT NULL,
        consumed_at     TEXT,
        created_at      TEXT NOT NULL,
        created_by      TEXT NOT NULL
      ) WITHOUT ROWID;
      CREATE INDEX verification_challenges_customer ON verification_challenges (customer_id, channel, verification_id);

      CREATE TABLE pending_registrations (
        registration_id        TEXT PRIMARY KEY,
        record                 TEXT NOT NULL,
        candidate_customer_ids TEXT NOT NULL,
        store_id               TEXT NOT NULL,
        till_id                TEXT NOT NULL,
        staff_id               TEXT,
        status                 TEXT NOT NULL,
        customer_id            TEXT,
        created_at             TEXT NOT NULL,
        resolved_at            TEXT
      ) WITHOUT ROWID;

      -- AUTOINCREMENT: an audit id is never reused, even once old entries are purged, so a
      -- paging cursor ('after') never skips or repeats an entry.
      CREATE TABLE audit_log (
        audit_id    INTEGER PRIMARY KEY AUTOINCREMENT,
        at          TEXT NOT NULL,
        action      TEXT NOT NULL,
        key_id      TEXT NOT NULL,
        staff_id    TEXT,
        store_id    TEXT,
        till_id     TEXT,
        result      TEXT NOT NULL,
        customer_id TEXT,
        details     TEXT NOT NULL
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
  {
    // Blocking keys indexed as 53-bit hashes (key-hash.ts: why), in one index; each record row
    // keeps its own hashes, so an update removes exactly the entries it held. Run with the
    // functions tessera_key_hash and tessera_pack_key_hashes registered (applyMigrations).
    id: '0003_hashed_blocking_keys',
    sql: `
      CREATE TABLE blocking_index (
        key_hash   INTEGER NOT NULL,
        record_key INTEGER NOT NULL,
        PRIMARY KEY (key_hash, record_key)
      ) WITHOUT ROWID;
      INSERT OR IGNORE INTO blocking_index (key_hash, record_key)
        SELECT tessera_key_hash(key), record_key FROM blocking_keys ORDER BY 1, 2;
      ALTER TABLE records ADD COLUMN key_hashes BLOB;
      UPDATE records SET key_hashes = (
        SELECT tessera_pack_key_hashes(tessera_key_hash(b.key)) FROM blocking_keys b WHERE b.record_key = records.record_key
      );
      DROP TABLE blocking_keys;
    `,
  },
  {
    // The candidate index moves into memory (memory-blocking-index.ts: why), built from each
    // row's key_hashes; key_seq orders the rows' writes so that a process can pick up the rows
    // another one wrote.
    id: '0004_blocking_index_in_memory',
    sql: `
      ALTER TABLE records ADD COLUMN key_seq INTEGER;
      CREATE INDEX records_key_seq ON records (key_seq);
      DROP TABLE blocking_index;
    `,
  },
]
