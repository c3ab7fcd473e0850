/* joinery-error.c: the core's error domains; a validation error remembers
 * the kind, field and bare problem through GLib's extended errors. */
#include "joinery-error.h"

G_DEFINE_QUARK (joinery-db-error-quark, joinery_db_error)

typedef struct {
  char *kind;
  char *field;
  char *problem;
} JoineryValidationErrorPrivate;

static void
joinery_validation_error_private_init (JoineryValidationErrorPrivate *priv)
{
  priv->kind = NULL;
  priv->field = NULL;
  priv->problem = NULL;
}

static void
joinery_validation_error_private_copy (const JoineryValidationErrorPrivate *src,
                                       JoineryValidationErrorPrivate       *dest)
{
  dest->kind = g_strdup (src->kind);
  dest->field = g_strdup (src->field);
  dest->problem = g_strdup (src->problem);
}

static void
joinery_validation_error_private_clear (JoineryValidationErrorPrivate *priv)
{
  g_clear_pointer (&priv->kind, g_free);
  g_clear_pointer (&priv->field, g_free);
  g_clear_pointer (&priv->problem, g_free);
}

G_DEFINE_EXTENDED_ERROR (JoineryValidationError, joinery_validation_error)

const char *
joinery_validation_error_get_kind (const GError *error)
{
  g_return_val_if_fail (error != NULL, NULL);
  if (error->domain != JOINERY_VALIDATION_ERROR)
    return NULL;
  return joinery_validation_error_get_private (error)->kind;
}

const char *
joinery_validation_error_get_field (const GError *error)
{
  g_return_val_if_fail (error != NULL, NULL);
  if (error->domain != JOINERY_VALIDATION_ERROR)
    return NULL;
  return joinery_validation_error_get_private (error)->field;
}

const char *
joinery_validation_error_get_problem (const GError *error)
{
  JoineryValidationErrorPrivate *priv;

  g_return_val_if_fail (error != NULL, NULL);
  if (error->domain != JOINERY_VALIDATION_ERROR)
    return error->message;
  priv = joinery_validation_error_get_private (error);
  return priv->problem != NULL ? priv->problem : error->message;
}

/* The message names the field ("amount_awarded: must not be negative") so
 * that it reads on its own on the command line; the problem alone is kept
 * for a form. */
void
joinery_set_validation_error (GError                **error,
                              const char             *kind,
                              const char             *field,
                              JoineryValidationError  code,
                              const char             *format,
                              ...)
{
  g_autofree char *problem = NULL;
  JoineryValidationErrorPrivate *priv;
  GError *new_error;
  va_list args;

  if (error == NULL)
    return;

  va_start (args, format);
  problem = g_strdup_vprintf (format, args);
  va_end (args);
  /* A message may quote what was typed, and what was typed may not be
   * UTF-8: every front end shows messages as text, so they must be. */
  if (!g_utf8_validate (problem, -1, NULL))
    {
      char *valid = g_utf8_make_valid (problem, -1);
      g_free (problem);
      problem = valid;
    }

  if (field != NULL)
    new_error = g_error_new (JOINERY_VALIDATION_ERROR, code, "%s: %s", field, problem);
  else
    new_error = g_error_new_literal (JOINERY_VALIDATION_ERROR, code, problem);

  priv = joinery_validation_error_get_private (new_error);
  priv->kind = g_strdup (kind);
  priv->field = g_strdup (field);
  priv->problem = g_steal_pointer (&problem);
  g_propagate_error (error, new_error);
}
