/* joinery-rules.c: the rules of particular kinds of record.
 *
 * Grants: an awarded (or completed) grant has an award date and an awarded
 * amount, and only such a grant has an awarded amount; its theme is one of
 * its fund's themes when the fund names any. Attendances: the session is
 * one of the event's. Areas: never part of themselves. Projects: a change
 * of stage is recorded in the stage history. Tasks: done means done on a
 * date. Everything else is in the kinds' descriptions.
 */
#include "joinery-rules.h"
#include "joinery-db-private.h"
#include "joinery-error.h"
#include "joinery-value.h"

#include <string.h>

static gboolean
is_kind (JoineryRecord *record, const char *name)
{
  return strcmp (joinery_record_get_kind (record)->name, name) == 0;
}

void
joinery_rules_normalise (JoineryDb *db, JoineryRecord *record, JoineryRecord *old)
{
  if (is_kind (record, "task"))
    {
      const char *status = joinery_record_get_text (record, "status");
      if (g_strcmp0 (status, "done") == 0 && joinery_record_is_null (record, "completed_on"))
        {
          g_autofree char *today = joinery_today ();
          joinery_record_set_text (record, "completed_on", today);
        }
    }
  else if (is_kind (record, "project"))
    {
      gboolean stage_changed = old == NULL || !joinery_record_value_equal (record, old, "stage");
      if (stage_changed && !joinery_record_is_null (record, "stage") &&
          (joinery_record_is_null (record, "stage_since") ||
           (old != NULL && joinery_record_value_equal (record, old, "stage_since"))))
        {
          g_autofree char *today = joinery_today ();
          joinery_record_set_text (record, "stage_since", today);
        }
    }
}

static gboolean
query_exists (JoineryDb *db, const char *sql, gint64 a, gint64 b, GError **error, gboolean *exists)
{
  sqlite3_stmt *stmt = joinery_db_prepare_static (db, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, a);
  sqlite3_bind_int64 (stmt, 2, b);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      joinery_db_set_error (db, rc, error, NULL);
      return FALSE;
    }
  *exists = rc == SQLITE_ROW;
  return TRUE;
}

static gboolean
validate_grant (JoineryDb *db, JoineryRecord *grant, GError **error)
{
  const char *status = joinery_record_get_text (grant, "status");
  gboolean awarded = g_strcmp0 (status, "awarded") == 0 || g_strcmp0 (status, "completed") == 0;
  gboolean fund_has_themes, theme_in_fund;

  if (awarded && joinery_record_is_null (grant, "awarded_on"))
    {
      joinery_set_validation_error (error, "grant", "awarded_on", JOINERY_VALIDATION_ERROR_REQUIRED,
                                    "must be set when the grant is %s", status);
      return FALSE;
    }
  if (awarded && joinery_record_is_null (grant, "amount_awarded"))
    {
      joinery_set_validation_error (error, "grant", "amount_awarded", JOINERY_VALIDATION_ERROR_REQUIRED,
                                    "must be set when the grant is %s", status);
      return FALSE;
    }
  if (!awarded && !joinery_record_is_null (grant, "amount_awarded"))
    {
      joinery_set_validation_error (error, "grant", "amount_awarded", JOINERY_VALIDATION_ERROR_RULE,
                                    "only an awarded or completed grant has an amount awarded "
                                    "(this one is %s)", status);
      return FALSE;
    }

  if (joinery_record_is_null (grant, "theme"))
    return TRUE;
  if (!query_exists (db,
                     "SELECT 1 FROM fund_themes ft JOIN rounds r ON r.fund_id = ft.fund_id "
                     "WHERE r.id = ?1 LIMIT 1",
                     joinery_record_get_integer (grant, "round"), 0, error, &fund_has_themes))
    return FALSE;
  if (!fund_has_themes)
    return TRUE;
  if (!query_exists (db,
                     "SELECT 1 FROM fund_themes ft JOIN rounds r ON r.fund_id = ft.fund_id "
                     "WHERE r.id = ?1 AND ft.theme_id = ?2",
                     joinery_record_get_integer (grant, "round"),
                     joinery_record_get_integer (grant, "theme"), error, &theme_in_fund))
    return FALSE;
  if (!theme_in_fund)
    {
      joinery_set_validation_error (error, "grant", "theme", JOINERY_VALIDATION_ERROR_RULE,
                                    "is not one of the themes of the round's fund");
      return FALSE;
    }
  return TRUE;
}

static gboolean
validate_attendance (JoineryDb *db, JoineryRecord *attendance, GError **error)
{
  gboolean same_event;

  if (joinery_record_is_null (attendance, "session"))
    return TRUE;
  if (!query_exists (db, "SELECT 1 FROM sessions WHERE id = ?1 AND event_id = ?2",
                     joinery_record_get_integer (attendance, "session"),
                     joinery_record_get_integer (attendance, "event"), error, &same_event))
    return FALSE;
  if (!same_event)
    {
      joinery_set_validation_error (error, "attendance", "session", JOINERY_VALIDATION_ERROR_RULE,
                                    "is not a session of this event");
      return FALSE;
    }
  return TRUE;
}

static gboolean
validate_area (JoineryDb *db, JoineryRecord *area, GError **error)
{
  gboolean cycle;
  gint64 id = joinery_record_get_id (area);

  if (joinery_record_is_null (area, "parent") || id == 0)
    return TRUE;
  if (joinery_record_get_integer (area, "parent") == id)
    cycle = TRUE;
  else if (!query_exists (db,
                          "WITH RECURSIVE up (id) AS (SELECT ?1 UNION "
                          "SELECT a.parent_id FROM areas a JOIN up ON a.id = up.id "
                          "WHERE a.parent_id IS NOT NULL) "
                          "SELECT 1 FROM up WHERE id = ?2",
                          joinery_record_get_integer (area, "parent"), id, error, &cycle))
    return FALSE;
  if (cycle)
    {
      joinery_set_validation_error (error, "area", "parent", JOINERY_VALIDATION_ERROR_RULE,
                                    "would make the area part of itself");
      return FALSE;
    }
  return TRUE;
}

gboolean
joinery_rules_validate (JoineryDb *db, JoineryRecord *record, GError **error)
{
  if (is_kind (record, "grant"))
    return validate_grant (db, record, error);
  if (is_kind (record, "attendance"))
    return validate_attendance (db, record, error);
  if (is_kind (record, "area"))
    return validate_area (db, record, error);
  return TRUE;
}

gboolean
joinery_rules_after_write (JoineryDb *db, JoineryRecord *record, JoineryRecord *old, GError **error)
{
  g_autoptr(JoineryRecord) history = NULL;

  if (!is_kind (record, "project"))
    return TRUE;
  if (old != NULL && joinery_record_value_equal (record, old, "stage"))
    return TRUE;

  history = joinery_record_new (joinery_kind_lookup ("project_stage"));
  joinery_record_set_integer (history, "project", joinery_record_get_id (record));
  joinery_record_set_text (history, "stage", joinery_record_get_text (record, "stage"));
  joinery_record_set_text (history, "started_on", joinery_record_get_text (record, "stage_since"));
  return joinery_db_create (db, history, error);
}
