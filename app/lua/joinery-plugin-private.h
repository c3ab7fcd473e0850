/* joinery-plugin-private.h: a plugin read from text, for the tests and the
 * fuzz target of the manifest reader (tests/fuzz/fuzz-manifest.c). */
#pragma once

#include "joinery-plugin.h"

G_BEGIN_DECLS

/* A plugin of `folder` (which need not exist) from the text of its
 * manifest.ini and the JSON its code's description gave in the sandbox,
 * read exactly as joinery_plugin_load() reads them, without running
 * anything. Broken, with the reason, when either is wrong. */
JoineryPlugin *joinery_plugin_load_from_data (const char *folder, const char *manifest, gsize manifest_len,
                                              const char *description, gssize description_len);

G_END_DECLS
