/* joinery-record.c: a record's values in memory, and their conversion from
 * and to what people type. No database access here: labels of referred
 * records are filled in by the store when it reads. */
#include "joinery-record.h"
#include "joinery-record-private.h"
#include "joinery-error.h"
#include "joinery-value.h"

#include <string.h>

typedef struct {
  gboolean  is_null;
  gint64    integer;   /* INTEGER, MONEY, BOOLEAN, REFERENCE, LINK id */
  double    real;
  char     *text;      /* TEXT-like values; the kind for a LINK */
  char     *ref_label; /* REFERENCE and LINK: the label read with it */
} JoineryValue;

struct _JoineryRecord
{
  GObject            parent_instance;

  const JoineryKind *kind;
  gint64             id;
  char              *created_at;
  char              *updated_at;
  char              *label;
  JoineryValue      *values;
};

G_DEFINE_FINAL_TYPE (JoineryRecord, joinery_record, G_TYPE_OBJECT)

static void
clear_value (JoineryValue *value)
{
  g_clear_pointer (&value->text, g_free);
  g_clear_pointer (&value->ref_label, g_free);
  value->integer = 0;
  value->real = 0;
  value->is_null = TRUE;
}

static void
joinery_record_finalize (GObject *object)
{
  JoineryRecord *self = JOINERY_RECORD (object);

  for (guint i = 0; i < self->kind->n_fields; i++)
    clear_value (&self->values[i]);
  g_free (self->values);
  g_free (self->created_at);
  g_free (self->updated_at);
  g_free (self->label);

  G_OBJECT_CLASS (joinery_record_parent_class)->finalize (object);
}

static void
joinery_record_class_init (JoineryRecordClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = joinery_record_finalize;
}

static void
joinery_record_init (JoineryRecord *self)
{
}

/* A new record carries its kind's defaults ("draft", "booked", "no"). */
JoineryRecord *
joinery_record_new (const JoineryKind *kind)
{
  JoineryRecord *self;

  g_return_val_if_fail (kind != NULL, NULL);

  self = g_object_new (JOINERY_TYPE_RECORD, NULL);
  self->kind = kind;
  self->values = g_new0 (JoineryValue, kind->n_fields);
  for (guint i = 0; i < kind->n_fields; i++)
    {
      self->values[i].is_null = TRUE;
      if (kind->fields[i].default_value != NULL)
        {
          gboolean ok = joinery_record_set_from_string (self, kind->fields[i].name,
                                                        kind->fields[i].default_value, NULL);
          g_assert (ok);
        }
    }
  return self;
}

JoineryRecord *
joinery_record_copy (JoineryRecord *self)
{
  JoineryRecord *copy;

  g_return_val_if_fail (JOINERY_IS_RECORD (self), NULL);

  copy = joinery_record_new (self->kind);
  copy->id = self->id;
  copy->created_at = g_strdup (self->created_at);
  copy->updated_at = g_strdup (self->updated_at);
  copy->label = g_strdup (self->label);
  for (guint i = 0; i < self->kind->n_fields; i++)
    {
      clear_value (&copy->values[i]);
      copy->values[i] = self->values[i];
      copy->values[i].text = g_strdup (self->values[i].text);
      copy->values[i].ref_label = g_strdup (self->values[i].ref_label);
    }
  return copy;
}

const JoineryKind *
joinery_record_get_kind (JoineryRecord *self)
{
  g_return_val_if_fail (JOINERY_IS_RECORD (self), NULL);
  return self->kind;
}

gint64
joinery_record_get_id (JoineryRecord *self)
{
  g_return_val_if_fail (JOINERY_IS_RECORD (self), 0);
  return self->id;
}

void
joinery_record_set_id (JoineryRecord *self, gint64 id)
{
  g_return_if_fail (JOINERY_IS_RECORD (self));
  self->id = id;
}

const char *
joinery_record_get_created_at (JoineryRecord *self)
{
  g_return_val_if_fail (JOINERY_IS_RECORD (self), NULL);
  return self->created_at;
}

const char *
joinery_record_get_updated_at (JoineryRecord *self)
{
  g_return_val_if_fail (JOINERY_IS_RECORD (self), NULL);
  return self->updated_at;
}

void
joinery_record_set_timestamps (JoineryRecord *self, const char *created_at, const char *updated_at)
{
  g_return_if_fail (JOINERY_IS_RECORD (self));
  g_free (self->created_at);
  g_free (self->updated_at);
  self->created_at = g_strdup (created_at);
  self->updated_at = g_strdup (updated_at);
}

const char *
joinery_record_get_label (JoineryRecord *self)
{
  g_return_val_if_fail (JOINERY_IS_RECORD (self), NULL);

  if (self->label == NULL && self->kind->label_field != NULL)
    return joinery_record_get_text (self, self->kind->label_field);
  return self->label;
}

void
joinery_record_set_label (JoineryRecord *self, const char *label)
{
  g_return_if_fail (JOINERY_IS_RECORD (self));
  g_free (self->label);
  self->label = g_strdup (label);
}

static JoineryValue *
lookup_value (JoineryRecord *self, const char *field, const JoineryField **out_field)
{
  int i = joinery_kind_field_index (self->kind, field);

  if (i < 0)
    {
      g_critical ("%s has no field “%s”", self->kind->name, field);
      return NULL;
    }
  if (out_field != NULL)
    *out_field = &self->kind->fields[i];
  return &self->values[i];
}

static gboolean
is_text_type (JoineryFieldType type)
{
  return type == JOINERY_FIELD_TEXT || type == JOINERY_FIELD_LONG_TEXT ||
         type == JOINERY_FIELD_DATE || type == JOINERY_FIELD_TIME ||
         type == JOINERY_FIELD_CHOICE;
}

static gboolean
is_integer_type (JoineryFieldType type)
{
  return type == JOINERY_FIELD_INTEGER || type == JOINERY_FIELD_MONEY ||
         type == JOINERY_FIELD_BOOLEAN || type == JOINERY_FIELD_REFERENCE ||
         type == JOINERY_FIELD_LINK;
}

gboolean
joinery_record_is_null (JoineryRecord *self, const char *field)
{
  JoineryValue *value;

  g_return_val_if_fail (JOINERY_IS_RECORD (self), TRUE);
  value = lookup_value (self, field, NULL);
  return value == NULL || value->is_null;
}

const char *
joinery_record_get_text (JoineryRecord *self, const char *field)
{
  const JoineryField *f = NULL;
  JoineryValue *value;

  g_return_val_if_fail (JOINERY_IS_RECORD (self), NULL);
  value = lookup_value (self, field, &f);
  g_return_val_if_fail (value != NULL, NULL);
  g_return_val_if_fail (is_text_type (f->type), NULL);
  return value->is_null ? NULL : value->text;
}

gint64
joinery_record_get_integer (JoineryRecord *self, const char *field)
{
  const JoineryField *f = NULL;
  JoineryValue *value;

  g_return_val_if_fail (JOINERY_IS_RECORD (self), 0);
  value = lookup_value (self, field, &f);
  g_return_val_if_fail (value != NULL, 0);
  g_return_val_if_fail (is_integer_type (f->type), 0);
  return value->is_null ? 0 : value->integer;
}

double
joinery_record_get_real (JoineryRecord *self, const char *field)
{
  const JoineryField *f = NULL;
  JoineryValue *value;

  g_return_val_if_fail (JOINERY_IS_RECORD (self), 0);
  value = lookup_value (self, field, &f);
  g_return_val_if_fail (value != NULL, 0);
  g_return_val_if_fail (f->type == JOINERY_FIELD_REAL, 0);
  return value->is_null ? 0 : value->real;
}

const char *
joinery_record_get_link_kind (JoineryRecord *self, const char *field)
{
  const JoineryField *f = NULL;
  JoineryValue *value;

  g_return_val_if_fail (JOINERY_IS_RECORD (self), NULL);
  value = lookup_value (self, field, &f);
  g_return_val_if_fail (value != NULL, NULL);
  g_return_val_if_fail (f->type == JOINERY_FIELD_LINK, NULL);
  return value->is_null ? NULL : value->text;
}

const char *
joinery_record_get_reference_label (JoineryRecord *self, const char *field)
{
  JoineryValue *value;

  g_return_val_if_fail (JOINERY_IS_RECORD (self), NULL);
  value = lookup_value (self, field, NULL);
  g_return_val_if_fail (value != NULL, NULL);
  return value->is_null ? NULL : value->ref_label;
}

void
joinery_record_set_reference_label (JoineryRecord *self, const char *field, const char *label)
{
  JoineryValue *value;

  g_return_if_fail (JOINERY_IS_RECORD (self));
  value = lookup_value (self, field, NULL);
  g_return_if_fail (value != NULL);
  g_free (value->ref_label);
  value->ref_label = g_strdup (label);
}

void
joinery_record_set_null (JoineryRecord *self, const char *field)
{
  JoineryValue *value;

  g_return_if_fail (JOINERY_IS_RECORD (self));
  value = lookup_value (self, field, NULL);
  g_return_if_fail (value != NULL);
  clear_value (value);
}

void
joinery_record_set_text (JoineryRecord *self, const char *field, const char *text)
{
  const JoineryField *f = NULL;
  JoineryValue *value;

  g_return_if_fail (JOINERY_IS_RECORD (self));
  value = lookup_value (self, field, &f);
  g_return_if_fail (value != NULL);
  g_return_if_fail (is_text_type (f->type));

  clear_value (value);
  if (text != NULL)
    {
      value->text = g_strdup (text);
      value->is_null = FALSE;
    }
}

void
joinery_record_set_integer (JoineryRecord *self, const char *field, gint64 integer)
{
  const JoineryField *f = NULL;
  JoineryValue *value;

  g_return_if_fail (JOINERY_IS_RECORD (self));
  value = lookup_value (self, field, &f);
  g_return_if_fail (value != NULL);
  g_return_if_fail (is_integer_type (f->type) && f->type != JOINERY_FIELD_LINK);

  clear_value (value);
  value->integer = f->type == JOINERY_FIELD_BOOLEAN ? (integer != 0) : integer;
  value->is_null = FALSE;
}

void
joinery_record_set_real (JoineryRecord *self, const char *field, double real)
{
  const JoineryField *f = NULL;
  JoineryValue *value;

  g_return_if_fail (JOINERY_IS_RECORD (self));
  value = lookup_value (self, field, &f);
  g_return_if_fail (value != NULL);
  g_return_if_fail (f->type == JOINERY_FIELD_REAL);

  clear_value (value);
  value->real = real;
  value->is_null = FALSE;
}

void
joinery_record_set_link (JoineryRecord *self, const char *field, const char *kind, gint64 id)
{
  const JoineryField *f = NULL;
  JoineryValue *value;

  g_return_if_fail (JOINERY_IS_RECORD (self));
  value = lookup_value (self, field, &f);
  g_return_if_fail (value != NULL);
  g_return_if_fail (f->type == JOINERY_FIELD_LINK);

  clear_value (value);
  if (kind != NULL)
    {
      value->text = g_strdup (kind);
      value->integer = id;
      value->is_null = FALSE;
    }
}

static gboolean
field_error (JoineryRecord *self, const char *field, GError **error, GError *cause)
{
  joinery_set_validation_error (error, self->kind->name, field, (JoineryValidationError) cause->code,
                                "%s", joinery_validation_error_get_problem (cause));
  g_error_free (cause);
  return FALSE;
}

gboolean
joinery_record_set_from_string (JoineryRecord *self, const char *field, const char *text,
                                GError **error)
{
  const JoineryField *f = NULL;
  JoineryValue *value;
  GError *cause = NULL;
  g_autofree char *trimmed = NULL;

  g_return_val_if_fail (JOINERY_IS_RECORD (self), FALSE);
  g_return_val_if_fail (field != NULL, FALSE);
  g_return_val_if_fail (text != NULL, FALSE);

  if (joinery_kind_field_index (self->kind, field) < 0)
    {
      joinery_set_validation_error (error, self->kind->name, field,
                                    JOINERY_VALIDATION_ERROR_UNKNOWN_FIELD,
                                    "is not a field of %s", self->kind->label_plural);
      return FALSE;
    }
  value = lookup_value (self, field, &f);

  if (!g_utf8_validate (text, -1, NULL))
    {
      joinery_set_validation_error (error, self->kind->name, field, JOINERY_VALIDATION_ERROR_INVALID,
                                    "is not valid UTF-8 text");
      return FALSE;
    }

  /* Long text keeps its inner layout but loses surrounding blank space. */
  trimmed = g_strstrip (g_strdup (text));
  if (*trimmed == '\0')
    {
      clear_value (value);
      return TRUE;
    }

  switch (f->type)
    {
    case JOINERY_FIELD_TEXT:
    case JOINERY_FIELD_LONG_TEXT:
      if (f->type == JOINERY_FIELD_TEXT && strpbrk (trimmed, "\n\r") != NULL)
        {
          joinery_set_validation_error (error, self->kind->name, field,
                                        JOINERY_VALIDATION_ERROR_INVALID,
                                        "must be on one line");
          return FALSE;
        }
      if (f->flags & JOINERY_FIELD_LOWERCASE)
        {
          char *folded = g_utf8_strdown (trimmed, -1);
          g_free (trimmed);
          trimmed = folded;
        }
      joinery_record_set_text (self, field, trimmed);
      return TRUE;

    case JOINERY_FIELD_CHOICE:
      {
        /* People write "Under review" for under_review. */
        g_autofree char *folded = g_ascii_strdown (trimmed, -1);
        g_strdelimit (folded, " -", '_');
        if (!joinery_field_has_choice (f, folded))
          {
            g_autofree char *allowed = g_strjoinv (", ", (char **) f->choices);
            joinery_set_validation_error (error, self->kind->name, field,
                                          JOINERY_VALIDATION_ERROR_UNKNOWN_CHOICE,
                                          "“%s” is not one of: %s", trimmed, allowed);
            return FALSE;
          }
        joinery_record_set_text (self, field, folded);
        return TRUE;
      }

    case JOINERY_FIELD_DATE:
      {
        g_autofree char *iso = NULL;
        if (!joinery_parse_date (trimmed, &iso, &cause))
          return field_error (self, field, error, cause);
        joinery_record_set_text (self, field, iso);
        return TRUE;
      }

    case JOINERY_FIELD_TIME:
      {
        g_autofree char *hh_mm = NULL;
        if (!joinery_parse_time (trimmed, &hh_mm, &cause))
          return field_error (self, field, error, cause);
        joinery_record_set_text (self, field, hh_mm);
        return TRUE;
      }

    case JOINERY_FIELD_MONEY:
      {
        gint64 pence;
        if (!joinery_parse_money (trimmed, &pence, &cause))
          return field_error (self, field, error, cause);
        joinery_record_set_integer (self, field, pence);
        return TRUE;
      }

    case JOINERY_FIELD_BOOLEAN:
      {
        gboolean b;
        if (!joinery_parse_boolean (trimmed, &b, &cause))
          return field_error (self, field, error, cause);
        joinery_record_set_integer (self, field, b);
        return TRUE;
      }

    case JOINERY_FIELD_INTEGER:
      {
        gint64 n;
        if (!joinery_parse_integer (trimmed, &n, &cause))
          return field_error (self, field, error, cause);
        joinery_record_set_integer (self, field, n);
        return TRUE;
      }

    case JOINERY_FIELD_REAL:
      {
        double d;
        if (!joinery_parse_real (trimmed, &d, &cause))
          return field_error (self, field, error, cause);
        joinery_record_set_real (self, field, d);
        return TRUE;
      }

    case JOINERY_FIELD_REFERENCE:
      {
        gint64 id;
        const char *digits = trimmed[0] == '#' ? trimmed + 1 : trimmed;
        if (!g_ascii_string_to_signed (digits, 10, 1, G_MAXINT64, &id, NULL))
          {
            joinery_set_validation_error (error, self->kind->name, field,
                                          JOINERY_VALIDATION_ERROR_INVALID,
                                          "“%s” is not the id of any %s", trimmed,
                                          joinery_kind_get_words (joinery_kind_lookup (f->ref_kind), FALSE));
            return FALSE;
          }
        joinery_record_set_integer (self, field, id);
        return TRUE;
      }

    case JOINERY_FIELD_LINK:
      {
        const char *colon = strchr (trimmed, ':');
        g_autofree char *kind_name = NULL;
        const JoineryKind *kind;
        gint64 id;

        if (colon == NULL)
          {
            joinery_set_validation_error (error, self->kind->name, field,
                                          JOINERY_VALIDATION_ERROR_INVALID,
                                          "“%s” is not a record (write kind:id, such as grant:12)",
                                          trimmed);
            return FALSE;
          }
        kind_name = g_strndup (trimmed, (gsize) (colon - trimmed));
        kind = joinery_kind_lookup (kind_name);
        if (kind == NULL || !kind->linkable)
          {
            joinery_set_validation_error (error, self->kind->name, field,
                                          JOINERY_VALIDATION_ERROR_UNKNOWN_KIND,
                                          "“%s” is not a kind of record %s can be attached to",
                                          kind_name, self->kind->label_plural);
            return FALSE;
          }
        if (!g_ascii_string_to_signed (colon + 1, 10, 1, G_MAXINT64, &id, NULL))
          {
            joinery_set_validation_error (error, self->kind->name, field,
                                          JOINERY_VALIDATION_ERROR_INVALID,
                                          "“%s” is not the id of any %s", colon + 1, joinery_kind_get_words (kind, FALSE));
            return FALSE;
          }
        joinery_record_set_link (self, field, kind->name, id);
        return TRUE;
      }

    default:
      g_assert_not_reached ();
    }
  return FALSE;
}

char *
joinery_record_dup_string (JoineryRecord *self, const char *field)
{
  const JoineryField *f = NULL;
  JoineryValue *value;

  g_return_val_if_fail (JOINERY_IS_RECORD (self), NULL);
  value = lookup_value (self, field, &f);
  g_return_val_if_fail (value != NULL, NULL);

  if (value->is_null)
    return NULL;

  switch (f->type)
    {
    case JOINERY_FIELD_TEXT:
    case JOINERY_FIELD_LONG_TEXT:
    case JOINERY_FIELD_DATE:
    case JOINERY_FIELD_TIME:
    case JOINERY_FIELD_CHOICE:
      return g_strdup (value->text);
    case JOINERY_FIELD_MONEY:
      return joinery_format_money (value->integer, FALSE);
    case JOINERY_FIELD_BOOLEAN:
      return g_strdup (value->integer ? "yes" : "no");
    case JOINERY_FIELD_INTEGER:
    case JOINERY_FIELD_REFERENCE:
      return g_strdup_printf ("%" G_GINT64_FORMAT, value->integer);
    case JOINERY_FIELD_REAL:
      return joinery_format_real (value->real);
    case JOINERY_FIELD_LINK:
      return g_strdup_printf ("%s:%" G_GINT64_FORMAT, value->text, value->integer);
    default:
      g_assert_not_reached ();
    }
  return NULL;
}

char *
joinery_record_format_value (JoineryRecord *self, const char *field)
{
  const JoineryField *f = NULL;
  JoineryValue *value;

  g_return_val_if_fail (JOINERY_IS_RECORD (self), NULL);
  value = lookup_value (self, field, &f);
  g_return_val_if_fail (value != NULL, NULL);

  if (value->is_null)
    return NULL;

  switch (f->type)
    {
    case JOINERY_FIELD_MONEY:
      return joinery_format_money (value->integer, TRUE);
    case JOINERY_FIELD_CHOICE:
      {
        char *shown = g_strdup (value->text);
        g_strdelimit (shown, "_", ' ');
        return shown;
      }
    case JOINERY_FIELD_REFERENCE:
      if (value->ref_label != NULL)
        return g_strdup (value->ref_label);
      return g_strdup_printf ("#%" G_GINT64_FORMAT, value->integer);
    case JOINERY_FIELD_LINK:
      {
        const JoineryKind *kind = joinery_kind_lookup (value->text);
        const char *kind_label = kind != NULL ? kind->label : value->text;
        if (value->ref_label != NULL)
          return g_strdup_printf ("%s: %s", kind_label, value->ref_label);
        return g_strdup_printf ("%s #%" G_GINT64_FORMAT, kind_label, value->integer);
      }
    case JOINERY_FIELD_TEXT:
    case JOINERY_FIELD_LONG_TEXT:
    case JOINERY_FIELD_DATE:
    case JOINERY_FIELD_TIME:
    case JOINERY_FIELD_BOOLEAN:
    case JOINERY_FIELD_INTEGER:
    case JOINERY_FIELD_REAL:
    default:
      return joinery_record_dup_string (self, field);
    }
}

gboolean
joinery_record_value_equal (JoineryRecord *a, JoineryRecord *b, const char *field)
{
  JoineryValue *va, *vb;

  g_return_val_if_fail (JOINERY_IS_RECORD (a), FALSE);
  g_return_val_if_fail (JOINERY_IS_RECORD (b), FALSE);
  g_return_val_if_fail (a->kind == b->kind, FALSE);

  va = lookup_value (a, field, NULL);
  vb = lookup_value (b, field, NULL);
  g_return_val_if_fail (va != NULL && vb != NULL, FALSE);

  if (va->is_null || vb->is_null)
    return va->is_null == vb->is_null;
  return va->integer == vb->integer && va->real == vb->real &&
         g_strcmp0 (va->text, vb->text) == 0;
}

gboolean
joinery_record_is_null_at (JoineryRecord *self, guint i)
{
  g_assert (i < self->kind->n_fields);
  return self->values[i].is_null;
}

const char *
joinery_record_text_at (JoineryRecord *self, guint i)
{
  g_assert (i < self->kind->n_fields);
  return self->values[i].is_null ? NULL : self->values[i].text;
}

gint64
joinery_record_integer_at (JoineryRecord *self, guint i)
{
  g_assert (i < self->kind->n_fields);
  return self->values[i].is_null ? 0 : self->values[i].integer;
}

double
joinery_record_real_at (JoineryRecord *self, guint i)
{
  g_assert (i < self->kind->n_fields);
  return self->values[i].is_null ? 0 : self->values[i].real;
}
