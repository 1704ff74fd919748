-- Rashomon store, version 2: full-text search over articles, quotes and claims (FTS5).
--
-- One FTS5 table holds every searchable document. Its rowid is derived from the source row
-- (articles: 2 * rowid, records: 2 * rowid + 1) so that triggers keep it in step in O(log n);
-- the store turns recursive_triggers on so that INSERT OR REPLACE fires the delete triggers.
CREATE VIRTUAL TABLE search_index USING fts5(
    kind UNINDEXED,
    id UNINDEXED,
    article_id UNINDEXED,
    title,
    body,
    tokenize = 'porter unicode61 remove_diacritics 2'
);

CREATE TRIGGER search_article_insert AFTER INSERT ON articles BEGIN
    INSERT INTO search_index (rowid, kind, id, article_id, title, body)
    VALUES (2 * new.rowid, 'article', new.id, new.id, new.title, new.text);
END;

CREATE TRIGGER search_article_delete AFTER DELETE ON articles BEGIN
    DELETE FROM search_index WHERE rowid = 2 * old.rowid;
END;

CREATE TRIGGER search_record_insert AFTER INSERT ON records WHEN new.kind IN ('quote', 'claim') BEGIN
    INSERT INTO search_index (rowid, kind, id, article_id, title, body)
    VALUES (
        2 * new.rowid + 1,
        new.kind,
        new.id,
        new.article_id,
        CASE new.kind WHEN 'quote' THEN coalesce(json_extract(new.payload, '$.speaker.name'), '') ELSE '' END,
        coalesce(
            CASE new.kind
                WHEN 'quote' THEN json_extract(new.payload, '$.content')
                ELSE json_extract(new.payload, '$.text')
            END,
            ''
        )
    );
END;

CREATE TRIGGER search_record_delete AFTER DELETE ON records WHEN old.kind IN ('quote', 'claim') BEGIN
    DELETE FROM search_index WHERE rowid = 2 * old.rowid + 1;
END;

INSERT INTO search_index (rowid, kind, id, article_id, title, body)
SELECT 2 * rowid, 'article', id, id, title, text FROM articles;

INSERT INTO search_index (rowid, kind, id, article_id, title, body)
SELECT
    2 * rowid + 1,
    kind,
    id,
    article_id,
    CASE kind WHEN 'quote' THEN coalesce(json_extract(payload, '$.speaker.name'), '') ELSE '' END,
    coalesce(
        CASE kind WHEN 'quote' THEN json_extract(payload, '$.content') ELSE json_extract(payload, '$.text') END,
        ''
    )
FROM records WHERE kind IN ('quote', 'claim');
