/* fuzz-util.h: what the fuzz targets share — a temporary folder for the
 * files a target needs (removed at exit), and the entry points every
 * target defines, for libFuzzer and for the replay test (replay.c), which
 * feeds each target its seed corpus and regression inputs in the normal
 * suite. */
#pragma once

#include <glib.h>
#include <stddef.h>
#include <stdint.h>

G_BEGIN_DECLS

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);
int LLVMFuzzerInitialize   (int *argc, char ***argv);

/* A temporary folder of this process, made on first use. */
const char *fuzz_tmp_dir   (void);

/* Write `size` bytes to `path`, or abort. */
void        fuzz_write_file (const char *path, const uint8_t *data, size_t size);

/* Abort, saying why: a broken promise is a crash for the fuzzer. */
G_NORETURN void fuzz_fail  (const char *format, ...) G_GNUC_PRINTF (1, 2);

G_END_DECLS
