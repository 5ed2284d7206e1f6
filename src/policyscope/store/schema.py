"""Schema and migrations. Base tables live in schema ``core``; the published interface is a set of
read-only views in ``main`` whose columns are documented in docs/store.md and never change silently.

A migration is a list of SQL statements with a version number; ``migrate`` applies the missing ones in a
transaction and records them in ``core.schema_version``.
"""

from __future__ import annotations

import duckdb

MIGRATIONS: list[tuple[int, str, list[str]]] = [
    (
        1,
        "base tables",
        [
            "CREATE SCHEMA IF NOT EXISTS core",
            """CREATE TABLE IF NOT EXISTS core.jurisdiction (
                code VARCHAR PRIMARY KEY, name_en VARCHAR NOT NULL, name_zh VARCHAR NOT NULL,
                kind VARCHAR NOT NULL, iso2 VARCHAR, groups VARCHAR[], members VARCHAR[])""",
            """CREATE TABLE IF NOT EXISTS core.document (
                id VARCHAR PRIMARY KEY, title VARCHAR, lang VARCHAR, origin VARCHAR, source_name VARCHAR,
                published DATE, jurisdiction VARCHAR, chars INTEGER, text VARCHAR, needs_ocr BOOLEAN DEFAULT FALSE,
                meta JSON, ingested_at TIMESTAMP DEFAULT current_timestamp)""",
            """CREATE TABLE IF NOT EXISTS core.event (
                id VARCHAR PRIMARY KEY, jurisdiction VARCHAR NOT NULL, partners VARCHAR[], date DATE,
                date_precision VARCHAR, title VARCHAR NOT NULL, title_en VARCHAR, title_zh VARCHAR, issuer VARCHAR,
                type VARCHAR NOT NULL, domains VARCHAR[], status VARCHAR, amount_usd DOUBLE, document_id VARCHAR,
                line INTEGER, quote VARCHAR, confidence DOUBLE, origin VARCHAR NOT NULL, url VARCHAR,
                review_state VARCHAR NOT NULL DEFAULT 'auto', merged_into VARCHAR,
                created_at TIMESTAMP DEFAULT current_timestamp, updated_at TIMESTAMP DEFAULT current_timestamp)""",
            """CREATE TABLE IF NOT EXISTS core.evidence (
                event_id VARCHAR NOT NULL, document_id VARCHAR, line INTEGER, char_start INTEGER, char_end INTEGER,
                quote VARCHAR NOT NULL)""",
            """CREATE TABLE IF NOT EXISTS core.amount (
                event_id VARCHAR NOT NULL, text VARCHAR, value DOUBLE, unit_text VARCHAR, currency VARCHAR,
                value_in_currency_units DOUBLE, usd DOUBLE, fx_rate DOUBLE, fx_year INTEGER)""",
            """CREATE SEQUENCE IF NOT EXISTS core.history_seq""",
            """CREATE TABLE IF NOT EXISTS core.event_history (
                id BIGINT DEFAULT nextval('core.history_seq'), event_id VARCHAR NOT NULL,
                changed_at TIMESTAMP DEFAULT current_timestamp, actor VARCHAR NOT NULL, action VARCHAR NOT NULL,
                before JSON, after JSON)""",
            """CREATE TABLE IF NOT EXISTS core.indicator (
                code VARCHAR PRIMARY KEY, name_en VARCHAR NOT NULL, name_zh VARCHAR NOT NULL, unit VARCHAR,
                source VARCHAR, licence VARCHAR, definition VARCHAR, formula VARCHAR)""",
            """CREATE TABLE IF NOT EXISTS core.observation (
                indicator VARCHAR NOT NULL, jurisdiction VARCHAR NOT NULL, year INTEGER NOT NULL, value DOUBLE NOT NULL,
                source VARCHAR, vintage VARCHAR, PRIMARY KEY (indicator, jurisdiction, year))""",
            """CREATE TABLE IF NOT EXISTS core.edge (
                indicator VARCHAR NOT NULL, year INTEGER NOT NULL, a VARCHAR NOT NULL, b VARCHAR NOT NULL,
                value DOUBLE NOT NULL, PRIMARY KEY (indicator, year, a, b))""",
            """CREATE TABLE IF NOT EXISTS core.build_info (key VARCHAR PRIMARY KEY, value VARCHAR)""",
            """CREATE TABLE IF NOT EXISTS core.coverage (
                indicator VARCHAR, jurisdiction VARCHAR, year INTEGER, members_with_data INTEGER,
                members_total INTEGER)""",
        ],
    ),
    (
        2,
        "published views",
        [
            """CREATE OR REPLACE VIEW main.jurisdictions AS
               SELECT code, name_en, name_zh, kind, iso2, groups FROM core.jurisdiction""",
            """CREATE OR REPLACE VIEW main.documents AS
               SELECT id, title, lang, origin, published, jurisdiction, chars, ingested_at FROM core.document""",
            """CREATE OR REPLACE VIEW main.events AS
               SELECT id, jurisdiction, partners, date, date_precision, title, title_en, title_zh, issuer, type,
                      domains, status, amount_usd, document_id, line, quote, review_state, created_at, updated_at
               FROM core.event""",
            """CREATE OR REPLACE VIEW main.amounts AS
               SELECT event_id, text, value, currency, value_in_currency_units, usd FROM core.amount""",
            """CREATE OR REPLACE VIEW main.indicators AS
               SELECT code, name_en, name_zh, unit, source, licence, definition FROM core.indicator""",
            """CREATE OR REPLACE VIEW main.observations AS
               SELECT indicator, jurisdiction, year, value, source, vintage FROM core.observation""",
            """CREATE OR REPLACE VIEW main.edges AS SELECT indicator, year, a, b, value FROM core.edge""",
        ],
    ),
    (
        3,
        "company-level figures",
        [
            """CREATE TABLE IF NOT EXISTS core.company (
                name VARCHAR NOT NULL, jurisdiction VARCHAR, region VARCHAR, value DOUBLE, unit VARCHAR,
                year INTEGER, sector VARCHAR, source VARCHAR NOT NULL)""",
            """CREATE OR REPLACE VIEW main.companies AS
               SELECT name, jurisdiction, region, value, unit, year, sector, source FROM core.company""",
        ],
    ),
    (
        4,
        "event base: level, sub-national unit, original and Chinese titles with origin, document numbers, dates "
        "kept apart, one event with many sources, importance, rows left out",
        [
            "ALTER TABLE core.event ADD COLUMN IF NOT EXISTS level VARCHAR",
            "ALTER TABLE core.event ADD COLUMN IF NOT EXISTS subdivision VARCHAR",
            "ALTER TABLE core.event ADD COLUMN IF NOT EXISTS title_original VARCHAR",
            "ALTER TABLE core.event ADD COLUMN IF NOT EXISTS title_lang VARCHAR",
            "ALTER TABLE core.event ADD COLUMN IF NOT EXISTS title_zh_origin VARCHAR",
            "ALTER TABLE core.event ADD COLUMN IF NOT EXISTS doc_number VARCHAR",
            "ALTER TABLE core.event ADD COLUMN IF NOT EXISTS description VARCHAR",
            "ALTER TABLE core.event ADD COLUMN IF NOT EXISTS date_kind VARCHAR",
            "ALTER TABLE core.event ADD COLUMN IF NOT EXISTS date_issued DATE",
            "ALTER TABLE core.event ADD COLUMN IF NOT EXISTS date_published DATE",
            "ALTER TABLE core.event ADD COLUMN IF NOT EXISTS date_in_force DATE",
            "ALTER TABLE core.event ADD COLUMN IF NOT EXISTS date_missing_reason VARCHAR",
            "ALTER TABLE core.event ADD COLUMN IF NOT EXISTS importance DOUBLE",
            "ALTER TABLE core.event ADD COLUMN IF NOT EXISTS provenance JSON",
            """CREATE TABLE IF NOT EXISTS core.event_source (
                event_id VARCHAR NOT NULL, source VARCHAR NOT NULL, record_id VARCHAR NOT NULL, url VARCHAR,
                licence VARCHAR, retrieved VARCHAR, title VARCHAR, date DATE, fields JSON,
                PRIMARY KEY (source, record_id))""",
            """CREATE TABLE IF NOT EXISTS core.excluded (
                source VARCHAR NOT NULL, record_id VARCHAR, title VARCHAR, jurisdiction VARCHAR,
                reason VARCHAR NOT NULL)""",
            # new columns are appended, so scripts that read the version-2 columns by position keep working
            """CREATE OR REPLACE VIEW main.events AS
               SELECT id, jurisdiction, partners, date, date_precision, title, title_en, title_zh, issuer, type,
                      domains, status, amount_usd, document_id, line, quote, review_state, created_at, updated_at,
                      level, subdivision, date_kind, date_issued, date_published, date_in_force,
                      date_missing_reason, title_original, title_lang, title_zh_origin, doc_number, description,
                      importance, origin, url,
                      (SELECT count(*) FROM core.event_source s WHERE s.event_id = core.event.id) AS n_sources
               FROM core.event""",
            """CREATE OR REPLACE VIEW main.event_sources AS
               SELECT event_id, source, record_id, url, licence, retrieved, title, date, fields
               FROM core.event_source""",
            """CREATE OR REPLACE VIEW main.excluded AS
               SELECT source, record_id, title, jurisdiction, reason FROM core.excluded""",
        ],
    ),
    (
        5,
        "documents view: what a document says about itself (from core.document.meta)",
        [
            """CREATE OR REPLACE VIEW main.documents AS
               SELECT id, title, lang, origin, published, jurisdiction, chars, ingested_at,
                      json_extract_string(meta, '$.doc_type') AS doc_type,
                      json_extract_string(meta, '$.doc_type_en') AS doc_type_en,
                      json_extract_string(meta, '$.issuer') AS issuer,
                      json_extract_string(meta, '$.issuer_en') AS issuer_en,
                      json_extract_string(meta, '$.doc_number') AS doc_number,
                      TRY_CAST(json_extract_string(meta, '$.date_signed') AS DATE) AS date_signed,
                      TRY_CAST(json_extract_string(meta, '$.date_published') AS DATE) AS date_published,
                      TRY_CAST(json_extract_string(meta, '$.date_in_force') AS DATE) AS date_in_force,
                      json_extract_string(meta, '$.primary_event') AS primary_event
               FROM core.document""",
        ],
    ),
    (
        6,
        "events view: sources counted by a join of grouped counts (a correlated count cost every query on the "
        "view 15–70 ms, even one that never reads n_sources)",
        [
            """CREATE OR REPLACE VIEW main.events AS
               SELECT e.id, e.jurisdiction, e.partners, e.date, e.date_precision, e.title, e.title_en, e.title_zh,
                      e.issuer, e.type, e.domains, e.status, e.amount_usd, e.document_id, e.line, e.quote,
                      e.review_state, e.created_at, e.updated_at, e.level, e.subdivision, e.date_kind, e.date_issued,
                      e.date_published, e.date_in_force, e.date_missing_reason, e.title_original, e.title_lang,
                      e.title_zh_origin, e.doc_number, e.description, e.importance, e.origin, e.url,
                      coalesce(ns.n, 0) AS n_sources
               FROM core.event e
               LEFT JOIN (SELECT event_id, count(*) AS n FROM core.event_source GROUP BY event_id) ns
                 ON ns.event_id = e.id""",
        ],
    ),
    (
        7,
        "amounts name where they come from: the source of a stated budget (a curated landmark row) and the "
        "citation that states it; amounts extracted from a document keep their evidence and have none",
        [
            "ALTER TABLE core.amount ADD COLUMN IF NOT EXISTS source VARCHAR",
            "ALTER TABLE core.amount ADD COLUMN IF NOT EXISTS citation VARCHAR",
            """CREATE OR REPLACE VIEW main.amounts AS
               SELECT event_id, text, value, currency, value_in_currency_units, usd, source, citation
               FROM core.amount""",
        ],
    ),
]

SCHEMA_VERSION = MIGRATIONS[-1][0]


def current_version(con: duckdb.DuckDBPyConnection) -> int:
    con.execute(
        "CREATE TABLE IF NOT EXISTS main.schema_version (version INTEGER PRIMARY KEY, name VARCHAR, "
        "applied_at TIMESTAMP DEFAULT current_timestamp)"
    )
    row = con.execute("SELECT max(version) FROM main.schema_version").fetchone()
    return int(row[0]) if row and row[0] is not None else 0


def migrate(con: duckdb.DuckDBPyConnection) -> int:
    """Apply missing migrations in one transaction each; return the resulting version."""
    version = current_version(con)
    for number, name, statements in MIGRATIONS:
        if number <= version:
            continue
        con.execute("BEGIN TRANSACTION")
        try:
            for stmt in statements:
                con.execute(stmt)
            con.execute("INSERT INTO main.schema_version (version, name) VALUES (?, ?)", [number, name])
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
        version = number
    return version
