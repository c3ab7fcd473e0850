/* joinery-backup-dialog.h: the window's backups — the automatic daily one
 * made when a file is opened, and "Restore from Backup…" (win.restore-
 * backup): a dialog listing the open file's backups with their date and
 * size; the chosen one is restored after a confirmation, then the window
 * opens the file again.
 *
 * Both run in a worker thread, through the core's joinery-backup.h, on
 * connections of their own: never the window's.
 */
#pragma once

#include <adwaita.h>

#include "joinery-window.h"

G_BEGIN_DECLS

#define JOINERY_TYPE_BACKUP_DIALOG (joinery_backup_dialog_get_type ())
G_DECLARE_FINAL_TYPE (JoineryBackupDialog, joinery_backup_dialog, JOINERY, BACKUP_DIALOG,
                      AdwMessageDialog)

/* Called by the window when it has opened a file: adds win.restore-backup
 * the first time, and starts the day's automatic backup (as the settings
 * say), unless `temporary` (a demo copy that goes when the window closes:
 * nor can it be restored). */
void                 joinery_backup_dialog_file_opened (JoineryWindow *window, gboolean temporary);

/* The dialog for the window's open file. */
JoineryBackupDialog *joinery_backup_dialog_new         (JoineryWindow *window);

/* For tests. */
GtkListBox          *joinery_backup_dialog_get_list    (JoineryBackupDialog *self);
/* The confirmation the "restore" response shows, while it is shown. */
AdwMessageDialog    *joinery_backup_dialog_get_confirmation (JoineryWindow *window);
/* Whether an automatic backup or a restore is running for the window. */
gboolean             joinery_backup_dialog_is_busy     (JoineryWindow *window);

G_END_DECLS
