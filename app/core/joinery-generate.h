/* joinery-generate.h: a synthetic network of any size, for tests and
 * benchmarks.
 *
 * Given a number of people and a seed, writes the same network every time
 * (ids, names and figures; only timestamps differ), through the core's own
 * validated write path: areas, organisations, people, groups and members,
 * themes, projects with partners and stage histories, funds, rounds and
 * grants, events, sessions and attendances, indicators and measurements,
 * awards, tasks, notes and tags, in proportion. Every name is fictional;
 * emails are at example.org and telephone numbers in Ofcom's range kept
 * for drama.
 */
#pragma once

#include "joinery-db.h"

G_BEGIN_DECLS

typedef void (*JoineryProgressFunc) (guint64 done, guint64 total, gpointer user_data);

typedef struct {
  guint64 areas, organisations, people, groups, group_members, themes, projects,
          project_partners, funds, rounds, grants, events, sessions, attendances,
          indicators, measurements, awards, award_winners, tasks, notes, tags;
} JoineryGenerateCounts;

/* What joinery_generate() writes for `people` people. */
void     joinery_generate_plan (guint64 people, JoineryGenerateCounts *counts);

gboolean joinery_generate      (JoineryDb *db, guint64 people, guint32 seed,
                                JoineryProgressFunc progress, gpointer user_data,
                                GError **error);

/* A fictional person's name and email for number `n` (used by benchmarks
 * that write people without the rest of the network). */
void     joinery_generate_person_name (guint64 n, guint32 seed, char **name, char **email);

/* The generator's random numbers: a number in [0, range) for the index-th
 * draw of a stream, the same for the same arguments on every machine
 * (splitmix64), for benchmarks that need figures of their own. */
guint64  joinery_generate_draw (guint32 seed, guint stream, guint64 index, guint64 range);

G_END_DECLS
