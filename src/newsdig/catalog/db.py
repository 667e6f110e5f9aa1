"""Opening the catalog: WAL mode, versioned migrations, one connection per caller.

The catalog is the source of truth; everything else (index, enrichment) is derived from it.
WAL lets readers (searches, the server) run while a single writer ingests.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from newsdig.errors import HomeError, write_failure_hint

BUSY_TIMEOUT_MS = 10_000

# Each entry moves the schema from version i to i+1. Never edit a released step: append one.
MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE articles (
        id TEXT PRIMARY KEY,
        url TEXT NOT NULL,
        canonical_url TEXT NOT NULL UNIQUE,
        source TEXT NOT NULL,
        site_name TEXT,
        title TEXT NOT NULL,
        title_inferred INTEGER NOT NULL DEFAULT 0,
        authors TEXT NOT NULL DEFAULT '[]',
        published TEXT,
        language TEXT,
        description TEXT,
        text TEXT NOT NULL,
        word_count INTEGER NOT NULL,
        content_hash TEXT NOT NULL,
        extractor TEXT NOT NULL,
        origin TEXT NOT NULL DEFAULT '',
        fetched_at TEXT,
        raw_file TEXT,
        raw_offset INTEGER,
        added_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE INDEX articles_content_hash ON articles(content_hash);
    CREATE INDEX articles_source ON articles(source);
    CREATE INDEX articles_published ON articles(published);

    -- Every change to an article appends here in the same transaction; the index applies
    -- everything above the last sequence number it recorded (DESIGN.md: catalog first).
    CREATE TABLE changes (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        article_id TEXT NOT NULL
    );

    -- Every distinct text an article has had: re-adding an old capture of a page is a no-op
    -- instead of flipping the article back and forth between versions.
    CREATE TABLE article_versions (
        article_id TEXT NOT NULL,
        content_hash TEXT NOT NULL,
        PRIMARY KEY (article_id, content_hash)
    ) WITHOUT ROWID;

    -- Other URLs whose capture had exactly the text of an existing article.
    CREATE TABLE aliases (
        url TEXT PRIMARY KEY,
        article_id TEXT NOT NULL,
        origin TEXT NOT NULL,
        added_at TEXT NOT NULL
    );
    CREATE INDEX aliases_article ON aliases(article_id);

    CREATE TABLE rejections (
        id INTEGER PRIMARY KEY,
        stage TEXT NOT NULL,
        reason TEXT NOT NULL,
        origin TEXT NOT NULL,
        url TEXT,
        detail TEXT NOT NULL DEFAULT '',
        raw_file TEXT,
        raw_offset INTEGER,
        at TEXT NOT NULL
    );
    CREATE INDEX rejections_reason ON rejections(reason);

    -- Learned site templates: normalised edge lines counted over distinct articles of a source.
    CREATE TABLE source_lines (
        source TEXT NOT NULL,
        line_key TEXT NOT NULL,
        doc_count INTEGER NOT NULL,
        article_ids TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (source, line_key)
    ) WITHOUT ROWID;
    CREATE TABLE source_stats (
        source TEXT PRIMARY KEY,
        learned_docs INTEGER NOT NULL
    );

    CREATE TABLE meta (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );
    """,
    # 2: the crawler's durable state (sources, their feeds/sitemaps, the frontier, per-host
    # politeness), so a crawl killed at any point resumes where it stopped.
    """
    CREATE TABLE sources (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        url TEXT NOT NULL UNIQUE,
        allow_private INTEGER NOT NULL DEFAULT 0,
        added_at TEXT NOT NULL,
        last_crawl_at TEXT,
        next_crawl_at TEXT,
        articles INTEGER NOT NULL DEFAULT 0,
        errors INTEGER NOT NULL DEFAULT 0,
        last_error TEXT
    );
    -- Feeds and sitemaps found for a source, with their conditional-GET validators.
    CREATE TABLE endpoints (
        url TEXT PRIMARY KEY,
        source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
        kind TEXT NOT NULL,              -- feed | sitemap | sitemap-index | page
        etag TEXT,
        last_modified TEXT,
        last_fetched_at TEXT,
        last_status INTEGER
    );
    CREATE INDEX endpoints_source ON endpoints(source_id);
    -- Every URL the crawler has been asked to fetch, once (the seen-set is the primary key).
    CREATE TABLE frontier (
        url TEXT PRIMARY KEY,            -- normalised
        source_id INTEGER REFERENCES sources(id) ON DELETE SET NULL,
        host TEXT NOT NULL,
        state TEXT NOT NULL DEFAULT 'queued',   -- queued | done | failed | skipped
        discovered_at TEXT NOT NULL,
        published TEXT,                  -- from the feed or sitemap, when given
        title TEXT,
        attempts INTEGER NOT NULL DEFAULT 0,
        next_try_at REAL NOT NULL DEFAULT 0,    -- unix seconds; retries back off
        final_url TEXT,                  -- after redirects
        status INTEGER,
        article_id TEXT,
        reason TEXT                      -- why failed or skipped
    );
    CREATE INDEX frontier_queue ON frontier(state, next_try_at);
    CREATE INDEX frontier_host ON frontier(host, state);
    -- Per-host politeness that survives restarts.
    CREATE TABLE hosts (
        host TEXT PRIMARY KEY,
        next_allowed_at REAL NOT NULL DEFAULT 0,
        crawl_delay REAL,
        robots_txt TEXT,
        robots_fetched_at REAL
    );
    """,
    # 3: enrichment (issue 6): its own progress, entities, quotes and claims, near-duplicates,
    # story clusters. All derived from articles; `newsdig enrich --all` can redo every row.
    """
    -- One row per article the enrich stage has seen; the text it saw and the model it used,
    -- so a changed text or a newer model makes the article pending again.
    CREATE TABLE enrichment (
        article_id TEXT PRIMARY KEY,
        content_hash TEXT NOT NULL,
        version TEXT NOT NULL,
        status TEXT NOT NULL,             -- ok | failed | partial (no language model for it)
        error TEXT,
        done_at TEXT NOT NULL
    ) WITHOUT ROWID;
    CREATE INDEX enrichment_status ON enrichment(status);

    CREATE TABLE entities (
        article_id TEXT NOT NULL,
        name TEXT NOT NULL,               -- canonical within the article
        kind TEXT NOT NULL,               -- person | org | place | group | other
        mentions INTEGER NOT NULL,
        roles TEXT NOT NULL DEFAULT '[]', -- JSON list
        aliases TEXT NOT NULL DEFAULT '[]',
        PRIMARY KEY (article_id, name)
    ) WITHOUT ROWID;
    CREATE INDEX entities_name ON entities(name COLLATE NOCASE);

    CREATE TABLE quotes (
        id INTEGER PRIMARY KEY,
        article_id TEXT NOT NULL,
        seq INTEGER NOT NULL,             -- order within the article
        speaker TEXT NOT NULL,
        speaker_kind TEXT,
        speaker_role TEXT,
        via TEXT,
        cue TEXT NOT NULL,
        kind TEXT NOT NULL,               -- direct | reported | according_to
        stance TEXT NOT NULL,
        text TEXT NOT NULL,
        numbers TEXT NOT NULL DEFAULT '[]',
        span_start INTEGER NOT NULL,
        span_end INTEGER NOT NULL
    );
    CREATE INDEX quotes_article ON quotes(article_id, seq);
    CREATE INDEX quotes_speaker ON quotes(speaker COLLATE NOCASE);
    -- Figures stated in quotes, so `claims '11,000 troops'` finds every statement of 11,000.
    CREATE TABLE quote_numbers (
        quote_id INTEGER NOT NULL,
        value REAL NOT NULL,
        high REAL,
        qualifier TEXT,
        unit TEXT
    );
    CREATE INDEX quote_numbers_value ON quote_numbers(value);
    CREATE INDEX quote_numbers_quote ON quote_numbers(quote_id);
    -- Words of statements and speakers (external content: the text lives once, in quotes).
    CREATE VIRTUAL TABLE quotes_fts USING fts5(
        text, speaker, via, content='quotes', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2'
    );
    CREATE TRIGGER quotes_fts_insert AFTER INSERT ON quotes BEGIN
        INSERT INTO quotes_fts(rowid, text, speaker, via) VALUES (new.id, new.text, new.speaker, new.via);
    END;
    CREATE TRIGGER quotes_fts_delete AFTER DELETE ON quotes BEGIN
        INSERT INTO quotes_fts(quotes_fts, rowid, text, speaker, via)
        VALUES ('delete', old.id, old.text, old.speaker, old.via);
        DELETE FROM quote_numbers WHERE quote_id = old.id;
    END;

    -- Near-duplicates: MinHash signatures and their LSH band keys, persisted so a new article
    -- is compared with the whole catalog by a few indexed lookups (no in-memory LSH to rebuild).
    CREATE TABLE minhashes (
        article_id TEXT PRIMARY KEY,
        signature BLOB NOT NULL
    ) WITHOUT ROWID;
    CREATE TABLE lsh_bands (
        band INTEGER NOT NULL,
        bucket INTEGER NOT NULL,
        article_id TEXT NOT NULL,
        PRIMARY KEY (band, bucket, article_id)
    ) WITHOUT ROWID;                       -- an article's rows are found again from its signature
    -- An article with copies belongs to a group named by its first-seen member; articles
    -- without copies have no row. `seq` is the arrival order (a group's members first-seen first,
    -- and its next name when the first member leaves).
    CREATE TABLE duplicates (
        seq INTEGER PRIMARY KEY,
        article_id TEXT NOT NULL UNIQUE,
        group_id TEXT NOT NULL,
        similarity REAL NOT NULL           -- estimated Jaccard with its closest copy
    );
    CREATE INDEX duplicates_group ON duplicates(group_id);

    -- Story clusters, grown incrementally: a new article joins the closest recent story or
    -- starts one; `terms` is the story's centroid (top weighted terms, JSON).
    CREATE TABLE stories (
        id INTEGER PRIMARY KEY,
        label TEXT NOT NULL,
        label_article_id TEXT,
        first_seen TEXT,
        last_seen TEXT,
        size INTEGER NOT NULL DEFAULT 0,
        outlets INTEGER NOT NULL DEFAULT 0,
        terms TEXT NOT NULL DEFAULT '{}',
        updated_at TEXT NOT NULL
    );
    CREATE INDEX stories_last_seen ON stories(last_seen);
    CREATE INDEX stories_size ON stories(size, last_seen);  -- biggest first, without a sort
    CREATE TABLE story_articles (
        article_id TEXT PRIMARY KEY,
        story_id INTEGER NOT NULL,
        similarity REAL NOT NULL,
        seen TEXT,                         -- the article's date used for the story window
        source TEXT NOT NULL DEFAULT '',   -- its outlet: distinct outlets are kept by index lookups
        terms TEXT NOT NULL DEFAULT '{}'   -- its term vector (JSON): taken out of the centroid on removal
    );
    CREATE INDEX story_articles_story ON story_articles(story_id, source);
    -- Inverted lists of story centroid terms: candidate stories for a new article. Ordered by the
    -- story's last_seen so a lookup reads only the stories still open at the article's date.
    CREATE TABLE story_terms (
        term TEXT NOT NULL,
        last_seen TEXT NOT NULL,
        story_id INTEGER NOT NULL,
        weight REAL NOT NULL,
        PRIMARY KEY (term, last_seen, story_id)
    ) WITHOUT ROWID;
    CREATE INDEX story_terms_story ON story_terms(story_id);
    -- Document frequencies of the terms stories are built from (for tf-idf weights); the row
    -- with the empty term counts the documents.
    CREATE TABLE term_df (
        term TEXT PRIMARY KEY,
        df INTEGER NOT NULL
    ) WITHOUT ROWID;
    """,
    # 4: semantic search (the optional `[semantic]` extra): sentence-embedding vectors of article
    # chunks and the embed stage's progress. Derived from articles; `newsdig embed --all` redoes them.
    """
    -- One row per embedded chunk of an article (chunk 0: title and lead, then text windows).
    -- `id` is the key in the ANN index under vectors/: AUTOINCREMENT never reuses one, so an
    -- index entry of a replaced chunk resolves to nothing instead of to another chunk.
    CREATE TABLE embedding_chunks (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        article_id TEXT NOT NULL,
        chunk INTEGER NOT NULL,
        vector BLOB NOT NULL              -- float16 little-endian, the model's dimensions
    );
    CREATE UNIQUE INDEX embedding_chunks_article ON embedding_chunks(article_id, chunk);
    -- One row per article the embed stage has seen: the text and the model it embedded, so a
    -- changed text or another model makes the article pending again.
    CREATE TABLE embedding_progress (
        article_id TEXT PRIMARY KEY,
        content_hash TEXT NOT NULL,
        model TEXT NOT NULL,
        status TEXT NOT NULL,             -- ok | empty (nothing to embed) | failed
        chunks INTEGER NOT NULL DEFAULT 0,
        error TEXT,
        done_at TEXT NOT NULL
    ) WITHOUT ROWID;
    CREATE INDEX embedding_progress_status ON embedding_progress(status);
    """,
    # 5: `stats` at a million articles: counting languages scanned the whole table (3.8 s of
    # 9.5 s); with this index it reads the index alone.
    """
    CREATE INDEX articles_language ON articles(language);
    """,
    # 6: opening an article by its URL (`newsdig show URL`, /api/articles/{ref}, every hit opened)
    # scanned the table: 150 ms a lookup at 100k articles, the load test's slowest request.
    """
    CREATE INDEX articles_url ON articles(url);
    """,
)

SCHEMA_VERSION = len(MIGRATIONS)


def connect(path: Path, readonly: bool = False) -> sqlite3.Connection:
    """Open (and migrate) the catalog. Readers never migrate; they refuse a newer schema."""
    if readonly and not path.exists():
        raise HomeError(f"no newsdig catalog at {path.parent}: run `newsdig add` first")
    try:
        if readonly:
            conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
        else:
            conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000)
    except sqlite3.OperationalError as err:
        raise HomeError(f"cannot open the catalog {path}: {err}") from err
    conn.row_factory = sqlite3.Row
    try:
        conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        if not readonly:
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            migrate(conn)
        else:
            check_version(conn)
    except sqlite3.Error as err:  # a full disk while creating or migrating, a damaged file
        conn.close()
        raise HomeError(f"cannot open the catalog {path}: {err}{write_failure_hint(path, err)}; "
                        "what it held is kept") from err
    return conn


def check_version(conn: sqlite3.Connection) -> int:
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise HomeError(
            f"this catalog has schema version {version}, newer than this newsdig ({SCHEMA_VERSION}); "
            "upgrade newsdig"
        )
    return version


def migrate(conn: sqlite3.Connection) -> None:
    """Apply missing migrations, each in its own transaction with the version bump."""
    version = check_version(conn)
    for step in range(version, SCHEMA_VERSION):
        conn.executescript("BEGIN;" + MIGRATIONS[step] + f"PRAGMA user_version={step + 1}; COMMIT;")
