/* report: a plan as one self-contained HTML page, for the dispatcher who
 * reads tomorrow's routes in the morning and hands each driver a sheet.
 *
 * The page needs nothing from a network: CSS and JS inline, the map an
 * inline SVG drawn from the answer's coordinates (io/map.h's frame, road
 * paths when the answer has them), no fonts, tiles or scripts from
 * elsewhere. It holds, in order:
 *  - a summary band: stops served and left out (the reasons counted),
 *    vehicles used, travel, service and waiting time, distance, reloads,
 *    cost, and the lower bound and gap when the answer has one;
 *  - the map (when every located step has coordinates): one colour per
 *    route, depots as squares, reload points as diamonds, unassigned tasks as
 *    red crosses; each stop has a <title> tooltip (works without JS), and with
 *    JS a click or Enter shows its id, description, time window and arrival,
 *    and a check box per route shows or hides it;
 *  - per route, the driver's sheet: a table of its steps (order, type, id,
 *    description, time window, arrival, waiting, departure, load after the
 *    step) with reload and break steps, and a chart of the load over the day
 *    (the first capacity dimension, as a share of the vehicle's capacity)
 *    above each stop's time window and arrival;
 *  - the unassigned tasks with their reasons.
 * A print stylesheet puts each route on its own page. Without JS everything
 * but the toggles and the click panel is there; every stop of the map is
 * reachable with the keyboard (tab, Enter).
 *
 * Every figure is the answer's (arrivals, loads, costs), so the page never
 * disagrees with the plan; the input gives what the answer does not carry:
 * time windows and capacities. Rows carry their figures in data-*
 * attributes (data-type, data-id, data-arrival in seconds, data-load) for
 * tools that check the page. Times: clock time of day (HH:MM, "+Nd" after
 * the first day) for values below 10^8 s, UTC date and time above (Unix
 * timestamps).
 *
 * Thread-safe; no state. */
#ifndef RD_REPORT_H
#define RD_REPORT_H

#include <stddef.h>
#include <stdio.h>

#include "io/map.h"
#include "model/status.h"

typedef struct rd_report_src {
    const char *name;  /* the plan's name in the title (the input file's), not NULL */
    const char *input; /* the VROOM JSON input, input_len bytes */
    size_t input_len;
    const char *answer; /* its answer (code 0), answer_len bytes */
    size_t answer_len;
    const rd_map *map;  /* the plan drawn (rd_map_from_answer), or NULL: no map */
    const char *no_map; /* when map is NULL: why, one sentence (shown instead) */
} rd_report_src;

/* Writes the page. RD_ERR_INPUT when the answer is not a plan (code 0 with
 * routes) or a step names a job, shipment step or vehicle the input lacks
 * (the message names the route and step); RD_ERR_INTERNAL when writing
 * fails; RD_ERR_NOMEM. */
rd_status rd_report_write(FILE *f, const rd_report_src *src, rd_error *err);

/* One line of a batch's index page. */
typedef struct rd_report_entry {
    const char *input;  /* the input's path */
    const char *plan;   /* its plan's path (relative to the index), or NULL: none */
    const char *report; /* its report's path (relative to the index), or NULL: none */
    const char *status; /* "ok", "interrupted", "error (exit 2)", ... */
    const char *cost;   /* as the plan writes it, or NULL */
    int routes, unassigned;
    double seconds;
} rd_report_entry;

/* Writes a batch's index page: a table of the inputs with their status,
 * cost, routes, unassigned tasks and links to each plan and report.
 * RD_ERR_INTERNAL when writing fails. */
rd_status rd_report_write_index(FILE *f, const char *title, const rd_report_entry *e, int n,
                                rd_error *err);

#endif
