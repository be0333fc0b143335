/* rondo generate: a realistic collection-round city as a VROOM JSON instance.
 *
 * Recycling stations in residential compounds (clusters a few hundred metres
 * across, denser towards the centre), trade-in bookings in homes with
 * two-hour slots and a skill, depots on the city edge, recycling centres
 * (facilities) on the periphery, trucks sized so that their capacity binds
 * (reloads needed) and vans for the trade-ins. The rules are in README.md,
 * "City generator".
 *
 * Determinism: everything is drawn from rd_rng (xoshiro256**) streams of the
 * seed, one stream per part (stations, trade-ins, depots, facilities), and
 * computed in integers (metres on a local plane, micro-degrees, litres,
 * kilograms, seconds), so the output is byte-identical on every machine and
 * each part does not depend on the counts of the others. Only the optional
 * --matrix uses floating point (haversine, rounded to whole metres and
 * seconds). */
#include <inttypes.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/args.h"
#include "cli/cmd.h"
#include "cli/output.h"
#include "io/geo.h"
#include "model/rng.h"

/* ---- the fixed rules (README "City generator") ---- */

enum {
    CITY_RADIUS = 7000,       /* m: compounds and homes lie within it */
    COMPOUND_RMIN = 100,      /* m: compound radius range */
    COMPOUND_RMAX = 250,      /* m */
    COMPOUND_MIN = 2,         /* stations per compound */
    COMPOUND_MAX = 8,         /* stations per compound */
    HOME_SCATTER = 150,       /* m: trade-in homes around a centre-weighted point */
    DEPOT_RMIN = 8500,        /* m: depots on the city edge */
    DEPOT_RMAX = 10000,       /* m */
    FACILITY_RMIN = 4500,     /* m: recycling centres on the periphery */
    FACILITY_RMAX = 8000,     /* m */
    TRUCK_VOLUME = 24000,     /* L of loose recyclables */
    TRUCK_WEIGHT = 9000,      /* kg payload */
    LOADS_PER_TRUCK = 3,      /* truckloads of station volume per truck */
    TRUCK_START = 25200,      /* s: 07:00 */
    TRUCK_END = 54000,        /* s: 15:00 */
    TRUCK_WORK = 27000,       /* s: max_working_time, 7 h 30 */
    TRUCK_BREAK_FROM = 41400, /* s: 11:30 */
    TRUCK_BREAK_TO = 48600,   /* s: 13:30 */
    VAN_VOLUME = 4000,        /* L */
    VAN_WEIGHT = 800,         /* kg */
    TRADEINS_PER_VAN = 10,    /* bookings per van */
    VAN_START = 27000,        /* s: 07:30 */
    VAN_END = 64800,          /* s: 18:00 */
    VAN_BREAK_FROM = 43200,   /* s: 12:00 */
    VAN_BREAK_TO = 46800,     /* s: 13:00 */
    LUNCH = 1800,             /* s: every break */
    SKILL_CAGE = 1,           /* trade-ins: a van with a secure cage */
    SKILL_LIFTER = 2,         /* stations: a truck with a bin lifter */
    MAX_COUNT = 100000,       /* --stations, --tradeins */
    MAX_SITES = 50,           /* --depots, --facilities */
    MAX_VEHICLES = 10000,     /* --trucks, --vans */
    MAX_MATRIX = 5000,        /* --matrix: locations */
};

/* --matrix travel: the offline defaults of rondo's coordinate matrices
 * (profile car: 8.3 m/s, detour 1.3 on the straight line). */
#define MATRIX_SPEED  8.3
#define MATRIX_DETOUR 1.3

/* Two-hour trade-in slots: 08-10, 10-12, 13-15, 15-17. */
static const int64_t SLOTS[][2] = {{28800, 36000}, {36000, 43200}, {46800, 54000}, {54000, 61200}};
#define N_SLOTS 4

static const int BIN_LITRES[] = {240, 660, 1100, 1100}; /* half of the stations have 1100 L */

typedef struct item {
    const char *name;
    int litres, kg;
} item;

static const item ITEMS[] = {
    {"fridge", 300, 55},     {"freezer", 250, 45},        {"washing machine", 250, 65},
    {"dishwasher", 200, 45}, {"television", 120, 15},     {"microwave", 60, 12},
    {"computer", 50, 10},    {"small appliances", 40, 8},
};
#define N_ITEMS ((int)(sizeof ITEMS / sizeof ITEMS[0]))

/* A city: its centre in micro-degrees and metres per degree there (WGS84
 * series at the centre's latitude, precomputed so no libm call is involved). */
typedef struct city {
    const char *name;
    int64_t lon, lat;     /* micro-degrees */
    int64_t m_lon, m_lat; /* metres per degree of longitude / latitude */
} city;

static const city CITIES[] = {
    {"hamburg", 9993682, 53551086, 66279, 111297},
    {"lyon", 4835659, 45764043, 77792, 111147},
    {"shenzhen", 114057868, 22543099, 102864, 110738},
    {"montreal", -73567256, 45501689, 78156, 111142},
    {"melbourne", 144963058, -37813628, 88054, 110993},
};
#define N_CITIES ((int)(sizeof CITIES / sizeof CITIES[0]))

/* (cos, sin) × 10000 of 0°, 5°, ..., 355° (counter-clockwise from east). */
static const int DIRS[72][2] = {
    {10000, 0},     {9962, 872},    {9848, 1736},   {9659, 2588},   {9397, 3420},   {9063, 4226},
    {8660, 5000},   {8192, 5736},   {7660, 6428},   {7071, 7071},   {6428, 7660},   {5736, 8192},
    {5000, 8660},   {4226, 9063},   {3420, 9397},   {2588, 9659},   {1736, 9848},   {872, 9962},
    {0, 10000},     {-872, 9962},   {-1736, 9848},  {-2588, 9659},  {-3420, 9397},  {-4226, 9063},
    {-5000, 8660},  {-5736, 8192},  {-6428, 7660},  {-7071, 7071},  {-7660, 6428},  {-8192, 5736},
    {-8660, 5000},  {-9063, 4226},  {-9397, 3420},  {-9659, 2588},  {-9848, 1736},  {-9962, 872},
    {-10000, 0},    {-9962, -872},  {-9848, -1736}, {-9659, -2588}, {-9397, -3420}, {-9063, -4226},
    {-8660, -5000}, {-8192, -5736}, {-7660, -6428}, {-7071, -7071}, {-6428, -7660}, {-5736, -8192},
    {-5000, -8660}, {-4226, -9063}, {-3420, -9397}, {-2588, -9659}, {-1736, -9848}, {-872, -9962},
    {0, -10000},    {872, -9962},   {1736, -9848},  {2588, -9659},  {3420, -9397},  {4226, -9063},
    {5000, -8660},  {5736, -8192},  {6428, -7660},  {7071, -7071},  {7660, -6428},  {8192, -5736},
    {8660, -5000},  {9063, -4226},  {9397, -3420},  {9659, -2588},  {9848, -1736},  {9962, -872},
};

static const char *const COMPASS[8] = {"East", "North-East", "North", "North-West",
                                       "West", "South-West", "South", "South-East"};

static const char *const NAME_A[24] = {
    "Linden", "Maple",  "Harbour",  "Garden", "River", "Willow", "Cedar", "Orchard",
    "Lake",   "Meadow", "Chestnut", "Hill",   "Elm",   "Rose",   "Birch", "Spring",
    "Oak",    "Park",   "Sunrise",  "Bridge", "Mill",  "Ash",    "Heath", "Canal"};
static const char *const NAME_B[12] = {"Court",      "Gardens", "Heights", "Estate",
                                       "Residences", "Village", "Terrace", "Park",
                                       "Place",      "Square",  "Towers",  "Green"};

/* Uniform RNG streams, one per part of the city. */
enum { STREAM_STATIONS = 1, STREAM_TRADEINS = 2, STREAM_DEPOTS = 3, STREAM_FACILITIES = 4 };

/* ---- the generated city ---- */

typedef struct pt {
    int64_t x, y; /* metres east / north of the centre */
} pt;

typedef struct station {
    pt p;
    int compound;    /* index into compounds */
    int number;      /* 1-based within its compound */
    int bins;        /* number of bins */
    int bin_litres;  /* volume of each bin, L */
    int fill;        /* fill level, % (multiple of 5) */
    int density;     /* g per L */
    int64_t litres;  /* bins × bin_litres × fill / 100 */
    int64_t kg;      /* round(litres × density / 1000) */
    int64_t service; /* s */
} station;

typedef struct compound {
    int name_a, name_b, name_n; /* NAME_A, NAME_B indices and a repeat number (0: none) */
} compound;

typedef struct tradein {
    pt p;
    int item;        /* ITEMS index */
    int slot;        /* SLOTS index */
    int64_t service; /* s */
} tradein;

typedef struct site {
    pt p;
    int dir;         /* DIRS index */
    int64_t service; /* facility unload time, s (0 for depots) */
} site;

typedef struct gen {
    const city *c;
    int n_st, n_ti, n_dep, n_fac, n_truck, n_van, n_comp;
    int reloads, matrix;
    station *st;
    compound *comp;
    tradein *ti;
    site *dep, *fac;
} gen;

/* a / b rounded half away from zero, b > 0. */
static int64_t div_round(int64_t a, int64_t b) {
    return a >= 0 ? (a + b / 2) / b : -((-a + b / 2) / b);
}

/* A uniform point in the disc of radius r around c. */
static pt in_disc(rd_rng *rng, pt c, int64_t r) {
    for (;;) {
        int64_t x = rd_rng_range(rng, -r, r), y = rd_rng_range(rng, -r, r);
        if (x * x + y * y <= r * r) return (pt){c.x + x, c.y + y};
    }
}

/* A point of the city disc, denser towards the centre: density 1 − 0.6 (r/R)². */
static pt city_point(rd_rng *rng) {
    const int64_t r2max = (int64_t)CITY_RADIUS * CITY_RADIUS;
    for (;;) {
        pt p = in_disc(rng, (pt){0, 0}, CITY_RADIUS);
        int64_t r2 = p.x * p.x + p.y * p.y;
        if ((int64_t)rd_rng_below(rng, (uint64_t)(10 * r2max)) >= 6 * r2) return p;
    }
}

/* A point at distance [rmin, rmax] in direction DIRS[dir]. */
static pt polar(rd_rng *rng, int dir, int64_t rmin, int64_t rmax) {
    int64_t r = rd_rng_range(rng, rmin, rmax);
    return (pt){div_round(r * DIRS[dir][0], 10000), div_round(r * DIRS[dir][1], 10000)};
}

/* Directions of `n` sites spread round the city from a random base, each
 * jittered by up to ±10°. */
static void spread(rd_rng *rng, site *s, int n, int64_t rmin, int64_t rmax) {
    int base = (int)rd_rng_below(rng, 72);
    for (int k = 0; k < n; k++) {
        int dir = (int)((base + k * 72 / n + rd_rng_range(rng, -2, 2) + 72) % 72);
        s[k].dir = dir;
        s[k].p = polar(rng, dir, rmin, rmax);
    }
}

static const char *compass(int dir) {
    return COMPASS[((dir * 10 + 45) / 90) % 8];
}

static int build(gen *g, uint64_t seed, int trucks, int vans) {
    rd_rng rng;
    g->st = calloc(g->n_st ? (size_t)g->n_st : 1, sizeof *g->st);
    g->comp = calloc(g->n_st ? (size_t)g->n_st : 1, sizeof *g->comp);
    g->ti = calloc(g->n_ti ? (size_t)g->n_ti : 1, sizeof *g->ti);
    g->dep = calloc((size_t)g->n_dep, sizeof *g->dep);
    g->fac = calloc(g->n_fac ? (size_t)g->n_fac : 1, sizeof *g->fac);
    if (!g->st || !g->comp || !g->ti || !g->dep || !g->fac) return -1;

    /* Stations, compound by compound. Compound c is named (NAME_A[pa[c % 24]],
     * NAME_B[pb[(c + c / 24) % 12]]): the 288 pairs each once (c / 24 is
     * recovered from the two indices), then again with a number. */
    rd_rng_seed(&rng, seed, STREAM_STATIONS);
    int pa[24], pb[12];
    for (int k = 0; k < 24; k++) pa[k] = k;
    for (int k = 0; k < 12; k++) pb[k] = k;
    rd_rng_shuffle_int(&rng, pa, 24);
    rd_rng_shuffle_int(&rng, pb, 12);
    int64_t total = 0;
    for (int i = 0; i < g->n_st;) {
        int c = g->n_comp++;
        int k = (int)rd_rng_range(&rng, COMPOUND_MIN, COMPOUND_MAX);
        if (k > g->n_st - i) k = g->n_st - i;
        pt centre = city_point(&rng);
        int64_t radius = rd_rng_range(&rng, COMPOUND_RMIN, COMPOUND_RMAX);
        g->comp[c] = (compound){pa[c % 24], pb[(c + c / 24) % 12], c / 288 ? c / 288 + 1 : 0};
        for (int j = 0; j < k; j++, i++) {
            station *s = &g->st[i];
            s->p = in_disc(&rng, centre, radius);
            s->compound = c;
            s->number = j + 1;
            s->bins = (int)rd_rng_range(&rng, 2, 8);
            s->bin_litres = BIN_LITRES[rd_rng_below(&rng, 4)];
            s->fill = 5 * (int)rd_rng_range(&rng, 6, 20);
            s->density = 10 * (int)rd_rng_range(&rng, 5, 15);
            s->litres = (int64_t)s->bins * s->bin_litres * s->fill / 100;
            s->kg = div_round(s->litres * s->density, 1000);
            s->service = 60 + 45 * (int64_t)s->bins;
            total += s->litres;
        }
    }

    rd_rng_seed(&rng, seed, STREAM_TRADEINS);
    for (int i = 0; i < g->n_ti; i++) {
        tradein *t = &g->ti[i];
        t->p = in_disc(&rng, city_point(&rng), HOME_SCATTER);
        t->item = (int)rd_rng_below(&rng, N_ITEMS);
        t->slot = (int)rd_rng_below(&rng, N_SLOTS);
        t->service = 60 * rd_rng_range(&rng, 5, 10);
    }

    rd_rng_seed(&rng, seed, STREAM_DEPOTS);
    spread(&rng, g->dep, g->n_dep, DEPOT_RMIN, DEPOT_RMAX);
    rd_rng_seed(&rng, seed, STREAM_FACILITIES);
    spread(&rng, g->fac, g->n_fac, FACILITY_RMIN, FACILITY_RMAX);
    for (int k = 0; k < g->n_fac; k++) g->fac[k].service = 60 * rd_rng_range(&rng, 10, 20);

    /* Trucks: enough for at most three truckloads each, ⌈station volume / 72,000 L⌉. */
    const int64_t per_truck = (int64_t)LOADS_PER_TRUCK * TRUCK_VOLUME;
    int64_t need = (total + per_truck - 1) / per_truck;
    g->n_truck = trucks >= 0 ? trucks : (int)need;
    g->n_van = vans >= 0 ? vans : (g->n_ti + TRADEINS_PER_VAN - 1) / TRADEINS_PER_VAN;
    return 0;
}

static void destroy(gen *g) {
    free(g->st);
    free(g->comp);
    free(g->ti);
    free(g->dep);
    free(g->fac);
}

/* ---- writing ---- */

static void put_udeg(FILE *f, int64_t v) {
    if (v < 0) {
        fputc('-', f);
        v = -v;
    }
    fprintf(f, "%" PRId64 ".%06" PRId64, v / 1000000, v % 1000000);
}

static int64_t lon_of(const gen *g, pt p) {
    return g->c->lon + div_round(p.x * 1000000, g->c->m_lon);
}
static int64_t lat_of(const gen *g, pt p) {
    return g->c->lat + div_round(p.y * 1000000, g->c->m_lat);
}

/* "location": [lon, lat] and, with --matrix, its "<ikey>": index. */
static void put_loc(FILE *f, const gen *g, const char *lkey, const char *ikey, pt p, int index) {
    fprintf(f, "\"%s\": [", lkey);
    put_udeg(f, lon_of(g, p));
    fputs(", ", f);
    put_udeg(f, lat_of(g, p));
    fputc(']', f);
    if (g->matrix) fprintf(f, ", \"%s\": %d", ikey, index);
}

/* Matrix location numbering: depots, facilities (with reloads), stations, trade-ins. */
static int n_locations(const gen *g) {
    return g->n_dep + (g->reloads ? g->n_fac : 0) + g->n_st + g->n_ti;
}

static pt location(const gen *g, int k) {
    if (k < g->n_dep) return g->dep[k].p;
    k -= g->n_dep;
    if (g->reloads) {
        if (k < g->n_fac) return g->fac[k].p;
        k -= g->n_fac;
    }
    if (k < g->n_st) return g->st[k].p;
    return g->ti[k - g->n_st].p;
}

static void put_vehicle(FILE *f, const gen *g, int id, int is_truck, int index, int depot) {
    fprintf(f, "    {\"id\": %d, \"description\": \"%s %d, depot %d\", ", id,
            is_truck ? "truck" : "van", index + 1, depot + 1);
    put_loc(f, g, "start", "start_index", g->dep[depot].p, depot);
    fputs(", ", f);
    put_loc(f, g, "end", "end_index", g->dep[depot].p, depot);
    if (is_truck) {
        fprintf(f,
                ", \"capacity\": [%d, %d], \"skills\": [%d], \"time_window\": [%d, %d], "
                "\"breaks\": [{\"id\": %d, \"description\": \"lunch\", \"time_windows\": [[%d, "
                "%d]], \"service\": %d}]",
                TRUCK_VOLUME, TRUCK_WEIGHT, SKILL_LIFTER, TRUCK_START, TRUCK_END, id,
                TRUCK_BREAK_FROM, TRUCK_BREAK_TO, LUNCH);
        if (g->reloads) {
            fputs(", \"reload_facilities\": [", f);
            for (int k = 0; k < g->n_fac; k++) fprintf(f, "%s%d", k ? ", " : "", k + 1);
            fprintf(f, "], \"end_empty\": true, \"max_working_time\": %d", TRUCK_WORK);
        }
    } else {
        fprintf(f,
                ", \"capacity\": [%d, %d], \"skills\": [%d], \"time_window\": [%d, %d], "
                "\"breaks\": [{\"id\": %d, \"description\": \"lunch\", \"time_windows\": [[%d, "
                "%d]], \"service\": %d}]",
                VAN_VOLUME, VAN_WEIGHT, SKILL_CAGE, VAN_START, VAN_END, id, VAN_BREAK_FROM,
                VAN_BREAK_TO, LUNCH);
    }
    fputc('}', f);
}

static void put_compound_name(FILE *f, const gen *g, int c) {
    const compound *k = &g->comp[c];
    fprintf(f, "%s %s", NAME_A[k->name_a], NAME_B[k->name_b]);
    if (k->name_n) fprintf(f, " %d", k->name_n);
}

static void put_matrix(FILE *f, const gen *g, int durations) {
    int n = n_locations(g);
    fprintf(f, "    \"%s\": [\n", durations ? "durations" : "distances");
    for (int a = 0; a < n; a++) {
        pt pa = location(g, a);
        double la = (double)lat_of(g, pa) * 1e-6, oa = (double)lon_of(g, pa) * 1e-6;
        fputs("      [", f);
        for (int b = 0; b < n; b++) {
            pt pb = location(g, b);
            double lb = (double)lat_of(g, pb) * 1e-6, ob = (double)lon_of(g, pb) * 1e-6;
            double d = rd_geo_haversine(oa, la, ob, lb);
            double v = durations ? d * MATRIX_DETOUR / MATRIX_SPEED : d;
            fprintf(f, "%s%" PRId64, b ? ", " : "", (int64_t)floor(v + 0.5));
        }
        fprintf(f, "]%s\n", a + 1 < n ? "," : "");
    }
    fprintf(f, "    ]%s\n", durations ? "," : "");
}

static int write_city(FILE *f, void *ctx) {
    const gen *g = ctx;
    const int fac0 = g->n_dep, st0 = fac0 + (g->reloads ? g->n_fac : 0), ti0 = st0 + g->n_st;
    fputs("{\n  \"vehicles\": [\n", f);
    int nv = g->n_truck + g->n_van;
    for (int v = 0; v < nv; v++) {
        int is_truck = v < g->n_truck, index = is_truck ? v : v - g->n_truck;
        put_vehicle(f, g, v + 1, is_truck, index, v % g->n_dep); /* round robin over depots */
        fputs(v + 1 < nv ? ",\n" : "\n", f);
    }
    fputs("  ],\n", f);
    if (g->reloads) {
        fputs("  \"facilities\": [\n", f);
        for (int k = 0; k < g->n_fac; k++) {
            const site *s = &g->fac[k];
            fprintf(f, "    {\"id\": %d, \"description\": \"recycling centre %d (%s)\", ", k + 1,
                    k + 1, compass(s->dir));
            put_loc(f, g, "location", "location_index", s->p, fac0 + k);
            fprintf(f, ", \"service\": %" PRId64, s->service);
            if (k % 2 == 0)
                fputs(", \"time_windows\": [[21600, 64800]]}", f);
            else
                fputs(", \"time_windows\": [[25200, 43200], [45000, 61200]]}", f);
            fputs(k + 1 < g->n_fac ? ",\n" : "\n", f);
        }
        fputs("  ],\n", f);
    }
    fputs("  \"jobs\": [\n", f);
    int nj = g->n_st + g->n_ti;
    for (int i = 0; i < g->n_st; i++) {
        const station *s = &g->st[i];
        fprintf(f, "    {\"id\": %d, \"description\": \"", i + 1);
        put_compound_name(f, g, s->compound);
        fprintf(f, ", station %d: %d x %d L bins, %d %% full\", ", s->number, s->bins,
                s->bin_litres, s->fill);
        put_loc(f, g, "location", "location_index", s->p, st0 + i);
        fprintf(f,
                ", \"service\": %" PRId64 ", \"pickup\": [%" PRId64 ", %" PRId64
                "], \"skills\": [%d]}",
                s->service, s->litres, s->kg, SKILL_LIFTER);
        fputs(i + 1 < nj ? ",\n" : "\n", f);
    }
    for (int i = 0; i < g->n_ti; i++) {
        const tradein *t = &g->ti[i];
        const item *it = &ITEMS[t->item];
        int id = g->n_st + i + 1;
        fprintf(f, "    {\"id\": %d, \"description\": \"trade-in %d: %s, %02d:00-%02d:00\", ", id,
                i + 1, it->name, (int)(SLOTS[t->slot][0] / 3600), (int)(SLOTS[t->slot][1] / 3600));
        put_loc(f, g, "location", "location_index", t->p, ti0 + i);
        fprintf(f,
                ", \"service\": %" PRId64 ", \"pickup\": [%d, %d], \"skills\": [%d], "
                "\"time_windows\": [[%" PRId64 ", %" PRId64 "]]}",
                t->service, it->litres, it->kg, SKILL_CAGE, SLOTS[t->slot][0], SLOTS[t->slot][1]);
        fputs(g->n_st + i + 1 < nj ? ",\n" : "\n", f);
    }
    fputs("  ]", f);
    if (g->matrix) {
        fputs(",\n  \"matrices\": {\"car\": {\n", f);
        put_matrix(f, g, 1);
        put_matrix(f, g, 0);
        fputs("  }}", f);
    }
    return fputs("\n}\n", f) != EOF;
}

/* ---- the command ---- */

static void usage(FILE *f) {
    fputs("usage: rondo generate [--stations N] [--tradeins M] [--depots D] [--facilities F]\n"
          "                      [--seed S] [--city NAME] [--trucks K] [--vans K]\n"
          "                      [--no-reloads] [--matrix] [-o FILE]\n"
          "\n"
          "Writes a realistic collection-round city as a VROOM JSON instance (with\n"
          "rondo's extensions): recycling stations in residential compounds, trade-in\n"
          "bookings with two-hour slots, trucks that must reload at recycling centres,\n"
          "vans with a secure cage, depots on the city edge. Locations are [lon, lat].\n"
          "The same flags give the same bytes on every machine.\n"
          "\n"
          "  --stations N    recycling stations (jobs), default 300\n"
          "  --tradeins M    trade-in bookings (jobs with skill 1), default 40\n"
          "  --depots D      depots on the city edge, 1-50, default 2\n"
          "  --facilities F  recycling centres (facilities), 0-50, default 2\n"
          "  --seed S        random seed, default 1\n"
          "  --city NAME     hamburg (default), lyon, shenzhen, montreal, melbourne\n"
          "  --trucks K      trucks (default: about three truckloads of station volume each)\n"
          "  --vans K        vans (default: one per 10 trade-ins)\n"
          "  --no-reloads    leave out facilities, reload_facilities, end_empty and\n"
          "                  max_working_time (an instance for a solver without reloads)\n"
          "  --matrix        add matrices.car (haversine distances, durations at 8.3 m/s\n"
          "                  with a detour factor of 1.3) and location indices\n"
          "  -o FILE         write to FILE (temporary name, then renamed); default stdout\n"
          "\n"
          "exit codes: 0 success, 1 internal error, 2 input error\n",
          f);
}

enum {
    G_HELP = 1,
    G_STATIONS,
    G_TRADEINS,
    G_DEPOTS,
    G_FACILITIES,
    G_SEED,
    G_TRUCKS,
    G_VANS,
    G_CITY,
    G_OUTPUT,
    G_NO_RELOADS,
    G_MATRIX
};

static const rd_opt GEN_OPTS[] = {
    {'h', "help", 0, G_HELP},
    {0, "stations", 1, G_STATIONS},
    {0, "tradeins", 1, G_TRADEINS},
    {0, "depots", 1, G_DEPOTS},
    {0, "facilities", 1, G_FACILITIES},
    {0, "seed", 1, G_SEED},
    {0, "trucks", 1, G_TRUCKS},
    {0, "vans", 1, G_VANS},
    {0, "city", 1, G_CITY},
    {'o', "output", 1, G_OUTPUT},
    {0, "no-reloads", 0, G_NO_RELOADS},
    {0, "matrix", 0, G_MATRIX},
};

/* What the command line says. */
typedef struct gen_opts {
    gen *g;
    uint64_t seed;
    int trucks, vans; /* -1: the city's default */
    const char *out;
} gen_opts;

static int gen_apply(void *ctx, int id, const char *flag, const char *v, char *msg, size_t size) {
    gen_opts *o = ctx;
    gen *g = o->g;
    int bad = 0;
    switch (id) {
    case 0: snprintf(msg, size, "generate: unexpected argument '%s'", v); return RD_ARGS_ERROR;
    case G_HELP: usage(stdout); return RD_ARGS_DONE;
    case G_STATIONS: bad = rd_argm_int(flag, v, 0, MAX_COUNT, &g->n_st, msg, size); break;
    case G_TRADEINS: bad = rd_argm_int(flag, v, 0, MAX_COUNT, &g->n_ti, msg, size); break;
    case G_DEPOTS: bad = rd_argm_int(flag, v, 1, MAX_SITES, &g->n_dep, msg, size); break;
    case G_FACILITIES: bad = rd_argm_int(flag, v, 0, MAX_SITES, &g->n_fac, msg, size); break;
    case G_SEED: bad = rd_argm_uint64(flag, v, &o->seed, msg, size); break;
    case G_TRUCKS: bad = rd_argm_int(flag, v, 0, MAX_VEHICLES, &o->trucks, msg, size); break;
    case G_VANS: bad = rd_argm_int(flag, v, 0, MAX_VEHICLES, &o->vans, msg, size); break;
    case G_CITY:
        g->c = NULL;
        for (int k = 0; k < N_CITIES; k++)
            if (!strcmp(v, CITIES[k].name)) g->c = &CITIES[k];
        if (!g->c) {
            snprintf(msg, size,
                     "--city: unknown city '%s' (known: hamburg, lyon, shenzhen, montreal, "
                     "melbourne)",
                     v);
            bad = 1;
        }
        break;
    case G_OUTPUT: o->out = v; break;
    case G_NO_RELOADS: g->reloads = 0; break;
    case G_MATRIX: g->matrix = 1; break;
    }
    return bad ? RD_ARGS_ERROR : RD_ARGS_RUN;
}

int rd_cmd_generate(int argc, char **argv) {
    gen g = {0};
    g.c = &CITIES[0];
    g.n_st = 300;
    g.n_ti = 40;
    g.n_dep = 2;
    g.n_fac = 2;
    g.reloads = 1;
    gen_opts o = {&g, 1, -1, -1, NULL};
    char msg[256] = "";
    int pr = rd_args_parse(argc, argv, GEN_OPTS, (int)(sizeof GEN_OPTS / sizeof *GEN_OPTS),
                           gen_apply, &o, msg, sizeof msg);
    if (pr == RD_ARGS_DONE) return 0;
    if (pr == RD_ARGS_RUN) msg[0] = '\0';
    if (!msg[0] && g.n_st + g.n_ti == 0)
        snprintf(msg, sizeof msg, "nothing to generate: --stations and --tradeins are both 0");
    if (!msg[0] && g.reloads && (g.n_st > 0 || o.trucks > 0) && g.n_fac == 0)
        snprintf(msg, sizeof msg,
                 "--facilities: trucks with reloads need at least 1 facility (or give "
                 "--no-reloads)");
    if (!msg[0] && g.matrix && n_locations(&g) > MAX_MATRIX)
        snprintf(msg, sizeof msg, "--matrix: %d locations, at most %d (leave --matrix out)",
                 n_locations(&g), MAX_MATRIX);
    if (msg[0]) {
        fprintf(stderr, "rondo: error: %s\n", msg);
        return 2;
    }
    if (build(&g, o.seed, o.trucks, o.vans)) {
        fprintf(stderr, "rondo: error: out of memory\n");
        destroy(&g);
        return 1;
    }
    int rc = rd_out_write(o.out, write_city, &g);
    destroy(&g);
    return rc;
}
