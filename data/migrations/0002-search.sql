-- Joinery schema, migration 2: the full-text index across every kind.
--
-- One FTS5 table for all kinds, so a single query ranks hits from
-- organisations, people, projects, notes and the rest together. The rowid
-- encodes the record (record id * 32 + the kind's code, see joinery-kind.c),
-- which lets the core replace or remove a record's entry directly.
-- `title` is the record's label and `body` its other searchable text. The
-- core keeps it in step with every change; `joinery check` verifies it.
CREATE VIRTUAL TABLE search_index USING fts5 (
  kind UNINDEXED,
  title,
  body,
  tokenize = 'unicode61 remove_diacritics 2'
);
