-- Rashomon store, version 3: a generation number that every write moves forward.
-- Readers (the workbench's query cache) compare it to tell whether anything changed since they
-- last looked, without reading the data.
CREATE TABLE store_generation (id INTEGER PRIMARY KEY CHECK (id = 1), value INTEGER NOT NULL);
INSERT INTO store_generation (id, value) VALUES (1, 0);

CREATE TRIGGER generation_records_insert AFTER INSERT ON records BEGIN
    UPDATE store_generation SET value = value + 1 WHERE id = 1;
END;
CREATE TRIGGER generation_records_update AFTER UPDATE ON records BEGIN
    UPDATE store_generation SET value = value + 1 WHERE id = 1;
END;
CREATE TRIGGER generation_records_delete AFTER DELETE ON records BEGIN
    UPDATE store_generation SET value = value + 1 WHERE id = 1;
END;
CREATE TRIGGER generation_articles_insert AFTER INSERT ON articles BEGIN
    UPDATE store_generation SET value = value + 1 WHERE id = 1;
END;
CREATE TRIGGER generation_articles_update AFTER UPDATE ON articles BEGIN
    UPDATE store_generation SET value = value + 1 WHERE id = 1;
END;
CREATE TRIGGER generation_articles_delete AFTER DELETE ON articles BEGIN
    UPDATE store_generation SET value = value + 1 WHERE id = 1;
END;
CREATE TRIGGER generation_overrides_insert AFTER INSERT ON overrides BEGIN
    UPDATE store_generation SET value = value + 1 WHERE id = 1;
END;
CREATE TRIGGER generation_overrides_delete AFTER DELETE ON overrides BEGIN
    UPDATE store_generation SET value = value + 1 WHERE id = 1;
END;
