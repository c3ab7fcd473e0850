-- Joinery schema, migration 1: every kind of record, the undo log and the
-- audit trail.
--
-- Conventions, kept by every table below:
--   * enumerations are checked with `x = 'a' OR x = 'b' …`, not `x IN (…)`:
--     SQLite builds an ephemeral index for an IN list on every row it
--     checks, which made each insert several times slower;
--   * STRICT tables, so a money column holds integers and nothing else;
--   * `id INTEGER PRIMARY KEY AUTOINCREMENT`: ids are never reused, so an
--     audit row or a search hit never points at a different record later;
--   * created_at / updated_at as ISO-8601 UTC ('2017-05-19T09:30:00Z');
--   * dates as ISO-8601 calendar dates, checked by a round trip through
--     julianday() (SQLite's date() alone accepts 2017-02-30);
--   * a CHECK for every enumeration and every amount (integer pence, >= 0);
--   * a reference is `<name>_id` with a foreign key; a link to a record of
--     any kind (tasks, notes, tags) is `record_kind` + `record_id`, checked
--     by the core because SQL cannot express it.
-- The core (app/core/joinery-kind.c) describes the same tables; a test
-- checks that the two agree, enumeration by enumeration.

CREATE TABLE areas (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 300),
  level TEXT NOT NULL DEFAULT 'district'
    CHECK ((level = 'country' OR level = 'region' OR level = 'ics'
         OR level = 'district' OR level = 'ward')),
  parent_id INTEGER REFERENCES areas (id),
  code TEXT CHECK (code IS NULL OR length(code) BETWEEN 1 AND 20),
  description TEXT CHECK (description IS NULL OR length(description) <= 100000),
  CHECK (parent_id IS NULL OR parent_id <> id)
) STRICT;
CREATE INDEX areas_parent ON areas (parent_id);

CREATE TABLE organisations (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 300),
  kind TEXT NOT NULL
    CHECK ((kind = 'council' OR kind = 'nhs_trust' OR kind = 'ccg'
         OR kind = 'gp_practice' OR kind = 'voluntary'
         OR kind = 'social_enterprise' OR kind = 'community_group'
         OR kind = 'business' OR kind = 'university' OR kind = 'national_body'
         OR kind = 'other')),
  area_id INTEGER REFERENCES areas (id),
  charity_number TEXT CHECK (charity_number IS NULL OR length(charity_number) <= 12),
  company_number TEXT CHECK (company_number IS NULL OR length(company_number) = 8),
  ods_code TEXT CHECK (ods_code IS NULL OR length(ods_code) BETWEEN 3 AND 6),
  website TEXT CHECK (website IS NULL OR website LIKE 'http%://%'),
  email TEXT CHECK (email IS NULL OR email LIKE '%_@_%'),
  phone TEXT CHECK (phone IS NULL OR length(phone) <= 40),
  address TEXT CHECK (address IS NULL OR length(address) <= 1000),
  description TEXT CHECK (description IS NULL OR length(description) <= 100000)
) STRICT;
CREATE INDEX organisations_area ON organisations (area_id);
CREATE INDEX organisations_name ON organisations (name COLLATE NOCASE);

CREATE TABLE people (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 300),
  job_title TEXT CHECK (job_title IS NULL OR length(job_title) <= 300),
  organisation_id INTEGER REFERENCES organisations (id),
  email TEXT CHECK (email IS NULL OR email LIKE '%_@_%'),
  phone TEXT CHECK (phone IS NULL OR length(phone) <= 40),
  consent_to_contact INTEGER NOT NULL DEFAULT 0 CHECK (consent_to_contact = 0 OR consent_to_contact = 1),
  consent_recorded_on TEXT
    CHECK (consent_recorded_on IS NULL OR date(julianday(consent_recorded_on)) IS consent_recorded_on)
) STRICT;
CREATE INDEX people_organisation ON people (organisation_id);
CREATE INDEX people_name ON people (name COLLATE NOCASE);
CREATE INDEX people_email ON people (email COLLATE NOCASE);

CREATE TABLE groups (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 300),
  kind TEXT NOT NULL CHECK ((kind = 'board' OR kind = 'partnership' OR kind = 'network'
         OR kind = 'programme')),
  area_id INTEGER REFERENCES areas (id),
  organisation_id INTEGER REFERENCES organisations (id),
  starts_on TEXT CHECK (starts_on IS NULL OR date(julianday(starts_on)) IS starts_on),
  ends_on TEXT CHECK (ends_on IS NULL OR date(julianday(ends_on)) IS ends_on),
  website TEXT CHECK (website IS NULL OR website LIKE 'http%://%'),
  description TEXT CHECK (description IS NULL OR length(description) <= 100000),
  CHECK (ends_on IS NULL OR starts_on IS NULL OR ends_on >= starts_on)
) STRICT;
CREATE INDEX groups_area ON groups (area_id);
CREATE INDEX groups_organisation ON groups (organisation_id);

CREATE TABLE group_members (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  group_id INTEGER NOT NULL REFERENCES groups (id),
  person_id INTEGER REFERENCES people (id),
  organisation_id INTEGER REFERENCES organisations (id),
  role TEXT NOT NULL DEFAULT 'member'
    CHECK ((role = 'chair' OR role = 'vice_chair' OR role = 'member'
         OR role = 'sponsor' OR role = 'secretary' OR role = 'partner')),
  starts_on TEXT CHECK (starts_on IS NULL OR date(julianday(starts_on)) IS starts_on),
  ends_on TEXT CHECK (ends_on IS NULL OR date(julianday(ends_on)) IS ends_on),
  CHECK ((person_id IS NULL) <> (organisation_id IS NULL)),
  CHECK (ends_on IS NULL OR starts_on IS NULL OR ends_on >= starts_on)
) STRICT;
CREATE INDEX group_members_group ON group_members (group_id);
CREATE INDEX group_members_person ON group_members (person_id);
CREATE INDEX group_members_organisation ON group_members (organisation_id);

CREATE TABLE themes (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  name TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(name) BETWEEN 1 AND 300),
  description TEXT CHECK (description IS NULL OR length(description) <= 100000)
) STRICT;

CREATE TABLE projects (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 300),
  summary TEXT CHECK (summary IS NULL OR length(summary) <= 100000),
  lead_organisation_id INTEGER REFERENCES organisations (id),
  area_id INTEGER REFERENCES areas (id),
  stage TEXT NOT NULL DEFAULT 'idea'
    CHECK ((stage = 'idea' OR stage = 'pilot' OR stage = 'established'
         OR stage = 'scaling' OR stage = 'embedded' OR stage = 'closed')),
  stage_since TEXT CHECK (stage_since IS NULL OR date(julianday(stage_since)) IS stage_since),
  starts_on TEXT CHECK (starts_on IS NULL OR date(julianday(starts_on)) IS starts_on),
  ends_on TEXT CHECK (ends_on IS NULL OR date(julianday(ends_on)) IS ends_on),
  website TEXT CHECK (website IS NULL OR website LIKE 'http%://%'),
  CHECK (ends_on IS NULL OR starts_on IS NULL OR ends_on >= starts_on)
) STRICT;
CREATE INDEX projects_lead ON projects (lead_organisation_id);
CREATE INDEX projects_area ON projects (area_id);
CREATE INDEX projects_stage ON projects (stage);

CREATE TABLE project_partners (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  project_id INTEGER NOT NULL REFERENCES projects (id),
  organisation_id INTEGER NOT NULL REFERENCES organisations (id),
  role TEXT CHECK (role IS NULL OR length(role) <= 300),
  UNIQUE (project_id, organisation_id)
) STRICT;
CREATE INDEX project_partners_organisation ON project_partners (organisation_id);

CREATE TABLE project_themes (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  project_id INTEGER NOT NULL REFERENCES projects (id),
  theme_id INTEGER NOT NULL REFERENCES themes (id),
  UNIQUE (project_id, theme_id)
) STRICT;
CREATE INDEX project_themes_theme ON project_themes (theme_id);

CREATE TABLE project_stages (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  project_id INTEGER NOT NULL REFERENCES projects (id),
  stage TEXT NOT NULL
    CHECK ((stage = 'idea' OR stage = 'pilot' OR stage = 'established'
         OR stage = 'scaling' OR stage = 'embedded' OR stage = 'closed')),
  started_on TEXT NOT NULL CHECK (date(julianday(started_on)) IS started_on),
  note TEXT CHECK (note IS NULL OR length(note) <= 100000)
) STRICT;
CREATE INDEX project_stages_project ON project_stages (project_id, started_on);

CREATE TABLE funds (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 300),
  funder_id INTEGER REFERENCES organisations (id),
  budget INTEGER CHECK (budget IS NULL OR budget >= 0),
  starts_on TEXT CHECK (starts_on IS NULL OR date(julianday(starts_on)) IS starts_on),
  ends_on TEXT CHECK (ends_on IS NULL OR date(julianday(ends_on)) IS ends_on),
  website TEXT CHECK (website IS NULL OR website LIKE 'http%://%'),
  description TEXT CHECK (description IS NULL OR length(description) <= 100000),
  CHECK (ends_on IS NULL OR starts_on IS NULL OR ends_on >= starts_on)
) STRICT;
CREATE INDEX funds_funder ON funds (funder_id);

CREATE TABLE fund_themes (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  fund_id INTEGER NOT NULL REFERENCES funds (id),
  theme_id INTEGER NOT NULL REFERENCES themes (id),
  UNIQUE (fund_id, theme_id)
) STRICT;
CREATE INDEX fund_themes_theme ON fund_themes (theme_id);

CREATE TABLE rounds (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  fund_id INTEGER NOT NULL REFERENCES funds (id),
  name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 300),
  number INTEGER CHECK (number IS NULL OR number BETWEEN 1 AND 1000),
  opens_on TEXT CHECK (opens_on IS NULL OR date(julianday(opens_on)) IS opens_on),
  closes_on TEXT CHECK (closes_on IS NULL OR date(julianday(closes_on)) IS closes_on),
  budget INTEGER CHECK (budget IS NULL OR budget >= 0),
  UNIQUE (fund_id, number),
  CHECK (closes_on IS NULL OR opens_on IS NULL OR closes_on >= opens_on)
) STRICT;

CREATE TABLE grants (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  round_id INTEGER NOT NULL REFERENCES rounds (id),
  reference TEXT UNIQUE CHECK (reference IS NULL OR length(reference) BETWEEN 1 AND 100),
  title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
  applicant_id INTEGER NOT NULL REFERENCES organisations (id),
  project_id INTEGER REFERENCES projects (id),
  theme_id INTEGER REFERENCES themes (id),
  amount_requested INTEGER CHECK (amount_requested IS NULL OR amount_requested >= 0),
  amount_awarded INTEGER CHECK (amount_awarded IS NULL OR amount_awarded >= 0),
  status TEXT NOT NULL DEFAULT 'draft'
    CHECK ((status = 'draft' OR status = 'submitted' OR status = 'under_review'
         OR status = 'awarded' OR status = 'declined' OR status = 'withdrawn'
         OR status = 'completed')),
  submitted_on TEXT CHECK (submitted_on IS NULL OR date(julianday(submitted_on)) IS submitted_on),
  awarded_on TEXT CHECK (awarded_on IS NULL OR date(julianday(awarded_on)) IS awarded_on),
  starts_on TEXT CHECK (starts_on IS NULL OR date(julianday(starts_on)) IS starts_on),
  ends_on TEXT CHECK (ends_on IS NULL OR date(julianday(ends_on)) IS ends_on),
  description TEXT CHECK (description IS NULL OR length(description) <= 100000),
  CHECK ((status <> 'awarded' AND status <> 'completed')
         OR (awarded_on IS NOT NULL AND amount_awarded IS NOT NULL)),
  CHECK (ends_on IS NULL OR starts_on IS NULL OR ends_on >= starts_on)
) STRICT;
CREATE INDEX grants_round ON grants (round_id);
CREATE INDEX grants_applicant ON grants (applicant_id);
CREATE INDEX grants_project ON grants (project_id);
CREATE INDEX grants_theme ON grants (theme_id);
CREATE INDEX grants_status ON grants (status);

CREATE TABLE events (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 300),
  kind TEXT NOT NULL DEFAULT 'conference'
    CHECK ((kind = 'conference' OR kind = 'learning_event' OR kind = 'hack'
         OR kind = 'training' OR kind = 'workshop' OR kind = 'meeting'
         OR kind = 'other')),
  starts_on TEXT NOT NULL CHECK (date(julianday(starts_on)) IS starts_on),
  ends_on TEXT CHECK (ends_on IS NULL OR date(julianday(ends_on)) IS ends_on),
  venue TEXT CHECK (venue IS NULL OR length(venue) <= 300),
  area_id INTEGER REFERENCES areas (id),
  organiser_id INTEGER REFERENCES organisations (id),
  group_id INTEGER REFERENCES groups (id),
  booking_url TEXT CHECK (booking_url IS NULL OR booking_url LIKE 'http%://%'),
  capacity INTEGER CHECK (capacity IS NULL OR capacity BETWEEN 0 AND 1000000),
  description TEXT CHECK (description IS NULL OR length(description) <= 100000),
  CHECK (ends_on IS NULL OR ends_on >= starts_on)
) STRICT;
CREATE INDEX events_starts ON events (starts_on);
CREATE INDEX events_area ON events (area_id);
CREATE INDEX events_organiser ON events (organiser_id);
CREATE INDEX events_group ON events (group_id);

CREATE TABLE sessions (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  event_id INTEGER NOT NULL REFERENCES events (id),
  title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
  kind TEXT NOT NULL DEFAULT 'workshop'
    CHECK ((kind = 'workshop' OR kind = 'showcase' OR kind = 'plenary'
         OR kind = 'discussion' OR kind = 'keynote' OR kind = 'other')),
  starts_at TEXT CHECK (starts_at IS NULL OR (length(starts_at) = 5 AND time(starts_at) IS starts_at || ':00')),
  ends_at TEXT CHECK (ends_at IS NULL OR (length(ends_at) = 5 AND time(ends_at) IS ends_at || ':00')),
  project_id INTEGER REFERENCES projects (id),
  room TEXT CHECK (room IS NULL OR length(room) <= 300),
  description TEXT CHECK (description IS NULL OR length(description) <= 100000),
  CHECK (ends_at IS NULL OR starts_at IS NULL OR ends_at >= starts_at)
) STRICT;
CREATE INDEX sessions_event ON sessions (event_id);
CREATE INDEX sessions_project ON sessions (project_id);

CREATE TABLE attendances (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  event_id INTEGER NOT NULL REFERENCES events (id),
  person_id INTEGER NOT NULL REFERENCES people (id),
  session_id INTEGER REFERENCES sessions (id),
  status TEXT NOT NULL DEFAULT 'booked'
    CHECK ((status = 'booked' OR status = 'attended' OR status = 'no_show'
         OR status = 'cancelled')),
  role TEXT NOT NULL DEFAULT 'delegate'
    CHECK ((role = 'delegate' OR role = 'speaker' OR role = 'facilitator')),
  ticket_type TEXT CHECK (ticket_type IS NULL OR length(ticket_type) <= 300),
  booked_on TEXT CHECK (booked_on IS NULL OR date(julianday(booked_on)) IS booked_on),
  UNIQUE (event_id, person_id)
) STRICT;
CREATE INDEX attendances_person ON attendances (person_id);
CREATE INDEX attendances_session ON attendances (session_id);

CREATE TABLE indicators (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 300),
  unit TEXT NOT NULL
    CHECK ((unit = 'count' OR unit = 'percent' OR unit = 'years'
         OR unit = 'pounds' OR unit = 'rate' OR unit = 'ratio'
         OR unit = 'score' OR unit = 'days')),
  direction TEXT NOT NULL CHECK ((direction = 'higher' OR direction = 'lower')),
  description TEXT CHECK (description IS NULL OR length(description) <= 100000)
) STRICT;

CREATE TABLE measurements (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  indicator_id INTEGER NOT NULL REFERENCES indicators (id),
  area_id INTEGER REFERENCES areas (id),
  organisation_id INTEGER REFERENCES organisations (id),
  project_id INTEGER REFERENCES projects (id),
  period_start TEXT NOT NULL CHECK (date(julianday(period_start)) IS period_start),
  period_end TEXT NOT NULL CHECK (date(julianday(period_end)) IS period_end),
  value REAL NOT NULL,
  source TEXT CHECK (source IS NULL OR length(source) <= 1000),
  note TEXT CHECK (note IS NULL OR length(note) <= 100000),
  CHECK ((area_id IS NOT NULL) + (organisation_id IS NOT NULL) + (project_id IS NOT NULL) = 1),
  CHECK (period_end >= period_start)
) STRICT;
CREATE INDEX measurements_indicator ON measurements (indicator_id, period_start);
CREATE INDEX measurements_area ON measurements (area_id);
CREATE INDEX measurements_organisation ON measurements (organisation_id);
CREATE INDEX measurements_project ON measurements (project_id);

CREATE TABLE awards (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 300),
  awarding_body_id INTEGER REFERENCES organisations (id),
  year INTEGER CHECK (year IS NULL OR year BETWEEN 1900 AND 2200),
  category TEXT CHECK (category IS NULL OR length(category) <= 300),
  description TEXT CHECK (description IS NULL OR length(description) <= 100000)
) STRICT;
CREATE INDEX awards_body ON awards (awarding_body_id);

CREATE TABLE award_winners (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  award_id INTEGER NOT NULL REFERENCES awards (id),
  organisation_id INTEGER REFERENCES organisations (id),
  project_id INTEGER REFERENCES projects (id),
  result TEXT NOT NULL DEFAULT 'winner'
    CHECK ((result = 'winner' OR result = 'joint_winner' OR result = 'shortlisted'
         OR result = 'highly_commended')),
  citation TEXT CHECK (citation IS NULL OR length(citation) <= 100000),
  CHECK (organisation_id IS NOT NULL OR project_id IS NOT NULL)
) STRICT;
CREATE INDEX award_winners_award ON award_winners (award_id);
CREATE INDEX award_winners_organisation ON award_winners (organisation_id);
CREATE INDEX award_winners_project ON award_winners (project_id);

-- The kinds a task, note or tag may be attached to.
CREATE TABLE tasks (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
  description TEXT CHECK (description IS NULL OR length(description) <= 100000),
  due_on TEXT CHECK (due_on IS NULL OR date(julianday(due_on)) IS due_on),
  status TEXT NOT NULL DEFAULT 'open' CHECK ((status = 'open' OR status = 'done' OR status = 'cancelled')),
  completed_on TEXT CHECK (completed_on IS NULL OR date(julianday(completed_on)) IS completed_on),
  assignee_id INTEGER REFERENCES people (id),
  record_kind TEXT
    CHECK (record_kind IS NULL OR (record_kind = 'area' OR record_kind = 'organisation'
         OR record_kind = 'person' OR record_kind = 'group'
         OR record_kind = 'group_member' OR record_kind = 'theme'
         OR record_kind = 'project' OR record_kind = 'project_partner'
         OR record_kind = 'project_theme' OR record_kind = 'project_stage'
         OR record_kind = 'fund' OR record_kind = 'fund_theme'
         OR record_kind = 'round' OR record_kind = 'grant'
         OR record_kind = 'event' OR record_kind = 'session'
         OR record_kind = 'attendance' OR record_kind = 'indicator'
         OR record_kind = 'measurement' OR record_kind = 'award'
         OR record_kind = 'award_winner' OR record_kind = 'task')),
  record_id INTEGER,
  created_by TEXT CHECK (created_by IS NULL OR length(created_by) <= 300),
  CHECK ((record_kind IS NULL) = (record_id IS NULL)),
  CHECK (status <> 'done' OR completed_on IS NOT NULL)
) STRICT;
CREATE INDEX tasks_record ON tasks (record_kind, record_id);
CREATE INDEX tasks_due ON tasks (status, due_on);
CREATE INDEX tasks_assignee ON tasks (assignee_id);

CREATE TABLE notes (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  record_kind TEXT NOT NULL
    CHECK ((record_kind = 'area' OR record_kind = 'organisation'
         OR record_kind = 'person' OR record_kind = 'group'
         OR record_kind = 'group_member' OR record_kind = 'theme'
         OR record_kind = 'project' OR record_kind = 'project_partner'
         OR record_kind = 'project_theme' OR record_kind = 'project_stage'
         OR record_kind = 'fund' OR record_kind = 'fund_theme'
         OR record_kind = 'round' OR record_kind = 'grant'
         OR record_kind = 'event' OR record_kind = 'session'
         OR record_kind = 'attendance' OR record_kind = 'indicator'
         OR record_kind = 'measurement' OR record_kind = 'award'
         OR record_kind = 'award_winner' OR record_kind = 'task')),
  record_id INTEGER NOT NULL,
  body TEXT NOT NULL CHECK (length(body) BETWEEN 1 AND 100000),
  author TEXT CHECK (author IS NULL OR length(author) <= 300)
) STRICT;
CREATE INDEX notes_record ON notes (record_kind, record_id);

CREATE TABLE tags (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  record_kind TEXT NOT NULL
    CHECK ((record_kind = 'area' OR record_kind = 'organisation'
         OR record_kind = 'person' OR record_kind = 'group'
         OR record_kind = 'group_member' OR record_kind = 'theme'
         OR record_kind = 'project' OR record_kind = 'project_partner'
         OR record_kind = 'project_theme' OR record_kind = 'project_stage'
         OR record_kind = 'fund' OR record_kind = 'fund_theme'
         OR record_kind = 'round' OR record_kind = 'grant'
         OR record_kind = 'event' OR record_kind = 'session'
         OR record_kind = 'attendance' OR record_kind = 'indicator'
         OR record_kind = 'measurement' OR record_kind = 'award'
         OR record_kind = 'award_winner' OR record_kind = 'task')),
  record_id INTEGER NOT NULL,
  name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  UNIQUE (record_kind, record_id, name)
) STRICT;
CREATE INDEX tags_name ON tags (name);

-- One row per change group (one user action). The changeset, recorded with
-- SQLite's session extension, is what undo inverts and redo replays.
CREATE TABLE change_groups (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at TEXT NOT NULL,
  label TEXT NOT NULL,
  source TEXT NOT NULL,
  state TEXT NOT NULL DEFAULT 'done' CHECK ((state = 'done' OR state = 'undone')),
  changeset BLOB
) STRICT;
CREATE INDEX change_groups_state ON change_groups (state, id);

-- The audit trail: append-only. Every create, update and delete made
-- through the core, with the record as JSON before and after.
-- No AUTOINCREMENT: rows are never deleted, so ids are never reused.
CREATE TABLE audit (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  change_group INTEGER,
  kind TEXT NOT NULL,
  record_id INTEGER NOT NULL,
  action TEXT NOT NULL CHECK ((action = 'create' OR action = 'update' OR action = 'delete')),
  before TEXT,
  after TEXT,
  source TEXT NOT NULL
) STRICT;
CREATE INDEX audit_record ON audit (kind, record_id);

CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN
  SELECT RAISE(ABORT, 'the audit trail is append-only');
END;

CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN
  SELECT RAISE(ABORT, 'the audit trail is append-only');
END;
