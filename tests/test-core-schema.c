/* test-core-schema.c: the description of every kind (joinery-kind.c)
 * against the schema the migrations build (data/migrations/).
 *
 * Covers: every kind's table exists, is STRICT and has exactly the columns
 * the description implies (id, created_at, updated_at and one per field,
 * two for a link) with the right storage type, NOT NULL exactly on the
 * required fields and the same defaults; every reference has its foreign
 * key and there are no others; no table belongs to nobody; the kinds'
 * names, plurals, tables and codes are unique. Then the CHECK constraints,
 * on a valid record of every kind made through the core and changed by raw
 * SQL inside a savepoint that is rolled back: every choice accepted and
 * anything else refused, money refusing negative and fractional amounts,
 * dates refusing impossible and British dates, times, yes/no and integer
 * bounds, the kinds a task, note or tag may be attached to; and the audit
 * trail refusing UPDATE and DELETE.
 */
#include "joinery-test-util.h"
#include "joinery-value.h"

#include <string.h>

/* Statements */

static sqlite3_stmt *
prepare (sqlite3 *handle, const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (handle, sql, -1, &stmt, NULL);

  if (rc != SQLITE_OK)
    g_error ("cannot prepare “%s”: %s", sql, sqlite3_errmsg (handle));
  return stmt;
}

static void
exec_ok (sqlite3 *handle, const char *sql)
{
  int rc = sqlite3_exec (handle, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    g_error ("“%s” failed: %s", sql, sqlite3_errmsg (handle));
}

/* Kinds */

static const JoineryKind *
kind_for_table (const char *table)
{
  const JoineryKind * const *kinds = joinery_kinds ();

  for (guint k = 0; kinds[k] != NULL; k++)
    if (strcmp (kinds[k]->table, table) == 0)
      return kinds[k];
  return NULL;
}

static const char *
storage_type (JoineryFieldType type)
{
  switch (type)
    {
    case JOINERY_FIELD_INTEGER:
    case JOINERY_FIELD_MONEY:
    case JOINERY_FIELD_BOOLEAN:
    case JOINERY_FIELD_REFERENCE:
      return "INTEGER";
    case JOINERY_FIELD_REAL:
      return "REAL";
    case JOINERY_FIELD_TEXT:
    case JOINERY_FIELD_LONG_TEXT:
    case JOINERY_FIELD_DATE:
    case JOINERY_FIELD_TIME:
    case JOINERY_FIELD_CHOICE:
    case JOINERY_FIELD_LINK:
    default:
      return "TEXT";
    }
}

typedef struct {
  char     *name;
  char     *type;
  gboolean  not_null;
  char     *default_sql; /* as SQLite keeps it: 'draft', 0; NULL if none */
  gboolean  primary_key;
} Column;

static void
column_free (gpointer data)
{
  Column *column = data;

  g_free (column->name);
  g_free (column->type);
  g_free (column->default_sql);
  g_free (column);
}

static Column *
column_new (const char *name, const char *type, gboolean not_null, const char *default_sql,
            gboolean primary_key)
{
  Column *column = g_new0 (Column, 1);

  column->name = g_strdup (name);
  column->type = g_strdup (type);
  column->not_null = not_null;
  column->default_sql = g_strdup (default_sql);
  column->primary_key = primary_key;
  return column;
}

/* The default as the migration must spell it. */
static char *
expected_default (const JoineryField *f)
{
  gboolean value;

  if (f->default_value == NULL)
    return NULL;
  if (f->type == JOINERY_FIELD_BOOLEAN)
    {
      g_assert_true (joinery_parse_boolean (f->default_value, &value, NULL));
      return g_strdup (value ? "1" : "0");
    }
  return g_strdup_printf ("'%s'", f->default_value);
}

static void
add_column (GHashTable *columns, Column *column)
{
  g_assert_false (g_hash_table_contains (columns, column->name));
  g_hash_table_insert (columns, column->name, column);
}

/* The columns the description implies, by name. */
static GHashTable *
expected_columns (const JoineryKind *kind)
{
  GHashTable *columns = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, column_free);

  add_column (columns, column_new ("id", "INTEGER", FALSE, NULL, TRUE));
  add_column (columns, column_new ("created_at", "TEXT", TRUE, NULL, FALSE));
  add_column (columns, column_new ("updated_at", "TEXT", TRUE, NULL, FALSE));
  for (guint i = 0; i < kind->n_fields; i++)
    {
      const JoineryField *f = &kind->fields[i];
      gboolean required = (f->flags & JOINERY_FIELD_REQUIRED) != 0;
      g_autofree char *dflt = expected_default (f);

      if (f->type == JOINERY_FIELD_LINK)
        {
          g_assert_cmpstr (joinery_field_get_column (f), ==, "record_id");
          add_column (columns, column_new ("record_kind", "TEXT", required, NULL, FALSE));
          add_column (columns, column_new ("record_id", "INTEGER", required, NULL, FALSE));
        }
      else
        add_column (columns, column_new (joinery_field_get_column (f), storage_type (f->type),
                                         required, dflt, FALSE));
    }
  return columns;
}

static void
test_tables_exist (void)
{
  g_autoptr(JoineryTestDb) tdb = joinery_test_db_new ();
  sqlite3 *handle = joinery_db_get_handle (tdb->db);
  const JoineryKind * const *kinds = joinery_kinds ();
  sqlite3_stmt *stmt = prepare (handle,
                                "SELECT type, strict FROM pragma_table_list "
                                "WHERE schema = 'main' AND name = ?1");

  for (guint k = 0; kinds[k] != NULL; k++)
    {
      g_test_message ("table %s", kinds[k]->table);
      sqlite3_bind_text (stmt, 1, kinds[k]->table, -1, SQLITE_STATIC);
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
      g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "table");
      g_assert_cmpint (sqlite3_column_int (stmt, 1), ==, 1); /* STRICT */
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
      sqlite3_reset (stmt);
    }
  sqlite3_finalize (stmt);
}

static void
test_columns (void)
{
  g_autoptr(JoineryTestDb) tdb = joinery_test_db_new ();
  sqlite3 *handle = joinery_db_get_handle (tdb->db);
  const JoineryKind * const *kinds = joinery_kinds ();
  sqlite3_stmt *stmt = prepare (handle,
                                "SELECT name, type, \"notnull\", dflt_value, pk "
                                "FROM pragma_table_info(?1) ORDER BY cid");

  for (guint k = 0; kinds[k] != NULL; k++)
    {
      g_autoptr(GHashTable) expected = expected_columns (kinds[k]);
      guint n_found = 0;
      int rc;

      sqlite3_bind_text (stmt, 1, kinds[k]->table, -1, SQLITE_STATIC);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          const char *name = (const char *) sqlite3_column_text (stmt, 0);
          const char *dflt = (const char *) sqlite3_column_text (stmt, 3);
          Column *want = g_hash_table_lookup (expected, name);

          g_test_message ("%s.%s", kinds[k]->table, name);
          if (want == NULL)
            g_error ("%s.%s is in the schema but not in the description", kinds[k]->table, name);
          g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 1), ==, want->type);
          g_assert_cmpint (sqlite3_column_int (stmt, 2), ==, want->not_null);
          g_assert_cmpstr (dflt, ==, want->default_sql);
          g_assert_cmpint (sqlite3_column_int (stmt, 4) != 0, ==, want->primary_key);
          n_found++;
        }
      g_assert_cmpint (rc, ==, SQLITE_DONE);
      sqlite3_reset (stmt);
      if (n_found != g_hash_table_size (expected))
        {
          GHashTableIter iter;
          const char *name;
          g_hash_table_iter_init (&iter, expected);
          while (g_hash_table_iter_next (&iter, (gpointer *) &name, NULL))
            g_test_message ("expected %s.%s", kinds[k]->table, name);
        }
      g_assert_cmpuint (n_found, ==, g_hash_table_size (expected));
    }
  sqlite3_finalize (stmt);
}

static void
test_foreign_keys (void)
{
  g_autoptr(JoineryTestDb) tdb = joinery_test_db_new ();
  sqlite3 *handle = joinery_db_get_handle (tdb->db);
  const JoineryKind * const *kinds = joinery_kinds ();
  sqlite3_stmt *stmt = prepare (handle,
                                "SELECT \"from\", \"table\", \"to\" FROM pragma_foreign_key_list(?1)");
  guint n_references = 0;

  for (guint k = 0; kinds[k] != NULL; k++)
    {
      g_autoptr(GHashTable) keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      guint n_expected = 0;
      int rc;

      sqlite3_bind_text (stmt, 1, kinds[k]->table, -1, SQLITE_STATIC);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          const char *from = (const char *) sqlite3_column_text (stmt, 0);
          g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 2), ==, "id");
          g_assert_false (g_hash_table_contains (keys, from));
          g_hash_table_insert (keys, g_strdup (from), g_strdup ((const char *) sqlite3_column_text (stmt, 1)));
        }
      g_assert_cmpint (rc, ==, SQLITE_DONE);
      sqlite3_reset (stmt);

      for (guint i = 0; i < kinds[k]->n_fields; i++)
        {
          const JoineryField *f = &kinds[k]->fields[i];
          const JoineryKind *target;

          if (f->type != JOINERY_FIELD_REFERENCE)
            continue;
          target = joinery_kind_lookup (f->ref_kind);
          g_test_message ("%s.%s → %s", kinds[k]->table, joinery_field_get_column (f), f->ref_kind);
          g_assert_nonnull (target);
          g_assert_cmpstr (g_hash_table_lookup (keys, joinery_field_get_column (f)), ==, target->table);
          n_expected++;
        }
      /* No foreign key the description does not know of. */
      g_assert_cmpuint (g_hash_table_size (keys), ==, n_expected);
      n_references += n_expected;
    }
  sqlite3_finalize (stmt);
  g_assert_cmpuint (n_references, >, 30);

  /* And the connection enforces them. */
  {
    gint64 id = joinery_test_create (tdb->db, "person", "name", "Amara Ridgestone", NULL);
    g_autofree char *sql = g_strdup_printf ("UPDATE people SET organisation_id = 999 WHERE id = %" G_GINT64_FORMAT, id);
    g_assert_cmpint (sqlite3_exec (handle, sql, NULL, NULL, NULL), ==, SQLITE_CONSTRAINT_FOREIGNKEY);
  }
}

static void
test_no_stray_tables (void)
{
  g_autoptr(JoineryTestDb) tdb = joinery_test_db_new ();
  sqlite3 *handle = joinery_db_get_handle (tdb->db);
  sqlite3_stmt *stmt = prepare (handle, "SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name");
  g_autoptr(GHashTable) seen = g_hash_table_new (NULL, NULL);
  gboolean core_tables[3] = { FALSE, FALSE, FALSE };
  gboolean search_index = FALSE;
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *name = (const char *) sqlite3_column_text (stmt, 0);
      const JoineryKind *kind;

      if (strcmp (name, "change_groups") == 0)
        core_tables[0] = TRUE;
      else if (strcmp (name, "audit") == 0)
        core_tables[1] = TRUE;
      else if (strcmp (name, "sqlite_sequence") == 0)
        core_tables[2] = TRUE;
      else if (strcmp (name, "workflow_switches") == 0 || strcmp (name, "workflow_runs") == 0)
        continue;  /* the workflow log: tested in test-core-workflow-state.c */
      else if (g_str_has_prefix (name, "search_index"))
        search_index = search_index || strcmp (name, "search_index") == 0;
      else
        {
          g_test_message ("table %s", name);
          kind = kind_for_table (name);
          if (kind == NULL)
            g_error ("table “%s” belongs to no kind", name);
          g_hash_table_add (seen, (gpointer) kind);
        }
    }
  g_assert_cmpint (rc, ==, SQLITE_DONE);
  sqlite3_finalize (stmt);

  g_assert_true (core_tables[0] && core_tables[1] && core_tables[2]);
  g_assert_true (search_index);
  g_assert_cmpuint (g_hash_table_size (seen), ==, joinery_kind_count ());
}

static void
test_kind_identity (void)
{
  const JoineryKind * const *kinds = joinery_kinds ();
  g_autoptr(GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) codes = g_hash_table_new (NULL, NULL);
  guint n = 0;

  for (guint k = 0; kinds[k] != NULL; k++, n++)
    {
      const JoineryKind *kind = kinds[k];
      g_autoptr(GHashTable) fields = g_hash_table_new (g_str_hash, g_str_equal);
      g_autoptr(GHashTable) columns = g_hash_table_new (g_str_hash, g_str_equal);

      g_test_message ("kind %s", kind->name);
      /* A name, plural or table names one kind only: none of them may be
       * another kind's name, plural or table. */
      g_assert_false (g_hash_table_contains (names, kind->name));
      g_hash_table_add (names, (gpointer) kind->name);
      if (strcmp (kind->plural, kind->name) != 0)
        {
          g_assert_false (g_hash_table_contains (names, kind->plural));
          g_hash_table_add (names, (gpointer) kind->plural);
        }
      if (strcmp (kind->table, kind->plural) != 0 && strcmp (kind->table, kind->name) != 0)
        {
          g_assert_false (g_hash_table_contains (names, kind->table));
          g_hash_table_add (names, (gpointer) kind->table);
        }

      g_assert_cmpuint (kind->code, >, 0);
      g_assert_cmpuint (kind->code, <, 32);
      g_assert_false (g_hash_table_contains (codes, GUINT_TO_POINTER (kind->code)));
      g_hash_table_add (codes, GUINT_TO_POINTER (kind->code));

      g_assert_true (joinery_kind_from_code (kind->code) == kind);
      g_assert_true (joinery_kind_lookup (kind->name) == kind);
      g_assert_true (joinery_kind_lookup (kind->plural) == kind);
      g_assert_true (joinery_kind_lookup (kind->table) == kind);

      /* The description is consistent in itself. */
      g_assert_true (kind->label_field != NULL || kind->label_sql != NULL);
      if (kind->label_field != NULL)
        g_assert_nonnull (joinery_kind_get_field (kind, kind->label_field));
      g_assert_nonnull (joinery_kind_get_field (kind, kind->sort_field));
      for (const JoineryFieldRange *r = kind->ranges; r != NULL && r->start != NULL; r++)
        {
          g_assert_nonnull (joinery_kind_get_field (kind, r->start));
          g_assert_nonnull (joinery_kind_get_field (kind, r->end));
        }
      for (const JoineryFieldChoice *c = kind->one_of; c != NULL && c->fields != NULL; c++)
        for (guint i = 0; c->fields[i] != NULL; i++)
          g_assert_nonnull (joinery_kind_get_field (kind, c->fields[i]));
      for (const JoineryUnique *u = kind->uniques; u != NULL && u->fields != NULL; u++)
        for (guint i = 0; u->fields[i] != NULL; i++)
          g_assert_nonnull (joinery_kind_get_field (kind, u->fields[i]));

      for (guint i = 0; i < kind->n_fields; i++)
        {
          const JoineryField *f = &kind->fields[i];
          const char *column = joinery_field_get_column (f);

          g_assert_false (g_hash_table_contains (fields, f->name));
          g_hash_table_add (fields, (gpointer) f->name);
          g_assert_false (g_hash_table_contains (columns, column));
          g_hash_table_add (columns, (gpointer) column);
          g_assert_cmpint (joinery_kind_field_index (kind, f->name), ==, (int) i);
          if (f->type == JOINERY_FIELD_REFERENCE)
            {
              g_autofree char *want = g_strconcat (f->name, "_id", NULL);
              g_assert_nonnull (joinery_kind_lookup (f->ref_kind));
              g_assert_cmpstr (column, ==, want);
            }
          if (f->type == JOINERY_FIELD_CHOICE)
            g_assert_true (f->choices != NULL && f->choices[0] != NULL);
        }
    }
  g_assert_cmpuint (n, ==, joinery_kind_count ());
  g_assert_null (joinery_kind_from_code (0));
  g_assert_null (joinery_kind_lookup ("bogus"));
}

/* CHECK constraints */

static gint64
make (JoineryDb *db, GHashTable *made, const char *kind);

/* A valid record of `kind` and whatever it refers to, made through the
 * core. Dates are chosen so that no CHECK across two dates can hide the
 * CHECK of a single one: starts are in 1000, ends unset or in 2999. */
static gint64
make_new (JoineryDb *db, GHashTable *made, const char *kind)
{
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;

#define REF(k) (g_strdup_printf ("%" G_GINT64_FORMAT, make (db, made, (k))))
  if (strcmp (kind, "area") == 0)
    return joinery_test_create (db, kind, "name", "Calderbrook", NULL);
  if (strcmp (kind, "organisation") == 0)
    return joinery_test_create (db, kind, "name", "Calderbrook Council", "kind", "council", NULL);
  if (strcmp (kind, "person") == 0)
    return joinery_test_create (db, kind, "name", "Amara Ridgestone", NULL);
  if (strcmp (kind, "group") == 0)
    return joinery_test_create (db, kind, "name", "Integration Board", "kind", "board", NULL);
  if (strcmp (kind, "group_member") == 0)
    return joinery_test_create (db, kind, "group", (a = REF ("group")), "person", (b = REF ("person")), NULL);
  if (strcmp (kind, "theme") == 0)
    return joinery_test_create (db, kind, "name", "Digital health", NULL);
  if (strcmp (kind, "project") == 0)
    return joinery_test_create (db, kind, "name", "Wellbeing Hub", "stage_since", "1000-01-01", NULL);
  if (strcmp (kind, "project_partner") == 0)
    return joinery_test_create (db, kind, "project", (a = REF ("project")),
                                "organisation", (b = REF ("organisation")), NULL);
  if (strcmp (kind, "project_theme") == 0)
    return joinery_test_create (db, kind, "project", (a = REF ("project")), "theme", (b = REF ("theme")), NULL);
  if (strcmp (kind, "project_stage") == 0)
    return joinery_test_create (db, kind, "project", (a = REF ("project")), "stage", "pilot",
                                "started_on", "1000-01-01", NULL);
  if (strcmp (kind, "fund") == 0)
    return joinery_test_create (db, kind, "name", "Innovation Fund", NULL);
  if (strcmp (kind, "fund_theme") == 0)
    return joinery_test_create (db, kind, "fund", (a = REF ("fund")), "theme", (b = REF ("theme")), NULL);
  if (strcmp (kind, "round") == 0)
    return joinery_test_create (db, kind, "fund", (a = REF ("fund")), "name", "Round 1", NULL);
  if (strcmp (kind, "grant") == 0)
    /* Awarded, so that every status satisfies the table's CHECK. */
    return joinery_test_create (db, kind, "round", (a = REF ("round")), "title", "Hub grant",
                                "applicant", (b = REF ("organisation")), "status", "awarded",
                                "awarded_on", "2999-12-31", "amount_awarded", "1000", NULL);
  if (strcmp (kind, "event") == 0)
    return joinery_test_create (db, kind, "name", "Learning event", "starts_on", "1000-01-01", NULL);
  if (strcmp (kind, "session") == 0)
    return joinery_test_create (db, kind, "event", (a = REF ("event")), "title", "Showcase", NULL);
  if (strcmp (kind, "attendance") == 0)
    return joinery_test_create (db, kind, "event", (a = REF ("event")), "person", (b = REF ("person")), NULL);
  if (strcmp (kind, "indicator") == 0)
    return joinery_test_create (db, kind, "name", "Emergency admissions", "unit", "rate",
                                "direction", "lower", NULL);
  if (strcmp (kind, "measurement") == 0)
    return joinery_test_create (db, kind, "indicator", (a = REF ("indicator")), "area", (b = REF ("area")),
                                "period_start", "1000-01-01", "period_end", "2999-12-31", "value", "12.5", NULL);
  if (strcmp (kind, "award") == 0)
    return joinery_test_create (db, kind, "name", "Integrated Working Award", NULL);
  if (strcmp (kind, "award_winner") == 0)
    return joinery_test_create (db, kind, "award", (a = REF ("award")),
                                "organisation", (b = REF ("organisation")), NULL);
  if (strcmp (kind, "task") == 0)
    /* Completed on a date, so that "done" satisfies the table's CHECK. */
    return joinery_test_create (db, kind, "title", "Send materials", "completed_on", "2017-05-19",
                                "record", (a = g_strdup_printf ("organisation:%" G_GINT64_FORMAT,
                                                                 make (db, made, "organisation"))), NULL);
  if (strcmp (kind, "note") == 0)
    return joinery_test_create (db, kind, "body", "Met at the event.",
                                "record", (a = g_strdup_printf ("organisation:%" G_GINT64_FORMAT,
                                                                 make (db, made, "organisation"))), NULL);
  if (strcmp (kind, "tag") == 0)
    return joinery_test_create (db, kind, "name", "pioneer",
                                "record", (a = g_strdup_printf ("organisation:%" G_GINT64_FORMAT,
                                                                 make (db, made, "organisation"))), NULL);
#undef REF
  g_error ("the test does not know how to make a %s", kind);
  return 0;
}

static gint64
make (JoineryDb *db, GHashTable *made, const char *kind)
{
  gpointer id = g_hash_table_lookup (made, kind);

  if (id == NULL)
    {
      id = GSIZE_TO_POINTER ((gsize) make_new (db, made, kind));
      g_hash_table_insert (made, (gpointer) kind, id);
    }
  return (gint64) GPOINTER_TO_SIZE (id);
}

typedef enum { VALUE_TEXT, VALUE_INT, VALUE_REAL } ValueType;

/* Set one column of one row by raw SQL in a savepoint rolled back at
 * once; the extended result code of the UPDATE (SQLITE_DONE if it
 * changed the row). */
static int
try_update (sqlite3 *handle, const char *table, const char *column, gint64 id,
            ValueType type, const char *text, gint64 integer, double real)
{
  g_autofree char *sql = g_strdup_printf ("UPDATE %s SET %s = ?1 WHERE id = ?2", table, column);
  sqlite3_stmt *stmt = prepare (handle, sql);
  int rc;

  exec_ok (handle, "SAVEPOINT schema_test");
  if (type == VALUE_TEXT)
    sqlite3_bind_text (stmt, 1, text, -1, SQLITE_STATIC);
  else if (type == VALUE_INT)
    sqlite3_bind_int64 (stmt, 1, integer);
  else
    sqlite3_bind_double (stmt, 1, real);
  sqlite3_bind_int64 (stmt, 2, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    g_assert_cmpint (sqlite3_changes (handle), ==, 1);
  else
    rc = sqlite3_extended_errcode (handle);
  sqlite3_finalize (stmt);
  exec_ok (handle, "ROLLBACK TO schema_test; RELEASE schema_test");
  return rc;
}

#define ACCEPTS(rc) g_assert_cmpint ((rc), ==, SQLITE_DONE)
#define REFUSES(rc, code) g_assert_cmpint ((rc), ==, (code))

typedef struct {
  JoineryTestDb *tdb;
  sqlite3       *handle;
  GHashTable    *made;
} Fixture;

static void
fixture_set_up (Fixture *fixture, gconstpointer data)
{
  const JoineryKind * const *kinds = joinery_kinds ();

  g_setenv ("JOINERY_TODAY", "2017-05-19", TRUE);
  fixture->tdb = joinery_test_db_new ();
  fixture->handle = joinery_db_get_handle (fixture->tdb->db);
  fixture->made = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint k = 0; kinds[k] != NULL; k++)
    make (fixture->tdb->db, fixture->made, kinds[k]->name);
  g_assert_cmpuint (g_hash_table_size (fixture->made), ==, joinery_kind_count ());
}

static void
fixture_tear_down (Fixture *fixture, gconstpointer data)
{
  g_hash_table_unref (fixture->made);
  joinery_test_db_free (fixture->tdb);
}

static gint64
made_id (Fixture *fixture, const JoineryKind *kind)
{
  return (gint64) GPOINTER_TO_SIZE (g_hash_table_lookup (fixture->made, kind->name));
}

static void
test_check_choices (Fixture *fixture, gconstpointer data)
{
  const JoineryKind * const *kinds = joinery_kinds ();
  g_autoptr(GPtrArray) every_choice = g_ptr_array_new ();
  guint n_fields = 0;

  /* Every value any enumeration knows, to offer each to all the others. */
  for (guint k = 0; kinds[k] != NULL; k++)
    for (guint i = 0; i < kinds[k]->n_fields; i++)
      if (kinds[k]->fields[i].type == JOINERY_FIELD_CHOICE)
        for (guint c = 0; kinds[k]->fields[i].choices[c] != NULL; c++)
          g_ptr_array_add (every_choice, (gpointer) kinds[k]->fields[i].choices[c]);

  for (guint k = 0; kinds[k] != NULL; k++)
    for (guint i = 0; i < kinds[k]->n_fields; i++)
      {
        const JoineryField *f = &kinds[k]->fields[i];
        const char *column = joinery_field_get_column (f);
        gint64 id = made_id (fixture, kinds[k]);
        g_autofree char *upper = NULL;

        if (f->type != JOINERY_FIELD_CHOICE)
          continue;
        n_fields++;
        for (guint c = 0; f->choices[c] != NULL; c++)
          {
            g_test_message ("%s.%s = '%s'", kinds[k]->table, column, f->choices[c]);
            ACCEPTS (try_update (fixture->handle, kinds[k]->table, column, id, VALUE_TEXT, f->choices[c], 0, 0));
          }
        for (guint c = 0; c < every_choice->len; c++)
          {
            const char *other = every_choice->pdata[c];
            if (joinery_field_has_choice (f, other))
              continue;
            g_test_message ("%s.%s = '%s' (another enumeration's)", kinds[k]->table, column, other);
            REFUSES (try_update (fixture->handle, kinds[k]->table, column, id, VALUE_TEXT, other, 0, 0),
                     SQLITE_CONSTRAINT_CHECK);
          }
        g_test_message ("%s.%s = 'bogus'", kinds[k]->table, column);
        REFUSES (try_update (fixture->handle, kinds[k]->table, column, id, VALUE_TEXT, "bogus", 0, 0),
                 SQLITE_CONSTRAINT_CHECK);
        upper = g_ascii_strup (f->choices[0], -1);
        REFUSES (try_update (fixture->handle, kinds[k]->table, column, id, VALUE_TEXT, upper, 0, 0),
                 SQLITE_CONSTRAINT_CHECK);
      }
  g_assert_cmpuint (n_fields, ==, 15);
}

static void
test_check_money (Fixture *fixture, gconstpointer data)
{
  const JoineryKind * const *kinds = joinery_kinds ();
  guint n_fields = 0;

  for (guint k = 0; kinds[k] != NULL; k++)
    for (guint i = 0; i < kinds[k]->n_fields; i++)
      {
        const JoineryField *f = &kinds[k]->fields[i];
        const char *column = joinery_field_get_column (f);
        const char *table = kinds[k]->table;
        gint64 id = made_id (fixture, kinds[k]);

        if (f->type != JOINERY_FIELD_MONEY)
          continue;
        n_fields++;
        g_test_message ("%s.%s", table, column);
        ACCEPTS (try_update (fixture->handle, table, column, id, VALUE_INT, NULL, 0, 0));
        ACCEPTS (try_update (fixture->handle, table, column, id, VALUE_INT, NULL, 113000000, 0));
        REFUSES (try_update (fixture->handle, table, column, id, VALUE_INT, NULL, -1, 0),
                 SQLITE_CONSTRAINT_CHECK);
        /* Pence are whole: STRICT refuses a fraction, and text. */
        REFUSES (try_update (fixture->handle, table, column, id, VALUE_REAL, NULL, 0, 1.5),
                 SQLITE_CONSTRAINT_DATATYPE);
        REFUSES (try_update (fixture->handle, table, column, id, VALUE_TEXT, "12.50", 0, 0),
                 SQLITE_CONSTRAINT_DATATYPE);
      }
  /* funds.budget, rounds.budget, grants.amount_requested, grants.amount_awarded */
  g_assert_cmpuint (n_fields, ==, 4);
}

static void
test_check_dates (Fixture *fixture, gconstpointer data)
{
  const JoineryKind * const *kinds = joinery_kinds ();
  static const char * const refused[] = {
    "2017-02-30", "19/05/2017", "2017-13-01", "2017-5-19", "2017-02-29", "2017-05-19T00:00:00", "next week",
  };
  guint n_fields = 0;

  for (guint k = 0; kinds[k] != NULL; k++)
    for (guint i = 0; i < kinds[k]->n_fields; i++)
      {
        const JoineryField *f = &kinds[k]->fields[i];
        const char *column = joinery_field_get_column (f);
        const char *table = kinds[k]->table;
        gint64 id = made_id (fixture, kinds[k]);

        if (f->type != JOINERY_FIELD_DATE)
          continue;
        n_fields++;
        g_test_message ("%s.%s", table, column);
        ACCEPTS (try_update (fixture->handle, table, column, id, VALUE_TEXT, "2017-05-19", 0, 0));
        ACCEPTS (try_update (fixture->handle, table, column, id, VALUE_TEXT, "2016-02-29", 0, 0));
        for (guint r = 0; r < G_N_ELEMENTS (refused); r++)
          {
            g_test_message ("%s.%s = '%s'", table, column, refused[r]);
            REFUSES (try_update (fixture->handle, table, column, id, VALUE_TEXT, refused[r], 0, 0),
                     SQLITE_CONSTRAINT_CHECK);
          }
        /* A Julian day number becomes text in a TEXT column, and is still
         * not a date. */
        REFUSES (try_update (fixture->handle, table, column, id, VALUE_REAL, NULL, 0, 2457892.5),
                 SQLITE_CONSTRAINT_CHECK);
      }
  g_assert_cmpuint (n_fields, ==, 24);
}

static void
test_check_times_and_booleans (Fixture *fixture, gconstpointer data)
{
  const JoineryKind * const *kinds = joinery_kinds ();
  guint n_times = 0, n_booleans = 0;

  for (guint k = 0; kinds[k] != NULL; k++)
    for (guint i = 0; i < kinds[k]->n_fields; i++)
      {
        const JoineryField *f = &kinds[k]->fields[i];
        const char *column = joinery_field_get_column (f);
        const char *table = kinds[k]->table;
        gint64 id = made_id (fixture, kinds[k]);

        g_test_message ("%s.%s", table, column);
        if (f->type == JOINERY_FIELD_TIME)
          {
            n_times++;
            ACCEPTS (try_update (fixture->handle, table, column, id, VALUE_TEXT, "09:30", 0, 0));
            REFUSES (try_update (fixture->handle, table, column, id, VALUE_TEXT, "9:30", 0, 0),
                     SQLITE_CONSTRAINT_CHECK);
            REFUSES (try_update (fixture->handle, table, column, id, VALUE_TEXT, "25:00", 0, 0),
                     SQLITE_CONSTRAINT_CHECK);
            REFUSES (try_update (fixture->handle, table, column, id, VALUE_TEXT, "09:30:00", 0, 0),
                     SQLITE_CONSTRAINT_CHECK);
          }
        else if (f->type == JOINERY_FIELD_BOOLEAN)
          {
            n_booleans++;
            ACCEPTS (try_update (fixture->handle, table, column, id, VALUE_INT, NULL, 0, 0));
            ACCEPTS (try_update (fixture->handle, table, column, id, VALUE_INT, NULL, 1, 0));
            REFUSES (try_update (fixture->handle, table, column, id, VALUE_INT, NULL, 2, 0),
                     SQLITE_CONSTRAINT_CHECK);
            REFUSES (try_update (fixture->handle, table, column, id, VALUE_TEXT, "yes", 0, 0),
                     SQLITE_CONSTRAINT_DATATYPE);
          }
      }
  g_assert_cmpuint (n_times, ==, 2);
  g_assert_cmpuint (n_booleans, ==, 1);
}

/* An integer's bounds in the description are the CHECK's bounds. */
static void
test_check_integer_bounds (Fixture *fixture, gconstpointer data)
{
  const JoineryKind * const *kinds = joinery_kinds ();
  guint n_fields = 0;

  for (guint k = 0; kinds[k] != NULL; k++)
    for (guint i = 0; i < kinds[k]->n_fields; i++)
      {
        const JoineryField *f = &kinds[k]->fields[i];
        const char *column = joinery_field_get_column (f);
        const char *table = kinds[k]->table;
        gint64 id = made_id (fixture, kinds[k]);

        if (f->type != JOINERY_FIELD_INTEGER || f->min >= f->max)
          continue;
        n_fields++;
        g_test_message ("%s.%s in %" G_GINT64_FORMAT "..%" G_GINT64_FORMAT, table, column, f->min, f->max);
        ACCEPTS (try_update (fixture->handle, table, column, id, VALUE_INT, NULL, f->min, 0));
        ACCEPTS (try_update (fixture->handle, table, column, id, VALUE_INT, NULL, f->max, 0));
        REFUSES (try_update (fixture->handle, table, column, id, VALUE_INT, NULL, f->min - 1, 0),
                 SQLITE_CONSTRAINT_CHECK);
        REFUSES (try_update (fixture->handle, table, column, id, VALUE_INT, NULL, f->max + 1, 0),
                 SQLITE_CONSTRAINT_CHECK);
      }
  g_assert_cmpuint (n_fields, ==, 3);
}

static void
test_check_record_kind (Fixture *fixture, gconstpointer data)
{
  const JoineryKind * const *kinds = joinery_kinds ();
  guint n_links = 0;

  for (guint k = 0; kinds[k] != NULL; k++)
    for (guint i = 0; i < kinds[k]->n_fields; i++)
      {
        const JoineryField *f = &kinds[k]->fields[i];
        const char *table = kinds[k]->table;
        gint64 id = made_id (fixture, kinds[k]);

        if (f->type != JOINERY_FIELD_LINK)
          continue;
        n_links++;
        for (guint t = 0; kinds[t] != NULL; t++)
          {
            int rc = try_update (fixture->handle, table, "record_kind", id, VALUE_TEXT, kinds[t]->name, 0, 0);

            g_test_message ("%s.record_kind = '%s'", table, kinds[t]->name);
            if (kinds[t]->linkable)
              ACCEPTS (rc);
            else
              REFUSES (rc, SQLITE_CONSTRAINT_CHECK);
          }
        REFUSES (try_update (fixture->handle, table, "record_kind", id, VALUE_TEXT, "bogus", 0, 0),
                 SQLITE_CONSTRAINT_CHECK);
        REFUSES (try_update (fixture->handle, table, "record_kind", id, VALUE_TEXT, "Grant", 0, 0),
                 SQLITE_CONSTRAINT_CHECK);
        REFUSES (try_update (fixture->handle, table, "record_kind", id, VALUE_TEXT, "grants", 0, 0),
                 SQLITE_CONSTRAINT_CHECK);
      }
  g_assert_cmpuint (n_links, ==, 3); /* tasks, notes, tags */
}

static void
test_audit_append_only (Fixture *fixture, gconstpointer data)
{
  sqlite3 *handle = fixture->handle;
  sqlite3_stmt *stmt;
  gint64 n_before, n_after;
  int rc;

  stmt = prepare (handle, "SELECT count(*) FROM audit");
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n_before = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  /* Every record made through the core left a row, at least. */
  g_assert_cmpint (n_before, >=, joinery_kind_count ());

  rc = sqlite3_exec (handle, "UPDATE audit SET source = 'forged'", NULL, NULL, NULL);
  g_assert_cmpint (rc, ==, SQLITE_CONSTRAINT_TRIGGER);
  g_assert_cmpstr (sqlite3_errmsg (handle), ==, "the audit trail is append-only");

  rc = sqlite3_exec (handle, "DELETE FROM audit WHERE id = (SELECT min(id) FROM audit)", NULL, NULL, NULL);
  g_assert_cmpint (rc, ==, SQLITE_CONSTRAINT_TRIGGER);
  g_assert_cmpstr (sqlite3_errmsg (handle), ==, "the audit trail is append-only");

  rc = sqlite3_exec (handle, "DELETE FROM audit", NULL, NULL, NULL);
  g_assert_cmpint (rc, ==, SQLITE_CONSTRAINT_TRIGGER);

  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n_after = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  g_assert_cmpint (n_after, ==, n_before);

  /* Both guards are in the schema. */
  stmt = prepare (handle, "SELECT count(*) FROM sqlite_schema WHERE type = 'trigger' AND tbl_name = 'audit'");
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 2);
  sqlite3_finalize (stmt);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/schema/tables-exist", test_tables_exist);
  g_test_add_func ("/core/schema/columns", test_columns);
  g_test_add_func ("/core/schema/foreign-keys", test_foreign_keys);
  g_test_add_func ("/core/schema/no-stray-tables", test_no_stray_tables);
  g_test_add_func ("/core/schema/kind-identity", test_kind_identity);
  g_test_add ("/core/schema/check-choices", Fixture, NULL,
              fixture_set_up, test_check_choices, fixture_tear_down);
  g_test_add ("/core/schema/check-money", Fixture, NULL,
              fixture_set_up, test_check_money, fixture_tear_down);
  g_test_add ("/core/schema/check-dates", Fixture, NULL,
              fixture_set_up, test_check_dates, fixture_tear_down);
  g_test_add ("/core/schema/check-times-and-booleans", Fixture, NULL,
              fixture_set_up, test_check_times_and_booleans, fixture_tear_down);
  g_test_add ("/core/schema/check-integer-bounds", Fixture, NULL,
              fixture_set_up, test_check_integer_bounds, fixture_tear_down);
  g_test_add ("/core/schema/check-record-kind", Fixture, NULL,
              fixture_set_up, test_check_record_kind, fixture_tear_down);
  g_test_add ("/core/schema/audit-append-only", Fixture, NULL,
              fixture_set_up, test_audit_append_only, fixture_tear_down);

  return g_test_run ();
}
