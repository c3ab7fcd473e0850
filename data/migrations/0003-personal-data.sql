-- Joinery schema, migration 3: the audit trail records exports and
-- erasures, and an erasure may scrub the trail's copies of a person's
-- values — the one lawful exception to its being append-only.
--
-- SQLite cannot change a CHECK constraint in place, so the trail is copied
-- into a new table with the wider list of actions. Its triggers then
-- refuse, as before, every DELETE, and every UPDATE except one that
-- changes only `before` and `after` while the core's own connection has
-- switched on joinery_audit_scrub_allowed() for the erasure it is doing
-- (see app/core/joinery-person-data.c). That function exists only on
-- connections the core opens for writing: on any other (the sqlite3
-- shell, a plugin's) the trigger cannot even be compiled, so the UPDATE
-- fails there too. Plugins are read-only besides (the Lua authorizer).

DROP TRIGGER audit_no_update;
DROP TRIGGER audit_no_delete;

CREATE TABLE audit_new (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  change_group INTEGER,
  kind TEXT NOT NULL,
  record_id INTEGER NOT NULL,
  action TEXT NOT NULL
    CHECK ((action = 'create' OR action = 'update' OR action = 'delete'
         OR action = 'export' OR action = 'erase')),
  before TEXT,
  after TEXT,
  source TEXT NOT NULL
) STRICT;
INSERT INTO audit_new (id, at, change_group, kind, record_id, action, before, after, source)
  SELECT id, at, change_group, kind, record_id, action, before, after, source FROM audit;
DROP TABLE audit;
ALTER TABLE audit_new RENAME TO audit;
CREATE INDEX audit_record ON audit (kind, record_id);

CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN
  SELECT RAISE(ABORT, 'the audit trail is append-only');
END;

CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
WHEN NOT joinery_audit_scrub_allowed ()
  OR NEW.id IS NOT OLD.id OR NEW.at IS NOT OLD.at
  OR NEW.change_group IS NOT OLD.change_group OR NEW.kind IS NOT OLD.kind
  OR NEW.record_id IS NOT OLD.record_id OR NEW.action IS NOT OLD.action
  OR NEW.source IS NOT OLD.source
BEGIN
  SELECT RAISE(ABORT, 'the audit trail is append-only');
END;
