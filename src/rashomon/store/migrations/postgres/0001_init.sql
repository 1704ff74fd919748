-- Rashomon store, version 1 (PostgreSQL): articles, rejections, runs, records with evidence.
-- The same tables as migrations/sqlite/0001_init.sql; `seq` columns give the insertion order
-- that SQLite's rowid gives.
CREATE TABLE runs (
    id TEXT PRIMARY KEY,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    status TEXT NOT NULL DEFAULT 'running',
    config TEXT NOT NULL,
    stats TEXT NOT NULL DEFAULT '{}',
    seq BIGSERIAL NOT NULL
);

CREATE TABLE articles (
    id TEXT PRIMARY KEY,
    text TEXT NOT NULL,
    title TEXT NOT NULL DEFAULT '',
    source TEXT NOT NULL DEFAULT '',
    url TEXT NOT NULL DEFAULT '',
    outlet TEXT NOT NULL DEFAULT '',
    author TEXT NOT NULL DEFAULT '',
    published TEXT,
    format TEXT NOT NULL DEFAULT 'txt',
    language TEXT NOT NULL DEFAULT 'en',
    duplicate_of TEXT REFERENCES articles(id),
    duplicate_score DOUBLE PRECISION,
    raw BYTEA,
    minhash BYTEA,
    sentences TEXT,
    analyzed_hash TEXT,
    analyzed_run TEXT,
    ingested_at TEXT NOT NULL,
    seq BIGSERIAL NOT NULL UNIQUE
);
CREATE INDEX articles_outlet ON articles(outlet);
CREATE INDEX articles_published ON articles(published);

CREATE TABLE rejections (
    source TEXT NOT NULL,
    reason TEXT NOT NULL,
    fix TEXT NOT NULL,
    run_id TEXT,
    rejected_at TEXT NOT NULL,
    PRIMARY KEY (source, reason)
);

CREATE TABLE records (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    stage TEXT NOT NULL,
    scope TEXT NOT NULL DEFAULT 'article',
    article_id TEXT REFERENCES articles(id),
    run_id TEXT,
    payload TEXT NOT NULL,
    seq BIGSERIAL NOT NULL
);
CREATE INDEX records_kind ON records(kind, seq);
CREATE INDEX records_article ON records(article_id, kind);
CREATE INDEX records_stage ON records(stage);

CREATE TABLE evidence (
    record_id TEXT NOT NULL REFERENCES records(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    article_id TEXT NOT NULL,
    sentence_index INTEGER NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text TEXT NOT NULL,
    PRIMARY KEY (record_id, seq)
);
CREATE INDEX evidence_article ON evidence(article_id, start);

CREATE TABLE overrides (
    id BIGSERIAL PRIMARY KEY,
    kind TEXT NOT NULL,
    subject TEXT NOT NULL,
    object TEXT NOT NULL,
    action TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    UNIQUE (kind, subject, object, action)
);
