/* joinery-record-form.c: the form of one record.
 *
 * The rows are made from the kind's description (joinery-kind.h), never
 * by hand per kind: entries for text, numbers, money and dates (with a
 * calendar), a combo row for a choice, a switch for yes/no, a chooser with
 * search for a reference. What is typed is parsed by the core
 * (joinery_db_set_from_string) and written by joinery_db_update, each edit
 * in its own change group, when the row is applied (Enter) or left. An
 * error stays beside its field, the text as typed, and nothing is written
 * until the value is valid. An edit refused only by a rule across fields
 * (an awarded grant needs its award date and amount; only an awarded grant
 * has an amount awarded) is kept pending, the rule's message beside the
 * field it names, and saved with the other pending edits in one change
 * group as soon as the record they make together is valid. No SQL here.
 */
#include "config.h"

#include "joinery-record-form.h"
#include "joinery-audit-view.h"
#include "joinery-person-actions.h"
#include "joinery-gui-util.h"

#define RELATED_LIMIT 25

typedef struct {
  JoineryRecordForm       *form;
  const JoineryField      *field;
  GtkWidget               *row;          /* the widget that edits the value */
  GtkWidget               *error_label;
  GtkWidget               *error_row;    /* the row holding error_label, NULL for long text */
  GStrv                    values;       /* CHOICE: the value at each position of the combo */
  GtkTextView             *text_view;    /* LONG_TEXT */
  GtkWidget               *switch_;      /* BOOLEAN */
  GtkWidget               *open_button;  /* REFERENCE, LINK: go to the record */
  GtkWidget               *choose_button;
  JoineryReferenceChooser *chooser;
  gboolean                 has_error;
  char                    *loaded_text;  /* what the field was last loaded with */
  char                    *pending_text; /* kept for a rule across fields, not yet saved */
} FieldEditor;

struct _JoineryRecordForm
{
  GtkWidget          parent_instance;

  AdwHeaderBar      *header_bar;
  GtkWidget         *back_button;
  AdwWindowTitle    *title_widget;
  GtkWidget         *delete_button;
  GtkMenuButton     *add_related_button;
  GtkWidget         *create_button;
  GtkStack          *stack;
  GtkScrolledWindow *scroller;
  GtkLabel          *form_error_label;
  GtkBox            *fields_box;
  GtkBox            *related_box;

  JoineryDb         *db;
  const JoineryKind *kind;      /* the kind the rows were built for */
  JoineryRecord     *record;    /* the stored record, or the draft */
  gboolean           draft;
  const JoineryKind *origin_kind; /* a draft added from this record's form… */
  gint64             origin_id;   /* …returns to it once created */
  GPtrArray         *editors;   /* FieldEditor */
  FieldEditor       *rule_editor; /* the field a pending edit's rule names */
  GHashTable        *add_rows;  /* kind name → AdwEntryRow */
  GHashTable        *expanded;  /* "kind/field" of related groups shown whole */
  const JoineryKind *expanded_kind; /* …for this record */
  gint64             expanded_id;
  gboolean           loading;   /* widgets being filled: not an edit */
  guint              refresh_id;
};

G_DEFINE_FINAL_TYPE (JoineryRecordForm, joinery_record_form, GTK_TYPE_WIDGET)

enum {
  CREATED,
  NOTICE,
  DRAFT_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void load_values (JoineryRecordForm *self);
static void build_related (JoineryRecordForm *self);
static void commit_editor (FieldEditor *editor);

static void
field_editor_free (FieldEditor *editor)
{
  g_strfreev (editor->values);
  g_free (editor->loaded_text);
  g_free (editor->pending_text);
  g_free (editor);
}

static FieldEditor *
find_editor (JoineryRecordForm *self, const char *field)
{
  for (guint i = 0; self->editors != NULL && i < self->editors->len; i++)
    {
      FieldEditor *editor = g_ptr_array_index (self->editors, i);
      if (field != NULL && g_str_equal (editor->field->name, field))
        return editor;
    }
  return NULL;
}

/* Errors */

/* A message beside the field: an error, or (`style` "warning") a value
 * kept but not yet saved. Either way the field keeps what was typed. */
static void
show_field_message (FieldEditor *editor, const char *message, const char *style)
{
  editor->has_error = message != NULL;
  gtk_label_set_text (GTK_LABEL (editor->error_label), message != NULL ? message : "");
  gtk_widget_set_visible (editor->error_row != NULL ? editor->error_row : editor->error_label,
                          message != NULL);
  gtk_widget_remove_css_class (editor->row, "error");
  gtk_widget_remove_css_class (editor->row, "warning");
  gtk_widget_remove_css_class (editor->error_label, "pending");
  if (message != NULL)
    gtk_widget_add_css_class (editor->row, style);
  if (message != NULL && g_str_equal (style, "warning"))
    gtk_widget_add_css_class (editor->error_label, "pending");
}

static void
show_field_error (FieldEditor *editor, const char *message)
{
  show_field_message (editor, message, "error");
}

static void
show_form_error (JoineryRecordForm *self, const char *message)
{
  gtk_label_set_text (self->form_error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->form_error_label), message != NULL);
}

/* A validation error goes beside the field it names; any other beside
 * the whole record. */
static void
show_error (JoineryRecordForm *self, const GError *error)
{
  FieldEditor *editor = NULL;

  if (error->domain == JOINERY_VALIDATION_ERROR)
    editor = find_editor (self, joinery_validation_error_get_field (error));
  if (editor != NULL)
    show_field_error (editor, joinery_validation_error_get_problem (error));
  else
    show_form_error (self, error->message);
}

/* Before the form moves on: a field still in error was never saved. */
static void
tell_unsaved (JoineryRecordForm *self)
{
  if (self->record == NULL || self->editors == NULL)
    return;
  for (guint i = 0; i < self->editors->len; i++)
    {
      FieldEditor *editor = g_ptr_array_index (self->editors, i);

      if (editor->has_error && !self->draft && editor->pending_text != NULL)
        {
          g_autofree char *message = NULL;

          if (self->rule_editor != NULL && self->rule_editor != editor)
            message = g_strdup_printf ("Not saved: %s of “%s”, waiting for %s", editor->field->label,
                                       joinery_record_get_label (self->record), self->rule_editor->field->label);
          else
            message = g_strdup_printf ("Not saved: %s of “%s”: %s", editor->field->label,
                                       joinery_record_get_label (self->record),
                                       gtk_label_get_text (GTK_LABEL (editor->error_label)));
          g_signal_emit (self, signals[NOTICE], 0, message);
          return;
        }
      if (editor->has_error && !self->draft)
        {
          g_autofree char *message = g_strdup_printf ("Not saved: %s of “%s” %s", editor->field->label,
                                                      joinery_record_get_label (self->record),
                                                      gtk_label_get_text (GTK_LABEL (editor->error_label)));
          g_signal_emit (self, signals[NOTICE], 0, message);
          return;
        }
    }
}

static void
clear_errors (JoineryRecordForm *self)
{
  for (guint i = 0; self->editors != NULL && i < self->editors->len; i++)
    {
      FieldEditor *editor = g_ptr_array_index (self->editors, i);

      g_clear_pointer (&editor->pending_text, g_free);
      show_field_error (editor, NULL);
    }
  self->rule_editor = NULL;
  show_form_error (self, NULL);
}

/* Values as typed */

/* What the widget holds, as joinery_db_set_from_string() reads it. */
static char *
editor_dup_text (FieldEditor *editor)
{
  JoineryRecord *record = editor->form->record;

  switch (editor->field->type)
    {
    case JOINERY_FIELD_LONG_TEXT:
      {
        GtkTextBuffer *buffer = gtk_text_view_get_buffer (editor->text_view);
        GtkTextIter start, end;

        gtk_text_buffer_get_bounds (buffer, &start, &end);
        return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
      }
    case JOINERY_FIELD_BOOLEAN:
      return g_strdup (gtk_switch_get_active (GTK_SWITCH (editor->switch_)) ? "yes" : "no");
    case JOINERY_FIELD_CHOICE:
      {
        guint selected = adw_combo_row_get_selected (ADW_COMBO_ROW (editor->row));
        if (selected == GTK_INVALID_LIST_POSITION || selected >= g_strv_length (editor->values))
          return g_strdup ("");
        return g_strdup (editor->values[selected]);
      }
    case JOINERY_FIELD_REFERENCE:
    case JOINERY_FIELD_LINK:
      /* Chosen and saved at once: the record holds it. */
      return record != NULL ? joinery_record_dup_string (record, editor->field->name) : NULL;
    case JOINERY_FIELD_TEXT:
    case JOINERY_FIELD_INTEGER:
    case JOINERY_FIELD_REAL:
    case JOINERY_FIELD_MONEY:
    case JOINERY_FIELD_DATE:
    case JOINERY_FIELD_TIME:
    default:
      return g_strdup (gtk_editable_get_text (GTK_EDITABLE (editor->row)));
    }
}

/* What the widget shows for the record's value. */
static char *
dup_shown_text (JoineryRecord *record, const JoineryField *field)
{
  char *text;

  if (field->type == JOINERY_FIELD_MONEY || field->type == JOINERY_FIELD_REFERENCE ||
      field->type == JOINERY_FIELD_LINK)
    text = joinery_record_format_value (record, field->name);
  else
    text = joinery_record_dup_string (record, field->name);
  return text != NULL ? text : g_strdup ("");
}

static void
editor_load (FieldEditor *editor, JoineryRecord *record)
{
  g_autofree char *text = dup_shown_text (record, editor->field);

  g_free (editor->loaded_text);
  editor->loaded_text = g_strdup (text);

  switch (editor->field->type)
    {
    case JOINERY_FIELD_LONG_TEXT:
      gtk_text_buffer_set_text (gtk_text_view_get_buffer (editor->text_view), text, -1);
      break;
    case JOINERY_FIELD_BOOLEAN:
      gtk_switch_set_active (GTK_SWITCH (editor->switch_),
                             joinery_record_get_integer (record, editor->field->name) != 0);
      break;
    case JOINERY_FIELD_CHOICE:
      {
        const char *value = joinery_record_get_text (record, editor->field->name);
        guint position = 0;

        for (guint i = 0; editor->values[i] != NULL; i++)
          if (g_strcmp0 (editor->values[i], value != NULL ? value : "") == 0)
            position = i;
        adw_combo_row_set_selected (ADW_COMBO_ROW (editor->row), position);
      }
      break;
    case JOINERY_FIELD_REFERENCE:
    case JOINERY_FIELD_LINK:
      {
        gboolean set = !joinery_record_is_null (record, editor->field->name);
        adw_action_row_set_subtitle (ADW_ACTION_ROW (editor->row), set ? text : "None");
        gtk_widget_set_visible (editor->open_button, set);
        gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (editor->row), set);
      }
      break;
    case JOINERY_FIELD_TEXT:
    case JOINERY_FIELD_INTEGER:
    case JOINERY_FIELD_REAL:
    case JOINERY_FIELD_MONEY:
    case JOINERY_FIELD_DATE:
    case JOINERY_FIELD_TIME:
    default:
      if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (editor->row)), text) != 0)
        gtk_editable_set_text (GTK_EDITABLE (editor->row), text);
      break;
    }
}

/* Saving one field */

static gboolean
has_pending (JoineryRecordForm *self, FieldEditor *except)
{
  for (guint i = 0; self->editors != NULL && i < self->editors->len; i++)
    {
      FieldEditor *editor = g_ptr_array_index (self->editors, i);
      if (editor != except && editor->pending_text != NULL)
        return TRUE;
    }
  return FALSE;
}

/* The stored record with every pending edit but `except`'s. */
static JoineryRecord *
dup_with_pending (JoineryRecordForm *self, FieldEditor *except)
{
  JoineryRecord *copy = joinery_record_copy (self->record);

  for (guint i = 0; i < self->editors->len; i++)
    {
      FieldEditor *editor = g_ptr_array_index (self->editors, i);
      /* Parsed once already when it was kept; a text no longer read
       * (a reference since deleted) is simply no longer pending. */
      if (editor != except && editor->pending_text != NULL &&
          !joinery_db_set_from_string (self->db, copy, editor->field->name, editor->pending_text, NULL))
        g_clear_pointer (&editor->pending_text, g_free);
    }
  return copy;
}

/* Refused only by a rule across fields: a rule's error, or one about a
 * field other than the one edited (awarded_on must be set now that the
 * status is awarded). Such an edit may become valid with the others. */
static gboolean
is_cross_field_refusal (const GError *error, FieldEditor *editor)
{
  const char *field;

  if (error == NULL || error->domain != JOINERY_VALIDATION_ERROR)
    return FALSE;
  field = joinery_validation_error_get_field (error);
  if (field == NULL || find_editor (editor->form, field) == NULL)
    return FALSE;
  return error->code == JOINERY_VALIDATION_ERROR_RULE || !g_str_equal (field, editor->field->name);
}

/* The pending edits, each marked, and the rule's message beside the field
 * it names. */
static void
show_pending (JoineryRecordForm *self, const GError *error)
{
  FieldEditor *named = find_editor (self, joinery_validation_error_get_field (error));

  if (self->rule_editor != NULL && self->rule_editor != named && self->rule_editor->pending_text == NULL)
    show_field_error (self->rule_editor, NULL);
  self->rule_editor = named;
  for (guint i = 0; i < self->editors->len; i++)
    {
      FieldEditor *editor = g_ptr_array_index (self->editors, i);
      g_autofree char *message = NULL;

      if (editor->pending_text == NULL || editor == named)
        continue;
      message = g_strdup_printf ("Not saved yet: saved together with %s once that is right", 
                                 named != NULL ? named->field->label : "the rest");
      show_field_message (editor, message, "warning");
    }
  if (named == NULL)
    show_form_error (self, error->message);
  else if (named->pending_text != NULL)
    {
      g_autofree char *message = g_strdup_printf ("%s. Not saved yet: saved as soon as the %s allows it",
                                                  joinery_validation_error_get_problem (error),
                                                  joinery_kind_get_words (self->kind, FALSE));
      show_field_error (named, message);
    }
  else
    show_field_error (named, joinery_validation_error_get_problem (error));
}

/* Saved: nothing pending any more. Returns the editors that were. */
static GPtrArray *
clear_pending (JoineryRecordForm *self)
{
  GPtrArray *was = g_ptr_array_new ();

  for (guint i = 0; i < self->editors->len; i++)
    {
      FieldEditor *editor = g_ptr_array_index (self->editors, i);

      if (editor->pending_text == NULL && editor != self->rule_editor)
        continue;
      g_clear_pointer (&editor->pending_text, g_free);
      show_field_error (editor, NULL);
      g_ptr_array_add (was, editor);
    }
  self->rule_editor = NULL;
  return was;
}

/* Read back what was stored (labels of references, values normalised)
 * into `editor` and those in `also`. */
static void
reload_after_save (JoineryRecordForm *self, gint64 id, FieldEditor *editor, GPtrArray *also)
{
  g_autoptr(JoineryRecord) fresh = joinery_db_get (self->db, self->kind, id, NULL);

  if (fresh != NULL)
    g_set_object (&self->record, fresh);
  self->loading = TRUE;
  if (editor != NULL)
    editor_load (editor, self->record);
  for (guint i = 0; also != NULL && i < also->len; i++)
    editor_load (g_ptr_array_index (also, i), self->record);
  self->loading = FALSE;
}

/* Save whatever is pending, if the record it makes is now valid. */
static gboolean
retry_pending (JoineryRecordForm *self)
{
  g_autoptr(JoineryRecord) copy = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) was = NULL;

  if (!has_pending (self, NULL))
    {
      g_ptr_array_unref (clear_pending (self));
      return TRUE;
    }
  copy = dup_with_pending (self, NULL);
  if (!joinery_db_update (self->db, copy, &error))
    {
      show_pending (self, error);
      return FALSE;
    }
  was = clear_pending (self);
  reload_after_save (self, joinery_record_get_id (copy), NULL, was);
  return TRUE;
}

/* `copy` (the stored record, the pending edits and `text` in `editor`)
 * was refused with `error`. */
static gboolean
refused (FieldEditor *editor, const char *text, const GError *error)
{
  JoineryRecordForm *self = editor->form;
  g_autoptr(GError) alone_error = NULL;
  const GError *own_error = error;

  /* The field the rule asked for joins the pending edits; any other edit
   * valid on its own is saved now, and the pending ones still wait. */
  if (has_pending (self, editor) && editor != self->rule_editor)
    {
      g_autoptr(JoineryRecord) alone = joinery_record_copy (self->record);

      if (joinery_db_set_from_string (self->db, alone, editor->field->name, text, &alone_error) &&
          joinery_db_update (self->db, alone, &alone_error))
        {
          g_clear_pointer (&editor->pending_text, g_free);
          show_field_error (editor, NULL);
          reload_after_save (self, joinery_record_get_id (alone), editor, NULL);
          show_pending (self, error);
          return TRUE;
        }
      own_error = alone_error;
    }
  if (!is_cross_field_refusal (own_error, editor))
    {
      if (editor->pending_text != NULL)
        {
          g_clear_pointer (&editor->pending_text, g_free);
          if (self->rule_editor == editor)
            self->rule_editor = NULL;
        }
      show_error (self, own_error);
      return FALSE;
    }
  g_free (editor->pending_text);
  editor->pending_text = g_strdup (text);
  show_pending (self, error);
  return FALSE;
}

static gboolean
commit_text (FieldEditor *editor, const char *text)
{
  JoineryRecordForm *self = editor->form;
  g_autoptr(JoineryRecord) copy = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) was = NULL;
  g_autofree char *shown = NULL;

  if (self->loading || self->record == NULL)
    return TRUE;

  shown = dup_shown_text (self->record, editor->field);
  /* Untouched since it was loaded: nothing to save. (After an undo, the
   * record is newer than the field until the field is loaded again; the
   * old text it still shows must not be taken for an edit, or an undo
   * followed at once by a redo would write it back.) */
  if (!self->draft && (g_strcmp0 (shown, text) == 0 || g_strcmp0 (editor->loaded_text, text) == 0) &&
      editor->field->type != JOINERY_FIELD_REFERENCE)
    {
      /* Put back as stored: no longer pending; the others may do alone. */
      if (editor->pending_text != NULL)
        {
          g_clear_pointer (&editor->pending_text, g_free);
          show_field_error (editor, NULL);
          return retry_pending (self);
        }
      /* Still waiting for a value the rule asks for. */
      if (editor == self->rule_editor)
        return FALSE;
      show_field_error (editor, NULL);
      return TRUE;
    }
  /* Left again as it was kept. */
  if (!self->draft && g_strcmp0 (editor->pending_text, text) == 0)
    return FALSE;

  copy = self->draft ? joinery_record_copy (self->record) : dup_with_pending (self, editor);
  if (!joinery_db_set_from_string (self->db, copy, editor->field->name, text, &error))
    {
      show_error (self, error);
      return FALSE;
    }
  if (!self->draft && !joinery_db_update (self->db, copy, &error))
    return refused (editor, text, error);

  show_field_error (editor, NULL);
  show_form_error (self, NULL);
  if (self->draft)
    {
      g_set_object (&self->record, copy);
      return TRUE;
    }
  /* Saved together with every edit that was pending. */
  g_clear_pointer (&editor->pending_text, g_free);
  was = clear_pending (self);
  reload_after_save (self, joinery_record_get_id (copy), editor, was);
  return TRUE;
}

static void
commit_editor (FieldEditor *editor)
{
  g_autofree char *text = NULL;

  /* The form is gone (its rows may outlive it for a moment). */
  if (editor->form == NULL)
    return;
  if (editor->form->loading || editor->form->record == NULL ||
      editor->field->type == JOINERY_FIELD_REFERENCE || editor->field->type == JOINERY_FIELD_LINK)
    return;
  text = editor_dup_text (editor);
  commit_text (editor, text);
}

static void
entry_activated_cb (AdwEntryRow *row, FieldEditor *editor)
{
  commit_editor (editor);
}

static void
focus_leave_cb (GtkEventControllerFocus *controller, FieldEditor *editor)
{
  /* A draft is saved whole by Create; its fields are checked as they are left. */
  commit_editor (editor);
}

static void
combo_selected_cb (AdwComboRow *row, GParamSpec *pspec, FieldEditor *editor)
{
  commit_editor (editor);
}

static void
switch_active_cb (GtkSwitch *switch_, GParamSpec *pspec, FieldEditor *editor)
{
  commit_editor (editor);
}

static void
reference_chosen_cb (JoineryReferenceChooser *chooser, gint64 id, FieldEditor *editor)
{
  g_autofree char *text = id > 0 ? g_strdup_printf ("%" G_GINT64_FORMAT, id) : g_strdup ("");
  JoineryRecordForm *self = editor->form;

  if (self == NULL)
    return;
  if (commit_text (editor, text) && self->draft)
    {
      /* A draft has no label for what it refers to until it is stored. */
      g_autofree char *label = id > 0 ? joinery_db_dup_label (self->db,
                                                               joinery_kind_lookup (editor->field->ref_kind),
                                                               id) : NULL;
      joinery_record_set_reference_label (self->record, editor->field->name, label);
      self->loading = TRUE;
      editor_load (editor, self->record);
      self->loading = FALSE;
    }
}

static void
open_reference_cb (GtkWidget *widget, FieldEditor *editor)
{
  JoineryRecord *record = editor->form != NULL ? editor->form->record : NULL;
  const JoineryKind *kind;
  gint64 id;
  g_autofree char *ref = NULL;

  if (record == NULL || joinery_record_is_null (record, editor->field->name))
    return;
  id = joinery_record_get_integer (record, editor->field->name);
  kind = editor->field->type == JOINERY_FIELD_LINK
           ? joinery_kind_lookup (joinery_record_get_link_kind (record, editor->field->name))
           : joinery_kind_lookup (editor->field->ref_kind);
  if (kind == NULL)
    return;
  ref = joinery_gui_record_ref (kind, id);
  gtk_widget_activate_action (GTK_WIDGET (editor->form), "win.open-record", "s", ref);
}

/* Dates: a calendar beside the entry. */

static void
calendar_day_selected_cb (GtkCalendar *calendar, FieldEditor *editor)
{
  g_autoptr(GDateTime) date = gtk_calendar_get_date (calendar);
  g_autofree char *iso = g_date_time_format (date, "%Y-%m-%d");
  GtkWidget *popover = gtk_widget_get_ancestor (GTK_WIDGET (calendar), GTK_TYPE_POPOVER);

  gtk_editable_set_text (GTK_EDITABLE (editor->row), iso);
  if (popover != NULL)
    gtk_popover_popdown (GTK_POPOVER (popover));
  commit_editor (editor);
}

static void
calendar_popover_show_cb (GtkPopover *popover, FieldEditor *editor)
{
  GtkCalendar *calendar = GTK_CALENDAR (gtk_popover_get_child (popover));
  g_autofree char *iso = NULL;

  if (joinery_parse_date (gtk_editable_get_text (GTK_EDITABLE (editor->row)), &iso, NULL))
    {
      g_autofree char *midnight = g_strconcat (iso, "T00:00:00Z", NULL);
      g_autoptr(GDateTime) date = g_date_time_new_from_iso8601 (midnight, NULL);

      if (date != NULL)
        {
          g_signal_handlers_block_by_func (calendar, calendar_day_selected_cb, editor);
          gtk_calendar_select_day (calendar, date);
          g_signal_handlers_unblock_by_func (calendar, calendar_day_selected_cb, editor);
        }
    }
}

/* Building the rows */

static GtkWidget *
make_error_label (void)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "field-error");
  return label;
}

static void
add_focus_commit (GtkWidget *widget, FieldEditor *editor)
{
  GtkEventController *focus = gtk_event_controller_focus_new ();

  g_signal_connect (focus, "leave", G_CALLBACK (focus_leave_cb), editor);
  gtk_widget_add_controller (widget, focus);
}

static FieldEditor *
build_editor (JoineryRecordForm *self, const JoineryField *field, AdwPreferencesGroup *details)
{
  FieldEditor *editor = g_new0 (FieldEditor, 1);

  editor->form = self;
  editor->field = field;
  editor->error_label = make_error_label ();

  switch (field->type)
    {
    case JOINERY_FIELD_LONG_TEXT:
      {
        GtkWidget *group = adw_preferences_group_new ();
        GtkWidget *view = gtk_text_view_new ();

        adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), field->label);
        gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_WORD_CHAR);
        gtk_text_view_set_accepts_tab (GTK_TEXT_VIEW (view), FALSE);
        gtk_widget_add_css_class (view, "card");
        gtk_widget_add_css_class (view, "long-text");
        gtk_accessible_update_property (GTK_ACCESSIBLE (view), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                        field->label, -1);
        editor->text_view = GTK_TEXT_VIEW (view);
        editor->row = view;
        g_object_set_data_full (G_OBJECT (view), "joinery-field-editor", editor,
                                (GDestroyNotify) field_editor_free);
        add_focus_commit (view, editor);
        adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), view);
        adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), editor->error_label);
        gtk_widget_set_visible (editor->error_label, FALSE);
        gtk_box_append (self->fields_box, group);
        return editor;
      }
    case JOINERY_FIELD_BOOLEAN:
      editor->row = adw_action_row_new ();
      editor->switch_ = gtk_switch_new ();
      gtk_widget_set_valign (editor->switch_, GTK_ALIGN_CENTER);
      adw_action_row_add_suffix (ADW_ACTION_ROW (editor->row), editor->switch_);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (editor->row), editor->switch_);
      g_signal_connect (editor->switch_, "notify::active", G_CALLBACK (switch_active_cb), editor);
      break;
    case JOINERY_FIELD_CHOICE:
      {
        g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
        GPtrArray *values = g_ptr_array_new ();
        gboolean optional = !(field->flags & JOINERY_FIELD_REQUIRED);

        if (optional)
          {
            gtk_string_list_append (labels, "None");
            g_ptr_array_add (values, g_strdup (""));
          }
        for (guint i = 0; field->choices[i] != NULL; i++)
          {
            g_autofree char *label = joinery_gui_choice_label (field->choices[i]);
            gtk_string_list_append (labels, label);
            g_ptr_array_add (values, g_strdup (field->choices[i]));
          }
        g_ptr_array_add (values, NULL);
        editor->values = (GStrv) g_ptr_array_free (values, FALSE);
        editor->row = adw_combo_row_new ();
        adw_combo_row_set_model (ADW_COMBO_ROW (editor->row), G_LIST_MODEL (labels));
        g_signal_connect (editor->row, "notify::selected", G_CALLBACK (combo_selected_cb), editor);
      }
      break;
    case JOINERY_FIELD_REFERENCE:
    case JOINERY_FIELD_LINK:
      editor->row = adw_action_row_new ();
      gtk_widget_add_css_class (editor->row, "property");
      editor->open_button = gtk_button_new_from_icon_name ("go-next-symbolic");
      gtk_widget_set_valign (editor->open_button, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (editor->open_button, "flat");
      gtk_widget_set_tooltip_text (editor->open_button, "Open");
      g_signal_connect (editor->open_button, "clicked", G_CALLBACK (open_reference_cb), editor);
      g_signal_connect (editor->row, "activated", G_CALLBACK (open_reference_cb), editor);
      if (field->type == JOINERY_FIELD_REFERENCE)
        {
          const JoineryKind *ref_kind = joinery_kind_lookup (field->ref_kind);
          g_autofree char *tooltip = g_strdup_printf ("Choose %s", joinery_kind_get_words (ref_kind, FALSE));

          editor->chooser = joinery_reference_chooser_new (self->db, ref_kind,
                                                           !(field->flags & JOINERY_FIELD_REQUIRED));
          g_signal_connect (editor->chooser, "chosen", G_CALLBACK (reference_chosen_cb), editor);
          editor->choose_button = gtk_menu_button_new ();
          gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (editor->choose_button), "document-edit-symbolic");
          gtk_menu_button_set_popover (GTK_MENU_BUTTON (editor->choose_button), GTK_WIDGET (editor->chooser));
          gtk_widget_set_valign (editor->choose_button, GTK_ALIGN_CENTER);
          gtk_widget_add_css_class (editor->choose_button, "flat");
          gtk_widget_set_tooltip_text (editor->choose_button, tooltip);
          adw_action_row_add_suffix (ADW_ACTION_ROW (editor->row), editor->choose_button);
        }
      adw_action_row_add_suffix (ADW_ACTION_ROW (editor->row), editor->open_button);
      break;
    case JOINERY_FIELD_DATE:
      {
        GtkWidget *button = gtk_menu_button_new ();
        GtkWidget *popover = gtk_popover_new ();
        GtkWidget *calendar = gtk_calendar_new ();

        editor->row = adw_entry_row_new ();
        gtk_popover_set_child (GTK_POPOVER (popover), calendar);
        g_signal_connect (calendar, "day-selected", G_CALLBACK (calendar_day_selected_cb), editor);
        g_signal_connect (popover, "show", G_CALLBACK (calendar_popover_show_cb), editor);
        gtk_menu_button_set_popover (GTK_MENU_BUTTON (button), popover);
        gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (button), "x-office-calendar-symbolic");
        gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
        gtk_widget_add_css_class (button, "flat");
        gtk_widget_set_tooltip_text (button, "Choose a date");
        adw_entry_row_add_suffix (ADW_ENTRY_ROW (editor->row), button);
      }
      break;
    case JOINERY_FIELD_TEXT:
    case JOINERY_FIELD_INTEGER:
    case JOINERY_FIELD_REAL:
    case JOINERY_FIELD_MONEY:
    case JOINERY_FIELD_TIME:
    default:
      editor->row = adw_entry_row_new ();
      if (field->flags & JOINERY_FIELD_EMAIL)
        adw_entry_row_set_input_purpose (ADW_ENTRY_ROW (editor->row), GTK_INPUT_PURPOSE_EMAIL);
      else if (field->flags & JOINERY_FIELD_PHONE)
        adw_entry_row_set_input_purpose (ADW_ENTRY_ROW (editor->row), GTK_INPUT_PURPOSE_PHONE);
      else if (field->flags & JOINERY_FIELD_URL)
        adw_entry_row_set_input_purpose (ADW_ENTRY_ROW (editor->row), GTK_INPUT_PURPOSE_URL);
      else if (field->type == JOINERY_FIELD_INTEGER)
        adw_entry_row_set_input_purpose (ADW_ENTRY_ROW (editor->row), GTK_INPUT_PURPOSE_DIGITS);
      else if (field->type == JOINERY_FIELD_REAL || field->type == JOINERY_FIELD_MONEY)
        adw_entry_row_set_input_purpose (ADW_ENTRY_ROW (editor->row), GTK_INPUT_PURPOSE_NUMBER);
      break;
    }

  if (ADW_IS_ENTRY_ROW (editor->row))
    {
      g_signal_connect (editor->row, "entry-activated", G_CALLBACK (entry_activated_cb), editor);
      add_focus_commit (editor->row, editor);
    }
  g_object_set_data_full (G_OBJECT (editor->row), "joinery-field-editor", editor,
                          (GDestroyNotify) field_editor_free);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (editor->row), field->label);
  adw_preferences_group_add (details, editor->row);

  /* The error goes right under its field. */
  editor->error_row = g_object_new (ADW_TYPE_PREFERENCES_ROW, "activatable", FALSE,
                                    "selectable", FALSE, "focusable", FALSE, NULL);
  gtk_widget_add_css_class (editor->error_row, "field-error-row");
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (editor->error_row), editor->error_label);
  gtk_widget_set_visible (editor->error_row, FALSE);
  adw_preferences_group_add (details, editor->error_row);
  return editor;
}

static void
detach_editors (JoineryRecordForm *self)
{
  for (guint i = 0; self->editors != NULL && i < self->editors->len; i++)
    ((FieldEditor *) g_ptr_array_index (self->editors, i))->form = NULL;
  g_clear_pointer (&self->editors, g_ptr_array_unref);
  self->rule_editor = NULL;
}

static void
build_fields (JoineryRecordForm *self, const JoineryKind *kind)
{
  GtkWidget *child;
  GtkWidget *details;

  if (self->kind == kind && self->editors != NULL)
    return;

  self->loading = TRUE;
  detach_editors (self);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->fields_box))) != NULL)
    gtk_box_remove (self->fields_box, child);
  /* Each editor lives as long as its row (see build_editor). */
  self->editors = g_ptr_array_new ();
  self->kind = kind;

  details = adw_preferences_group_new ();
  gtk_box_append (self->fields_box, details);
  for (guint i = 0; i < kind->n_fields; i++)
    g_ptr_array_add (self->editors, build_editor (self, &kind->fields[i], ADW_PREFERENCES_GROUP (details)));
  self->loading = FALSE;
}

/* Related records, notes, tags and tasks */

static GtkWidget *
make_record_row (const JoineryKind *kind, gint64 id, const char *title, const char *subtitle)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *ref = joinery_gui_record_ref (kind, id);
  g_autofree char *escaped = g_markup_escape_text (title != NULL ? title : "?", -1);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), escaped);
  if (subtitle != NULL)
    {
      g_autofree char *escaped_sub = g_markup_escape_text (subtitle, -1);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), escaped_sub);
    }
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "win.open-record");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (row), "s", ref);
  g_object_set_data_full (G_OBJECT (row), "record-ref", g_steal_pointer (&ref), g_free);
  return row;
}

/* The record a button or row of the form stands for. */
static gboolean
get_widget_record (gpointer widget, const JoineryKind **kind, gint64 *id)
{
  const char *ref = g_object_get_data (G_OBJECT (widget), "record-ref");

  return ref != NULL && joinery_gui_parse_record_ref (ref, kind, id);
}

static void
delete_linked_cb (GtkButton *button, JoineryRecordForm *self)
{
  const JoineryKind *kind = NULL;
  gint64 id = 0;
  g_autoptr(GError) error = NULL;

  if (!get_widget_record (button, &kind, &id))
    return;
  if (!joinery_db_delete (self->db, kind, id, &error))
    show_form_error (self, error->message);
}

static GtkWidget *
make_delete_button (const JoineryKind *kind, gint64 id, JoineryRecordForm *self)
{
  GtkWidget *button = gtk_button_new_from_icon_name ("edit-delete-symbolic");
  g_autofree char *tooltip = g_strdup_printf ("Remove this %s", joinery_kind_get_words (kind, FALSE));

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, tooltip);
  g_object_set_data_full (G_OBJECT (button), "record-ref", joinery_gui_record_ref (kind, id), g_free);
  g_signal_connect (button, "clicked", G_CALLBACK (delete_linked_cb), self);
  return button;
}

/* Notes, tags and tasks are made from a line typed in their group. */
static void
add_linked_cb (AdwEntryRow *row, JoineryRecordForm *self)
{
  const JoineryKind *kind = joinery_kind_lookup (g_object_get_data (G_OBJECT (row), "kind"));
  const char *text = gtk_editable_get_text (GTK_EDITABLE (row));
  const char *field = g_str_equal (kind->name, "note") ? "body"
                    : g_str_equal (kind->name, "tag") ? "name" : "title";
  g_autoptr(JoineryRecord) linked = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *trimmed = g_strstrip (g_strdup (text));

  if (self->record == NULL || self->draft || *trimmed == '\0')
    return;
  linked = joinery_record_new (kind);
  joinery_record_set_link (linked, "record", self->kind->name, joinery_record_get_id (self->record));
  if (!joinery_record_set_from_string (linked, field, trimmed, &error) ||
      !joinery_db_create (self->db, linked, &error))
    {
      gtk_widget_add_css_class (GTK_WIDGET (row), "error");
      show_form_error (self, error->message);
      return;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
  show_form_error (self, NULL);
  gtk_editable_set_text (GTK_EDITABLE (row), "");
}

static GtkWidget *
make_add_row (JoineryRecordForm *self, const char *kind_name, const char *title)
{
  GtkWidget *row = adw_entry_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (row), FALSE);
  g_object_set_data (G_OBJECT (row), "kind", (gpointer) kind_name);
  g_signal_connect (row, "entry-activated", G_CALLBACK (add_linked_cb), self);
  g_hash_table_replace (self->add_rows, (gpointer) kind_name, row);
  return row;
}

static void
task_done_toggled_cb (GtkCheckButton *check, JoineryRecordForm *self)
{
  const JoineryKind *kind = NULL;
  gint64 id = 0;
  g_autoptr(JoineryRecord) task = NULL;
  g_autoptr(GError) error = NULL;
  gboolean done = gtk_check_button_get_active (check);
  g_autofree char *today = joinery_today ();

  if (!get_widget_record (check, &kind, &id))
    return;
  task = joinery_db_get (self->db, kind, id, &error);
  if (task == NULL ||
      !joinery_record_set_from_string (task, "status", done ? "done" : "open", &error) ||
      !joinery_record_set_from_string (task, "completed_on", done ? today : "", &error) ||
      !joinery_db_update (self->db, task, &error))
    show_form_error (self, error->message);
}

static GtkWidget *
make_group (const char *title, const char *description)
{
  GtkWidget *group = adw_preferences_group_new ();

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  if (description != NULL)
    adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), description);
  return group;
}

/* A related group cut short ends with a row to see all of it: a main
 * kind's list narrowed to this record, or else (attendances, notes, tags…)
 * the whole group here in the form. */
static void
add_show_all_row (JoineryRecordForm *self, GtkWidget *group, JoineryRelation *relation)
{
  GtkWidget *row;
  g_autofree char *title = NULL;
  const JoineryField *f;

  if (relation == NULL || relation->total <= (gint64) relation->records->len)
    return;
  row = adw_action_row_new ();
  title = g_strdup_printf ("Show all %" G_GINT64_FORMAT " %s", relation->total,
                           joinery_kind_get_words (relation->kind, TRUE));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  gtk_widget_add_css_class (row, "show-all");
  f = joinery_kind_get_field (relation->kind, relation->field);
  if (relation->kind->primary && f != NULL && f->type == JOINERY_FIELD_REFERENCE)
    {
      gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "win.show-related");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (row), "(ssx)", relation->kind->name,
                                        relation->field, joinery_record_get_id (self->record));
    }
  else
    {
      gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "form.expand-related");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (row), "(ss)", relation->kind->name,
                                        relation->field);
    }
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
}

/* A group asked for whole: every one of its records, in the same order. */
static void
expand_relation (JoineryRecordForm *self, JoineryRelation *relation)
{
  g_autofree char *key = g_strdup_printf ("%s/%s", relation->kind->name, relation->field);
  g_autoptr(JoineryQuery) query = NULL;
  g_autofree char *value = NULL;
  GPtrArray *records;

  if (!g_hash_table_contains (self->expanded, key) || relation->total <= (gint64) relation->records->len)
    return;
  value = joinery_kind_get_field (relation->kind, relation->field)->type == JOINERY_FIELD_LINK
            ? joinery_gui_record_ref (self->kind, joinery_record_get_id (self->record))
            : g_strdup_printf ("%" G_GINT64_FORMAT, joinery_record_get_id (self->record));
  query = joinery_query_new (relation->kind);
  if (!joinery_query_add_filter (query, relation->field, JOINERY_FILTER_EQUAL, value, NULL))
    return;
  records = joinery_db_list (self->db, relation->kind, query, NULL);
  if (records == NULL)
    return;
  g_ptr_array_unref (relation->records);
  relation->records = records;
  relation->total = MAX (relation->total, (gint64) records->len);
}

static void build_related (JoineryRecordForm *self);

static void
expand_related_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  JoineryRecordForm *self = JOINERY_RECORD_FORM (widget);
  const char *kind_name, *field_name;
  double scrolled;

  if (self->record == NULL || self->draft)
    return;
  g_variant_get (parameter, "(&s&s)", &kind_name, &field_name);
  g_hash_table_add (self->expanded, g_strdup_printf ("%s/%s", kind_name, field_name));
  scrolled = gtk_adjustment_get_value (gtk_scrolled_window_get_vadjustment (self->scroller));
  build_related (self);
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scroller), scrolled);
}

static void
build_linked_group (JoineryRecordForm *self, const char *kind_name, JoineryRelation *relation)
{
  const JoineryKind *kind = joinery_kind_lookup (kind_name);
  GPtrArray *records = relation != NULL ? relation->records : NULL;
  g_autofree char *description = NULL;
  GtkWidget *group, *flow = NULL;

  if (relation != NULL && relation->total > (gint64) records->len)
    description = g_strdup_printf ("The latest %u of %" G_GINT64_FORMAT, records->len, relation->total);
  group = make_group (kind->label_plural, description);

  if (g_str_equal (kind_name, "tag"))
    {
      flow = gtk_flow_box_new ();
      gtk_flow_box_set_selection_mode (GTK_FLOW_BOX (flow), GTK_SELECTION_NONE);
      gtk_flow_box_set_max_children_per_line (GTK_FLOW_BOX (flow), 20);
      gtk_widget_add_css_class (flow, "tags");
    }

  for (guint i = 0; records != NULL && i < records->len; i++)
    {
      JoineryRecord *linked = g_ptr_array_index (records, i);
      gint64 id = joinery_record_get_id (linked);

      if (flow != NULL)
        {
          GtkWidget *pill = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 2);
          GtkWidget *button = make_delete_button (kind, id, self);

          gtk_button_set_icon_name (GTK_BUTTON (button), "window-close-symbolic");
          gtk_widget_add_css_class (button, "circular");
          gtk_box_append (GTK_BOX (pill), gtk_label_new (joinery_record_get_text (linked, "name")));
          gtk_box_append (GTK_BOX (pill), button);
          gtk_widget_add_css_class (pill, "tag-pill");
          gtk_flow_box_append (GTK_FLOW_BOX (flow), pill);
        }
      else if (g_str_equal (kind_name, "note"))
        {
          GtkWidget *row = adw_action_row_new ();
          g_autofree char *body = g_markup_escape_text (joinery_record_get_text (linked, "body"), -1);
          const char *author = joinery_record_get_text (linked, "author");
          g_autofree char *when = g_strndup (joinery_record_get_created_at (linked), 10);
          g_autofree char *byline = author != NULL ? g_strdup_printf ("%s, %s", author, when) : g_strdup (when);

          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), body);
          adw_action_row_set_subtitle (ADW_ACTION_ROW (row), byline);
          adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), make_delete_button (kind, id, self));
          adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
        }
      else
        {
          g_autofree char *due = joinery_gui_format_cell (linked, joinery_kind_get_field (kind, "due_on"));
          g_autofree char *status = joinery_gui_choice_label (joinery_record_get_text (linked, "status"));
          g_autofree char *subtitle = due != NULL ? g_strdup_printf ("Due %s · %s", due, status)
                                                  : g_strdup (status);
          GtkWidget *row = make_record_row (kind, id, joinery_record_get_label (linked), subtitle);
          GtkWidget *check = gtk_check_button_new ();

          gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
          gtk_check_button_set_active (GTK_CHECK_BUTTON (check),
                                       g_strcmp0 (joinery_record_get_text (linked, "status"), "done") == 0);
          gtk_widget_set_tooltip_text (check, "Done");
          g_object_set_data_full (G_OBJECT (check), "record-ref", joinery_gui_record_ref (kind, id), g_free);
          g_signal_connect (check, "toggled", G_CALLBACK (task_done_toggled_cb), self);
          adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
          adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
        }
    }

  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                             make_add_row (self, kind->name,
                                           g_str_equal (kind_name, "note") ? "Add a note"
                                           : g_str_equal (kind_name, "tag") ? "Add a tag" : "Add a task"));
  if (flow != NULL)
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), flow);
  add_show_all_row (self, group, relation);
  gtk_box_append (self->related_box, group);
}

/* How a related record reads in this record's form: what it links besides
 * this record ("Dev Mistry" for an attendance at this event, not "Dev
 * Mistry at <this event>"), then a line of its listed values ("Booked ·
 * Delegate", "Programme officer · ada@…"). */
static void
describe_related (JoineryRecord *related, const char *via, char **title, char **subtitle)
{
  const JoineryKind *kind = joinery_record_get_kind (related);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) details = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < kind->n_fields; i++)
    {
      const JoineryField *f = &kind->fields[i];
      char *text;

      if (g_str_equal (f->name, via) || f->type == JOINERY_FIELD_LONG_TEXT ||
          g_strcmp0 (f->name, kind->label_field) == 0 || joinery_record_is_null (related, f->name))
        continue;
      if (kind->label_field == NULL && f->type == JOINERY_FIELD_REFERENCE)
        g_ptr_array_add (names, joinery_record_format_value (related, f->name));
      else if ((f->flags & JOINERY_FIELD_LISTED) && f->type != JOINERY_FIELD_REFERENCE &&
               f->type != JOINERY_FIELD_LINK && details->len < 2 &&
               (text = joinery_gui_format_cell (related, f)) != NULL)
        g_ptr_array_add (details, text);
    }
  g_ptr_array_add (names, NULL);
  g_ptr_array_add (details, NULL);
  *title = names->len > 1 ? g_strjoinv (" · ", (char **) names->pdata)
                          : g_strdup (joinery_record_get_label (related));
  *subtitle = details->len > 1 ? g_strjoinv (" · ", (char **) details->pdata) : NULL;
}

static void
add_related_clicked_cb (GtkButton *button, JoineryRecordForm *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "form.add-related", "(ss)",
                              g_object_get_data (G_OBJECT (button), "kind"),
                              g_object_get_data (G_OBJECT (button), "field"));
}

/* What this record belongs to through another: a grant's fund, through
 * its round. For each reference set here, the referred record's own
 * required references to kinds this one does not refer to directly. */
static void
build_part_of (JoineryRecordForm *self)
{
  GtkWidget *group = NULL;

  for (guint i = 0; i < self->kind->n_fields; i++)
    {
      const JoineryField *f = &self->kind->fields[i];
      const JoineryKind *through;
      g_autoptr(JoineryRecord) parent = NULL;

      if (f->type != JOINERY_FIELD_REFERENCE || joinery_record_is_null (self->record, f->name))
        continue;
      through = joinery_kind_lookup (f->ref_kind);
      for (guint g = 0; g < through->n_fields; g++)
        {
          const JoineryField *up = &through->fields[g];
          const JoineryKind *top;
          gboolean direct = FALSE;
          g_autofree char *subtitle = NULL;

          if (up->type != JOINERY_FIELD_REFERENCE || !(up->flags & JOINERY_FIELD_REQUIRED))
            continue;
          for (guint k = 0; k < self->kind->n_fields; k++)
            if (self->kind->fields[k].type == JOINERY_FIELD_REFERENCE &&
                g_str_equal (self->kind->fields[k].ref_kind, up->ref_kind))
              direct = TRUE;
          if (direct)
            continue;
          if (parent == NULL)
            parent = joinery_db_get (self->db, through, joinery_record_get_integer (self->record, f->name), NULL);
          if (parent == NULL || joinery_record_is_null (parent, up->name))
            continue;
          top = joinery_kind_lookup (up->ref_kind);
          subtitle = g_strdup_printf ("%s, through the %s", top->label, joinery_kind_get_words (through, FALSE));
          if (group == NULL)
            {
              group = make_group ("Part Of", NULL);
              gtk_box_append (self->related_box, group);
            }
          adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                                     make_record_row (top, joinery_record_get_integer (parent, up->name),
                                                      joinery_record_get_reference_label (parent, up->name),
                                                      subtitle));
        }
    }
}

/* An event's bookings may also come from a booking site's attendee
 * report: a button for that beside the one that adds a booking. */
static GtkWidget *
add_import_button (JoineryRecordForm *self, JoineryRelation *relation, GtkWidget *add)
{
  GtkWidget *box, *import;

  if (!g_str_equal (self->kind->name, "event") || !g_str_equal (relation->kind->name, "attendance"))
    return add;
  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  import = gtk_button_new_with_mnemonic ("_Import from Eventbrite…");
  gtk_widget_add_css_class (import, "flat");
  gtk_widget_add_css_class (import, "import-eventbrite");
  gtk_widget_set_valign (import, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (import, "Bookings from an Eventbrite attendee report (CSV)");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (import), "win.import-eventbrite");
  gtk_box_append (GTK_BOX (box), import);
  gtk_box_append (GTK_BOX (box), add);
  return box;
}

static gboolean refresh_idle_cb (gpointer data);

/* An export is in the history now: show it. */
static void
person_notice_cb (JoineryRecordForm *self, const char *message)
{
  g_signal_emit (self, signals[NOTICE], 0, message);
  if (self->refresh_id == 0)
    self->refresh_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE, refresh_idle_cb, self, NULL);
}

/* A person's data rights, and any record's history, close the form. */
static void
build_history (JoineryRecordForm *self, gint64 id)
{
  if (g_str_equal (self->kind->name, "person"))
    {
      GtkWidget *actions = joinery_person_actions_new (self->db, id);
      g_signal_connect_object (actions, "notice", G_CALLBACK (person_notice_cb), self, G_CONNECT_SWAPPED);
      gtk_box_append (self->related_box, actions);
    }
  gtk_box_append (self->related_box, joinery_audit_view_new (self->db, self->kind, id));
}

static void
build_related (JoineryRecordForm *self)
{
  g_autoptr(GPtrArray) relations = NULL;
  g_autoptr(GError) error = NULL;
  JoineryRelation *notes = NULL, *tags = NULL, *tasks = NULL;
  GtkWidget *child;
  gint64 id;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->related_box))) != NULL)
    gtk_box_remove (self->related_box, child);
  g_hash_table_remove_all (self->add_rows);
  if (self->record == NULL || self->draft)
    return;

  id = joinery_record_get_id (self->record);
  build_part_of (self);
  relations = joinery_db_related (self->db, self->kind, id, RELATED_LIMIT, &error);
  if (relations == NULL)
    {
      show_form_error (self, error->message);
      return;
    }
  /* The groups shown whole stay so while this record stays. */
  if (self->expanded_kind != self->kind || self->expanded_id != id)
    {
      g_hash_table_remove_all (self->expanded);
      self->expanded_kind = self->kind;
      self->expanded_id = id;
    }
  for (guint i = 0; i < relations->len; i++)
    expand_relation (self, g_ptr_array_index (relations, i));

  for (guint i = 0; i < relations->len; i++)
    {
      JoineryRelation *relation = g_ptr_array_index (relations, i);
      g_autofree char *description = NULL;
      GtkWidget *group, *add;

      if (g_str_equal (relation->field, "record"))
        {
          if (g_str_equal (relation->kind->name, "note"))
            notes = relation;
          else if (g_str_equal (relation->kind->name, "tag"))
            tags = relation;
          else if (g_str_equal (relation->kind->name, "task"))
            tasks = relation;
          continue;
        }

      if (relation->total > (gint64) relation->records->len)
        description = g_strdup_printf ("The first %u of %" G_GINT64_FORMAT,
                                       relation->records->len, relation->total);
      /* Tasks assigned to a person beside the tasks about them: each
       * group says which it is. */
      if (self->kind->linkable && joinery_kind_get_field (relation->kind, "record") != NULL)
        {
          g_autofree char *words = g_ascii_strdown (joinery_kind_get_field (relation->kind, relation->field)->label, -1);
          g_autofree char *title = g_strdup_printf ("%s (%s)", relation->kind->label_plural, words);
          group = make_group (title, description);
        }
      else
        group = make_group (relation->title, description);
      add = gtk_button_new_from_icon_name ("list-add-symbolic");
      gtk_widget_add_css_class (add, "flat");
      gtk_widget_set_valign (add, GTK_ALIGN_CENTER);
      {
        g_autofree char *tooltip = g_strdup_printf ("Add %s", joinery_kind_get_words (relation->kind, FALSE));
        gtk_widget_set_tooltip_text (add, tooltip);
      }
      g_object_set_data (G_OBJECT (add), "kind", (gpointer) relation->kind->name);
      g_object_set_data (G_OBJECT (add), "field", (gpointer) g_intern_string (relation->field));
      g_signal_connect (add, "clicked", G_CALLBACK (add_related_clicked_cb), self);
      adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (group),
                                               add_import_button (self, relation, add));

      for (guint r = 0; r < relation->records->len; r++)
        {
          JoineryRecord *related = g_ptr_array_index (relation->records, r);
          g_autofree char *title = NULL;
          g_autofree char *subtitle = NULL;

          describe_related (related, relation->field, &title, &subtitle);
          adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                                     make_record_row (relation->kind, joinery_record_get_id (related),
                                                      title, subtitle));
        }
      add_show_all_row (self, group, relation);
      gtk_box_append (self->related_box, group);
    }

  if (self->kind->linkable)
    {
      build_linked_group (self, "task", tasks);
      build_linked_group (self, "note", notes);
      build_linked_group (self, "tag", tags);
    }
  build_history (self, id);
}

/* The menu of kinds that may refer to this one, for the + button. */
static void
build_add_menu (JoineryRecordForm *self)
{
  const JoineryKind * const *kinds = joinery_kinds ();
  g_autoptr(GMenu) menu = g_menu_new ();

  for (guint k = 0; kinds[k] != NULL; k++)
    for (guint i = 0; i < kinds[k]->n_fields; i++)
      {
        const JoineryField *f = &kinds[k]->fields[i];

        if (f->type == JOINERY_FIELD_REFERENCE && g_str_equal (f->ref_kind, self->kind->name))
          {
            /* "Person" for a person's organisation; "Project (lead
             * organisation)" where the field says more than the kind. */
            g_autofree char *words = g_ascii_strdown (f->label, -1);
            g_autofree char *label = g_ascii_strcasecmp (f->label, self->kind->label) == 0
                                       ? g_strdup (kinds[k]->label)
                                       : g_strdup_printf ("%s (%s)", kinds[k]->label, words);
            g_autoptr(GMenuItem) item = NULL;

            item = g_menu_item_new (label, NULL);
            g_menu_item_set_action_and_target (item, "form.add-related", "(ss)", kinds[k]->name, f->name);
            g_menu_append_item (menu, item);
          }
      }
  /* An event's bookings, many at once, from a booking site (win.import-eventbrite). */
  if (g_str_equal (self->kind->name, "event"))
    {
      g_autoptr(GMenu) section = g_menu_new ();
      g_menu_append (section, "Bookings from an _Eventbrite Report…", "win.import-eventbrite");
      g_menu_append_section (menu, NULL, G_MENU_MODEL (section));
    }
  gtk_menu_button_set_menu_model (self->add_related_button, G_MENU_MODEL (menu));
  gtk_widget_set_visible (GTK_WIDGET (self->add_related_button),
                          !self->draft && g_menu_model_get_n_items (G_MENU_MODEL (menu)) > 0);
}

/* Showing a record */

static void
load_values (JoineryRecordForm *self)
{
  const char *label;
  g_autofree char *title = NULL;

  if (self->record == NULL)
    return;
  self->loading = TRUE;
  for (guint i = 0; i < self->editors->len; i++)
    {
      FieldEditor *editor = g_ptr_array_index (self->editors, i);
      /* What the user typed and has yet to correct stays as typed. */
      if (!editor->has_error)
        editor_load (editor, self->record);
    }
  self->loading = FALSE;

  label = joinery_record_get_label (self->record);
  title = self->draft ? g_strdup_printf ("New %s", self->kind->label)
                      : g_strdup (label != NULL ? label : self->kind->label);
  adw_window_title_set_title (self->title_widget, title);
  adw_window_title_set_subtitle (self->title_widget, self->kind->label);
}

static void
set_mode (JoineryRecordForm *self, gboolean draft)
{
  gboolean changed = self->draft != draft;

  self->draft = draft;
  if (changed)
    g_signal_emit (self, signals[DRAFT_CHANGED], 0);
  gtk_widget_set_visible (self->create_button, draft);
  gtk_widget_set_visible (self->delete_button, !draft);
  for (guint i = 0; i < self->editors->len; i++)
    {
      FieldEditor *editor = g_ptr_array_index (self->editors, i);
      if (editor->open_button != NULL)
        gtk_widget_set_sensitive (editor->open_button, !draft);
    }
  build_add_menu (self);
  gtk_stack_set_visible_child_name (self->stack, "form");
}

static gboolean
refresh_idle_cb (gpointer data)
{
  JoineryRecordForm *self = data;

  self->refresh_id = 0;
  load_values (self);
  build_related (self);
  return G_SOURCE_REMOVE;
}

/* After a change group (an edit here, elsewhere, an undo): read the record
 * again; if it is gone, so is the form. */
static void
db_changed_cb (JoineryDb *db, JoineryChangeSet *set, JoineryRecordForm *self)
{
  g_autoptr(JoineryRecord) fresh = NULL;

  if (self->record == NULL || self->draft)
    return;
  fresh = joinery_db_get (db, self->kind, joinery_record_get_id (self->record), NULL);
  if (fresh == NULL)
    {
      joinery_record_form_clear (self);
      return;
    }
  g_set_object (&self->record, fresh);
  if (self->refresh_id == 0)
    self->refresh_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE, refresh_idle_cb, self, NULL);
}

static void
create_clicked_cb (JoineryRecordForm *self)
{
  joinery_record_form_create (self);
}

static void
add_related_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  JoineryRecordForm *self = JOINERY_RECORD_FORM (widget);
  const char *kind_name, *field;
  g_autofree char *value = NULL;

  if (self->record == NULL || self->draft)
    return;
  g_variant_get (parameter, "(&s&s)", &kind_name, &field);
  value = g_str_equal (field, "record")
            ? joinery_gui_record_ref (self->kind, joinery_record_get_id (self->record))
            : g_strdup_printf ("%" G_GINT64_FORMAT, joinery_record_get_id (self->record));
  {
    const JoineryKind *origin_kind = self->kind;
    gint64 origin_id = joinery_record_get_id (self->record);

    joinery_record_form_show_new (self, joinery_kind_lookup (kind_name), field, value);
    self->origin_kind = origin_kind;
    self->origin_id = origin_id;
  }
}

static void
joinery_record_form_dispose (GObject *object)
{
  JoineryRecordForm *self = JOINERY_RECORD_FORM (object);

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  if (self->db != NULL)
    g_signal_handlers_disconnect_by_data (self->db, self);
  self->loading = TRUE;
  detach_editors (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), JOINERY_TYPE_RECORD_FORM);
  {
    GtkWidget *child;
    while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
      gtk_widget_unparent (child);
  }
  g_clear_pointer (&self->add_rows, g_hash_table_unref);
  g_clear_pointer (&self->expanded, g_hash_table_unref);
  g_clear_object (&self->record);
  g_clear_object (&self->db);
  G_OBJECT_CLASS (joinery_record_form_parent_class)->dispose (object);
}

static void
joinery_record_form_class_init (JoineryRecordFormClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = joinery_record_form_dispose;

  /* A new record was stored by Create. */
  signals[CREATED] = g_signal_new ("created", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 1, JOINERY_TYPE_RECORD);

  /* Something the user should know that the form can no longer show:
   * a value left invalid, so never saved, when another record opened. */
  signals[NOTICE] = g_signal_new ("notice", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  /* A new record was started, or left (created, or not). */
  signals[DRAFT_CHANGED] = g_signal_new ("draft-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                         NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/joinery/Joinery/joinery-record-form.ui");
  gtk_widget_class_bind_template_child (widget_class, JoineryRecordForm, header_bar);
  gtk_widget_class_bind_template_child (widget_class, JoineryRecordForm, back_button);
  gtk_widget_class_bind_template_child (widget_class, JoineryRecordForm, title_widget);
  gtk_widget_class_bind_template_child (widget_class, JoineryRecordForm, delete_button);
  gtk_widget_class_bind_template_child (widget_class, JoineryRecordForm, add_related_button);
  gtk_widget_class_bind_template_child (widget_class, JoineryRecordForm, create_button);
  gtk_widget_class_bind_template_child (widget_class, JoineryRecordForm, stack);
  gtk_widget_class_bind_template_child (widget_class, JoineryRecordForm, scroller);
  gtk_widget_class_bind_template_child (widget_class, JoineryRecordForm, form_error_label);
  gtk_widget_class_bind_template_child (widget_class, JoineryRecordForm, fields_box);
  gtk_widget_class_bind_template_child (widget_class, JoineryRecordForm, related_box);
  gtk_widget_class_bind_template_callback (widget_class, create_clicked_cb);
  gtk_widget_class_install_action (widget_class, "form.add-related", "(ss)", add_related_action);
  gtk_widget_class_install_action (widget_class, "form.expand-related", "(ss)", expand_related_action);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "recordform");
}

static void
joinery_record_form_init (JoineryRecordForm *self)
{
  self->add_rows = g_hash_table_new (g_str_hash, g_str_equal);
  self->expanded = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_orientable_set_orientation (GTK_ORIENTABLE (gtk_widget_get_layout_manager (GTK_WIDGET (self))),
                                  GTK_ORIENTATION_VERTICAL);
  gtk_widget_set_visible (self->delete_button, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->add_related_button), FALSE);
}

void
joinery_record_form_set_db (JoineryRecordForm *self, JoineryDb *db)
{
  g_return_if_fail (JOINERY_IS_RECORD_FORM (self));

  joinery_record_form_clear (self);
  if (self->db != NULL)
    g_signal_handlers_disconnect_by_data (self->db, self);
  g_set_object (&self->db, db);
  /* Rows hold choosers made for the old database. */
  self->kind = NULL;
  if (db != NULL)
    g_signal_connect (db, "changed", G_CALLBACK (db_changed_cb), self);
}

gboolean
joinery_record_form_show_record (JoineryRecordForm *self, const JoineryKind *kind, gint64 id)
{
  g_autoptr(JoineryRecord) record = NULL;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (JOINERY_IS_RECORD_FORM (self), FALSE);
  g_return_val_if_fail (self->db != NULL, FALSE);

  joinery_record_form_commit_pending (self);
  tell_unsaved (self);
  record = joinery_db_get (self->db, kind, id, &error);
  if (record == NULL)
    {
      joinery_record_form_clear (self);
      return FALSE;
    }
  build_fields (self, kind);
  g_set_object (&self->record, record);
  self->draft = FALSE;
  clear_errors (self);
  set_mode (self, FALSE);
  load_values (self);
  build_related (self);
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scroller), 0);
  return TRUE;
}

/* Date fields a new record starts with today in: the day a booking was
 * made is the day it is entered. The kind descriptions have no "today"
 * default, so the form keeps the few it fills here. */
static const struct {
  const char *kind;
  const char *field;
} today_fields[] = {
  { "attendance", "booked_on" },
};

static void
fill_today (JoineryRecord *draft)
{
  const JoineryKind *kind = joinery_record_get_kind (draft);

  for (guint i = 0; i < G_N_ELEMENTS (today_fields); i++)
    if (g_str_equal (kind->name, today_fields[i].kind) &&
        joinery_kind_get_field (kind, today_fields[i].field) != NULL &&
        joinery_record_is_null (draft, today_fields[i].field))
      {
        g_autofree char *today = joinery_today ();
        joinery_record_set_text (draft, today_fields[i].field, today);
      }
}

void
joinery_record_form_show_new (JoineryRecordForm *self, const JoineryKind *kind, const char *field,
                              const char *value)
{
  g_autoptr(JoineryRecord) draft = NULL;

  g_return_if_fail (JOINERY_IS_RECORD_FORM (self));
  g_return_if_fail (kind != NULL);

  joinery_record_form_commit_pending (self);
  tell_unsaved (self);
  self->origin_kind = NULL;
  self->origin_id = 0;
  build_fields (self, kind);
  draft = joinery_record_new (kind);
  fill_today (draft);
  if (field != NULL && value != NULL)
    {
      const JoineryField *f = joinery_kind_get_field (kind, field);
      g_autoptr(GError) error = NULL;

      if (f != NULL && f->type == JOINERY_FIELD_LINK)
        {
          const JoineryKind *link_kind = NULL;
          gint64 id = 0;

          if (joinery_gui_parse_record_ref (value, &link_kind, &id))
            {
              g_autofree char *label = joinery_db_dup_label (self->db, link_kind, id);
              joinery_record_set_link (draft, field, link_kind->name, id);
              joinery_record_set_reference_label (draft, field, label);
            }
        }
      else if (f != NULL && joinery_db_set_from_string (self->db, draft, field, value, &error))
        {
          if (f->type == JOINERY_FIELD_REFERENCE)
            {
              g_autofree char *label = joinery_db_dup_label (self->db, joinery_kind_lookup (f->ref_kind),
                                                             joinery_record_get_integer (draft, field));
              joinery_record_set_reference_label (draft, field, label);
            }
        }
    }
  g_set_object (&self->record, draft);
  clear_errors (self);
  set_mode (self, TRUE);
  load_values (self);
  build_related (self);
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scroller), 0);

  /* Start typing in the first field. */
  joinery_record_form_focus_first_field (self);
}

void
joinery_record_form_clear (JoineryRecordForm *self)
{
  g_return_if_fail (JOINERY_IS_RECORD_FORM (self));

  gboolean was_draft = self->draft;

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  g_clear_object (&self->record);
  self->draft = FALSE;
  if (self->editors != NULL)
    clear_errors (self);
  build_related (self);
  gtk_widget_set_visible (self->create_button, FALSE);
  gtk_widget_set_visible (self->delete_button, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->add_related_button), FALSE);
  adw_window_title_set_title (self->title_widget, "");
  adw_window_title_set_subtitle (self->title_widget, "");
  gtk_stack_set_visible_child_name (self->stack, "empty");
  if (was_draft)
    g_signal_emit (self, signals[DRAFT_CHANGED], 0);
}

/* After a refused Create: the keyboard to the first field to correct. */
static void
focus_first_error (JoineryRecordForm *self)
{
  for (guint i = 0; i < self->editors->len; i++)
    {
      FieldEditor *editor = g_ptr_array_index (self->editors, i);
      if (editor->has_error)
        {
          gtk_widget_grab_focus (editor->choose_button != NULL ? editor->choose_button : editor->row);
          return;
        }
    }
}

gboolean
joinery_record_form_create (JoineryRecordForm *self)
{
  g_autoptr(JoineryRecord) record = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok = TRUE;
  gint64 id;

  g_return_val_if_fail (JOINERY_IS_RECORD_FORM (self), FALSE);
  if (self->record == NULL || !self->draft)
    return FALSE;

  /* Every field as typed, each checked; then the record as a whole. */
  record = joinery_record_copy (self->record);
  for (guint i = 0; i < self->editors->len; i++)
    {
      FieldEditor *editor = g_ptr_array_index (self->editors, i);
      g_autofree char *text = NULL;
      g_autoptr(GError) field_error = NULL;

      if (editor->field->type == JOINERY_FIELD_REFERENCE || editor->field->type == JOINERY_FIELD_LINK)
        continue;
      text = editor_dup_text (editor);
      if (!joinery_db_set_from_string (self->db, record, editor->field->name, text, &field_error))
        {
          show_error (self, field_error);
          ok = FALSE;
        }
      else
        show_field_error (editor, NULL);
    }
  if (!ok)
    {
      focus_first_error (self);
      return FALSE;
    }
  if (!joinery_db_create (self->db, record, &error))
    {
      show_error (self, error);
      focus_first_error (self);
      return FALSE;
    }
  id = joinery_record_get_id (record);
  /* Added from another record's form (a booking from its event): back
   * there, where the new record now shows among the related ones. */
  if (self->origin_kind != NULL && joinery_db_exists (self->db, self->origin_kind, self->origin_id))
    joinery_record_form_show_record (self, self->origin_kind, self->origin_id);
  else
    joinery_record_form_show_record (self, self->kind, id);
  {
    g_autoptr(JoineryRecord) created = joinery_db_get (self->db, joinery_record_get_kind (record), id, NULL);
    if (created != NULL)
      g_signal_emit (self, signals[CREATED], 0, created);
  }
  return TRUE;
}

gboolean
joinery_record_form_leave_draft (JoineryRecordForm *self)
{
  g_return_val_if_fail (JOINERY_IS_RECORD_FORM (self), FALSE);

  if (self->record == NULL || !self->draft)
    return FALSE;
  if (self->origin_kind != NULL && joinery_db_exists (self->db, self->origin_kind, self->origin_id))
    joinery_record_form_show_record (self, self->origin_kind, self->origin_id);
  else
    joinery_record_form_clear (self);
  return TRUE;
}

void
joinery_record_form_commit_pending (JoineryRecordForm *self)
{
  g_return_if_fail (JOINERY_IS_RECORD_FORM (self));

  if (self->record == NULL || self->draft || self->editors == NULL)
    return;
  /* A change has just been made (an undo) and the fields, refreshed when
   * idle, still hold the record as it was before it: nothing was typed,
   * and saving it would be taken for a new change (and end the redo). */
  if (self->refresh_id != 0)
    return;
  for (guint i = 0; i < self->editors->len; i++)
    commit_editor (g_ptr_array_index (self->editors, i));
}

JoineryRecord *
joinery_record_form_get_record (JoineryRecordForm *self)
{
  g_return_val_if_fail (JOINERY_IS_RECORD_FORM (self), NULL);
  return self->record;
}

gboolean
joinery_record_form_is_draft (JoineryRecordForm *self)
{
  g_return_val_if_fail (JOINERY_IS_RECORD_FORM (self), FALSE);
  return self->record != NULL && self->draft;
}

GtkWidget *
joinery_record_form_get_field_widget (JoineryRecordForm *self, const char *field)
{
  FieldEditor *editor = find_editor (self, field);
  return editor != NULL ? editor->row : NULL;
}

const char *
joinery_record_form_get_field_error (JoineryRecordForm *self, const char *field)
{
  FieldEditor *editor = find_editor (self, field);

  if (editor == NULL || !editor->has_error)
    return NULL;
  return gtk_label_get_text (GTK_LABEL (editor->error_label));
}

void
joinery_record_form_focus_first_field (JoineryRecordForm *self)
{
  for (guint i = 0; self->editors != NULL && i < self->editors->len; i++)
    {
      FieldEditor *editor = g_ptr_array_index (self->editors, i);
      if (ADW_IS_ENTRY_ROW (editor->row) || ADW_IS_COMBO_ROW (editor->row))
        {
          gtk_widget_grab_focus (editor->row);
          return;
        }
    }
}

void
joinery_record_form_set_show_back (JoineryRecordForm *self, gboolean show)
{
  gtk_widget_set_visible (self->back_button, show);
}

JoineryReferenceChooser *
joinery_record_form_get_chooser (JoineryRecordForm *self, const char *field)
{
  FieldEditor *editor = find_editor (self, field);
  return editor != NULL ? editor->chooser : NULL;
}

static GtkWidget *
find_row_with_ref (GtkWidget *widget, const char *ref)
{
  if (ADW_IS_ACTION_ROW (widget) && g_strcmp0 (g_object_get_data (G_OBJECT (widget), "record-ref"), ref) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_row_with_ref (child, ref);
      if (found != NULL)
        return found;
    }
  return NULL;
}

GtkWidget *
joinery_record_form_find_related_row (JoineryRecordForm *self, const JoineryKind *kind, gint64 id)
{
  g_autofree char *ref = joinery_gui_record_ref (kind, id);
  return find_row_with_ref (GTK_WIDGET (self->related_box), ref);
}

GtkWidget *
joinery_record_form_get_add_row (JoineryRecordForm *self, const char *kind)
{
  return g_hash_table_lookup (self->add_rows, kind);
}

const char *
joinery_record_form_get_error (JoineryRecordForm *self)
{
  if (!gtk_widget_get_visible (GTK_WIDGET (self->form_error_label)))
    return NULL;
  return gtk_label_get_text (self->form_error_label);
}
