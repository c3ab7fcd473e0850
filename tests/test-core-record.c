/* test-core-record.c: JoineryRecord, a record's values in memory.
 *
 * Covers the defaults a new record of every kind carries; the typed
 * setters and getters of every field type; joinery_record_set_from_string()
 * for every type, with the exact code, field, kind and problem of each
 * refusal, the value left as it was after a refusal and an empty string
 * clearing the field; links ("grant:12") and the kinds they may not name;
 * choices as people type them; one-line text; tags folded to lower case;
 * dup_string() and format_value() for every type, and dup_string() parsing
 * back to an equal value for every field of every kind; deep, equal
 * copies. No database here: records are detached values.
 */
#include "joinery-test-util.h"
#include "joinery-record.h"

#include <string.h>

static JoineryRecord *
new_record (const char *kind_name)
{
  const JoineryKind *kind = joinery_kind_lookup (kind_name);

  g_assert_nonnull (kind);
  return joinery_record_new (kind);
}

static void
set_ok (JoineryRecord *record, const char *field, const char *text)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (joinery_record_set_from_string (record, field, text, &error));
  g_assert_no_error (error);
}

static void
assert_string (JoineryRecord *record, const char *field, const char *expected)
{
  g_autofree char *text = joinery_record_dup_string (record, field);

  g_assert_cmpstr (text, ==, expected);
}

/* Names the value a check is about, escaped so that a newline or a stray
 * byte cannot break the TAP output. */
static void
note_value (const char *kind, const char *field, const char *text)
{
  g_autofree char *escaped = g_strescape (text, NULL);

  g_test_message ("%s.%s = \"%s\"", kind, field, escaped);
}

/* A validation error about one field of one kind, message "field: problem". */
static void
assert_field_error (const GError *error, JoineryValidationError code, const char *kind,
                    const char *field, const char *problem)
{
  g_autofree char *message = g_strdup_printf ("%s: %s", field, problem);

  g_assert_error (error, JOINERY_VALIDATION_ERROR, (gint) code);
  g_assert_cmpstr (joinery_validation_error_get_kind (error), ==, kind);
  g_assert_cmpstr (joinery_validation_error_get_field (error), ==, field);
  g_assert_cmpstr (joinery_validation_error_get_problem (error), ==, problem);
  g_assert_cmpstr (error->message, ==, message);
}

/* Defaults */

static void
test_defaults_named (void)
{
  g_autoptr(JoineryRecord) grant = new_record ("grant");
  g_autoptr(JoineryRecord) attendance = new_record ("attendance");
  g_autoptr(JoineryRecord) person = new_record ("person");
  g_autoptr(JoineryRecord) task = new_record ("task");
  g_autoptr(JoineryRecord) project = new_record ("project");
  g_autoptr(JoineryRecord) area = new_record ("area");
  g_autoptr(JoineryRecord) member = new_record ("group_member");
  g_autoptr(JoineryRecord) event = new_record ("event");
  g_autoptr(JoineryRecord) session = new_record ("session");
  g_autoptr(JoineryRecord) winner = new_record ("award_winner");
  g_autoptr(JoineryRecord) organisation = new_record ("organisation");

  g_assert_cmpstr (joinery_record_get_text (grant, "status"), ==, "draft");
  g_assert_cmpstr (joinery_record_get_text (attendance, "status"), ==, "booked");
  g_assert_cmpstr (joinery_record_get_text (attendance, "role"), ==, "delegate");
  g_assert_false (joinery_record_is_null (person, "consent_to_contact"));
  g_assert_cmpint (joinery_record_get_integer (person, "consent_to_contact"), ==, 0);
  assert_string (person, "consent_to_contact", "no");
  g_assert_cmpstr (joinery_record_get_text (task, "status"), ==, "open");
  g_assert_cmpstr (joinery_record_get_text (project, "stage"), ==, "idea");
  g_assert_cmpstr (joinery_record_get_text (area, "level"), ==, "district");
  g_assert_cmpstr (joinery_record_get_text (member, "role"), ==, "member");
  g_assert_cmpstr (joinery_record_get_text (event, "kind"), ==, "conference");
  g_assert_cmpstr (joinery_record_get_text (session, "kind"), ==, "workshop");
  g_assert_cmpstr (joinery_record_get_text (winner, "result"), ==, "winner");

  /* No default, no value: an organisation's kind must be chosen. */
  g_assert_true (joinery_record_is_null (organisation, "kind"));
  g_assert_null (joinery_record_get_text (organisation, "kind"));

  /* A new record is not in any database yet. */
  g_assert_cmpint (joinery_record_get_id (grant), ==, 0);
  g_assert_null (joinery_record_get_created_at (grant));
  g_assert_null (joinery_record_get_updated_at (grant));
  g_assert_true (joinery_record_get_kind (grant) == joinery_kind_lookup ("grant"));
}

static void
test_defaults_every_kind (void)
{
  const JoineryKind * const *kinds = joinery_kinds ();
  guint n_defaults = 0;

  g_assert_cmpuint (joinery_kind_count (), >, 0);
  for (guint k = 0; kinds[k] != NULL; k++)
    {
      g_autoptr(JoineryRecord) record = joinery_record_new (kinds[k]);

      for (guint i = 0; i < kinds[k]->n_fields; i++)
        {
          const JoineryField *f = &kinds[k]->fields[i];

          g_test_message ("%s.%s", kinds[k]->name, f->name);
          if (f->default_value == NULL)
            {
              g_assert_true (joinery_record_is_null (record, f->name));
              continue;
            }
          /* The default, parsed as people type it, gives the same text back. */
          g_assert_false (joinery_record_is_null (record, f->name));
          assert_string (record, f->name, f->default_value);
          if (f->type == JOINERY_FIELD_CHOICE)
            g_assert_true (joinery_field_has_choice (f, f->default_value));
          n_defaults++;
        }
    }
  /* grant, attendance ×2, person, task, project, area, group_member,
   * event, session, award_winner. */
  g_assert_cmpuint (n_defaults, ==, 11);
}

/* Typed access */

static void
test_set_get_every_type (void)
{
  g_autoptr(JoineryRecord) grant = new_record ("grant");
  g_autoptr(JoineryRecord) event = new_record ("event");
  g_autoptr(JoineryRecord) measurement = new_record ("measurement");
  g_autoptr(JoineryRecord) session = new_record ("session");
  g_autoptr(JoineryRecord) person = new_record ("person");
  g_autoptr(JoineryRecord) task = new_record ("task");

  /* TEXT, LONG_TEXT, CHOICE, DATE */
  joinery_record_set_text (grant, "title", "Wellbeing Hub grant");
  joinery_record_set_text (grant, "description", "Line one\nLine two");
  joinery_record_set_text (grant, "status", "awarded");
  joinery_record_set_text (grant, "awarded_on", "2017-05-19");
  g_assert_cmpstr (joinery_record_get_text (grant, "title"), ==, "Wellbeing Hub grant");
  g_assert_cmpstr (joinery_record_get_text (grant, "description"), ==, "Line one\nLine two");
  g_assert_cmpstr (joinery_record_get_text (grant, "status"), ==, "awarded");
  g_assert_cmpstr (joinery_record_get_text (grant, "awarded_on"), ==, "2017-05-19");
  /* The label of a kind named by a field is that field. */
  g_assert_cmpstr (joinery_record_get_label (grant), ==, "Wellbeing Hub grant");

  /* MONEY, REFERENCE */
  joinery_record_set_integer (grant, "amount_awarded", 113000000);
  joinery_record_set_integer (grant, "round", 12);
  g_assert_cmpint (joinery_record_get_integer (grant, "amount_awarded"), ==, 113000000);
  g_assert_cmpint (joinery_record_get_integer (grant, "round"), ==, 12);
  g_assert_false (joinery_record_is_null (grant, "round"));

  /* INTEGER */
  joinery_record_set_integer (event, "capacity", 200);
  g_assert_cmpint (joinery_record_get_integer (event, "capacity"), ==, 200);

  /* REAL */
  joinery_record_set_real (measurement, "value", -12.375);
  g_assert_cmpfloat (joinery_record_get_real (measurement, "value"), ==, -12.375);

  /* TIME */
  joinery_record_set_text (session, "starts_at", "09:30");
  g_assert_cmpstr (joinery_record_get_text (session, "starts_at"), ==, "09:30");

  /* BOOLEAN: any non-zero integer is yes, stored as 1. */
  joinery_record_set_integer (person, "consent_to_contact", 5);
  g_assert_cmpint (joinery_record_get_integer (person, "consent_to_contact"), ==, 1);
  joinery_record_set_integer (person, "consent_to_contact", 0);
  g_assert_cmpint (joinery_record_get_integer (person, "consent_to_contact"), ==, 0);
  g_assert_false (joinery_record_is_null (person, "consent_to_contact"));

  /* LINK */
  joinery_record_set_link (task, "record", "grant", 12);
  g_assert_cmpstr (joinery_record_get_link_kind (task, "record"), ==, "grant");
  g_assert_cmpint (joinery_record_get_integer (task, "record"), ==, 12);
  joinery_record_set_link (task, "record", NULL, 0);
  g_assert_true (joinery_record_is_null (task, "record"));
  g_assert_null (joinery_record_get_link_kind (task, "record"));

  /* Setting NULL text or set_null empties the field; empty reads as
   * NULL and 0. */
  joinery_record_set_text (grant, "title", NULL);
  g_assert_true (joinery_record_is_null (grant, "title"));
  g_assert_null (joinery_record_get_text (grant, "title"));
  joinery_record_set_null (grant, "amount_awarded");
  g_assert_true (joinery_record_is_null (grant, "amount_awarded"));
  g_assert_cmpint (joinery_record_get_integer (grant, "amount_awarded"), ==, 0);
  joinery_record_set_null (measurement, "value");
  g_assert_true (joinery_record_is_null (measurement, "value"));
  g_assert_cmpfloat (joinery_record_get_real (measurement, "value"), ==, 0.0);

  /* Zero is a value, not an empty field. */
  joinery_record_set_integer (grant, "amount_awarded", 0);
  g_assert_false (joinery_record_is_null (grant, "amount_awarded"));

  /* The id and timestamps the store sets. */
  joinery_record_set_id (grant, 42);
  joinery_record_set_timestamps (grant, "2017-05-19T09:30:00Z", "2017-05-20T10:00:00Z");
  g_assert_cmpint (joinery_record_get_id (grant), ==, 42);
  g_assert_cmpstr (joinery_record_get_created_at (grant), ==, "2017-05-19T09:30:00Z");
  g_assert_cmpstr (joinery_record_get_updated_at (grant), ==, "2017-05-20T10:00:00Z");
  joinery_record_set_label (grant, "Shown name");
  g_assert_cmpstr (joinery_record_get_label (grant), ==, "Shown name");
  joinery_record_set_reference_label (grant, "round", "Round 1");
  g_assert_cmpstr (joinery_record_get_reference_label (grant, "round"), ==, "Round 1");
}

/* From what people type */

typedef struct {
  const char             *kind;
  const char             *field;
  const char             *good;      /* accepted… */
  const char             *stored;    /* …and read back with dup_string() */
  const char             *bad;       /* refused… */
  JoineryValidationError  code;      /* …with this code… */
  const char             *problem;   /* …and this problem */
} FromStringCase;

static const FromStringCase from_string_cases[] = {
  { "grant", "title", "  Wellbeing Hub grant  ", "Wellbeing Hub grant",
    "two\nlines", JOINERY_VALIDATION_ERROR_INVALID, "must be on one line" },
  { "grant", "reference", "SYN-000001", "SYN-000001",
    "carriage\rreturn", JOINERY_VALIDATION_ERROR_INVALID, "must be on one line" },
  { "grant", "description", "  First paragraph.\n\nSecond one.  ", "First paragraph.\n\nSecond one.",
    "\xff\xfe", JOINERY_VALIDATION_ERROR_INVALID, "is not valid UTF-8 text" },
  { "event", "capacity", " 200 ", "200",
    "lots", JOINERY_VALIDATION_ERROR_INVALID, "is not a whole number" },
  { "event", "capacity", "-3", "-3",
    "99999999999999999999", JOINERY_VALIDATION_ERROR_RANGE, "is too large a number" },
  { "measurement", "value", "78.5", "78.5",
    "nan", JOINERY_VALIDATION_ERROR_RANGE, "is not a finite number" },
  { "measurement", "value", "-0.25", "-0.25",
    "12 kg", JOINERY_VALIDATION_ERROR_INVALID, "is not a number" },
  { "grant", "amount_awarded", "£1,130,000", "1130000.00",
    "12.345", JOINERY_VALIDATION_ERROR_INVALID,
    "has more than two decimal places (amounts are in pounds and pence)" },
  { "grant", "amount_requested", "0.29", "0.29",
    "99999999999999999999999", JOINERY_VALIDATION_ERROR_RANGE, "is too large an amount" },
  { "grant", "submitted_on", "19/05/2017", "2017-05-19",
    "2017-02-30", JOINERY_VALIDATION_ERROR_INVALID, "is not a real date" },
  { "grant", "awarded_on", "2016-02-29", "2016-02-29",
    "19/05/17", JOINERY_VALIDATION_ERROR_INVALID, "is not a date (write YYYY-MM-DD, such as 2017-05-19)" },
  { "session", "starts_at", "9.30", "09:30",
    "25:00", JOINERY_VALIDATION_ERROR_INVALID, "is not a time of day" },
  { "session", "ends_at", "16:00", "16:00",
    "4pm", JOINERY_VALIDATION_ERROR_INVALID, "is not a time (write HH:MM, such as 09:30)" },
  { "person", "consent_to_contact", "Yes", "yes",
    "maybe", JOINERY_VALIDATION_ERROR_INVALID, "is not yes or no" },
  { "grant", "status", "Under review", "under_review",
    "pending", JOINERY_VALIDATION_ERROR_UNKNOWN_CHOICE,
    "“pending” is not one of: draft, submitted, under_review, awarded, declined, withdrawn, completed" },
  { "organisation", "kind", "Social-Enterprise", "social_enterprise",
    "charity", JOINERY_VALIDATION_ERROR_UNKNOWN_CHOICE,
    "“charity” is not one of: council, nhs_trust, ccg, gp_practice, voluntary, social_enterprise, "
    "community_group, business, university, national_body, other" },
  { "grant", "round", "12", "12",
    "twelve", JOINERY_VALIDATION_ERROR_INVALID, "“twelve” is not the id of any round" },
  { "grant", "theme", "#7", "7",
    "0", JOINERY_VALIDATION_ERROR_INVALID, "“0” is not the id of any theme" },
  { "task", "assignee", " 3 ", "3",
    "-3", JOINERY_VALIDATION_ERROR_INVALID, "“-3” is not the id of any person" },
  { "task", "record", "grant:12", "grant:12",
    "note:1", JOINERY_VALIDATION_ERROR_UNKNOWN_KIND,
    "“note” is not a kind of record Tasks can be attached to" },
  { "task", "record", "Grants:3", "grant:3",
    "grant:x", JOINERY_VALIDATION_ERROR_INVALID, "“x” is not the id of any grant" },
  { "note", "record", "organisation:5", "organisation:5",
    "grant12", JOINERY_VALIDATION_ERROR_INVALID,
    "“grant12” is not a record (write kind:id, such as grant:12)" },
  { "tag", "record", "task:2", "task:2",
    "tag:1", JOINERY_VALIDATION_ERROR_UNKNOWN_KIND,
    "“tag” is not a kind of record Tags can be attached to" },
  { "tag", "record", "person:9", "person:9",
    "bogus:1", JOINERY_VALIDATION_ERROR_UNKNOWN_KIND,
    "“bogus” is not a kind of record Tags can be attached to" },
  { "note", "record", "grant:1", "grant:1",
    "grant:0", JOINERY_VALIDATION_ERROR_INVALID, "“0” is not the id of any grant" },
  { "tag", "name", "  Follow-Up ", "follow-up",
    "two\nlines", JOINERY_VALIDATION_ERROR_INVALID, "must be on one line" },
};

static void
test_set_from_string (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (from_string_cases); i++)
    {
      const FromStringCase *c = &from_string_cases[i];
      g_autoptr(JoineryRecord) record = new_record (c->kind);
      g_autoptr(GError) error = NULL;

      note_value (c->kind, c->field, c->good);
      note_value (c->kind, c->field, c->bad);

      set_ok (record, c->field, c->good);
      assert_string (record, c->field, c->stored);

      g_assert_false (joinery_record_set_from_string (record, c->field, c->bad, &error));
      assert_field_error (error, c->code, c->kind, c->field, c->problem);
      /* Refused: the value stays what it was. */
      assert_string (record, c->field, c->stored);
    }
}

static void
test_refusal_on_empty_field (void)
{
  /* A refusal on an empty field leaves it empty, and a default stays. */
  g_autoptr(JoineryRecord) grant = new_record ("grant");
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) error2 = NULL;

  g_assert_false (joinery_record_set_from_string (grant, "amount_awarded", "lots", &error));
  g_assert_error (error, JOINERY_VALIDATION_ERROR, JOINERY_VALIDATION_ERROR_INVALID);
  g_assert_true (joinery_record_is_null (grant, "amount_awarded"));

  g_assert_false (joinery_record_set_from_string (grant, "status", "bogus", &error2));
  g_assert_error (error2, JOINERY_VALIDATION_ERROR, JOINERY_VALIDATION_ERROR_UNKNOWN_CHOICE);
  g_assert_cmpstr (joinery_record_get_text (grant, "status"), ==, "draft");
}

static void
test_empty_clears (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (from_string_cases); i++)
    {
      const FromStringCase *c = &from_string_cases[i];
      g_autoptr(JoineryRecord) record = new_record (c->kind);

      g_test_message ("%s.%s", c->kind, c->field);
      set_ok (record, c->field, c->good);
      g_assert_false (joinery_record_is_null (record, c->field));
      set_ok (record, c->field, "");
      g_assert_true (joinery_record_is_null (record, c->field));
      g_assert_null (joinery_record_dup_string (record, c->field));

      set_ok (record, c->field, c->good);
      set_ok (record, c->field, " \t ");
      g_assert_true (joinery_record_is_null (record, c->field));
    }

  /* Also a field with a default. */
  {
    g_autoptr(JoineryRecord) grant = new_record ("grant");
    set_ok (grant, "status", "");
    g_assert_true (joinery_record_is_null (grant, "status"));
  }
}

static void
test_unknown_field (void)
{
  g_autoptr(JoineryRecord) grant = new_record ("grant");
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) error2 = NULL;

  g_assert_false (joinery_record_set_from_string (grant, "colour", "red", &error));
  assert_field_error (error, JOINERY_VALIDATION_ERROR_UNKNOWN_FIELD, "grant", "colour",
                      "is not a field of Grants");

  /* The column name is not the field's name. */
  g_assert_false (joinery_record_set_from_string (grant, "round_id", "1", &error2));
  assert_field_error (error2, JOINERY_VALIDATION_ERROR_UNKNOWN_FIELD, "grant", "round_id",
                      "is not a field of Grants");
}

static void
test_choice_typed (void)
{
  static const struct { const char *typed; const char *stored; } cases[] = {
    { "Under review", "under_review" },
    { "UNDER-REVIEW", "under_review" },
    { "under_review", "under_review" },
    { " Awarded ", "awarded" },
    { "Completed", "completed" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JoineryRecord) grant = new_record ("grant");
      set_ok (grant, "status", cases[i].typed);
      g_assert_cmpstr (joinery_record_get_text (grant, "status"), ==, cases[i].stored);
    }
}

static void
test_link_parsing (void)
{
  g_autoptr(JoineryRecord) task = new_record ("task");
  const JoineryKind * const *kinds = joinery_kinds ();

  set_ok (task, "record", "grant:12");
  g_assert_cmpstr (joinery_record_get_link_kind (task, "record"), ==, "grant");
  g_assert_cmpint (joinery_record_get_integer (task, "record"), ==, 12);

  /* A kind's plural or table names the same kind; the stored name is the
   * singular one. */
  set_ok (task, "record", "people:4");
  g_assert_cmpstr (joinery_record_get_link_kind (task, "record"), ==, "person");
  g_assert_cmpint (joinery_record_get_integer (task, "record"), ==, 4);

  /* Every linkable kind is accepted; notes and tags are not. */
  for (guint k = 0; kinds[k] != NULL; k++)
    {
      g_autofree char *text = g_strdup_printf ("%s:3", kinds[k]->name);
      g_autoptr(GError) error = NULL;
      gboolean ok = joinery_record_set_from_string (task, "record", text, &error);

      note_value ("task", "record", text);
      if (kinds[k]->linkable)
        {
          g_assert_no_error (error);
          g_assert_true (ok);
          g_assert_cmpstr (joinery_record_get_link_kind (task, "record"), ==, kinds[k]->name);
        }
      else
        {
          g_assert_false (ok);
          g_assert_error (error, JOINERY_VALIDATION_ERROR, JOINERY_VALIDATION_ERROR_UNKNOWN_KIND);
          g_assert_cmpstr (joinery_validation_error_get_field (error), ==, "record");
        }
    }
  g_assert_false (joinery_kind_lookup ("note")->linkable);
  g_assert_false (joinery_kind_lookup ("tag")->linkable);
}

static void
test_text_one_line (void)
{
  static const char * const refused[] = { "a\nb", "a\r\nb", "a\rb" };

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(JoineryRecord) person = new_record ("person");
      g_autoptr(GError) error = NULL;

      set_ok (person, "name", "Amara Ridgestone");
      g_assert_false (joinery_record_set_from_string (person, "name", refused[i], &error));
      assert_field_error (error, JOINERY_VALIDATION_ERROR_INVALID, "person", "name", "must be on one line");
      g_assert_cmpstr (joinery_record_get_text (person, "name"), ==, "Amara Ridgestone");
    }

  {
    /* A trailing newline is surrounding space, not a second line. */
    g_autoptr(JoineryRecord) person = new_record ("person");
    set_ok (person, "name", "Amara Ridgestone\n");
    g_assert_cmpstr (joinery_record_get_text (person, "name"), ==, "Amara Ridgestone");
  }
  {
    /* Long text keeps its lines. */
    g_autoptr(JoineryRecord) note = new_record ("note");
    set_ok (note, "body", "Met at the event.\r\nKeen to share.");
    g_assert_cmpstr (joinery_record_get_text (note, "body"), ==, "Met at the event.\r\nKeen to share.");
  }
}

static void
test_tag_lowercase (void)
{
  static const struct { const char *typed; const char *stored; } cases[] = {
    { "Priority", "priority" },
    { "FOLLOW-UP", "follow-up" },
    { "École Partners", "école partners" },
    { "already lower", "already lower" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JoineryRecord) tag = new_record ("tag");
      set_ok (tag, "name", cases[i].typed);
      g_assert_cmpstr (joinery_record_get_text (tag, "name"), ==, cases[i].stored);
    }

  {
    /* Other kinds' text keeps its case. */
    g_autoptr(JoineryRecord) theme = new_record ("theme");
    set_ok (theme, "name", "Digital Health");
    g_assert_cmpstr (joinery_record_get_text (theme, "name"), ==, "Digital Health");
  }
}

/* Back to text */

static void
assert_both (JoineryRecord *record, const char *field, const char *for_sheets, const char *for_people)
{
  g_autofree char *sheets = joinery_record_dup_string (record, field);
  g_autofree char *people = joinery_record_format_value (record, field);

  g_assert_cmpstr (sheets, ==, for_sheets);
  g_assert_cmpstr (people, ==, for_people);
}

static void
test_dup_and_format (void)
{
  g_autoptr(JoineryRecord) grant = new_record ("grant");
  g_autoptr(JoineryRecord) event = new_record ("event");
  g_autoptr(JoineryRecord) measurement = new_record ("measurement");
  g_autoptr(JoineryRecord) session = new_record ("session");
  g_autoptr(JoineryRecord) person = new_record ("person");
  g_autoptr(JoineryRecord) task = new_record ("task");

  /* Empty fields are NULL both ways. */
  assert_both (grant, "title", NULL, NULL);
  assert_both (grant, "amount_awarded", NULL, NULL);
  assert_both (grant, "round", NULL, NULL);
  assert_both (task, "record", NULL, NULL);

  set_ok (grant, "title", "Wellbeing Hub grant");
  assert_both (grant, "title", "Wellbeing Hub grant", "Wellbeing Hub grant");
  set_ok (grant, "description", "One.\nTwo.");
  assert_both (grant, "description", "One.\nTwo.", "One.\nTwo.");
  set_ok (grant, "amount_awarded", "£1,130,000");
  assert_both (grant, "amount_awarded", "1130000.00", "£1,130,000.00");
  joinery_record_set_integer (grant, "amount_requested", 0);
  assert_both (grant, "amount_requested", "0.00", "£0.00");
  joinery_record_set_integer (grant, "amount_requested", -525);
  assert_both (grant, "amount_requested", "-5.25", "-£5.25");
  set_ok (grant, "status", "under review");
  assert_both (grant, "status", "under_review", "under review");
  set_ok (grant, "submitted_on", "19/05/2017");
  assert_both (grant, "submitted_on", "2017-05-19", "2017-05-19");

  set_ok (grant, "round", "12");
  assert_both (grant, "round", "12", "#12");
  joinery_record_set_reference_label (grant, "round", "Round 1");
  assert_both (grant, "round", "12", "Round 1");

  set_ok (event, "capacity", "200");
  assert_both (event, "capacity", "200", "200");
  set_ok (measurement, "value", "78.5");
  assert_both (measurement, "value", "78.5", "78.5");
  set_ok (measurement, "value", "-3");
  assert_both (measurement, "value", "-3", "-3");
  set_ok (session, "starts_at", "9:30");
  assert_both (session, "starts_at", "09:30", "09:30");
  assert_both (person, "consent_to_contact", "no", "no");
  set_ok (person, "consent_to_contact", "TRUE");
  assert_both (person, "consent_to_contact", "yes", "yes");

  set_ok (task, "record", "grant:12");
  assert_both (task, "record", "grant:12", "Grant #12");
  joinery_record_set_reference_label (task, "record", "Wellbeing Hub grant");
  assert_both (task, "record", "grant:12", "Grant: Wellbeing Hub grant");
  set_ok (task, "record", "project_partner:3");
  assert_both (task, "record", "project_partner:3", "Project partner #3");
}

/* A measured value such as 78.9 is shown as people typed it, not as the
 * 17 significant digits of its binary double ("78.900000000000006"). */
static void
test_real_shortest (void)
{
  static const struct { const char *typed; const char *shown; } cases[] = {
    { "78.9", "78.9" }, { "0.1", "0.1" }, { "12.3", "12.3" }, { "1e-300", "1e-300" },
  };
  g_autoptr(JoineryRecord) measurement = new_record ("measurement");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *sheets = NULL;
      g_autofree char *people = NULL;

      set_ok (measurement, "value", cases[i].typed);
      sheets = joinery_record_dup_string (measurement, "value");
      people = joinery_record_format_value (measurement, "value");
      g_assert_cmpstr (sheets, ==, cases[i].shown);
      g_assert_cmpstr (people, ==, cases[i].shown);
    }
}

/* A value of each field's type, as a person could type it. */
static GPtrArray *
sample_texts (const JoineryField *f)
{
  GPtrArray *texts = g_ptr_array_new_with_free_func (g_free);

  switch (f->type)
    {
    case JOINERY_FIELD_TEXT:
      g_ptr_array_add (texts, g_strdup ("Sample text, with “quotes” and é"));
      break;
    case JOINERY_FIELD_LONG_TEXT:
      g_ptr_array_add (texts, g_strdup ("Paragraph one.\n\nParagraph two."));
      break;
    case JOINERY_FIELD_INTEGER:
      if (f->min < f->max)
        {
          g_ptr_array_add (texts, g_strdup_printf ("%" G_GINT64_FORMAT, f->min));
          g_ptr_array_add (texts, g_strdup_printf ("%" G_GINT64_FORMAT, f->max));
        }
      g_ptr_array_add (texts, g_strdup ("-9223372036854775808"));
      g_ptr_array_add (texts, g_strdup ("9223372036854775807"));
      break;
    case JOINERY_FIELD_REAL:
      g_ptr_array_add (texts, g_strdup ("-12.375"));
      g_ptr_array_add (texts, g_strdup ("0.1"));
      g_ptr_array_add (texts, g_strdup ("0.3333333333333333"));
      g_ptr_array_add (texts, g_strdup ("1e-300"));
      g_ptr_array_add (texts, g_strdup ("1.7976931348623157e308"));
      break;
    case JOINERY_FIELD_MONEY:
      g_ptr_array_add (texts, g_strdup ("£1,234.56"));
      g_ptr_array_add (texts, g_strdup ("0.29"));
      g_ptr_array_add (texts, g_strdup ("-5.25"));
      break;
    case JOINERY_FIELD_DATE:
      g_ptr_array_add (texts, g_strdup ("29/02/2016"));
      break;
    case JOINERY_FIELD_TIME:
      g_ptr_array_add (texts, g_strdup ("9:05"));
      break;
    case JOINERY_FIELD_BOOLEAN:
      g_ptr_array_add (texts, g_strdup ("yes"));
      g_ptr_array_add (texts, g_strdup ("no"));
      break;
    case JOINERY_FIELD_CHOICE:
      for (guint i = 0; f->choices[i] != NULL; i++)
        g_ptr_array_add (texts, g_strdup (f->choices[i]));
      break;
    case JOINERY_FIELD_REFERENCE:
      g_ptr_array_add (texts, g_strdup ("#7"));
      break;
    case JOINERY_FIELD_LINK:
      g_ptr_array_add (texts, g_strdup ("project:3"));
      g_ptr_array_add (texts, g_strdup ("award_winner:9"));
      break;
    default:
      g_assert_not_reached ();
    }
  return texts;
}

static void
test_round_trip_every_field (void)
{
  const JoineryKind * const *kinds = joinery_kinds ();
  guint n_checked = 0;

  for (guint k = 0; kinds[k] != NULL; k++)
    for (guint i = 0; i < kinds[k]->n_fields; i++)
      {
        const JoineryField *f = &kinds[k]->fields[i];
        g_autoptr(GPtrArray) texts = sample_texts (f);

        for (guint t = 0; t < texts->len; t++)
          {
            g_autoptr(JoineryRecord) a = joinery_record_new (kinds[k]);
            g_autoptr(JoineryRecord) b = joinery_record_new (kinds[k]);
            g_autofree char *out = NULL;

            note_value (kinds[k]->name, f->name, texts->pdata[t]);
            set_ok (a, f->name, texts->pdata[t]);
            out = joinery_record_dup_string (a, f->name);
            g_assert_nonnull (out);
            if (f->default_value == NULL)
              g_assert_false (joinery_record_value_equal (a, b, f->name));
            set_ok (b, f->name, out);
            g_assert_true (joinery_record_value_equal (a, b, f->name));
            n_checked++;
          }
      }
  g_assert_cmpuint (n_checked, >, 100);
}

static void
test_round_trip_reals (void)
{
  static const double values[] = { 1.0 / 3.0, 0.1 + 0.2, -1e-300, 123456789.123456789, -0.0, 1e300 };

  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      g_autoptr(JoineryRecord) a = new_record ("measurement");
      g_autoptr(JoineryRecord) b = new_record ("measurement");
      g_autofree char *out = NULL;

      joinery_record_set_real (a, "value", values[i]);
      out = joinery_record_dup_string (a, "value");
      set_ok (b, "value", out);
      g_assert_cmpfloat (joinery_record_get_real (b, "value"), ==, values[i]);
      g_assert_true (joinery_record_value_equal (a, b, "value"));
    }
}

/* dup_string() promises text that parses back; the smallest doubles
 * (subnormals) come out as "4.9406564584124654e-324", which strtod reads
 * with ERANGE. */
static void
test_round_trip_subnormal (void)
{
  g_autoptr(JoineryRecord) a = new_record ("measurement");
  g_autoptr(JoineryRecord) b = new_record ("measurement");
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;

  joinery_record_set_real (a, "value", 5e-324);
  out = joinery_record_dup_string (a, "value");
  g_assert_true (joinery_record_set_from_string (b, "value", out, &error));
  g_assert_no_error (error);
  g_assert_true (joinery_record_value_equal (a, b, "value"));
}

static void
test_value_equal (void)
{
  g_autoptr(JoineryRecord) a = new_record ("task");
  g_autoptr(JoineryRecord) b = new_record ("task");

  /* Both empty; both default. */
  g_assert_true (joinery_record_value_equal (a, b, "title"));
  g_assert_true (joinery_record_value_equal (a, b, "status"));

  set_ok (a, "title", "Send event materials");
  g_assert_false (joinery_record_value_equal (a, b, "title"));
  g_assert_false (joinery_record_value_equal (b, a, "title"));
  set_ok (b, "title", "Send event materials");
  g_assert_true (joinery_record_value_equal (a, b, "title"));
  set_ok (b, "title", "send event materials");
  g_assert_false (joinery_record_value_equal (a, b, "title"));

  /* A link is its kind and its id. */
  set_ok (a, "record", "grant:12");
  set_ok (b, "record", "project:12");
  g_assert_false (joinery_record_value_equal (a, b, "record"));
  set_ok (b, "record", "grant:13");
  g_assert_false (joinery_record_value_equal (a, b, "record"));
  set_ok (b, "record", "grant:12");
  g_assert_true (joinery_record_value_equal (a, b, "record"));

  /* Zero is not empty. */
  set_ok (a, "assignee", "1");
  g_assert_false (joinery_record_value_equal (a, b, "assignee"));
}

/* Copies */

static void
test_copy (void)
{
  g_autoptr(JoineryRecord) grant = new_record ("grant");
  g_autoptr(JoineryRecord) copy = NULL;
  g_autoptr(JoineryRecord) task = new_record ("task");
  g_autoptr(JoineryRecord) task_copy = NULL;
  const JoineryKind *kind = joinery_kind_lookup ("grant");

  set_ok (grant, "round", "3");
  set_ok (grant, "reference", "SYN-000001");
  set_ok (grant, "title", "Wellbeing Hub grant");
  set_ok (grant, "applicant", "4");
  set_ok (grant, "amount_requested", "£12,000");
  set_ok (grant, "amount_awarded", "£10,000");
  set_ok (grant, "status", "Awarded");
  set_ok (grant, "submitted_on", "2017-01-10");
  set_ok (grant, "awarded_on", "19/05/2017");
  set_ok (grant, "description", "Line one\nLine two");
  joinery_record_set_id (grant, 42);
  joinery_record_set_timestamps (grant, "2017-05-19T09:30:00Z", "2017-05-20T10:00:00Z");
  joinery_record_set_label (grant, "Wellbeing Hub grant");
  joinery_record_set_reference_label (grant, "round", "Round 1");

  copy = joinery_record_copy (grant);
  g_assert_true (copy != grant);
  g_assert_true (joinery_record_get_kind (copy) == kind);
  g_assert_cmpint (joinery_record_get_id (copy), ==, 42);
  g_assert_cmpstr (joinery_record_get_created_at (copy), ==, "2017-05-19T09:30:00Z");
  g_assert_cmpstr (joinery_record_get_updated_at (copy), ==, "2017-05-20T10:00:00Z");
  g_assert_cmpstr (joinery_record_get_label (copy), ==, "Wellbeing Hub grant");
  g_assert_cmpstr (joinery_record_get_reference_label (copy, "round"), ==, "Round 1");
  for (guint i = 0; i < kind->n_fields; i++)
    {
      g_autofree char *a = joinery_record_dup_string (grant, kind->fields[i].name);
      g_autofree char *b = joinery_record_dup_string (copy, kind->fields[i].name);

      g_test_message ("grant.%s", kind->fields[i].name);
      g_assert_true (joinery_record_value_equal (grant, copy, kind->fields[i].name));
      g_assert_cmpstr (a, ==, b);
    }

  /* Deep: the strings are the copy's own. */
  g_assert_true (joinery_record_get_text (grant, "title") != joinery_record_get_text (copy, "title"));
  g_assert_true (joinery_record_get_created_at (grant) != joinery_record_get_created_at (copy));

  /* Changing the original leaves the copy as it was. */
  set_ok (grant, "title", "Renamed");
  set_ok (grant, "amount_awarded", "");
  set_ok (grant, "status", "declined");
  joinery_record_set_reference_label (grant, "round", "Round 2");
  joinery_record_set_label (grant, "Renamed");
  joinery_record_set_timestamps (grant, "2018-01-01T00:00:00Z", "2018-01-01T00:00:00Z");
  joinery_record_set_id (grant, 43);
  g_assert_cmpstr (joinery_record_get_text (copy, "title"), ==, "Wellbeing Hub grant");
  g_assert_cmpint (joinery_record_get_integer (copy, "amount_awarded"), ==, 1000000);
  g_assert_cmpstr (joinery_record_get_text (copy, "status"), ==, "awarded");
  g_assert_cmpstr (joinery_record_get_reference_label (copy, "round"), ==, "Round 1");
  g_assert_cmpstr (joinery_record_get_label (copy), ==, "Wellbeing Hub grant");
  g_assert_cmpstr (joinery_record_get_created_at (copy), ==, "2017-05-19T09:30:00Z");
  g_assert_cmpint (joinery_record_get_id (copy), ==, 42);
  g_assert_false (joinery_record_value_equal (grant, copy, "title"));

  /* Freeing the original leaves the copy whole. */
  g_clear_object (&grant);
  g_assert_cmpstr (joinery_record_get_text (copy, "description"), ==, "Line one\nLine two");

  /* Empty fields stay empty in a copy (defaults are not brought back),
   * and links copy their kind. */
  set_ok (task, "status", "");
  set_ok (task, "record", "grant:12");
  task_copy = joinery_record_copy (task);
  g_assert_true (joinery_record_is_null (task_copy, "status"));
  g_assert_cmpstr (joinery_record_get_link_kind (task_copy, "record"), ==, "grant");
  g_assert_true (joinery_record_get_link_kind (task_copy, "record") !=
                 joinery_record_get_link_kind (task, "record"));
  g_assert_true (joinery_record_value_equal (task, task_copy, "record"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/record/defaults-named", test_defaults_named);
  g_test_add_func ("/core/record/defaults-every-kind", test_defaults_every_kind);
  g_test_add_func ("/core/record/set-get-every-type", test_set_get_every_type);
  g_test_add_func ("/core/record/set-from-string", test_set_from_string);
  g_test_add_func ("/core/record/refusal-on-empty-field", test_refusal_on_empty_field);
  g_test_add_func ("/core/record/empty-clears", test_empty_clears);
  g_test_add_func ("/core/record/unknown-field", test_unknown_field);
  g_test_add_func ("/core/record/choice-typed", test_choice_typed);
  g_test_add_func ("/core/record/link-parsing", test_link_parsing);
  g_test_add_func ("/core/record/text-one-line", test_text_one_line);
  g_test_add_func ("/core/record/tag-lowercase", test_tag_lowercase);
  g_test_add_func ("/core/record/dup-and-format", test_dup_and_format);
  g_test_add_func ("/core/record/real-shortest", test_real_shortest);
  g_test_add_func ("/core/record/round-trip-every-field", test_round_trip_every_field);
  g_test_add_func ("/core/record/round-trip-reals", test_round_trip_reals);
  g_test_add_func ("/core/record/round-trip-subnormal", test_round_trip_subnormal);
  g_test_add_func ("/core/record/value-equal", test_value_equal);
  g_test_add_func ("/core/record/copy", test_copy);

  return g_test_run ();
}
