-- Rashomon store, version 3 (PostgreSQL): a generation number that every write moves forward.
-- Readers (the workbench's query cache) compare it to tell whether anything changed since they
-- last looked, without reading the data. Statement-level triggers: one bump per statement.
CREATE TABLE store_generation (id INTEGER PRIMARY KEY CHECK (id = 1), value BIGINT NOT NULL);
INSERT INTO store_generation (id, value) VALUES (1, 0);

CREATE FUNCTION rashomon_bump_generation() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE store_generation SET value = value + 1 WHERE id = 1;
    RETURN NULL;
END
$$;

CREATE TRIGGER generation_records AFTER INSERT OR UPDATE OR DELETE ON records
    FOR EACH STATEMENT EXECUTE FUNCTION rashomon_bump_generation();
CREATE TRIGGER generation_articles AFTER INSERT OR UPDATE OR DELETE ON articles
    FOR EACH STATEMENT EXECUTE FUNCTION rashomon_bump_generation();
CREATE TRIGGER generation_overrides AFTER INSERT OR UPDATE OR DELETE ON overrides
    FOR EACH STATEMENT EXECUTE FUNCTION rashomon_bump_generation();
