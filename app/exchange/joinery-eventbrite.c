/* joinery-eventbrite.c: an Eventbrite attendee report into an event's
 * attendances.
 *
 * The report (Reports → Attendee summary, exported as CSV) has one row per
 * ticket, with the attendee's first and last name, email, ticket type,
 * attendee status and the order's date, among many other columns that are
 * left aside. Each attendee is found among the people by email (ignoring
 * case) or added (with their job title, and their company when an
 * organisation of exactly that name is known); their attendance of the
 * event is then added, or — for a report downloaded again, after the
 * event, when check-ins say who came — updated. Eventbrite's attendee
 * statuses become ours: Attending → booked, Checked In → attended, Not
 * Attending, Deleted, Refunded, Transferred → cancelled; a ticket type
 * naming a speaker or a facilitator gives that role.
 */
#include "joinery-import-private.h"
#include "joinery-error.h"
#include "joinery-value.h"

#include <string.h>

typedef struct {
  guint       email;        /* columns, from 1; 0 when absent */
  guint       first_name;
  guint       last_name;
  guint       name;
  guint       ticket_type;
  guint       status;
  guint       order_date;
  guint       job_title;
  guint       company;
  int        *person_columns;     /* per field of person: its column */
  int        *attendance_columns; /* per field of attendance: its column */
  GHashTable *booked;       /* attendance id → the row that made or changed it */
  int         given[16];   /* per field of attendance: JOINERY_IMPORT_GIVEN_BY_FILE or 0 */
} Eventbrite;

static const char * const email_headers[] = { "email", "emailaddress", "attendeeemail", NULL };
static const char * const first_name_headers[] = { "firstname", "attendeefirstname", "forename", NULL };
static const char * const last_name_headers[] = { "lastname", "attendeelastname", "surname", NULL };
static const char * const name_headers[] = { "name", "attendeename", "fullname", NULL };
static const char * const ticket_headers[] = { "tickettype", "ticket", NULL };
static const char * const status_headers[] = { "attendeestatus", "status", NULL };
static const char * const date_headers[] = { "orderdate", "bookingdate", "datebooked", NULL };
static const char * const job_headers[] = { "jobtitle", NULL };
static const char * const company_headers[] = { "company", "organisation", "organization", NULL };

static const struct {
  const char *folded;
  const char *status;
} statuses[] = {
  { "attending", "booked" },
  { "checkedin", "attended" },
  { "notattending", "cancelled" },
  { "deleted", "cancelled" },
  { "refunded", "cancelled" },
  { "refundedcanceled", "cancelled" },
  { "refundedcancelled", "cancelled" },
  { "cancelled", "cancelled" },
  { "canceled", "cancelled" },
  { "transferred", "cancelled" },
};

static void
eventbrite_clear (JoineryImportRun *run)
{
  Eventbrite *e = run->data;

  if (e == NULL)
    return;
  g_free (e->person_columns);
  g_free (e->attendance_columns);
  g_clear_pointer (&e->booked, g_hash_table_unref);
  g_free (e);
  run->data = NULL;
}

static void
set_column (int *columns, const char *kind, const char *field, guint column)
{
  int index = joinery_kind_field_index (joinery_kind_lookup (kind), field);
  g_assert (index >= 0);
  columns[index] = (int) column;
}

static gboolean
eventbrite_prepare (JoineryImportRun *run, GError **error)
{
  Eventbrite *e = g_new0 (Eventbrite, 1);
  const JoineryKind *person = joinery_kind_lookup ("person");
  const JoineryKind *attendance = joinery_kind_lookup ("attendance");

  run->data = e;
  e->email = joinery_import_run_find_column (run, email_headers);
  e->first_name = joinery_import_run_find_column (run, first_name_headers);
  e->last_name = joinery_import_run_find_column (run, last_name_headers);
  e->name = joinery_import_run_find_column (run, name_headers);
  e->ticket_type = joinery_import_run_find_column (run, ticket_headers);
  e->status = joinery_import_run_find_column (run, status_headers);
  e->order_date = joinery_import_run_find_column (run, date_headers);
  e->job_title = joinery_import_run_find_column (run, job_headers);
  e->company = joinery_import_run_find_column (run, company_headers);
  e->booked = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);

  e->person_columns = g_new0 (int, person->n_fields);
  set_column (e->person_columns, "person", "email", e->email);
  set_column (e->person_columns, "person", "name", e->first_name != 0 ? e->first_name : e->name);
  set_column (e->person_columns, "person", "job_title", e->job_title);
  set_column (e->person_columns, "person", "organisation", e->company);
  e->attendance_columns = g_new0 (int, attendance->n_fields);
  set_column (e->attendance_columns, "attendance", "ticket_type", e->ticket_type);
  set_column (e->attendance_columns, "attendance", "status", e->status);
  set_column (e->attendance_columns, "attendance", "booked_on", e->order_date);
  set_column (e->attendance_columns, "attendance", "person", e->email);
  g_assert (attendance->n_fields <= G_N_ELEMENTS (e->given));

  if (e->email == 0)
    joinery_import_run_add_problem (run, 0, NULL, "there is no “Email” column: is this an Eventbrite "
                                    "attendee report (Reports → Attendee summary, as CSV)?");
  if (e->name == 0 && (e->first_name == 0 || e->last_name == 0))
    joinery_import_run_add_problem (run, 0, NULL, "there are no “First Name” and “Last Name” columns: "
                                    "is this an Eventbrite attendee report (Reports → Attendee "
                                    "summary, as CSV)?");
  return TRUE;
}

static char *
dup_cell (const char * const *cells, guint column)
{
  return column > 0 ? g_strstrip (g_strdup (cells[column - 1])) : g_strdup ("");
}

/* "2017-04-03 14:21:55+01:00" (the report's own form), "03/04/2017 14:21"
 * (the same, opened and saved again by a British spreadsheet), or
 * "Apr 3, 2017 2:21 PM" (older reports): the date as written, which is
 * the event's local date. */
static gboolean
parse_order_date (const char *text, char **iso)
{
  static const char * const months[] = {
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"
  };
  g_autofree char *first = NULL;
  g_auto(GStrv) words = NULL;
  const char *space;

  if (strlen (text) >= 10 && g_ascii_isdigit (text[0]) && text[4] == '-')
    {
      g_autofree char *day = g_strndup (text, 10);
      return joinery_parse_date (day, iso, NULL);
    }
  space = strpbrk (text, " T");
  first = space != NULL ? g_strndup (text, (gsize) (space - text)) : g_strdup (text);
  if (joinery_parse_date (first, iso, NULL))
    return TRUE;

  /* "Apr 3, 2017 …" or "April 3, 2017" */
  words = g_strsplit_set (text, " ,", -1);
  {
    g_autoptr(GPtrArray) parts = g_ptr_array_new ();
    guint64 day = 0, year = 0;
    int month = -1;

    for (guint i = 0; words[i] != NULL; i++)
      if (*words[i] != '\0')
        g_ptr_array_add (parts, words[i]);
    if (parts->len < 3 || strlen (parts->pdata[0]) < 3)
      return FALSE;
    for (guint m = 0; m < G_N_ELEMENTS (months); m++)
      if (g_ascii_strncasecmp (parts->pdata[0], months[m], 3) == 0)
        month = (int) m + 1;
    if (month < 0 ||
        !g_ascii_string_to_unsigned (parts->pdata[1], 10, 1, 31, &day, NULL) ||
        !g_ascii_string_to_unsigned (parts->pdata[2], 10, 1900, 2200, &year, NULL))
      return FALSE;
    {
      g_autofree char *candidate = g_strdup_printf ("%04u-%02d-%02u", (guint) year, month, (guint) day);
      return joinery_parse_date (candidate, iso, NULL);
    }
  }
}

static const char *
map_status (const char *text)
{
  g_autofree char *folded = joinery_import_mapping_fold_header (text);

  if (*folded == '\0')
    return "booked";
  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    if (g_str_equal (folded, statuses[i].folded))
      return statuses[i].status;
  return NULL;
}

/* "Speaker", "Workshop facilitator": the role the ticket says, if any. */
static const char *
ticket_role (const char *ticket)
{
  g_autofree char *folded = joinery_import_mapping_fold_header (ticket);

  if (strstr (folded, "speaker") != NULL)
    return "speaker";
  if (strstr (folded, "facilitator") != NULL)
    return "facilitator";
  return NULL;
}

static gboolean
add_error (JoineryImportRun *run, Eventbrite *e, GError *error, const JoineryKind *kind,
           GError **out)
{
  gboolean handled = joinery_import_run_add_error (run, error, 0, kind,
                                                   g_str_equal (kind->name, "person") ? e->person_columns
                                                                                      : e->attendance_columns);
  if (!handled)
    {
      g_propagate_error (out, error);
      return FALSE;
    }
  g_error_free (error);
  return TRUE;
}

/* The attendance of the event by the person, or 0. */
static gboolean
find_attendance (JoineryImportRun *run, gint64 event, gint64 person, gint64 *id, GError **error)
{
  g_autoptr(JoineryQuery) query = joinery_query_new (joinery_kind_lookup ("attendance"));
  g_autofree char *event_text = g_strdup_printf ("%" G_GINT64_FORMAT, event);
  g_autofree char *person_text = g_strdup_printf ("%" G_GINT64_FORMAT, person);
  g_autoptr(GPtrArray) found = NULL;

  if (!joinery_query_add_filter (query, "event", JOINERY_FILTER_EQUAL, event_text, error) ||
      !joinery_query_add_filter (query, "person", JOINERY_FILTER_EQUAL, person_text, error))
    return FALSE;
  found = joinery_db_list (run->db, joinery_kind_lookup ("attendance"), query, error);
  if (found == NULL)
    return FALSE;
  *id = found->len > 0 ? joinery_record_get_id (found->pdata[0]) : 0;
  return TRUE;
}

static gboolean
find_or_add_person (JoineryImportRun *run, Eventbrite *e, const char * const *cells, const char *email,
                    gint64 *person, GError **error)
{
  const JoineryKind *kind = joinery_kind_lookup ("person");
  g_autoptr(JoineryRecord) record = NULL;
  g_autofree char *name = NULL;
  g_autofree char *job = dup_cell (cells, e->job_title);
  g_autofree char *company = dup_cell (cells, e->company);
  GError *local_error = NULL;
  gint64 found[2];
  guint n_found;
  gint64 organisation;

  *person = 0;
  if (!joinery_import_find_ids (run, kind, "email", email, &n_found, found, error))
    return FALSE;
  if (n_found > 1)
    {
      joinery_import_run_add_problem (run, e->email, "email", "Email: more than one person has “%s” "
                                      "(#%" G_GINT64_FORMAT " and #%" G_GINT64_FORMAT "), so the "
                                      "attendee cannot be told apart", email, found[0], found[1]);
      return TRUE;
    }
  if (n_found == 1)
    {
      *person = found[0];
      return TRUE;
    }

  if (e->first_name != 0 && e->last_name != 0)
    {
      g_autofree char *first = dup_cell (cells, e->first_name);
      g_autofree char *last = dup_cell (cells, e->last_name);
      name = g_strstrip (g_strdup_printf ("%s %s", first, last));
    }
  if ((name == NULL || *name == '\0') && e->name != 0)
    {
      g_free (name);
      name = dup_cell (cells, e->name);
    }
  if (name == NULL || *name == '\0')
    {
      joinery_import_run_add_problem (run, e->first_name != 0 ? e->first_name : e->name, "name",
                                      "the attendee has no name, and no one has the email “%s” yet",
                                      email);
      return TRUE;
    }

  record = joinery_record_new (kind);
  if (!joinery_record_set_from_string (record, "name", name, &local_error) ||
      !joinery_record_set_from_string (record, "email", email, &local_error) ||
      !joinery_record_set_from_string (record, "job_title", job, &local_error))
    return add_error (run, e, local_error, kind, error);
  /* Only an organisation known by exactly that name: a company typed into
   * a booking form is not reason enough to add one. */
  if (*company != '\0' &&
      joinery_db_find_by_label (run->db, joinery_kind_lookup ("organisation"), company, &organisation, NULL))
    joinery_record_set_integer (record, "organisation", organisation);
  if (!joinery_db_create (run->db, record, &local_error))
    return add_error (run, e, local_error, kind, error);
  run->report->people_created++;
  *person = joinery_record_get_id (record);
  return TRUE;
}

static gboolean
eventbrite_row (JoineryImportRun *run, const char * const *cells, GError **error)
{
  Eventbrite *e = run->data;
  const JoineryKind *kind = joinery_kind_lookup ("attendance");
  gint64 event = joinery_import_get_event (run->import);
  g_autofree char *email = dup_cell (cells, e->email);
  g_autofree char *status_text = dup_cell (cells, e->status);
  g_autofree char *ticket = dup_cell (cells, e->ticket_type);
  g_autofree char *date_text = dup_cell (cells, e->order_date);
  g_autofree char *booked_on = NULL;
  g_autoptr(JoineryRecord) record = joinery_record_new (kind);
  GError *local_error = NULL;
  guint64 problems = run->report->n_problems;
  const char *status = map_status (status_text);
  gint64 person = 0, attendance = 0;
  guint64 earlier;

  if (*email == '\0')
    joinery_import_run_add_problem (run, e->email, "email", "Email: is empty; an attendee is found "
                                    "or added by their email address");
  if (status == NULL)
    joinery_import_run_add_problem (run, e->status, "status", "“%s” is not an attendee status of "
                                    "Eventbrite's (Attending, Checked In, Not Attending, Deleted, "
                                    "Refunded, Transferred)", status_text);
  if (*date_text != '\0' && !parse_order_date (date_text, &booked_on))
    joinery_import_run_add_problem (run, e->order_date, "booked_on", "“%s” is not a date (as "
                                    "2017-04-03 14:21:55+01:00, 03/04/2017 or Apr 3, 2017)", date_text);
  if (run->report->n_problems > problems)
    return TRUE;

  if (!find_or_add_person (run, e, cells, email, &person, error))
    return FALSE;
  if (person == 0)
    return TRUE;

  memset (e->given, 0, sizeof e->given);
  joinery_record_set_integer (record, "event", event);
  joinery_record_set_integer (record, "person", person);
  joinery_record_set_text (record, "status", status);
  e->given[joinery_kind_field_index (kind, "status")] = e->status != 0 ? JOINERY_IMPORT_GIVEN_BY_FILE : 0;
  if (!joinery_record_set_from_string (record, "ticket_type", ticket, &local_error))
    return add_error (run, e, local_error, kind, error);
  e->given[joinery_kind_field_index (kind, "ticket_type")] = *ticket != '\0' ? JOINERY_IMPORT_GIVEN_BY_FILE : 0;
  if (booked_on != NULL)
    {
      joinery_record_set_text (record, "booked_on", booked_on);
      e->given[joinery_kind_field_index (kind, "booked_on")] = JOINERY_IMPORT_GIVEN_BY_FILE;
    }
  /* Speakers and facilitators book tickets of their own. */
  {
    const char *role = ticket_role (ticket);
    if (role != NULL)
      {
        joinery_record_set_text (record, "role", role);
        e->given[joinery_kind_field_index (kind, "role")] = JOINERY_IMPORT_GIVEN_BY_FILE;
      }
  }

  if (!find_attendance (run, event, person, &attendance, error))
    return FALSE;
  earlier = attendance > 0 ? GPOINTER_TO_SIZE (g_hash_table_lookup (e->booked, &attendance)) : 0;
  if (earlier > 0)
    {
      joinery_import_run_add_problem (run, e->email, NULL, "a duplicate: row %" G_GUINT64_FORMAT
                                      " books the same person (%s) onto this event; Eventbrite "
                                      "lists a ticket per row, so give each attendee their own "
                                      "email address", earlier, email);
      return TRUE;
    }

  if (attendance > 0)
    {
      g_hash_table_insert (e->booked, g_memdup2 (&attendance, sizeof attendance), GSIZE_TO_POINTER (run->row));
      return joinery_import_update_matched (run, attendance, record, e->given, e->attendance_columns, error);
    }

  if (!joinery_db_create (run->db, record, &local_error))
    return add_error (run, e, local_error, kind, error);
  attendance = joinery_record_get_id (record);
  g_hash_table_insert (e->booked, g_memdup2 (&attendance, sizeof attendance), GSIZE_TO_POINTER (run->row));
  run->report->created++;
  return TRUE;
}

const JoineryImportHandler joinery_import_eventbrite_handler = {
  eventbrite_prepare,
  eventbrite_row,
  eventbrite_clear,
};
