/* json_reader: the VROOM JSON reader's own interface between its files
 * (private to io/json_*.c; the public one is io/json_in.h).
 *
 *   io/json_fields.c  the fields: options, vehicles, jobs, shipments, stations,
 *                     facilities, given matrices; every error names its path
 *   io/json_locs.c    locations: indices or coordinates, deduplicated; the
 *                     matrices from coordinates (haversine or a routing server)
 *   io/json_in.c      the model built from what was read; the entry points
 *   io/json_steps.c   vehicles' steps (plan mode, initial solutions) and the
 *                     entry points that read them (rd_json_read_plan,
 *                     rd_json_read_limited)
 *
 * A `reader` holds everything read so far; it owns its arrays (freed by
 * io/json_in.c). Functions return RD_OK or set r->err through rd_jr_bad. */
#ifndef RD_JSON_READER_H
#define RD_JSON_READER_H

#include "io/json_in.h"
#include <inttypes.h>
#include <jansson.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/geo.h"
#include "io/router.h"

#define U32_MAX_S     4294967295LL /* VROOM's default horizon end, seconds */
#define MAX_PROFILES  64           /* distinct (profile, costs, speed) combinations */
#define DEFAULT_HOUR  3600
#define MAX_FILE_SIZE (1L << 30)

/* One vehicle as read, before the model exists. */
typedef struct veh_in {
    int64_t id;
    int start, end;  /* location index or -1 */
    int has_xy[2];   /* start, end given as coordinates */
    double xy[2][2]; /* [start, end] coordinates as given */
    int64_t cap[RD_MAX_DIMS];
    int64_t tw_start, tw_end; /* seconds */
    int has_tw;
    const char *profile;
    int64_t fixed, per_hour, per_km;
    double speed;
    int64_t max_tasks, max_travel_time, max_distance; /* -1: none */
    int model_profile;
    const char *desc;
    int skill_first, skill_n; /* into the reader's skill list */
    int fac_first, fac_n;     /* reload_facilities: facility indices in the reader's list */
    int64_t max_reloads;      /* -1: none given */
    int64_t max_working_time; /* seconds, -1: none */
    int end_empty;
    int has_shift;
    int64_t shift[RD_MAX_DIMS];
} veh_in;

/* One task as read: a job, or one half of a shipment. */
typedef struct job_in {
    int kind; /* rd_task_kind */
    int64_t id;
    int loc;
    int64_t setup, service;
    int64_t del[RD_MAX_DIMS], pick[RD_MAX_DIMS];
    int priority;
    int tw_first, tw_n; /* into the reader's window list */
    int has_coords;
    double lon, lat;
    const char *desc;
    int skill_first, skill_n;  /* into the reader's skill list */
    int owner;                 /* a break's vehicle */
    int has_prize;             /* a job's `prize` was given: optional */
    int station;               /* made from a station (fill0, fill_rate below) */
    double fill0, fill_rate;   /* its fill now (0-1) and per day */
    int64_t prize;             /* ... in VROOM cost units */
    int has_maxl;              /* a break's max_load was given */
    int64_t maxl[RD_MAX_DIMS]; /* ... and is this */
    char path[64];             /* "jobs[3]" or "shipments[2].pickup", for messages */
} job_in;

typedef struct prof_in {
    const char *name;
    int64_t per_hour, per_km;
    double speed;
    int64_t dur_factor;      /* round(100 / speed) */
    int64_t dur_cost_factor; /* round(100 / speed * per_hour) */
} prof_in;

typedef struct mat_in {
    const char *name;
    int n;
    int64_t *dur, *dist, *cost; /* n*n or NULL */
} mat_in;

typedef struct reader {
    rd_error *err;
    rd_json_plan *plan; /* steps go here when non-NULL */
    int plan_mode;      /* VROOM's -c: step bounds; else an initial solution */
    veh_in *veh;
    int n_veh;
    job_in *job; /* jobs, then each shipment's pickup and delivery */
    int n_job;   /* entries of job */
    int n_jobs;  /* of which jobs */
    job_in *fac; /* facilities (kind RD_TASK_RELOAD, owner -1): copied as reload tasks */
    int n_fac;
    int *vfac; /* every vehicle's reload_facilities, as facility indices */
    int n_vfac;
    job_in *brk;     /* breaks of all vehicles, appended to `job` once it is read */
    int n_brk_first; /* task index of brk[0] once appended */
    int n_brk, cap_brk;
    int64_t *sk; /* skills of all tasks and vehicles */
    int n_sk, cap_sk;
    int64_t *tws; /* pairs, seconds */
    int n_tws, cap_tws;
    prof_in prof[MAX_PROFILES];
    int n_prof;
    mat_in *mat;
    int n_mat;
    int amount_size;
    int vrptw;
    int have_matrices; /* `matrices` or `matrix` given; else locations come from coordinates */
    int on_demand;     /* coordinates, no dense matrices: the model computes travel */
    const rd_router_cfg *router; /* not NULL: those come from this routing server */
    int unassign_unroutable;     /* options.unroutable "unassign" (else "error") */
    unsigned char *loc_bad;      /* [n_locs] the server could not route it (unassign mode) */
    const char *crs;             /* top-level `crs`, or NULL: [lon, lat] on WGS84 */
    const json_t *speeds;        /* options.speeds (checked), or NULL */
    double detour;               /* options.detour, default RD_GEO_DEFAULT_DETOUR */
    int n_locs;                  /* coordinates mode: distinct coordinates (the matrices' size) */
    double *loc_xy;              /* [2 n_locs] their coordinates as given */
    int *loc_owner;       /* [n_locs] first user: -1 - (2k + e) vehicle k's start (e 0) or end
                             (e 1), else a task index */
    rd_geo_points pts;    /* the locations' coordinates converted (coordinates mode, and for
                             geometry and maps whenever every location has coordinates) */
    const rd_limits *lim; /* size limits (io/limits.h) */
} reader;

/* `collection_policy`: defaults threshold 0.8, horizon_days 1, prize_per_litre
 * 0, now 0, volume_dim 0, weight_dim 1 (when the amounts have two dimensions). */
typedef struct policy_in {
    double threshold, horizon_days, prize_per_litre;
    int64_t now;
    int volume_dim, weight_dim;
} policy_in;

typedef struct id_at {
    int kind; /* ids are unique per kind (jobs, pickups, deliveries), as in VROOM */
    int64_t id;
    int at;
} id_at;

/* ---- io/json_fields.c ---- */
/* The JSON text parsed (duplicate keys refused), or RD_ERR_INPUT naming the
 * line and column of a syntax error. *root is owned by the caller. */
rd_status rd_jr_parse_json(const char *text, size_t len, const char *source, json_t **root,
                           rd_error *err);
/* An unsigned integer member that fits VROOM's 32 bits (absent: *out kept). */
rd_status rd_jr_get_u32(reader *r, const json_t *obj, const char *key, const char *path,
                        int64_t *out);
/* Room for a matrix per profile (r->mat), or RD_ERR_NOMEM. */
rd_status rd_jr_matrix_slots(reader *r);
/* The next matrix slot for profile q, or NULL when its name has one already. */
mat_in *rd_jr_profile_matrix(reader *r, int q);
/* Sets r->err to "path: message" (RD_ERR_INPUT) and returns RD_ERR_INPUT. */
rd_status rd_jr_bad(reader *r, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
rd_status rd_jr_nomem(reader *r);
int rd_jr_is_uint(const json_t *v);
rd_status rd_jr_get_uint(reader *r, const json_t *obj, const char *key, const char *path,
                         int64_t *out);
rd_status rd_jr_parse_options(reader *r, const json_t *o, rd_json_options *x);
rd_status rd_jr_parse_facilities(reader *r, const json_t *root);
rd_status rd_jr_add_reloads(reader *r);
rd_status rd_jr_parse_vehicle(reader *r, const json_t *jv, int k);
rd_status rd_jr_parse_policy(reader *r, const json_t *root, policy_in *pol);
rd_status rd_jr_parse_station(reader *r, const json_t *js, int k, job_in *j, const policy_in *pol,
                              int64_t t_max);
rd_status rd_jr_parse_job(reader *r, const json_t *jj, int k);
rd_status rd_jr_parse_shipment(reader *r, const json_t *js, int k, job_in *pk, job_in *dl);
int rd_jr_cmp_id_at(const void *a, const void *b);
rd_status rd_jr_check_job_ids(reader *r);
rd_status rd_jr_parse_matrices(reader *r, const json_t *root);

/* ---- io/json_locs.c ---- */
const mat_in *rd_jr_mat_of(const reader *r, const char *name);
rd_status rd_jr_assign_locations(reader *r);
rd_status rd_jr_coordinate_matrices(reader *r);

/* Seconds per metre of profile `name` offline (options.detour over its
 * speed), as rd_geo_matrix computes its durations; the error of a profile
 * without a speed names its first vehicle. */
rd_status rd_jr_profile_per_m(reader *r, const char *name, double *per_m);
rd_status rd_jr_convert_given_coords(reader *r);
/* What every reading starts with (rd_json_read_locations; io/json_in.c's
 * parse_root does the same, r->have_matrices set first): crs, options, vehicles,
 * jobs, stations, shipments, breaks as the last tasks, the reload stops, and the
 * job ids checked. */
rd_status rd_jr_parse_tasks(reader *r, const json_t *root, rd_json_extras *x);
/* Frees what r owns (what the readers allocated); r itself is the caller's. */
void rd_jr_reader_free(reader *r);

/* ---- io/json_in.c ---- */
rd_status rd_jr_read_text(const char *text, size_t len, const char *source, const rd_limits *lim,
                          rd_model **out, rd_json_extras *extras, rd_json_plan *plan, int plan_mode,
                          const rd_router_cfg *router, char **id, rd_error *err);

/* ---- io/json_steps.c ---- */
rd_status rd_jr_parse_steps(reader *r, const json_t *vs);

#endif
