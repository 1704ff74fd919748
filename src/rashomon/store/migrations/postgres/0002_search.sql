-- Rashomon store, version 2 (PostgreSQL): full-text search over articles, quotes and claims.
-- Stored generated tsvector columns (titles and speakers weigh A, text B) with GIN indexes;
-- the store queries them with websearch_to_tsquery('english', …) and ranks with ts_rank.
ALTER TABLE articles ADD COLUMN search tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('english'::regconfig, title), 'A')
    || setweight(to_tsvector('english'::regconfig, text), 'B')
) STORED;
CREATE INDEX articles_search ON articles USING GIN (search);

ALTER TABLE records ADD COLUMN search tsvector GENERATED ALWAYS AS (
    CASE
        WHEN kind = 'quote' THEN
            setweight(to_tsvector('english'::regconfig, coalesce(payload::jsonb #>> '{speaker,name}', '')), 'A')
            || setweight(to_tsvector('english'::regconfig, coalesce(payload::jsonb ->> 'content', '')), 'B')
        WHEN kind = 'claim' THEN
            setweight(to_tsvector('english'::regconfig, coalesce(payload::jsonb ->> 'text', '')), 'B')
    END
) STORED;
CREATE INDEX records_search ON records USING GIN (search) WHERE search IS NOT NULL;
