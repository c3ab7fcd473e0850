/* joinery-plugin.h: plugins — folders with a manifest and Lua code — and
 * the registry that finds them.
 *
 * A plugin is a folder holding manifest.ini and its Lua files:
 *
 *   [Plugin]
 *   id=fund-summary             lower case letters, digits, - and _
 *   name=Fund summary
 *   version=1.0
 *   author=Programme office
 *   description=Grants by theme and round
 *   category=Funding            optional; where the window groups its reports
 *   api=1                       the API version it needs
 *   permissions=read            read, or write (workflows and actions need it)
 *   reports=fund-summary        what it provides: ids, separated by ;
 *   workflows=
 *   actions=
 *   main=main.lua               optional; main.lua by default
 *
 * The registry looks in folders in order — those given with --plugins, the
 * user's ($XDG_DATA_HOME/joinery/plugins), the bundled ones — and loads
 * every plugin it finds: reads its manifest, then runs its code in the
 * sandbox to learn what it declares (reports with their parameters,
 * workflows with their triggers, actions). A plugin whose manifest or
 * code is wrong, or whose code does not declare what its manifest says,
 * is kept as BROKEN with the reason (a JOINERY_SCRIPT_ERROR with the file
 * and line); it never stops the others. A plugin whose id an earlier
 * folder already provides is SHADOWED: the user's copy of a bundled plugin
 * wins.
 */
#pragma once

#include <glib-object.h>

#include "joinery-kind.h"
#include "joinery-lua-api.h"

G_BEGIN_DECLS

typedef enum {
  JOINERY_PLUGIN_OK,
  JOINERY_PLUGIN_BROKEN,
  JOINERY_PLUGIN_SHADOWED,
} JoineryPluginStatus;

typedef enum {
  JOINERY_REPORT_PARAM_TEXT,
  JOINERY_REPORT_PARAM_NUMBER,
  JOINERY_REPORT_PARAM_DATE,
  JOINERY_REPORT_PARAM_CHOICE,
  JOINERY_REPORT_PARAM_RECORD,
} JoineryReportParamType;

/* A report's parameter, as a form or `--param name=value` fills it. */
typedef struct {
  char                   *name;
  char                   *label;          /* for people; the name when not given */
  char                   *help;           /* NULL when none */
  JoineryReportParamType  type;
  gboolean                required;
  char                   *default_value;  /* as text (a date as ISO, a record's id), or NULL */
  char                  **choices;        /* CHOICE: the values */
  const JoineryKind      *kind;           /* RECORD: the kind of record */
} JoineryReportParam;

typedef struct {
  char      *id;
  char      *title;
  char      *description;
  GPtrArray *params;                      /* of JoineryReportParam, in order */
} JoineryReportInfo;

typedef struct {
  char      *id;
  char      *title;
  char      *description;
  char     **on;                          /* "demand", or "grant.changed", "project.status"… */
  gboolean   has_when;
} JoineryWorkflowInfo;

typedef struct {
  char              *id;
  char              *title;
  char              *description;
  const JoineryKind *kind;                /* the records it runs on */
} JoineryActionInfo;

#define JOINERY_TYPE_PLUGIN (joinery_plugin_get_type ())
G_DECLARE_FINAL_TYPE (JoineryPlugin, joinery_plugin, JOINERY, PLUGIN, GObject)

/* Load the plugin in `folder` (reading its manifest and describing its
 * code in the sandbox). Never fails: a broken plugin says why. */
JoineryPlugin       *joinery_plugin_load           (const char *folder);

const char          *joinery_plugin_get_id         (JoineryPlugin *self); /* the folder's name if the manifest has none */
const char          *joinery_plugin_get_name       (JoineryPlugin *self);
const char          *joinery_plugin_get_version    (JoineryPlugin *self);
const char          *joinery_plugin_get_author     (JoineryPlugin *self);
const char          *joinery_plugin_get_description (JoineryPlugin *self);
/* The manifest's category, or NULL when it has none. */
const char          *joinery_plugin_get_category   (JoineryPlugin *self);
guint                joinery_plugin_get_api_version (JoineryPlugin *self);
const char          *joinery_plugin_get_folder     (JoineryPlugin *self);
const char          *joinery_plugin_get_main       (JoineryPlugin *self);
gboolean             joinery_plugin_may_write      (JoineryPlugin *self);
JoineryPluginStatus  joinery_plugin_get_status     (JoineryPlugin *self);
const char          *joinery_plugin_status_to_string (JoineryPluginStatus status);
/* Why it is broken or shadowed; NULL when it is well. */
const GError        *joinery_plugin_get_error      (JoineryPlugin *self);

/* What it provides (empty for a broken plugin). */
GPtrArray           *joinery_plugin_get_reports    (JoineryPlugin *self);
GPtrArray           *joinery_plugin_get_workflows  (JoineryPlugin *self);
GPtrArray           *joinery_plugin_get_actions    (JoineryPlugin *self);
const JoineryReportInfo   *joinery_plugin_find_report   (JoineryPlugin *self, const char *id);
const JoineryWorkflowInfo *joinery_plugin_find_workflow (JoineryPlugin *self, const char *id);
const JoineryActionInfo   *joinery_plugin_find_action   (JoineryPlugin *self, const char *id);

#define JOINERY_TYPE_PLUGIN_REGISTRY (joinery_plugin_registry_get_type ())
G_DECLARE_FINAL_TYPE (JoineryPluginRegistry, joinery_plugin_registry, JOINERY, PLUGIN_REGISTRY, GObject)

JoineryPluginRegistry *joinery_plugin_registry_new           (void);
/* Look in `folder` (its sub-folders are plugins); earlier folders win. */
void                   joinery_plugin_registry_add_folder    (JoineryPluginRegistry *self,
                                                              const char *folder);
/* The user's folder, then the bundled one. */
void                   joinery_plugin_registry_add_default_folders (JoineryPluginRegistry *self);
/* Find and load every plugin (again). */
void                   joinery_plugin_registry_load          (JoineryPluginRegistry *self);
/* Every plugin found, in the order of the folders, then by id. */
GPtrArray             *joinery_plugin_registry_get_plugins   (JoineryPluginRegistry *self);
JoineryPlugin         *joinery_plugin_registry_find_plugin   (JoineryPluginRegistry *self,
                                                              const char *id);
/* A report, workflow or action by id, or "plugin-id/id" when several
 * plugins provide the same id. Sets `plugin` to the plugin that provides it. */
const JoineryReportInfo   *joinery_plugin_registry_find_report   (JoineryPluginRegistry *self,
                                                                  const char *id,
                                                                  JoineryPlugin **plugin,
                                                                  GError **error);
const JoineryWorkflowInfo *joinery_plugin_registry_find_workflow (JoineryPluginRegistry *self,
                                                                  const char *id,
                                                                  JoineryPlugin **plugin,
                                                                  GError **error);
const JoineryActionInfo   *joinery_plugin_registry_find_action   (JoineryPluginRegistry *self,
                                                                  const char *id,
                                                                  JoineryPlugin **plugin,
                                                                  GError **error);

/* The bundled plugins' folder: installed with the program, or the source
 * tree's scripts/ when running from the build tree ($JOINERY_BUNDLED_PLUGINS
 * overrides both). */
char                  *joinery_plugins_bundled_folder        (void);
/* $XDG_DATA_HOME/joinery/plugins */
char                  *joinery_plugins_user_folder           (void);

G_END_DECLS
