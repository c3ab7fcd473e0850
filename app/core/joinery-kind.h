/* joinery-kind.h: what every kind of record is made of.
 *
 * The core describes each kind (its table, its fields, their types and the
 * rules across them) once, here, and everything generic — reading, writing,
 * validation, audit, search, the command line, later the forms — is driven
 * by that description. Kind-specific behaviour that no description can
 * express lives in joinery-rules.c. This file must match the migrations in
 * data/migrations/; tests/test-core-schema.c checks that it does.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  JOINERY_FIELD_TEXT,       /* one line */
  JOINERY_FIELD_LONG_TEXT,  /* paragraphs */
  JOINERY_FIELD_INTEGER,
  JOINERY_FIELD_REAL,
  JOINERY_FIELD_MONEY,      /* integer pence, >= 0; typed and shown in pounds */
  JOINERY_FIELD_DATE,       /* ISO-8601 calendar date, YYYY-MM-DD */
  JOINERY_FIELD_TIME,       /* HH:MM */
  JOINERY_FIELD_BOOLEAN,
  JOINERY_FIELD_CHOICE,     /* one of a fixed list of values */
  JOINERY_FIELD_REFERENCE,  /* a record of one kind: column <name>_id */
  JOINERY_FIELD_LINK,       /* a record of any kind: columns record_kind, record_id */
} JoineryFieldType;

typedef enum {
  JOINERY_FIELD_REQUIRED   = 1 << 0,
  JOINERY_FIELD_SEARCHABLE = 1 << 1,  /* goes into the full-text index */
  JOINERY_FIELD_LISTED     = 1 << 2,  /* a column in the default list */
  JOINERY_FIELD_EMAIL      = 1 << 3,  /* text checked as an email address */
  JOINERY_FIELD_URL        = 1 << 4,  /* text checked as an http(s) address */
  JOINERY_FIELD_PHONE      = 1 << 5,
  JOINERY_FIELD_CHARITY    = 1 << 6,  /* a charity number (England and Wales, Scotland, NI) */
  JOINERY_FIELD_COMPANY    = 1 << 7,  /* a Companies House number */
  JOINERY_FIELD_ODS        = 1 << 8,  /* an NHS ODS code */
  JOINERY_FIELD_LOWERCASE  = 1 << 9,  /* stored folded to lower case (tags) */
  JOINERY_FIELD_CASCADE    = 1 << 10, /* REFERENCE/LINK: belongs to the record referred to,
                                       * and is deleted with it (stage history, notes, tags) */
} JoineryFieldFlags;

typedef struct {
  const char          *name;        /* API and command-line name: "amount_awarded" */
  const char          *column;      /* where it is stored: "amount_awarded", "applicant_id" */
  const char          *label;       /* for people: "Amount awarded" */
  JoineryFieldType     type;
  JoineryFieldFlags    flags;
  const char * const  *choices;     /* CHOICE: the values, NULL-terminated */
  const char          *ref_kind;    /* REFERENCE: the kind referred to */
  const char          *default_value; /* as text, or NULL */
  gint64               min;         /* INTEGER: inclusive bounds when min < max */
  gint64               max;
  guint                max_length;  /* TEXT: characters; 0 means the type's default */
} JoineryField;

/* A pair of fields where the second must not come before the first. */
typedef struct {
  const char *start;
  const char *end;
} JoineryFieldRange;

/* Fields of which exactly one (or at least one) must be set. */
typedef struct {
  const char * const *fields;      /* NULL-terminated */
  gboolean            exactly_one; /* else at least one */
} JoineryFieldChoice;

/* Fields that together must be unique, and what to say when they are not. */
typedef struct {
  const char * const *fields;      /* NULL-terminated */
  const char         *message;     /* "is already booked onto this event" */
} JoineryUnique;

typedef struct _JoineryKind JoineryKind;

struct _JoineryKind {
  const char               *name;          /* "grant": API and CLI name */
  const char               *plural;        /* "grants" */
  const char               *table;         /* "grants" */
  const char               *label;         /* "Grant" */
  const char               *label_plural;  /* "Grants" */
  guint                     code;          /* stable, < 32: part of search rowids */
  const JoineryField       *fields;
  guint                     n_fields;
  const char               *label_field;   /* the field that names a record */
  const char               *label_sql;     /* SQL for the label, the row aliased `t`; NULL: t.<label_field> */
  const char               *sort_field;    /* default order */
  const JoineryFieldRange  *ranges;        /* NULL-terminated by .start */
  const JoineryFieldChoice *one_of;        /* NULL-terminated by .fields */
  const JoineryUnique      *uniques;       /* NULL-terminated by .fields */
  gboolean                  primary;       /* a main kind: in the sidebar, in counts */
  gboolean                  linkable;      /* tasks, notes and tags may attach to it */
};

/* Every kind, in a stable order; NULL-terminated. */
const JoineryKind * const *joinery_kinds (void);
guint                      joinery_kind_count (void);

/* Find a kind by name, plural or table; case-insensitive; NULL if none. */
const JoineryKind  *joinery_kind_lookup          (const char *name);
/* The same, setting a JOINERY_VALIDATION_ERROR_UNKNOWN_KIND error. */
const JoineryKind  *joinery_kind_lookup_checked  (const char *name, GError **error);
const JoineryKind  *joinery_kind_from_code       (guint code);

/* The kind in words for messages: "group member", "group members". */
const char         *joinery_kind_get_words       (const JoineryKind *kind, gboolean plural);
const JoineryField *joinery_kind_get_field       (const JoineryKind *kind, const char *name);
int                 joinery_kind_field_index     (const JoineryKind *kind, const char *name);
/* Searchable: has at least one searchable field. */
gboolean            joinery_kind_is_searchable   (const JoineryKind *kind);

/* The column a field is stored in ("organisation" → "organisation_id"). The
 * LINK field's columns are record_kind and record_id. */
const char         *joinery_field_get_column     (const JoineryField *field);
gboolean            joinery_field_has_choice     (const JoineryField *field, const char *value);
const char         *joinery_field_type_to_string (JoineryFieldType type);

G_END_DECLS
