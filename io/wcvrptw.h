/* wcvrptw: reads the waste-collection instances of Kim, Kim & Sahoo (2006)
 * (`*_stop.txt`; ../shared/instances/wcvrptw/README.md has the format) into a
 * model that carries every rule of the paper:
 *
 *   line 1 vehicle capacity (yd³), 2 yardage per vehicle per day, 3 stops
 *   per vehicle per day, 4 lunch duration (s), 5 speed (mph) — each number
 *   first on its line, `//` comments after it; a header line; then rows
 *   `id x(ft) y(ft) earliest(HHMM) latest(HHMM) service(s) load(yd³) type`
 *   with type 0 the depot (its window is the working day), 1 a stop, 2 a
 *   landfill.
 *
 * Model: one location per row; times in 1/100 s (scale 100; travel = the
 * Manhattan distance in feet / 5280 at the speed, rounded to the hundredth);
 * travel cost = travel time; distances in feet; amounts in 1/100 yd³. Stops
 * are jobs (pickup = load, service, window on the start of service). The
 * fleet: `vehicles` identical trucks (RD_WCVRPTW_DEFAULT_FLEET: 1.5 × the
 * daily-yardage lower bound + 2 when 0), each a vehicle type of count 1
 * (breaks and reloads belong to one vehicle) with capacity per trip, the
 * daily yardage as shift capacity, the daily stops as max_tasks, the depot's
 * window as shift, end_empty (the last trip ends with a dump), a lunch break
 * (the lunch duration, starting between 11:00 and 12:00) and reload tasks at
 * every landfill (their service and windows; per landfill
 * max(2, ceil(2 × trips / landfills)) copies, trips = ceil(daily yardage /
 * capacity), at most 64), and a fixed cost of 10^8 (10^6 s) so that fewer
 * vehicles come first, as in the paper.
 *
 * Errors: RD_ERR_INPUT "path:line: problem" (missing or non-numeric header
 * values, a row with fewer than 8 values, an unknown stop type, no depot or
 * two, a stop whose load exceeds the capacity, a window ending before it
 * starts, no landfill); RD_ERR_NOMEM. On failure *out is NULL. */
#ifndef RD_WCVRPTW_H
#define RD_WCVRPTW_H

#include "io/lex.h"
#include "model/model.h"

/* Nonzero when the text at the cursor looks like this format: a number
 * followed by a `//` comment on the first non-blank line. */
int rd_wcvrptw_sniff(const rd_lex *lx);

/* Parses the instance at the cursor of `lx` with `vehicles` trucks (0: the
 * default above) into *out. */
rd_status rd_wcvrptw_parse(rd_lex *lx, int vehicles, rd_model **out, rd_error *err);

#endif
