/* joinery-export-ical.c: events as iCalendar (RFC 5545), with libical.
 *
 * Each event is an all-day VEVENT from its first day to the day after its
 * last (DTEND is exclusive), with its venue, description, booking page and
 * kind; each of its sessions that has a start time follows as a timed
 * VEVENT on the event's first day, in Europe/London (with the zone's
 * VTIMEZONE, from the system's time zone data; floating local times if
 * that is missing), RELATED-TO its event. UIDs are made from the record's
 * id and creation time, so that a calendar that imports the file again
 * updates its entries rather than doubling them. The calendar is written
 * one event at a time between a header and a footer written here.
 */
#include "config.h"

#include "joinery-export-private.h"

#include <libical/ical.h>
#include <string.h>

#define LONDON "Europe/London"

static const char london_vtimezone[] =
  "BEGIN:VTIMEZONE\r\n"
  "TZID:" LONDON "\r\n"
  "BEGIN:DAYLIGHT\r\n"
  "TZNAME:BST\r\n"
  "TZOFFSETFROM:+0000\r\n"
  "TZOFFSETTO:+0100\r\n"
  "DTSTART:19810329T010000\r\n"
  "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\n"
  "END:DAYLIGHT\r\n"
  "BEGIN:STANDARD\r\n"
  "TZNAME:GMT\r\n"
  "TZOFFSETFROM:+0100\r\n"
  "TZOFFSETTO:+0000\r\n"
  "DTSTART:19961027T020000\r\n"
  "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\n"
  "END:STANDARD\r\n"
  "END:VTIMEZONE\r\n";

typedef struct {
  JoineryExport *export;
} Calendar;

/* "2017-05-19" as an iCalendar date; FALSE if it is not one. */
static gboolean
parse_date (const char *text, struct icaltimetype *date)
{
  int year, month, day;

  if (text == NULL || sscanf (text, "%d-%d-%d", &year, &month, &day) != 3)
    return FALSE;
  *date = icaltime_null_date ();
  date->year = year;
  date->month = month;
  date->day = day;
  return TRUE;
}

/* "2017-05-19T09:30:00Z" as a UTC date-time. */
static struct icaltimetype
parse_timestamp (const char *text)
{
  struct icaltimetype when = icaltime_null_time ();
  int year, month, day, hour, minute, second;

  if (text != NULL && sscanf (text, "%d-%d-%dT%d:%d:%d", &year, &month, &day, &hour, &minute, &second) == 6)
    {
      when.year = year;
      when.month = month;
      when.day = day;
      when.hour = hour;
      when.minute = minute;
      when.second = second;
      when = icaltime_set_timezone (&when, icaltimezone_get_utc_timezone ());
    }
  return when;
}

static char *
dup_uid (const char *kind, JoineryRecord *record)
{
  const char *stamp = joinery_record_get_created_at (record) != NULL
                      ? joinery_record_get_created_at (record) : "";
  g_autoptr(GString) compact = g_string_new (NULL);

  for (const char *p = stamp; *p != '\0'; p++)
    if (g_ascii_isalnum (*p))
      g_string_append_c (compact, *p);
  return g_strdup_printf ("%s-%" G_GINT64_FORMAT "-%s@joinery", kind, joinery_record_get_id (record),
                          compact->str);
}

static void
add_text (icalcomponent *event, icalproperty *(*make) (const char *), const char *text)
{
  if (text != NULL && *text != '\0')
    icalcomponent_add_property (event, make (text));
}

static void
append_component (JoineryExport *export, icalcomponent *component)
{
  char *text = icalcomponent_as_ical_string_r (component);
  g_string_append (export->buffer, text);
  icalmemory_free_buffer (text);
}

static void
add_common (icalcomponent *event, JoineryRecord *record, const char *uid)
{
  icalcomponent_add_property (event, icalproperty_new_uid (uid));
  icalcomponent_add_property (event, icalproperty_new_dtstamp (parse_timestamp (joinery_record_get_updated_at (record))));
  icalcomponent_add_property (event, icalproperty_new_lastmodified (parse_timestamp (joinery_record_get_updated_at (record))));
}

/* A session's time on the event's first day, in London. */
static icalproperty *
make_session_time (struct icaltimetype day, const char *hh_mm, gboolean start)
{
  struct icaltimetype when = day;
  icalproperty *property;
  int hour, minute;

  if (sscanf (hh_mm, "%d:%d", &hour, &minute) != 2)
    return NULL;
  when.is_date = 0;
  when.hour = hour;
  when.minute = minute;
  when.second = 0;
  property = start ? icalproperty_new_dtstart (when) : icalproperty_new_dtend (when);
  icalproperty_add_parameter (property, icalparameter_new_tzid (LONDON));
  return property;
}

static gboolean
add_sessions (Calendar *c, JoineryRecord *event, struct icaltimetype day, const char *event_uid,
              GError **error)
{
  const JoineryKind *kind = joinery_kind_lookup ("session");
  g_autoptr(JoineryQuery) query = joinery_query_new (kind);
  g_autofree char *event_id = g_strdup_printf ("%" G_GINT64_FORMAT, joinery_record_get_id (event));
  g_autoptr(GPtrArray) sessions = NULL;

  if (!joinery_query_add_filter (query, "event", JOINERY_FILTER_EQUAL, event_id, error) ||
      !joinery_query_add_filter (query, "starts_at", JOINERY_FILTER_IS_SET, NULL, error) ||
      !joinery_query_set_sort (query, "starts_at", FALSE, error))
    return FALSE;
  sessions = joinery_db_list (c->export->db, kind, query, error);
  if (sessions == NULL)
    return FALSE;

  for (guint i = 0; i < sessions->len; i++)
    {
      JoineryRecord *session = sessions->pdata[i];
      g_autofree char *uid = dup_uid ("session", session);
      g_autofree char *summary = g_strdup_printf ("%s: %s", joinery_record_get_text (event, "name"),
                                                  joinery_record_get_text (session, "title"));
      icalcomponent *vevent = icalcomponent_new_vevent ();
      icalproperty *start = make_session_time (day, joinery_record_get_text (session, "starts_at"), TRUE);
      const char *ends_at = joinery_record_get_text (session, "ends_at");

      add_common (vevent, session, uid);
      if (start != NULL)
        icalcomponent_add_property (vevent, start);
      if (ends_at != NULL)
        {
          icalproperty *end = make_session_time (day, ends_at, FALSE);
          if (end != NULL)
            icalcomponent_add_property (vevent, end);
        }
      add_text (vevent, icalproperty_new_summary, summary);
      add_text (vevent, icalproperty_new_location, joinery_record_get_text (session, "room") != NULL
                                                   ? joinery_record_get_text (session, "room")
                                                   : joinery_record_get_text (event, "venue"));
      add_text (vevent, icalproperty_new_description, joinery_record_get_text (session, "description"));
      add_text (vevent, icalproperty_new_categories, joinery_record_get_text (session, "kind"));
      icalcomponent_add_property (vevent, icalproperty_new_relatedto (event_uid));
      append_component (c->export, vevent);
      icalcomponent_free (vevent);
    }
  return TRUE;
}

static gboolean
write_event (JoineryRecord *event, gpointer data, GError **error)
{
  Calendar *c = data;
  JoineryExport *export = c->export;
  g_autofree char *uid = dup_uid ("event", event);
  struct icaltimetype start, end;
  icalcomponent *vevent;

  if (!joinery_export_step (export, error))
    return FALSE;
  if (!parse_date (joinery_record_get_text (event, "starts_on"), &start))
    return TRUE;
  if (!parse_date (joinery_record_get_text (event, "ends_on"), &end))
    end = start;
  icaltime_adjust (&end, 1, 0, 0, 0);

  vevent = icalcomponent_new_vevent ();
  add_common (vevent, event, uid);
  icalcomponent_add_property (vevent, icalproperty_new_dtstart (start));
  icalcomponent_add_property (vevent, icalproperty_new_dtend (end));
  add_text (vevent, icalproperty_new_summary, joinery_record_get_text (event, "name"));
  add_text (vevent, icalproperty_new_location, joinery_record_get_text (event, "venue"));
  add_text (vevent, icalproperty_new_description, joinery_record_get_text (event, "description"));
  add_text (vevent, icalproperty_new_url, joinery_record_get_text (event, "booking_url"));
  add_text (vevent, icalproperty_new_categories, joinery_record_get_text (event, "kind"));
  icalcomponent_add_property (vevent, icalproperty_new_status (ICAL_STATUS_CONFIRMED));
  icalcomponent_add_property (vevent, icalproperty_new_transp (ICAL_TRANSP_TRANSPARENT));
  append_component (export, vevent);
  icalcomponent_free (vevent);

  export->summary->written++;
  return add_sessions (c, event, start, uid, error) && joinery_export_maybe_flush (export, error);
}

gboolean
joinery_export_write_ics (JoineryExport *export, GError **error)
{
  Calendar c = { export };

  g_string_append (export->buffer,
                   "BEGIN:VCALENDAR\r\n"
                   "VERSION:2.0\r\n"
                   "PRODID:-//Joinery//Joinery " PACKAGE_VERSION "//EN\r\n"
                   "CALSCALE:GREGORIAN\r\n");
  g_string_append (export->buffer, london_vtimezone);
  if (!joinery_db_list_foreach (export->db, export->kind, export->query, write_event, &c, error))
    return FALSE;
  g_string_append (export->buffer, "END:VCALENDAR\r\n");
  return joinery_export_flush (export, error);
}
