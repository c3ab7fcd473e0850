/* exchange-test-util.h: what the exchange's tests share. */
#pragma once

#include "joinery-test-util.h"

G_BEGIN_DECLS

/* The database file's bytes with everything committed in the file itself:
 * the connection is closed (which checkpoints the write-ahead log, so
 * that what a rolled-back change left in the log counts too) and opened
 * again, source "test". */
GBytes *exchange_test_snapshot (JoineryTestDb *tdb);

/* An archive's text with its one line that must differ (the time it was
 * made) left out. */
char   *exchange_test_dup_archive_without_time (GBytes *archive);

G_END_DECLS
