/* joinery-kind.c: the description of every kind of record.
 *
 * One table per kind below, in the order of data/migrations/0001-records.sql.
 * The kinds' codes are part of the search index's rowids: never renumber
 * them, only add. Nothing here touches the database.
 */
#include "joinery-kind.h"
#include "joinery-error.h"

#include <string.h>

#define F_REQ  JOINERY_FIELD_REQUIRED
#define F_FIND JOINERY_FIELD_SEARCHABLE
#define F_LIST JOINERY_FIELD_LISTED

#define TEXT(n, l, fl)      { .name = n, .column = n, .label = l, .type = JOINERY_FIELD_TEXT, .flags = (fl) }
#define LONG_TEXT(n, l, fl) { .name = n, .column = n, .label = l, .type = JOINERY_FIELD_LONG_TEXT, .flags = (fl) }
#define INTEGER(n, l, fl, lo, hi) \
  { .name = n, .column = n, .label = l, .type = JOINERY_FIELD_INTEGER, .flags = (fl), .min = (lo), .max = (hi) }
#define REAL(n, l, fl)      { .name = n, .column = n, .label = l, .type = JOINERY_FIELD_REAL, .flags = (fl) }
#define MONEY(n, l, fl)     { .name = n, .column = n, .label = l, .type = JOINERY_FIELD_MONEY, .flags = (fl) }
#define DATE(n, l, fl)      { .name = n, .column = n, .label = l, .type = JOINERY_FIELD_DATE, .flags = (fl) }
#define TIME(n, l, fl)      { .name = n, .column = n, .label = l, .type = JOINERY_FIELD_TIME, .flags = (fl) }
#define BOOLEAN(n, l, fl, d) \
  { .name = n, .column = n, .label = l, .type = JOINERY_FIELD_BOOLEAN, .flags = (fl), .default_value = d }
#define CHOICE(n, l, fl, c, d) \
  { .name = n, .column = n, .label = l, .type = JOINERY_FIELD_CHOICE, .flags = (fl), .choices = c, .default_value = d }
#define REF(n, l, fl, k)    { .name = n, .column = n "_id", .label = l, .type = JOINERY_FIELD_REFERENCE, .flags = (fl), .ref_kind = k }
#define LINK(n, l, fl)      { .name = n, .column = "record_id", .label = l, .type = JOINERY_FIELD_LINK, .flags = (fl) }
#define TEXT_MAX(n, l, fl, m) { .name = n, .column = n, .label = l, .type = JOINERY_FIELD_TEXT, .flags = (fl), .max_length = (m) }
#define F_OWNED JOINERY_FIELD_CASCADE

#define FIELDS(a) .fields = a, .n_fields = G_N_ELEMENTS (a)

/* Enumerations, exactly as the migrations' CHECK constraints list them. */
static const char * const area_levels[] = { "country", "region", "ics", "district", "ward", NULL };
static const char * const organisation_kinds[] = {
  "council", "nhs_trust", "ccg", "gp_practice", "voluntary", "social_enterprise",
  "community_group", "business", "university", "national_body", "other", NULL
};
static const char * const group_kinds[] = { "board", "partnership", "network", "programme", NULL };
static const char * const member_roles[] = {
  "chair", "vice_chair", "member", "sponsor", "secretary", "partner", NULL
};
static const char * const project_stages[] = {
  "idea", "pilot", "established", "scaling", "embedded", "closed", NULL
};
static const char * const grant_statuses[] = {
  "draft", "submitted", "under_review", "awarded", "declined", "withdrawn", "completed", NULL
};
static const char * const event_kinds[] = {
  "conference", "learning_event", "hack", "training", "workshop", "meeting", "other", NULL
};
static const char * const session_kinds[] = {
  "workshop", "showcase", "plenary", "discussion", "keynote", "other", NULL
};
static const char * const attendance_statuses[] = {
  "booked", "attended", "no_show", "cancelled", NULL
};
static const char * const attendance_roles[] = { "delegate", "speaker", "facilitator", NULL };
static const char * const indicator_units[] = {
  "count", "percent", "years", "pounds", "rate", "ratio", "score", "days", NULL
};
static const char * const indicator_directions[] = { "higher", "lower", NULL };
static const char * const award_results[] = {
  "winner", "joint_winner", "shortlisted", "highly_commended", NULL
};
static const char * const task_statuses[] = { "open", "done", "cancelled", NULL };

static const JoineryFieldRange dated_range[] = { { "starts_on", "ends_on" }, { NULL, NULL } };

/* areas */
static const JoineryField area_fields[] = {
  TEXT ("name", "Name", F_REQ | F_FIND | F_LIST),
  CHOICE ("level", "Level", F_REQ | F_LIST, area_levels, "district"),
  REF ("parent", "Part of", F_LIST, "area"),
  TEXT_MAX ("code", "Code", F_FIND | F_LIST, 20),
  LONG_TEXT ("description", "Description", F_FIND),
};

/* organisations */
static const JoineryField organisation_fields[] = {
  TEXT ("name", "Name", F_REQ | F_FIND | F_LIST),
  CHOICE ("kind", "Kind", F_REQ | F_LIST, organisation_kinds, NULL),
  REF ("area", "Area", F_LIST, "area"),
  TEXT_MAX ("charity_number", "Charity number", F_FIND | JOINERY_FIELD_CHARITY, 12),
  TEXT ("company_number", "Company number", F_FIND | JOINERY_FIELD_COMPANY),
  TEXT ("ods_code", "NHS ODS code", F_FIND | JOINERY_FIELD_ODS),
  TEXT ("website", "Website", JOINERY_FIELD_URL),
  TEXT ("email", "Email", F_FIND | JOINERY_FIELD_EMAIL),
  TEXT_MAX ("phone", "Phone", JOINERY_FIELD_PHONE, 40),
  { .name = "address", .column = "address", .label = "Address", .type = JOINERY_FIELD_LONG_TEXT, .flags = F_FIND,
    .max_length = 1000 },
  LONG_TEXT ("description", "Description", F_FIND),
};

/* people */
static const JoineryField person_fields[] = {
  TEXT ("name", "Name", F_REQ | F_FIND | F_LIST),
  TEXT ("job_title", "Job title", F_FIND | F_LIST),
  REF ("organisation", "Organisation", F_LIST, "organisation"),
  TEXT ("email", "Email", F_FIND | F_LIST | JOINERY_FIELD_EMAIL),
  TEXT_MAX ("phone", "Phone", JOINERY_FIELD_PHONE, 40),
  BOOLEAN ("consent_to_contact", "Consent to contact", F_REQ, "no"),
  DATE ("consent_recorded_on", "Consent recorded on", 0),
};

/* groups */
static const JoineryField group_fields[] = {
  TEXT ("name", "Name", F_REQ | F_FIND | F_LIST),
  CHOICE ("kind", "Kind", F_REQ | F_LIST, group_kinds, NULL),
  REF ("area", "Area", F_LIST, "area"),
  REF ("organisation", "Hosted by", 0, "organisation"),
  DATE ("starts_on", "Starts on", 0),
  DATE ("ends_on", "Ends on", 0),
  TEXT ("website", "Website", JOINERY_FIELD_URL),
  LONG_TEXT ("description", "Description", F_FIND),
};

/* group_members */
static const JoineryField group_member_fields[] = {
  REF ("group", "Group", F_REQ | F_LIST, "group"),
  REF ("person", "Person", F_LIST, "person"),
  REF ("organisation", "Organisation", F_LIST, "organisation"),
  CHOICE ("role", "Role", F_REQ | F_LIST, member_roles, "member"),
  DATE ("starts_on", "Starts on", 0),
  DATE ("ends_on", "Ends on", 0),
};
static const char * const member_one_of_fields[] = { "person", "organisation", NULL };
static const JoineryFieldChoice member_one_of[] = { { member_one_of_fields, TRUE }, { NULL, FALSE } };

/* themes */
static const JoineryField theme_fields[] = {
  TEXT ("name", "Name", F_REQ | F_FIND | F_LIST),
  LONG_TEXT ("description", "Description", F_FIND),
};
static const char * const theme_unique_fields[] = { "name", NULL };
static const JoineryUnique theme_uniques[] = {
  { theme_unique_fields, "a theme of this name already exists" }, { NULL, NULL }
};

/* projects */
static const JoineryField project_fields[] = {
  TEXT ("name", "Name", F_REQ | F_FIND | F_LIST),
  LONG_TEXT ("summary", "Summary", F_FIND),
  REF ("lead_organisation", "Lead organisation", F_LIST, "organisation"),
  REF ("area", "Area", F_LIST, "area"),
  CHOICE ("stage", "Stage", F_REQ | F_LIST, project_stages, "idea"),
  DATE ("stage_since", "In this stage since", 0),
  DATE ("starts_on", "Starts on", 0),
  DATE ("ends_on", "Ends on", 0),
  TEXT ("website", "Website", JOINERY_FIELD_URL),
};

/* project_partners */
static const JoineryField project_partner_fields[] = {
  REF ("project", "Project", F_REQ | F_LIST, "project"),
  REF ("organisation", "Organisation", F_REQ | F_LIST, "organisation"),
  TEXT ("role", "Role", F_LIST),
};
static const char * const partner_unique_fields[] = { "project", "organisation", NULL };
static const JoineryUnique partner_uniques[] = {
  { partner_unique_fields, "is already a partner in this project" }, { NULL, NULL }
};

/* project_themes */
static const JoineryField project_theme_fields[] = {
  REF ("project", "Project", F_REQ | F_LIST, "project"),
  REF ("theme", "Theme", F_REQ | F_LIST, "theme"),
};
static const char * const project_theme_unique_fields[] = { "project", "theme", NULL };
static const JoineryUnique project_theme_uniques[] = {
  { project_theme_unique_fields, "the project already has this theme" }, { NULL, NULL }
};

/* project_stages */
static const JoineryField project_stage_fields[] = {
  REF ("project", "Project", F_REQ | F_LIST | F_OWNED, "project"),
  CHOICE ("stage", "Stage", F_REQ | F_LIST, project_stages, NULL),
  DATE ("started_on", "Started on", F_REQ | F_LIST),
  LONG_TEXT ("note", "Note", F_FIND),
};

/* funds */
static const JoineryField fund_fields[] = {
  TEXT ("name", "Name", F_REQ | F_FIND | F_LIST),
  REF ("funder", "Funder", F_LIST, "organisation"),
  MONEY ("budget", "Budget", F_LIST),
  DATE ("starts_on", "Starts on", 0),
  DATE ("ends_on", "Ends on", 0),
  TEXT ("website", "Website", JOINERY_FIELD_URL),
  LONG_TEXT ("description", "Description", F_FIND),
};

/* fund_themes */
static const JoineryField fund_theme_fields[] = {
  REF ("fund", "Fund", F_REQ | F_LIST, "fund"),
  REF ("theme", "Theme", F_REQ | F_LIST, "theme"),
};
static const char * const fund_theme_unique_fields[] = { "fund", "theme", NULL };
static const JoineryUnique fund_theme_uniques[] = {
  { fund_theme_unique_fields, "the fund already has this theme" }, { NULL, NULL }
};

/* rounds */
static const JoineryField round_fields[] = {
  REF ("fund", "Fund", F_REQ | F_LIST, "fund"),
  TEXT ("name", "Name", F_REQ | F_FIND | F_LIST),
  INTEGER ("number", "Number", F_LIST, 1, 1000),
  DATE ("opens_on", "Opens on", F_LIST),
  DATE ("closes_on", "Closes on", F_LIST),
  MONEY ("budget", "Budget", F_LIST),
};
static const JoineryFieldRange round_ranges[] = { { "opens_on", "closes_on" }, { NULL, NULL } };
static const char * const round_unique_fields[] = { "fund", "number", NULL };
static const JoineryUnique round_uniques[] = {
  { round_unique_fields, "the fund already has a round with this number" }, { NULL, NULL }
};

/* grants */
static const JoineryField grant_fields[] = {
  REF ("round", "Round", F_REQ | F_LIST, "round"),
  TEXT_MAX ("reference", "Reference", F_FIND | F_LIST, 100),
  TEXT ("title", "Title", F_REQ | F_FIND | F_LIST),
  REF ("applicant", "Applicant", F_REQ | F_LIST, "organisation"),
  REF ("project", "Project", 0, "project"),
  REF ("theme", "Theme", F_LIST, "theme"),
  MONEY ("amount_requested", "Amount requested", F_LIST),
  MONEY ("amount_awarded", "Amount awarded", F_LIST),
  CHOICE ("status", "Status", F_REQ | F_LIST, grant_statuses, "draft"),
  DATE ("submitted_on", "Submitted on", 0),
  DATE ("awarded_on", "Awarded on", F_LIST),
  DATE ("starts_on", "Starts on", 0),
  DATE ("ends_on", "Ends on", 0),
  LONG_TEXT ("description", "Description", F_FIND),
};
static const JoineryFieldRange grant_ranges[] = {
  { "starts_on", "ends_on" }, { "submitted_on", "awarded_on" }, { NULL, NULL }
};
static const char * const grant_unique_fields[] = { "reference", NULL };
static const JoineryUnique grant_uniques[] = {
  { grant_unique_fields, "another grant has this reference" }, { NULL, NULL }
};

/* events */
static const JoineryField event_fields[] = {
  TEXT ("name", "Name", F_REQ | F_FIND | F_LIST),
  CHOICE ("kind", "Kind", F_REQ | F_LIST, event_kinds, "conference"),
  DATE ("starts_on", "Starts on", F_REQ | F_LIST),
  DATE ("ends_on", "Ends on", 0),
  TEXT ("venue", "Venue", F_FIND | F_LIST),
  REF ("area", "Area", F_LIST, "area"),
  REF ("organiser", "Organiser", 0, "organisation"),
  REF ("group", "Organised for", 0, "group"),
  TEXT ("booking_url", "Booking page", JOINERY_FIELD_URL),
  INTEGER ("capacity", "Capacity", 0, 0, 1000000),
  LONG_TEXT ("description", "Description", F_FIND),
};

/* sessions */
static const JoineryField session_fields[] = {
  REF ("event", "Event", F_REQ | F_LIST, "event"),
  TEXT ("title", "Title", F_REQ | F_FIND | F_LIST),
  CHOICE ("kind", "Kind", F_REQ | F_LIST, session_kinds, "workshop"),
  TIME ("starts_at", "Starts at", F_LIST),
  TIME ("ends_at", "Ends at", 0),
  REF ("project", "Showcases", F_LIST, "project"),
  TEXT ("room", "Room", 0),
  LONG_TEXT ("description", "Description", F_FIND),
};
static const JoineryFieldRange session_ranges[] = { { "starts_at", "ends_at" }, { NULL, NULL } };

/* attendances */
static const JoineryField attendance_fields[] = {
  REF ("event", "Event", F_REQ | F_LIST, "event"),
  REF ("person", "Person", F_REQ | F_LIST, "person"),
  REF ("session", "Session", 0, "session"),
  CHOICE ("status", "Status", F_REQ | F_LIST, attendance_statuses, "booked"),
  CHOICE ("role", "Role", F_REQ | F_LIST, attendance_roles, "delegate"),
  TEXT ("ticket_type", "Ticket type", 0),
  DATE ("booked_on", "Booked on", 0),
};
static const char * const attendance_unique_fields[] = { "event", "person", NULL };
static const JoineryUnique attendance_uniques[] = {
  { attendance_unique_fields, "this person is already booked onto this event" }, { NULL, NULL }
};

/* indicators */
static const JoineryField indicator_fields[] = {
  TEXT ("name", "Name", F_REQ | F_FIND | F_LIST),
  CHOICE ("unit", "Unit", F_REQ | F_LIST, indicator_units, NULL),
  CHOICE ("direction", "Better when", F_REQ | F_LIST, indicator_directions, NULL),
  LONG_TEXT ("description", "Description", F_FIND),
};

/* measurements */
static const JoineryField measurement_fields[] = {
  REF ("indicator", "Indicator", F_REQ | F_LIST, "indicator"),
  REF ("area", "Area", F_LIST, "area"),
  REF ("organisation", "Organisation", F_LIST, "organisation"),
  REF ("project", "Project", F_LIST, "project"),
  DATE ("period_start", "Period start", F_REQ | F_LIST),
  DATE ("period_end", "Period end", F_REQ | F_LIST),
  REAL ("value", "Value", F_REQ | F_LIST),
  TEXT_MAX ("source", "Source", F_FIND, 1000),
  LONG_TEXT ("note", "Note", F_FIND),
};
static const JoineryFieldRange measurement_ranges[] = {
  { "period_start", "period_end" }, { NULL, NULL }
};
static const char * const measurement_one_of_fields[] = { "area", "organisation", "project", NULL };
static const JoineryFieldChoice measurement_one_of[] = {
  { measurement_one_of_fields, TRUE }, { NULL, FALSE }
};

/* awards */
static const JoineryField award_fields[] = {
  TEXT ("name", "Name", F_REQ | F_FIND | F_LIST),
  REF ("awarding_body", "Awarding body", F_LIST, "organisation"),
  INTEGER ("year", "Year", F_LIST, 1900, 2200),
  TEXT ("category", "Category", F_FIND | F_LIST),
  LONG_TEXT ("description", "Description", F_FIND),
};

/* award_winners */
static const JoineryField award_winner_fields[] = {
  REF ("award", "Award", F_REQ | F_LIST, "award"),
  REF ("organisation", "Organisation", F_LIST, "organisation"),
  REF ("project", "Project", F_LIST, "project"),
  CHOICE ("result", "Result", F_REQ | F_LIST, award_results, "winner"),
  LONG_TEXT ("citation", "Citation", F_FIND),
};
static const char * const winner_one_of_fields[] = { "organisation", "project", NULL };
static const JoineryFieldChoice winner_one_of[] = { { winner_one_of_fields, FALSE }, { NULL, FALSE } };

/* tasks */
static const JoineryField task_fields[] = {
  TEXT ("title", "Title", F_REQ | F_FIND | F_LIST),
  LONG_TEXT ("description", "Description", F_FIND),
  DATE ("due_on", "Due on", F_LIST),
  CHOICE ("status", "Status", F_REQ | F_LIST, task_statuses, "open"),
  DATE ("completed_on", "Completed on", 0),
  REF ("assignee", "Assigned to", F_LIST, "person"),
  LINK ("record", "About", F_LIST),
  TEXT ("created_by", "Created by", 0),
};

/* notes */
static const JoineryField note_fields[] = {
  LINK ("record", "About", F_REQ | F_LIST | F_OWNED),
  LONG_TEXT ("body", "Note", F_REQ | F_FIND | F_LIST),
  TEXT ("author", "Author", F_LIST),
};

/* tags */
static const JoineryField tag_fields[] = {
  LINK ("record", "On", F_REQ | F_LIST | F_OWNED),
  TEXT_MAX ("name", "Tag", F_REQ | F_FIND | F_LIST | JOINERY_FIELD_LOWERCASE, 100),
};
static const char * const tag_unique_fields[] = { "record", "name", NULL };
static const JoineryUnique tag_uniques[] = {
  { tag_unique_fields, "the record already has this tag" }, { NULL, NULL }
};

/* Labels of the kinds that have no name of their own, in SQL over the row
 * aliased `t`. They read the names of the records they link. */
#define LABEL_OF(table, col) "(SELECT x.name FROM " table " x WHERE x.id = t." col ")"
#define TITLE_OF(table, col) "(SELECT x.title FROM " table " x WHERE x.id = t." col ")"

static const JoineryKind kind_table[] = {
  { "area", "areas", "areas", "Area", "Areas", 1, FIELDS (area_fields),
    "name", NULL, "name", NULL, NULL, NULL, TRUE, TRUE },
  { "organisation", "organisations", "organisations", "Organisation", "Organisations", 2,
    FIELDS (organisation_fields), "name", NULL, "name", NULL, NULL, NULL, TRUE, TRUE },
  { "person", "people", "people", "Person", "People", 3, FIELDS (person_fields),
    "name", NULL, "name", NULL, NULL, NULL, TRUE, TRUE },
  { "group", "groups", "groups", "Group", "Groups", 4, FIELDS (group_fields),
    "name", NULL, "name", dated_range, NULL, NULL, TRUE, TRUE },
  { "group_member", "group_members", "group_members", "Group member", "Group members", 5,
    FIELDS (group_member_fields), NULL,
    "coalesce(" LABEL_OF ("people", "person_id") ", " LABEL_OF ("organisations", "organisation_id")
    ", '?') || ' in ' || coalesce(" LABEL_OF ("groups", "group_id") ", '?')",
    "group", dated_range, member_one_of, NULL, FALSE, TRUE },
  { "theme", "themes", "themes", "Theme", "Themes", 6, FIELDS (theme_fields),
    "name", NULL, "name", NULL, NULL, theme_uniques, FALSE, TRUE },
  { "project", "projects", "projects", "Project", "Projects", 7, FIELDS (project_fields),
    "name", NULL, "name", dated_range, NULL, NULL, TRUE, TRUE },
  { "project_partner", "project_partners", "project_partners", "Project partner",
    "Project partners", 8, FIELDS (project_partner_fields), NULL,
    "coalesce(" LABEL_OF ("organisations", "organisation_id") ", '?') || ' with ' || coalesce("
    LABEL_OF ("projects", "project_id") ", '?')",
    "project", NULL, NULL, partner_uniques, FALSE, TRUE },
  { "project_theme", "project_themes", "project_themes", "Project theme", "Project themes", 9,
    FIELDS (project_theme_fields), NULL,
    "coalesce(" LABEL_OF ("projects", "project_id") ", '?') || ': ' || coalesce("
    LABEL_OF ("themes", "theme_id") ", '?')",
    "project", NULL, NULL, project_theme_uniques, FALSE, TRUE },
  { "project_stage", "project_stages", "project_stages", "Project stage", "Project stages", 10,
    FIELDS (project_stage_fields), NULL,
    "coalesce(" LABEL_OF ("projects", "project_id") ", '?') || ': ' || t.stage || ' from ' || t.started_on",
    "started_on", NULL, NULL, NULL, FALSE, TRUE },
  { "fund", "funds", "funds", "Fund", "Funds", 11, FIELDS (fund_fields),
    "name", NULL, "name", dated_range, NULL, NULL, TRUE, TRUE },
  { "fund_theme", "fund_themes", "fund_themes", "Fund theme", "Fund themes", 12,
    FIELDS (fund_theme_fields), NULL,
    "coalesce(" LABEL_OF ("funds", "fund_id") ", '?') || ': ' || coalesce("
    LABEL_OF ("themes", "theme_id") ", '?')",
    "fund", NULL, NULL, fund_theme_uniques, FALSE, TRUE },
  { "round", "rounds", "rounds", "Round", "Rounds", 13, FIELDS (round_fields),
    "name", NULL, "opens_on", round_ranges, NULL, round_uniques, FALSE, TRUE },
  { "grant", "grants", "grants", "Grant", "Grants", 14, FIELDS (grant_fields),
    "title", NULL, "title", grant_ranges, NULL, grant_uniques, TRUE, TRUE },
  { "event", "events", "events", "Event", "Events", 15, FIELDS (event_fields),
    "name", NULL, "starts_on", dated_range, NULL, NULL, TRUE, TRUE },
  { "session", "sessions", "sessions", "Session", "Sessions", 16, FIELDS (session_fields),
    "title", NULL, "starts_at", session_ranges, NULL, NULL, FALSE, TRUE },
  { "attendance", "attendances", "attendances", "Attendance", "Attendances", 17,
    FIELDS (attendance_fields), NULL,
    "coalesce(" LABEL_OF ("people", "person_id") ", '?') || ' at ' || coalesce("
    LABEL_OF ("events", "event_id") ", '?')",
    "event", NULL, NULL, attendance_uniques, FALSE, TRUE },
  { "indicator", "indicators", "indicators", "Indicator", "Indicators", 18,
    FIELDS (indicator_fields), "name", NULL, "name", NULL, NULL, NULL, TRUE, TRUE },
  { "measurement", "measurements", "measurements", "Measurement", "Measurements", 19,
    FIELDS (measurement_fields), NULL,
    "coalesce(" LABEL_OF ("indicators", "indicator_id") ", '?') || ', ' || t.period_start || ' to ' || t.period_end",
    "period_start", measurement_ranges, measurement_one_of, NULL, FALSE, TRUE },
  { "award", "awards", "awards", "Award", "Awards", 20, FIELDS (award_fields),
    "name", NULL, "name", NULL, NULL, NULL, TRUE, TRUE },
  { "award_winner", "award_winners", "award_winners", "Award winner", "Award winners", 21,
    FIELDS (award_winner_fields), NULL,
    "coalesce(" LABEL_OF ("organisations", "organisation_id") ", " LABEL_OF ("projects", "project_id")
    ", '?') || ', ' || coalesce(" LABEL_OF ("awards", "award_id") ", '?')",
    "award", NULL, winner_one_of, NULL, FALSE, TRUE },
  { "task", "tasks", "tasks", "Task", "Tasks", 22, FIELDS (task_fields),
    "title", NULL, "due_on", NULL, NULL, NULL, TRUE, TRUE },
  { "note", "notes", "notes", "Note", "Notes", 23, FIELDS (note_fields), NULL,
    "substr(t.body, 1, 80)", "record", NULL, NULL, NULL, FALSE, FALSE },
  { "tag", "tags", "tags", "Tag", "Tags", 24, FIELDS (tag_fields),
    "name", NULL, "name", NULL, NULL, tag_uniques, FALSE, FALSE },
};

#undef TITLE_OF
#undef LABEL_OF

static const JoineryKind *kind_pointers[G_N_ELEMENTS (kind_table) + 1];

const JoineryKind * const *
joinery_kinds (void)
{
  static gsize initialised = 0;

  if (g_once_init_enter (&initialised))
    {
      for (guint i = 0; i < G_N_ELEMENTS (kind_table); i++)
        {
          g_assert (kind_table[i].code > 0 && kind_table[i].code < 32);
          for (guint f = 0; f < kind_table[i].n_fields; f++)
            g_assert (kind_table[i].fields[f].column != NULL);
          kind_pointers[i] = &kind_table[i];
        }
      kind_pointers[G_N_ELEMENTS (kind_table)] = NULL;
      g_once_init_leave (&initialised, 1);
    }
  return kind_pointers;
}

guint
joinery_kind_count (void)
{
  return G_N_ELEMENTS (kind_table);
}

const JoineryKind *
joinery_kind_lookup (const char *name)
{
  g_return_val_if_fail (name != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (kind_table); i++)
    {
      const JoineryKind *kind = &kind_table[i];

      if (g_ascii_strcasecmp (name, kind->name) == 0 ||
          g_ascii_strcasecmp (name, kind->plural) == 0 ||
          g_ascii_strcasecmp (name, kind->table) == 0)
        return kind;
    }

  /* Those who write "organization" and "organizations" mean the same. */
  if (g_ascii_strncasecmp (name, "organization", strlen ("organization")) == 0)
    {
      g_autofree char *british = g_strdup (name);
      british[10] = 's';
      return joinery_kind_lookup (british);
    }

  return NULL;
}

const JoineryKind *
joinery_kind_lookup_checked (const char *name, GError **error)
{
  const JoineryKind *kind = joinery_kind_lookup (name);

  if (kind == NULL)
    joinery_set_validation_error (error, NULL, NULL, JOINERY_VALIDATION_ERROR_UNKNOWN_KIND,
                                  "no kind of record is called “%s”", name);
  return kind;
}

const JoineryKind *
joinery_kind_from_code (guint code)
{
  for (guint i = 0; i < G_N_ELEMENTS (kind_table); i++)
    if (kind_table[i].code == code)
      return &kind_table[i];
  return NULL;
}

const char *
joinery_kind_get_words (const JoineryKind *kind, gboolean plural)
{
  g_autofree char *words = NULL;

  g_return_val_if_fail (kind != NULL, NULL);
  words = g_ascii_strdown (plural ? kind->label_plural : kind->label, -1);
  return g_intern_string (words);
}

int
joinery_kind_field_index (const JoineryKind *kind, const char *name)
{
  g_return_val_if_fail (kind != NULL, -1);
  g_return_val_if_fail (name != NULL, -1);

  /* Most callers name a field by its own name's pointer (a loop over
   * kind->fields, a JoineryField at hand): found without comparing text. */
  for (guint i = 0; i < kind->n_fields; i++)
    if (kind->fields[i].name == name)
      return (int) i;
  for (guint i = 0; i < kind->n_fields; i++)
    if (strcmp (kind->fields[i].name, name) == 0)
      return (int) i;
  return -1;
}

const JoineryField *
joinery_kind_get_field (const JoineryKind *kind, const char *name)
{
  int i = joinery_kind_field_index (kind, name);
  return i < 0 ? NULL : &kind->fields[i];
}

gboolean
joinery_kind_is_searchable (const JoineryKind *kind)
{
  for (guint i = 0; i < kind->n_fields; i++)
    if (kind->fields[i].flags & JOINERY_FIELD_SEARCHABLE)
      return TRUE;
  return FALSE;
}

const char *
joinery_field_get_column (const JoineryField *field)
{
  g_return_val_if_fail (field != NULL, NULL);
  return field->column;
}

gboolean
joinery_field_has_choice (const JoineryField *field, const char *value)
{
  g_return_val_if_fail (field != NULL, FALSE);

  if (field->choices == NULL || value == NULL)
    return FALSE;
  for (guint i = 0; field->choices[i] != NULL; i++)
    if (strcmp (field->choices[i], value) == 0)
      return TRUE;
  return FALSE;
}

const char *
joinery_field_type_to_string (JoineryFieldType type)
{
  switch (type)
    {
    case JOINERY_FIELD_TEXT: return "text";
    case JOINERY_FIELD_LONG_TEXT: return "long text";
    case JOINERY_FIELD_INTEGER: return "integer";
    case JOINERY_FIELD_REAL: return "number";
    case JOINERY_FIELD_MONEY: return "money";
    case JOINERY_FIELD_DATE: return "date";
    case JOINERY_FIELD_TIME: return "time";
    case JOINERY_FIELD_BOOLEAN: return "yes/no";
    case JOINERY_FIELD_CHOICE: return "choice";
    case JOINERY_FIELD_REFERENCE: return "reference";
    case JOINERY_FIELD_LINK: return "link";
    default: return "unknown";
    }
}
