/* instance: reads a benchmark instance file whatever its format.
 *
 * The format is recognised from the content, not the file name: a VRPLIB
 * file starts with `KEY : value` specification lines (NAME, TYPE, DIMENSION,
 * ...); a Solomon/Homberger file has a name line, then VEHICLE / NUMBER
 * CAPACITY and CUSTOMER blocks.
 *
 * `round` selects the distance convention; RD_ROUND_NONE takes the format's
 * customary default: VRPLIB without time windows nint, VRPLIB with time
 * windows and Solomon trunc1 (DIMACS).
 *
 * On success *out owns a validated model (free with rd_model_destroy). On
 * failure *out is NULL and err names `file:line: problem` (RD_ERR_INPUT). */
#ifndef RD_INSTANCE_H
#define RD_INSTANCE_H

#include "io/limits.h"
#include "model/model.h"

typedef enum rd_format { RD_FORMAT_UNKNOWN = 0, RD_FORMAT_VRPLIB, RD_FORMAT_SOLOMON } rd_format;

rd_status rd_instance_read(const char *path, rd_round round, rd_model **out, rd_error *err);

/* rd_instance_read under the size limits `lim` (io/limits.h; NULL: the
 * defaults): a file beyond them is an input error naming the line. */
rd_status rd_instance_read_limited(const char *path, rd_round round, const rd_limits *lim,
                                   rd_model **out, rd_error *err);

/* Parses a convention name: "nint", "trunc1" (alias "dimacs"), "exact".
 * Returns 0 and sets *out, or -1 for an unknown name. */
int rd_round_parse(const char *name, rd_round *out);

#endif
