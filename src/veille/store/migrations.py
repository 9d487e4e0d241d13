"""Schema migrations, applied in order; ``PRAGMA user_version`` records the last applied.

Never edit a migration that has shipped: append a new one. A migration that needs Python
(computing aggregates, compressing old rows) only creates its tables here and records that
the work is due; ``Store`` does it right after migrating (``veille.store.aggregates``).
"""

from __future__ import annotations

_FTS = "tokenize = 'unicode61 remove_diacritics 2'"

MIGRATIONS: list[str] = [
    # 1: articles, analyses, entities, quotes, failures, full-text indexes.
    f"""
    CREATE TABLE articles (
        pk INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        content_hash TEXT NOT NULL,
        source TEXT NOT NULL,
        url TEXT,
        site TEXT,
        title TEXT,
        published TEXT,
        published_from TEXT,
        authors TEXT NOT NULL DEFAULT '[]',
        language TEXT,
        text TEXT NOT NULL,
        extractor TEXT NOT NULL,
        ingested_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE INDEX articles_published ON articles(published);
    CREATE INDEX articles_site ON articles(site);
    CREATE INDEX articles_hash ON articles(content_hash);
    CREATE INDEX articles_url ON articles(url);

    CREATE TABLE analyses (
        article_pk INTEGER PRIMARY KEY REFERENCES articles(pk) ON DELETE CASCADE,
        schema TEXT NOT NULL,
        analyzers TEXT NOT NULL,
        model TEXT,
        data TEXT NOT NULL,
        created_at TEXT NOT NULL
    );

    CREATE TABLE entities (
        article_pk INTEGER NOT NULL REFERENCES articles(pk) ON DELETE CASCADE,
        entity_id TEXT NOT NULL,
        name TEXT NOT NULL,
        type TEXT NOT NULL,
        roles TEXT NOT NULL DEFAULT '[]',
        mentions INTEGER NOT NULL,
        analyzer TEXT NOT NULL,
        PRIMARY KEY (article_pk, entity_id)
    );
    CREATE INDEX entities_name ON entities(name COLLATE NOCASE, type);

    CREATE TABLE quotes (
        pk INTEGER PRIMARY KEY,
        article_pk INTEGER NOT NULL REFERENCES articles(pk) ON DELETE CASCADE,
        idx INTEGER NOT NULL,
        text TEXT NOT NULL,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        kind TEXT NOT NULL,
        speaker TEXT,
        speaker_id TEXT,
        speaker_mention TEXT,
        cue TEXT,
        analyzer TEXT NOT NULL,
        UNIQUE (article_pk, idx)
    );
    CREATE INDEX quotes_speaker ON quotes(speaker COLLATE NOCASE);

    CREATE TABLE failures (
        pk INTEGER PRIMARY KEY,
        source TEXT NOT NULL,
        stage TEXT NOT NULL,
        error_type TEXT NOT NULL,
        message TEXT NOT NULL,
        level TEXT NOT NULL DEFAULT 'error',
        first_seen TEXT NOT NULL,
        last_seen TEXT NOT NULL,
        count INTEGER NOT NULL DEFAULT 1,
        resolved_at TEXT,
        UNIQUE (source, stage, error_type, message)
    );
    CREATE INDEX failures_source ON failures(source);

    CREATE VIRTUAL TABLE articles_fts USING fts5(
        title, text, content = 'articles', content_rowid = 'pk', {_FTS});
    CREATE TRIGGER articles_ai AFTER INSERT ON articles BEGIN
        INSERT INTO articles_fts(rowid, title, text) VALUES (new.pk, new.title, new.text);
    END;
    CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title, text)
        VALUES ('delete', old.pk, old.title, old.text);
    END;
    CREATE TRIGGER articles_au AFTER UPDATE OF title, text ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title, text)
        VALUES ('delete', old.pk, old.title, old.text);
        INSERT INTO articles_fts(rowid, title, text) VALUES (new.pk, new.title, new.text);
    END;

    CREATE VIRTUAL TABLE quotes_fts USING fts5(
        text, speaker, content = 'quotes', content_rowid = 'pk', {_FTS});
    CREATE TRIGGER quotes_ai AFTER INSERT ON quotes BEGIN
        INSERT INTO quotes_fts(rowid, text, speaker) VALUES (new.pk, new.text, new.speaker);
    END;
    CREATE TRIGGER quotes_ad AFTER DELETE ON quotes BEGIN
        INSERT INTO quotes_fts(quotes_fts, rowid, text, speaker)
        VALUES ('delete', old.pk, old.text, old.speaker);
    END;
    """,
    # 2: people (PER entities grouped by name, veille.query.list_people) read a range of
    # this index instead of every entity.
    """
    CREATE INDEX entities_type_name ON entities(type, name COLLATE NOCASE);
    """,
    # 3: time expressions, places and events, one row each (veille.query.list_events,
    # list_places, timeline), filled from the analyses stored before this migration.
    """
    CREATE TABLE timexes (
        article_pk INTEGER NOT NULL REFERENCES articles(pk) ON DELETE CASCADE,
        idx INTEGER NOT NULL,
        text TEXT NOT NULL,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        value TEXT,
        type TEXT NOT NULL,
        analyzer TEXT NOT NULL,
        PRIMARY KEY (article_pk, idx)
    );

    CREATE TABLE places (
        article_pk INTEGER NOT NULL REFERENCES articles(pk) ON DELETE CASCADE,
        idx INTEGER NOT NULL,
        name TEXT NOT NULL,
        entity_id TEXT,
        country TEXT,
        lat REAL,
        lon REAL,
        analyzer TEXT NOT NULL,
        PRIMARY KEY (article_pk, idx)
    );
    CREATE INDEX places_country ON places(country);
    CREATE INDEX places_name ON places(name COLLATE NOCASE);

    CREATE TABLE events (
        pk INTEGER PRIMARY KEY,
        article_pk INTEGER NOT NULL REFERENCES articles(pk) ON DELETE CASCADE,
        idx INTEGER NOT NULL,
        type TEXT NOT NULL,
        trigger TEXT NOT NULL,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        actors TEXT NOT NULL DEFAULT '[]',
        targets TEXT NOT NULL DEFAULT '[]',
        place TEXT,
        date TEXT,
        sentence_start INTEGER NOT NULL,
        sentence_end INTEGER NOT NULL,
        analyzer TEXT NOT NULL,
        UNIQUE (article_pk, idx)
    );
    CREATE INDEX events_type ON events(type);
    CREATE INDEX events_date ON events(date);

    INSERT INTO timexes (article_pk, idx, text, start, "end", value, type, analyzer)
    SELECT n.article_pk, j.key, json_extract(j.value, '$.text'),
           json_extract(j.value, '$.start'), json_extract(j.value, '$.end'),
           json_extract(j.value, '$.value'), coalesce(json_extract(j.value, '$.type'), 'date'),
           coalesce(json_extract(n.analyzers, '$.timexes'), '')
    FROM analyses n, json_each(n.data, '$.timexes') j
    WHERE json_extract(j.value, '$.text') IS NOT NULL
      AND json_extract(j.value, '$.start') IS NOT NULL
      AND json_extract(j.value, '$.end') IS NOT NULL;

    INSERT INTO places (article_pk, idx, name, entity_id, country, lat, lon, analyzer)
    SELECT n.article_pk, j.key, json_extract(j.value, '$.name'),
           json_extract(j.value, '$.entity_id'), json_extract(j.value, '$.country'),
           json_extract(j.value, '$.lat'), json_extract(j.value, '$.lon'),
           coalesce(json_extract(n.analyzers, '$.places'), '')
    FROM analyses n, json_each(n.data, '$.places') j
    WHERE json_extract(j.value, '$.name') IS NOT NULL;

    INSERT INTO events (article_pk, idx, type, trigger, start, "end", actors, targets, place,
                        date, sentence_start, sentence_end, analyzer)
    SELECT n.article_pk, j.key, json_extract(j.value, '$.type'),
           json_extract(j.value, '$.trigger'), json_extract(j.value, '$.start'),
           json_extract(j.value, '$.end'),
           coalesce(json_extract(j.value, '$.actors'), '[]'),
           coalesce(json_extract(j.value, '$.targets'), '[]'),
           json_extract(j.value, '$.place'), json_extract(j.value, '$.date'),
           json_extract(j.value, '$.sentence[0]'), json_extract(j.value, '$.sentence[1]'),
           coalesce(json_extract(n.analyzers, '$.events'), '')
    FROM analyses n, json_each(n.data, '$.events') j
    WHERE json_extract(j.value, '$.type') IS NOT NULL
      AND json_extract(j.value, '$.trigger') IS NOT NULL
      AND json_extract(j.value, '$.start') IS NOT NULL
      AND json_extract(j.value, '$.end') IS NOT NULL
      AND json_extract(j.value, '$.sentence[1]') IS NOT NULL;
    """,
    # 4: provenance (veille.provenance): one fingerprint per article, its LSH bucket keys
    # (candidate search is an indexed look-up, not a scan), the links between copies, story
    # membership (articles linked transitively, stories of two or more only) and flags.
    """
    CREATE TABLE provenance_fingerprints (
        article_pk INTEGER PRIMARY KEY REFERENCES articles(pk) ON DELETE CASCADE,
        version TEXT NOT NULL,
        content_hash TEXT NOT NULL,
        state TEXT NOT NULL,
        vector BLOB NOT NULL,
        minhash BLOB NOT NULL,
        data TEXT NOT NULL,
        created_at TEXT NOT NULL
    );

    CREATE TABLE provenance_buckets (
        band INTEGER NOT NULL,
        key INTEGER NOT NULL,
        article_pk INTEGER NOT NULL REFERENCES articles(pk) ON DELETE CASCADE,
        PRIMARY KEY (band, key, article_pk)
    ) WITHOUT ROWID;
    CREATE INDEX provenance_buckets_article ON provenance_buckets(article_pk);

    CREATE TABLE provenance_links (
        a_pk INTEGER NOT NULL REFERENCES articles(pk) ON DELETE CASCADE,
        b_pk INTEGER NOT NULL REFERENCES articles(pk) ON DELETE CASCADE,
        kind TEXT NOT NULL,
        score REAL NOT NULL,
        evidence TEXT NOT NULL DEFAULT '{}',
        linker TEXT NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (a_pk, b_pk),
        CHECK (a_pk < b_pk)
    );
    CREATE INDEX provenance_links_b ON provenance_links(b_pk);
    CREATE INDEX provenance_links_kind ON provenance_links(kind);

    CREATE TABLE provenance_stories (
        article_pk INTEGER PRIMARY KEY REFERENCES articles(pk) ON DELETE CASCADE,
        story TEXT NOT NULL,
        first_pk INTEGER NOT NULL,
        size INTEGER NOT NULL
    );
    CREATE INDEX provenance_stories_story ON provenance_stories(story);

    CREATE TABLE provenance_flags (
        article_pk INTEGER NOT NULL REFERENCES articles(pk) ON DELETE CASCADE,
        kind TEXT NOT NULL,
        detail TEXT NOT NULL,
        other_pk INTEGER,
        PRIMARY KEY (article_pk, kind)
    );
    CREATE INDEX provenance_flags_kind ON provenance_flags(kind);
    """,
    # 5: aggregates kept at write time (veille.store.aggregates): who is who across articles
    # (actor_forms → actors), what each person or organisation is given by each article
    # (actor_articles, actor_roles, actor_quotes, actor_events), the actor graph
    # (actor_edges, edge_articles), places (place_totals), organisations' aliases, store
    # counts; salient words for search (search_salient, veille.store.salient); analyses may
    # hold their JSON packed (veille.store.codec). The name indexes of entities, places and
    # quote speakers are no longer read (the aggregates answer): dropped, 12 % of the store.
    f"""
    CREATE TABLE store_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
    INSERT INTO store_meta (key, value) VALUES ('aggregates', 'due');
    CREATE TABLE store_counts (
        kind TEXT NOT NULL,
        value TEXT NOT NULL,
        n INTEGER NOT NULL,
        PRIMARY KEY (kind, value)
    ) WITHOUT ROWID;

    CREATE TABLE actors (
        pk INTEGER PRIMARY KEY,
        type TEXT NOT NULL,
        key TEXT NOT NULL,
        name TEXT NOT NULL,
        articles INTEGER NOT NULL DEFAULT 0,
        mentions INTEGER NOT NULL DEFAULT 0,
        quotes INTEGER NOT NULL DEFAULT 0,
        first_published TEXT,
        last_published TEXT,
        UNIQUE (type, key)
    );
    CREATE INDEX actors_rank ON actors(type, quotes DESC, articles DESC, mentions DESC);
    CREATE INDEX actors_articles ON actors(type, articles DESC);
    CREATE INDEX actors_name ON actors(name COLLATE NOCASE, type);
    CREATE VIRTUAL TABLE actors_fts USING fts5(
        name, content = 'actors', content_rowid = 'pk', {_FTS});
    CREATE TRIGGER actors_ai AFTER INSERT ON actors BEGIN
        INSERT INTO actors_fts(rowid, name) VALUES (new.pk, new.name);
    END;
    CREATE TRIGGER actors_ad AFTER DELETE ON actors BEGIN
        INSERT INTO actors_fts(actors_fts, rowid, name) VALUES ('delete', old.pk, old.name);
    END;
    CREATE TRIGGER actors_au AFTER UPDATE OF name ON actors BEGIN
        INSERT INTO actors_fts(actors_fts, rowid, name) VALUES ('delete', old.pk, old.name);
        INSERT INTO actors_fts(rowid, name) VALUES (new.pk, new.name);
    END;

    CREATE TABLE actor_forms (
        pk INTEGER PRIMARY KEY,
        type TEXT NOT NULL,
        key TEXT NOT NULL,
        grp TEXT,
        short INTEGER NOT NULL,
        initials TEXT NOT NULL DEFAULT '',
        articles INTEGER NOT NULL DEFAULT 0,
        actor_pk INTEGER NOT NULL,
        UNIQUE (type, key)
    );
    CREATE INDEX actor_forms_group ON actor_forms(type, grp);

    CREATE TABLE actor_names (
        actor_pk INTEGER NOT NULL,
        spelling TEXT NOT NULL,
        "full" INTEGER NOT NULL,
        n INTEGER NOT NULL,
        PRIMARY KEY (actor_pk, spelling, "full")
    ) WITHOUT ROWID;

    CREATE TABLE actor_articles (
        actor_pk INTEGER NOT NULL,
        published TEXT NOT NULL,
        article_pk INTEGER NOT NULL,
        mentions INTEGER NOT NULL,
        quotes INTEGER NOT NULL,
        PRIMARY KEY (actor_pk, published, article_pk)
    ) WITHOUT ROWID;
    CREATE INDEX actor_articles_article ON actor_articles(article_pk);

    CREATE TABLE actor_roles (
        actor_pk INTEGER NOT NULL,
        role_key TEXT NOT NULL,
        role TEXT NOT NULL,
        articles INTEGER NOT NULL,
        first_published TEXT,
        last_published TEXT,
        first_position INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (actor_pk, role_key)
    ) WITHOUT ROWID;
    CREATE TABLE actor_role_articles (
        actor_pk INTEGER NOT NULL,
        role_key TEXT NOT NULL,
        published TEXT NOT NULL,
        article_pk INTEGER NOT NULL,
        role TEXT NOT NULL,
        position INTEGER NOT NULL,
        PRIMARY KEY (actor_pk, role_key, published, article_pk)
    ) WITHOUT ROWID;

    CREATE TABLE actor_quotes (
        actor_pk INTEGER NOT NULL,
        published TEXT NOT NULL,
        article_pk INTEGER NOT NULL,
        idx INTEGER NOT NULL,
        PRIMARY KEY (actor_pk, published, article_pk, idx)
    ) WITHOUT ROWID;
    CREATE TABLE actor_events (
        actor_pk INTEGER NOT NULL,
        date TEXT NOT NULL,
        article_pk INTEGER NOT NULL,
        idx INTEGER NOT NULL,
        role TEXT NOT NULL,
        PRIMARY KEY (actor_pk, date, article_pk, idx)
    ) WITHOUT ROWID;

    CREATE TABLE actor_edges (
        source INTEGER NOT NULL,
        target INTEGER NOT NULL,
        type TEXT NOT NULL,
        count INTEGER NOT NULL,
        first TEXT,
        last TEXT,
        PRIMARY KEY (source, target, type)
    ) WITHOUT ROWID;
    CREATE INDEX actor_edges_target ON actor_edges(target);
    CREATE INDEX actor_edges_count ON actor_edges(count DESC);
    CREATE TABLE edge_articles (
        source INTEGER NOT NULL,
        target INTEGER NOT NULL,
        type TEXT NOT NULL,
        article_pk INTEGER NOT NULL,
        count INTEGER NOT NULL,
        first TEXT NOT NULL,
        last TEXT NOT NULL,
        PRIMARY KEY (source, target, type, article_pk)
    ) WITHOUT ROWID;

    CREATE TABLE aliases (
        alias TEXT NOT NULL,
        form_pk INTEGER NOT NULL,
        articles INTEGER NOT NULL,
        PRIMARY KEY (alias, form_pk)
    ) WITHOUT ROWID;
    CREATE TABLE article_aliases (
        article_pk INTEGER NOT NULL REFERENCES articles(pk) ON DELETE CASCADE,
        alias TEXT NOT NULL,
        entity_id TEXT NOT NULL,
        PRIMARY KEY (article_pk, alias, entity_id)
    ) WITHOUT ROWID;

    CREATE TABLE place_totals (
        pk INTEGER PRIMARY KEY,
        key TEXT NOT NULL,
        country TEXT NOT NULL,
        name TEXT NOT NULL,
        articles INTEGER NOT NULL DEFAULT 0,
        mentions INTEGER NOT NULL DEFAULT 0,
        lat REAL,
        lon REAL,
        UNIQUE (key, country)
    );
    CREATE INDEX place_totals_rank ON place_totals(articles DESC, mentions DESC);
    CREATE INDEX place_totals_country ON place_totals(country, articles DESC);
    CREATE TABLE place_spellings (
        place_pk INTEGER NOT NULL,
        spelling TEXT NOT NULL,
        n INTEGER NOT NULL,
        PRIMARY KEY (place_pk, spelling)
    ) WITHOUT ROWID;
    CREATE TABLE place_points (
        place_pk INTEGER NOT NULL,
        lat REAL NOT NULL,
        lon REAL NOT NULL,
        n INTEGER NOT NULL,
        PRIMARY KEY (place_pk, lat, lon)
    ) WITHOUT ROWID;

    DROP INDEX IF EXISTS entities_name;
    DROP INDEX IF EXISTS entities_type_name;
    DROP INDEX IF EXISTS places_name;
    DROP INDEX IF EXISTS places_country;
    DROP INDEX IF EXISTS quotes_speaker;

    CREATE VIRTUAL TABLE search_salient USING fts5(
        s70, s80, s90, s95, content = '', detail = column, {_FTS});
    INSERT INTO store_meta (key, value) VALUES ('salient', 'due');
    """,
    # 6: watch (veille.watch): sources polled by `veille watch`, the pages they list, HTTP
    # validators for conditional requests, per-origin politeness and robots.txt, every stored
    # version of a watched article (the latest is also the article itself), saved searches
    # and their matches. Depends only on migration 1's articles table: it can run after any
    # other migration.
    """
    CREATE TABLE IF NOT EXISTS watch_sources (
        pk INTEGER PRIMARY KEY,
        url TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL UNIQUE,
        kind TEXT NOT NULL DEFAULT 'auto',
        every_seconds REAL NOT NULL,
        allow_private INTEGER NOT NULL DEFAULT 0,
        added_at TEXT NOT NULL,
        next_poll_at TEXT NOT NULL,
        last_poll_at TEXT,
        last_status TEXT,
        last_error TEXT,
        polls INTEGER NOT NULL DEFAULT 0,
        feeds TEXT NOT NULL DEFAULT '[]'
    );

    CREATE TABLE IF NOT EXISTS watch_http (
        url TEXT PRIMARY KEY,
        etag TEXT,
        last_modified TEXT,
        status INTEGER,
        children TEXT NOT NULL DEFAULT '[]',
        fetched_at TEXT NOT NULL
    );

    CREATE TABLE IF NOT EXISTS watch_hosts (
        origin TEXT PRIMARY KEY,
        robots TEXT,
        robots_fetched_at TEXT,
        next_request_at REAL NOT NULL DEFAULT 0,
        backoff_until REAL NOT NULL DEFAULT 0
    );

    CREATE TABLE IF NOT EXISTS watch_pages (
        pk INTEGER PRIMARY KEY,
        url TEXT NOT NULL UNIQUE,
        source_pk INTEGER REFERENCES watch_sources(pk) ON DELETE SET NULL,
        article_pk INTEGER REFERENCES articles(pk) ON DELETE SET NULL,
        state TEXT NOT NULL DEFAULT 'pending',
        entry_stamp TEXT,
        first_seen TEXT NOT NULL,
        last_fetched TEXT,
        attempts INTEGER NOT NULL DEFAULT 0,
        last_error TEXT
    );
    CREATE INDEX IF NOT EXISTS watch_pages_state ON watch_pages(state, first_seen);
    CREATE INDEX IF NOT EXISTS watch_pages_source ON watch_pages(source_pk);
    CREATE INDEX IF NOT EXISTS watch_pages_article ON watch_pages(article_pk);

    CREATE TABLE IF NOT EXISTS article_versions (
        pk INTEGER PRIMARY KEY,
        article_pk INTEGER NOT NULL REFERENCES articles(pk) ON DELETE CASCADE,
        number INTEGER NOT NULL,
        fetched_at TEXT NOT NULL,
        url TEXT,
        title TEXT,
        published TEXT,
        content_hash TEXT NOT NULL,
        text TEXT NOT NULL,
        quotes TEXT NOT NULL DEFAULT '[]',
        warc_file TEXT,
        warc_offset INTEGER,
        UNIQUE (article_pk, number)
    );

    CREATE TABLE IF NOT EXISTS alerts (
        pk INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        query TEXT NOT NULL,
        speaker TEXT,
        person TEXT,
        event_type TEXT,
        place TEXT,
        created_at TEXT NOT NULL,
        checked_at TEXT NOT NULL
    );

    CREATE TABLE IF NOT EXISTS alert_matches (
        alert_pk INTEGER NOT NULL REFERENCES alerts(pk) ON DELETE CASCADE,
        article_pk INTEGER NOT NULL REFERENCES articles(pk) ON DELETE CASCADE,
        version INTEGER,
        matched_at TEXT NOT NULL,
        PRIMARY KEY (alert_pk, article_pk)
    );
    CREATE INDEX IF NOT EXISTS alert_matches_time ON alert_matches(alert_pk, matched_at);

    CREATE INDEX IF NOT EXISTS articles_updated ON articles(updated_at);
    """,
]
