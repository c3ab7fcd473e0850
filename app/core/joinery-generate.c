/* joinery-generate.c: the synthetic network.
 *
 * Randomness comes from splitmix64 over (seed, stream, index), not from a
 * library generator, so the network is the same on every machine and every
 * GLib. Records are written through joinery_db_create() in change groups of
 * a few thousand, marked as not undoable (bulk work).
 */
#include "joinery-generate.h"
#include "joinery-error.h"

#include <string.h>

#define BATCH 5000

static const char * const first_names[] = {
  "Aled", "Amara", "Bethan", "Callum", "Dilys", "Eamon", "Farah", "Gethin", "Hollis", "Ines",
  "Jory", "Kerensa", "Lowri", "Morwenna", "Niamh", "Oisin", "Priya", "Quinn", "Rhiannon", "Sorrel",
  "Tamsin", "Ulric", "Vashti", "Wren", "Xanthe", "Yusuf", "Zelda", "Anwen", "Bram", "Cerys",
  "Dougal", "Elowen", "Fenwick", "Greer", "Hamish", "Idris", "Jago", "Kenna", "Linus", "Maelle",
};
static const char * const surnames[] = {
  "Ridgestone", "Ashcombe", "Blackthorne", "Cawthorne", "Dunmore", "Eastwell", "Fellgate",
  "Garside", "Hollinwood", "Ingleby", "Jessop", "Kirkstall", "Lowther", "Marrick", "Netherby",
  "Oakenshaw", "Pennyfold", "Quarmby", "Rathmell", "Sowerby", "Thrupp", "Underhill", "Varley",
  "Wetherall", "Yeadon", "Allerby", "Birkett", "Coldwell", "Dacre", "Elland", "Fawcett",
  "Gomersal", "Heptonstall", "Illingworth", "Keighwood", "Linthwaite", "Mossley", "Norland",
};
static const char * const places[] = {
  "Ashworth", "Bramley Vale", "Calderbrook", "Dunsford", "Elmhurst", "Fernleigh", "Greystone",
  "Harrowdale", "Ivybridge Moor", "Kestrel Bay", "Larkfield", "Millbeck", "Northwold",
  "Oakmere", "Pinehurst", "Redbarrow", "Stonewick", "Thornbury Cross", "Wyvern Heath", "Yarrowby",
};
static const char * const organisation_kinds[] = {
  "council", "nhs_trust", "ccg", "gp_practice", "voluntary", "social_enterprise",
  "community_group", "business", "university", "national_body",
};
static const char * const organisation_suffixes[] = {
  "Council", "NHS Trust", "Clinical Commissioning Group", "Medical Practice", "Community Trust",
  "Social Enterprise", "Neighbourhood Group", "Health Ltd", "University", "Health Partnership",
};
static const char * const job_titles[] = {
  "Programme Officer", "Integration Lead", "Practice Manager", "Commissioning Manager",
  "Community Development Worker", "Events Coordinator", "Chief Executive", "Social Worker",
  "Occupational Therapist", "District Nurse", "Volunteer Coordinator", "Finance Officer",
};
static const char * const theme_names[] = {
  "Prevention and early help", "Mental health and wellbeing", "Independence at home",
  "Social isolation", "Workforce development", "Digital health", "Long-term conditions",
  "Carers' support",
};
static const char * const project_words[] = {
  "Wellbeing", "Hub", "Navigator", "Connect", "Lifeline", "Compass", "Bridge", "Circle",
  "Pathway", "Steps", "Harbour", "Beacon",
};
static const char * const stages[] = { "idea", "pilot", "established", "scaling", "embedded", "closed" };
static const char * const grant_statuses[] = {
  "draft", "submitted", "under_review", "awarded", "declined", "withdrawn", "completed",
};
static const char * const event_kinds[] = { "conference", "learning_event", "hack", "training", "workshop" };
static const char * const attendance_statuses[] = { "booked", "attended", "attended", "attended", "no_show", "cancelled" };
static const char * const indicator_names[] = {
  "Permanent admissions to residential and nursing care", "Day centres open",
  "People reporting social isolation", "Staff satisfaction", "Emergency admissions",
  "Life expectancy at birth",
};
static const char * const indicator_units[] = { "rate", "count", "percent", "percent", "rate", "years" };
static const char * const indicator_directions[] = { "lower", "lower", "lower", "higher", "lower", "higher" };

static guint64
mix (guint64 x)
{
  x += G_GUINT64_CONSTANT (0x9E3779B97F4A7C15);
  x = (x ^ (x >> 30)) * G_GUINT64_CONSTANT (0xBF58476D1CE4E5B9);
  x = (x ^ (x >> 27)) * G_GUINT64_CONSTANT (0x94D049BB133111EB);
  return x ^ (x >> 31);
}

guint64
joinery_generate_draw (guint32 seed, guint stream, guint64 index, guint64 range)
{
  return mix (mix (((guint64) seed << 32) ^ stream) ^ index) % range;
}

/* The same, by a short name for the many draws below. */
static inline guint64
draw (guint32 seed, guint stream, guint64 index, guint64 range)
{
  return joinery_generate_draw (seed, stream, index, range);
}

#define PICK(seed, stream, index, array) \
  ((array)[draw ((seed), (stream), (index), G_N_ELEMENTS (array))])

void
joinery_generate_person_name (guint64 n, guint32 seed, char **name, char **email)
{
  const char *first = PICK (seed, 1, n, first_names);
  const char *last = PICK (seed, 2, n, surnames);

  *name = g_strdup_printf ("%s %s", first, last);
  *email = g_ascii_strdown (*name, -1);
  g_strdelimit (*email, " ", '.');
  {
    char *full = g_strdup_printf ("%s.%" G_GUINT64_FORMAT "@example.org", *email, n + 1);
    g_free (*email);
    *email = full;
  }
}

void
joinery_generate_plan (guint64 people, JoineryGenerateCounts *c)
{
  memset (c, 0, sizeof *c);
  c->people = people;
  c->areas = 1 + 4 + 10 + MAX (5, people / 20000) * 6;
  c->organisations = MAX (10, people / 10);
  c->groups = MAX (3, people / 1000);
  c->group_members = c->groups * 10;
  c->themes = G_N_ELEMENTS (theme_names);
  c->projects = MAX (5, people / 200);
  c->project_partners = c->projects * 2;
  c->funds = MAX (1, people / 20000);
  c->rounds = c->funds * 4;
  c->grants = MAX (10, people / 100);
  c->events = MAX (2, people / 100);
  c->sessions = c->events * 3;
  c->attendances = people;
  c->indicators = G_N_ELEMENTS (indicator_names);
  c->measurements = MAX (5, people / 20000) * c->indicators * 4;
  c->awards = MAX (1, people / 50000);
  c->award_winners = c->awards * 3;
  c->tasks = MAX (5, people / 100);
  c->notes = MAX (5, people / 100);
  c->tags = MAX (5, people / 50);
}

typedef struct {
  JoineryDb          *db;
  guint32             seed;
  guint64             done;
  guint64             total;
  JoineryProgressFunc progress;
  gpointer            user_data;
} Generator;

static gboolean
write_record (Generator *gen, JoineryRecord *record, GArray *ids, GError **error)
{
  gint64 id;

  if (!joinery_db_create (gen->db, record, error))
    return FALSE;
  id = joinery_record_get_id (record);
  if (ids != NULL)
    g_array_append_val (ids, id);

  if (++gen->done % BATCH == 0)
    {
      if (!joinery_db_commit (gen->db, error) ||
          !joinery_db_begin (gen->db, "Generate a synthetic network", JOINERY_GROUP_NO_UNDO, error))
        return FALSE;
      if (gen->progress != NULL)
        gen->progress (gen->done, gen->total, gen->user_data);
    }
  return TRUE;
}

static JoineryRecord *
new_record (const char *kind)
{
  return joinery_record_new (joinery_kind_lookup (kind));
}

/* A date in the years the network covers (2012 to 2019), as day n. */
static char *
date_from_day (guint64 day)
{
  g_autoptr(GDateTime) base = g_date_time_new_utc (2012, 1, 1, 0, 0, 0);
  g_autoptr(GDateTime) then = g_date_time_add_days (base, (gint) (day % 2900));
  return g_date_time_format (then, "%Y-%m-%d");
}

static gint64
pick_id (Generator *gen, guint stream, guint64 index, GArray *ids)
{
  return g_array_index (ids, gint64, draw (gen->seed, stream, index, ids->len));
}

static gboolean
generate_all (Generator *gen, const JoineryGenerateCounts *c, GError **error)
{
  g_autoptr(GArray) areas = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) districts = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) orgs = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) people = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) groups = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) themes = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) projects = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) funds = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) rounds = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) events = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) indicators = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) awards = g_array_new (FALSE, FALSE, sizeof (gint64));
  guint32 seed = gen->seed;
  guint64 n_districts = (c->areas - 15) / 6;

  /* Areas: a country, four regions, ten systems, districts and their wards. */
  {
    g_autoptr(JoineryRecord) country = new_record ("area");
    joinery_record_set_text (country, "name", "Synthetic England");
    joinery_record_set_text (country, "level", "country");
    if (!write_record (gen, country, areas, error))
      return FALSE;
  }
  for (guint64 i = 0; i < 14; i++)
    {
      g_autoptr(JoineryRecord) area = new_record ("area");
      g_autofree char *name = i < 4 ? g_strdup_printf ("Region %" G_GUINT64_FORMAT, i + 1)
                                    : g_strdup_printf ("%s Care System", places[i % G_N_ELEMENTS (places)]);
      joinery_record_set_text (area, "name", name);
      joinery_record_set_text (area, "level", i < 4 ? "region" : "ics");
      joinery_record_set_integer (area, "parent", g_array_index (areas, gint64, i < 4 ? 0 : 1 + (i % 4)));
      if (!write_record (gen, area, areas, error))
        return FALSE;
    }
  for (guint64 d = 0; d < n_districts; d++)
    {
      g_autoptr(JoineryRecord) district = new_record ("area");
      g_autofree char *name = g_strdup_printf ("%s District %" G_GUINT64_FORMAT,
                                               places[d % G_N_ELEMENTS (places)], d / G_N_ELEMENTS (places) + 1);
      joinery_record_set_text (district, "name", name);
      joinery_record_set_text (district, "level", "district");
      joinery_record_set_integer (district, "parent", g_array_index (areas, gint64, 5 + d % 10));
      if (!write_record (gen, district, districts, error))
        return FALSE;
      for (guint w = 0; w < 5; w++)
        {
          g_autoptr(JoineryRecord) ward = new_record ("area");
          g_autofree char *ward_name = g_strdup_printf ("%s Ward %u", name, w + 1);
          joinery_record_set_text (ward, "name", ward_name);
          joinery_record_set_text (ward, "level", "ward");
          joinery_record_set_integer (ward, "parent", g_array_index (districts, gint64, d));
          if (!write_record (gen, ward, NULL, error))
            return FALSE;
        }
    }

  for (guint64 i = 0; i < c->organisations; i++)
    {
      g_autoptr(JoineryRecord) org = new_record ("organisation");
      guint64 k = draw (seed, 3, i, G_N_ELEMENTS (organisation_kinds));
      g_autofree char *name = g_strdup_printf ("%s %s %" G_GUINT64_FORMAT, PICK (seed, 4, i, places),
                                               organisation_suffixes[k], i + 1);
      joinery_record_set_text (org, "name", name);
      joinery_record_set_text (org, "kind", organisation_kinds[k]);
      joinery_record_set_integer (org, "area", pick_id (gen, 5, i, districts));
      if (!write_record (gen, org, orgs, error))
        return FALSE;
    }

  for (guint64 i = 0; i < c->people; i++)
    {
      g_autoptr(JoineryRecord) person = new_record ("person");
      g_autofree char *name = NULL;
      g_autofree char *email = NULL;
      g_autofree char *phone = g_strdup_printf ("01632 960%03u", (guint) draw (seed, 6, i, 1000));

      joinery_generate_person_name (i, seed, &name, &email);
      joinery_record_set_text (person, "name", name);
      joinery_record_set_text (person, "job_title", PICK (seed, 7, i, job_titles));
      joinery_record_set_integer (person, "organisation", pick_id (gen, 8, i, orgs));
      joinery_record_set_text (person, "email", email);
      joinery_record_set_text (person, "phone", phone);
      joinery_record_set_integer (person, "consent_to_contact", draw (seed, 9, i, 10) < 7);
      if (!write_record (gen, person, people, error))
        return FALSE;
    }

  for (guint64 i = 0; i < c->groups; i++)
    {
      static const char * const kinds[] = { "board", "partnership", "network", "programme" };
      g_autoptr(JoineryRecord) group = new_record ("group");
      const char *kind = PICK (seed, 10, i, kinds);
      g_autofree char *name = g_strdup_printf ("%s Integration %s %" G_GUINT64_FORMAT,
                                               PICK (seed, 11, i, places), kind, i + 1);
      name[0] = g_ascii_toupper (name[0]);
      joinery_record_set_text (group, "name", name);
      joinery_record_set_text (group, "kind", kind);
      joinery_record_set_integer (group, "area", pick_id (gen, 12, i, districts));
      if (!write_record (gen, group, groups, error))
        return FALSE;
      for (guint m = 0; m < 10; m++)
        {
          g_autoptr(JoineryRecord) member = new_record ("group_member");
          guint64 index = i * 10 + m;
          joinery_record_set_integer (member, "group", joinery_record_get_id (group));
          if (m % 2 == 0)
            joinery_record_set_integer (member, "organisation", pick_id (gen, 13, index, orgs));
          else
            joinery_record_set_integer (member, "person", pick_id (gen, 14, index, people));
          joinery_record_set_text (member, "role", m == 0 ? "chair" : m == 1 ? "sponsor" : "member");
          if (!write_record (gen, member, NULL, error))
            return FALSE;
        }
    }

  for (guint64 i = 0; i < c->themes; i++)
    {
      g_autoptr(JoineryRecord) theme = new_record ("theme");
      joinery_record_set_text (theme, "name", theme_names[i]);
      if (!write_record (gen, theme, themes, error))
        return FALSE;
    }

  for (guint64 i = 0; i < c->projects; i++)
    {
      g_autoptr(JoineryRecord) project = new_record ("project");
      g_autofree char *name = g_strdup_printf ("%s %s %s", PICK (seed, 15, i, places),
                                               PICK (seed, 16, i, project_words), PICK (seed, 17, i, project_words));
      g_autofree char *since = date_from_day (draw (seed, 18, i, 2900));
      joinery_record_set_text (project, "name", name);
      joinery_record_set_text (project, "summary", "A synthetic model of care, generated for testing.");
      joinery_record_set_integer (project, "lead_organisation", pick_id (gen, 19, i, orgs));
      joinery_record_set_integer (project, "area", pick_id (gen, 20, i, districts));
      joinery_record_set_text (project, "stage", PICK (seed, 21, i, stages));
      joinery_record_set_text (project, "stage_since", since);
      if (!write_record (gen, project, projects, error))
        return FALSE;
      for (guint p = 0; p < 2; p++)
        {
          g_autoptr(JoineryRecord) partner = new_record ("project_partner");
          gint64 org = pick_id (gen, 22, i * 2 + p, orgs);
          if (org == joinery_record_get_integer (project, "lead_organisation") ||
              (p == 1 && org == g_array_index (orgs, gint64, draw (seed, 22, i * 2, orgs->len))))
            continue;
          joinery_record_set_integer (partner, "project", joinery_record_get_id (project));
          joinery_record_set_integer (partner, "organisation", org);
          joinery_record_set_text (partner, "role", "delivery partner");
          if (!write_record (gen, partner, NULL, error))
            return FALSE;
        }
    }

  for (guint64 i = 0; i < c->funds; i++)
    {
      g_autoptr(JoineryRecord) fund = new_record ("fund");
      g_autofree char *name = g_strdup_printf ("%s Innovation Fund %" G_GUINT64_FORMAT,
                                               PICK (seed, 23, i, places), i + 1);
      joinery_record_set_text (fund, "name", name);
      joinery_record_set_integer (fund, "funder", pick_id (gen, 24, i, orgs));
      joinery_record_set_integer (fund, "budget", 100000000);
      if (!write_record (gen, fund, funds, error))
        return FALSE;
      for (guint t = 0; t < 3; t++)
        {
          g_autoptr(JoineryRecord) fund_theme = new_record ("fund_theme");
          joinery_record_set_integer (fund_theme, "fund", joinery_record_get_id (fund));
          joinery_record_set_integer (fund_theme, "theme", g_array_index (themes, gint64, (i + t) % themes->len));
          if (!write_record (gen, fund_theme, NULL, error))
            return FALSE;
        }
      for (guint r = 0; r < 4; r++)
        {
          g_autoptr(JoineryRecord) round = new_record ("round");
          g_autofree char *round_name = g_strdup_printf ("Round %u", r + 1);
          g_autofree char *opens = date_from_day (365 * (r + 1));
          g_autofree char *closes = date_from_day (365 * (r + 1) + 90);
          joinery_record_set_integer (round, "fund", joinery_record_get_id (fund));
          joinery_record_set_text (round, "name", round_name);
          joinery_record_set_integer (round, "number", r + 1);
          joinery_record_set_text (round, "opens_on", opens);
          joinery_record_set_text (round, "closes_on", closes);
          joinery_record_set_integer (round, "budget", 25000000);
          if (!write_record (gen, round, rounds, error))
            return FALSE;
        }
    }

  for (guint64 i = 0; i < c->grants; i++)
    {
      g_autoptr(JoineryRecord) grant = new_record ("grant");
      guint64 r = draw (seed, 25, i, rounds->len);
      guint64 fund_index = r / 4;
      const char *status = PICK (seed, 26, i, grant_statuses);
      gint64 requested = (gint64) (500000 + draw (seed, 27, i, 100) * 100000);
      g_autofree char *title = g_strdup_printf ("%s %s grant", PICK (seed, 28, i, project_words),
                                                PICK (seed, 29, i, places));
      g_autofree char *reference = g_strdup_printf ("SYN-%06" G_GUINT64_FORMAT, i + 1);
      g_autofree char *submitted = date_from_day (365 * (r % 4 + 1) + 30);
      g_autofree char *awarded = date_from_day (365 * (r % 4 + 1) + 120);

      joinery_record_set_integer (grant, "round", g_array_index (rounds, gint64, r));
      joinery_record_set_text (grant, "reference", reference);
      joinery_record_set_text (grant, "title", title);
      joinery_record_set_integer (grant, "applicant", pick_id (gen, 30, i, orgs));
      if (draw (seed, 31, i, 2) == 0)
        joinery_record_set_integer (grant, "project", pick_id (gen, 32, i, projects));
      joinery_record_set_integer (grant, "theme",
                                  g_array_index (themes, gint64, (fund_index + draw (seed, 33, i, 3)) % themes->len));
      joinery_record_set_integer (grant, "amount_requested", requested);
      joinery_record_set_text (grant, "status", status);
      if (strcmp (status, "draft") != 0)
        joinery_record_set_text (grant, "submitted_on", submitted);
      if (strcmp (status, "awarded") == 0 || strcmp (status, "completed") == 0)
        {
          joinery_record_set_text (grant, "awarded_on", awarded);
          joinery_record_set_integer (grant, "amount_awarded", requested - requested % 10000);
        }
      if (!write_record (gen, grant, NULL, error))
        return FALSE;
    }

  for (guint64 i = 0; i < c->events; i++)
    {
      g_autoptr(JoineryRecord) event = new_record ("event");
      g_autofree char *name = g_strdup_printf ("%s Learning and Innovation Event %" G_GUINT64_FORMAT,
                                               PICK (seed, 34, i, places), i + 1);
      g_autofree char *starts = date_from_day (draw (seed, 35, i, 2900));
      g_autofree char *venue = g_strdup_printf ("%s Civic Hall", PICK (seed, 36, i, places));
      joinery_record_set_text (event, "name", name);
      joinery_record_set_text (event, "kind", PICK (seed, 37, i, event_kinds));
      joinery_record_set_text (event, "starts_on", starts);
      joinery_record_set_text (event, "venue", venue);
      joinery_record_set_integer (event, "area", pick_id (gen, 38, i, districts));
      joinery_record_set_integer (event, "organiser", pick_id (gen, 39, i, orgs));
      joinery_record_set_integer (event, "capacity", 200);
      if (!write_record (gen, event, events, error))
        return FALSE;
      for (guint s = 0; s < 3; s++)
        {
          static const char * const times[] = { "09:30", "11:00", "14:00" };
          static const char * const ends[] = { "10:45", "12:30", "16:00" };
          g_autoptr(JoineryRecord) session = new_record ("session");
          g_autofree char *title = g_strdup_printf ("%s session %u", s < 2 ? "Morning" : "Afternoon", s + 1);
          joinery_record_set_integer (session, "event", joinery_record_get_id (event));
          joinery_record_set_text (session, "title", title);
          joinery_record_set_text (session, "kind", s < 2 ? "showcase" : "discussion");
          joinery_record_set_text (session, "starts_at", times[s]);
          joinery_record_set_text (session, "ends_at", ends[s]);
          if (s < 2)
            joinery_record_set_integer (session, "project", pick_id (gen, 40, i * 3 + s, projects));
          if (!write_record (gen, session, NULL, error))
            return FALSE;
        }
    }

  /* Each person booked onto one event: person i onto a shuffled event. */
  for (guint64 i = 0; i < c->attendances; i++)
    {
      g_autoptr(JoineryRecord) attendance = new_record ("attendance");
      joinery_record_set_integer (attendance, "event", pick_id (gen, 41, i, events));
      joinery_record_set_integer (attendance, "person", g_array_index (people, gint64, i));
      joinery_record_set_text (attendance, "status", PICK (seed, 42, i, attendance_statuses));
      joinery_record_set_text (attendance, "role", draw (seed, 43, i, 20) == 0 ? "speaker" : "delegate");
      if (!write_record (gen, attendance, NULL, error))
        return FALSE;
    }

  for (guint64 i = 0; i < c->indicators; i++)
    {
      g_autoptr(JoineryRecord) indicator = new_record ("indicator");
      joinery_record_set_text (indicator, "name", indicator_names[i]);
      joinery_record_set_text (indicator, "unit", indicator_units[i]);
      joinery_record_set_text (indicator, "direction", indicator_directions[i]);
      if (!write_record (gen, indicator, indicators, error))
        return FALSE;
    }
  for (guint64 i = 0; i < c->measurements; i++)
    {
      g_autoptr(JoineryRecord) measurement = new_record ("measurement");
      guint64 year = i % 4;
      guint64 indicator = (i / 4) % indicators->len;
      guint64 district = i / (4 * indicators->len);
      g_autofree char *start = g_strdup_printf ("%" G_GUINT64_FORMAT "-04-01", 2014 + year);
      g_autofree char *end = g_strdup_printf ("%" G_GUINT64_FORMAT "-03-31", 2015 + year);
      joinery_record_set_integer (measurement, "indicator", g_array_index (indicators, gint64, indicator));
      joinery_record_set_integer (measurement, "area", g_array_index (districts, gint64, district % districts->len));
      joinery_record_set_text (measurement, "period_start", start);
      joinery_record_set_text (measurement, "period_end", end);
      joinery_record_set_real (measurement, "value", (double) draw (seed, 44, i, 1000) / 10.0);
      joinery_record_set_text (measurement, "source", "Synthetic returns");
      if (!write_record (gen, measurement, NULL, error))
        return FALSE;
    }

  for (guint64 i = 0; i < c->awards; i++)
    {
      g_autoptr(JoineryRecord) award = new_record ("award");
      g_autofree char *name = g_strdup_printf ("%s Integrated Working Award", PICK (seed, 45, i, places));
      joinery_record_set_text (award, "name", name);
      joinery_record_set_integer (award, "awarding_body", pick_id (gen, 46, i, orgs));
      joinery_record_set_integer (award, "year", 2013 + (gint64) (i % 6));
      if (!write_record (gen, award, awards, error))
        return FALSE;
      for (guint w = 0; w < 3; w++)
        {
          static const char * const results[] = { "joint_winner", "joint_winner", "shortlisted" };
          g_autoptr(JoineryRecord) winner = new_record ("award_winner");
          joinery_record_set_integer (winner, "award", joinery_record_get_id (award));
          joinery_record_set_integer (winner, "organisation", pick_id (gen, 47, i * 3 + w, orgs));
          joinery_record_set_integer (winner, "project", pick_id (gen, 48, i * 3 + w, projects));
          joinery_record_set_text (winner, "result", results[w]);
          if (!write_record (gen, winner, NULL, error))
            return FALSE;
        }
    }

  for (guint64 i = 0; i < c->tasks; i++)
    {
      g_autoptr(JoineryRecord) task = new_record ("task");
      g_autofree char *due = date_from_day (draw (seed, 49, i, 2900));
      joinery_record_set_text (task, "title", i % 2 ? "Follow up the impact report" : "Send event materials");
      joinery_record_set_text (task, "due_on", due);
      joinery_record_set_integer (task, "assignee", pick_id (gen, 50, i, people));
      joinery_record_set_link (task, "record", "organisation", pick_id (gen, 51, i, orgs));
      if (!write_record (gen, task, NULL, error))
        return FALSE;
    }
  for (guint64 i = 0; i < c->notes; i++)
    {
      g_autoptr(JoineryRecord) note = new_record ("note");
      joinery_record_set_link (note, "record", "person", pick_id (gen, 52, i, people));
      joinery_record_set_text (note, "body", "Met at the learning event; keen to share their work.");
      if (!write_record (gen, note, NULL, error))
        return FALSE;
    }
  for (guint64 i = 0; i < c->tags; i++)
    {
      static const char * const tags[] = { "priority", "pioneer", "follow-up", "showcase", "funder" };
      g_autoptr(JoineryRecord) tag = new_record ("tag");
      /* Each organisation gets at most one of each tag: walk them in order. */
      joinery_record_set_link (tag, "record", "organisation",
                               g_array_index (orgs, gint64, i % orgs->len));
      joinery_record_set_text (tag, "name", tags[(i / orgs->len) % G_N_ELEMENTS (tags)]);
      if (!write_record (gen, tag, NULL, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
joinery_generate (JoineryDb *db, guint64 people, guint32 seed, JoineryProgressFunc progress,
                  gpointer user_data, GError **error)
{
  JoineryGenerateCounts counts;
  Generator gen = { db, seed, 0, 0, progress, user_data };

  g_return_val_if_fail (JOINERY_IS_DB (db), FALSE);
  g_return_val_if_fail (!joinery_db_in_group (db), FALSE);

  joinery_generate_plan (people, &counts);
  for (guint i = 0; i < sizeof counts / sizeof (guint64); i++)
    gen.total += ((guint64 *) &counts)[i];

  if (!joinery_db_begin (db, "Generate a synthetic network", JOINERY_GROUP_NO_UNDO, error))
    return FALSE;
  if (!generate_all (&gen, &counts, error))
    {
      joinery_db_rollback (db);
      return FALSE;
    }
  if (!joinery_db_commit (db, error))
    return FALSE;
  if (progress != NULL)
    progress (gen.total, gen.total, user_data);
  return TRUE;
}
