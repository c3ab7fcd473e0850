-- Joinery schema, migration 4: which workflows are on, and what they did.
--
-- Workflows are switched on per database (a file carries its own routine:
-- a copy of the demo starts with everything off). The log keeps every run
-- of a workflow: when, what set it off, what it changed or why it failed.
-- Neither table is a kind of record: the session (undo) and the search
-- index ignore them, and undoing a workflow's change keeps its log entry.
-- IF NOT EXISTS: harmless should the numbering of migrations be replayed.
CREATE TABLE IF NOT EXISTS workflow_switches (
  plugin_id TEXT NOT NULL,
  workflow_id TEXT NOT NULL,
  enabled INTEGER NOT NULL CHECK (enabled IN (0, 1)),
  changed_at TEXT NOT NULL,
  PRIMARY KEY (plugin_id, workflow_id)
) STRICT;

CREATE TABLE IF NOT EXISTS workflow_runs (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  plugin_id TEXT NOT NULL,
  workflow_id TEXT NOT NULL,
  trigger TEXT NOT NULL,              -- "grant.status", "demand", "open"
  record_kind TEXT,                   -- the record that set it off, if any
  record_id INTEGER,
  outcome TEXT NOT NULL CHECK (outcome IN ('done', 'skipped', 'failed')),
  summary TEXT NOT NULL DEFAULT '',   -- what it changed ("Created 3 tasks…")
  error TEXT,
  traceback TEXT
) STRICT;
CREATE INDEX IF NOT EXISTS workflow_runs_workflow ON workflow_runs (plugin_id, workflow_id, id);
