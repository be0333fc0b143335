/* solomon: reads Solomon and Gehring–Homberger VRPTW instances (`.txt`).
 *
 * Layout (blank lines anywhere, CRLF or LF):
 *     C101                                   name line
 *     VEHICLE
 *     NUMBER     CAPACITY                    header words
 *       25         200                       fleet size, capacity
 *     CUSTOMER
 *     CUST NO.  XCOORD. ... SERVICE TIME     one header line
 *         0      40   50    0    0  1236  0  rows of 7 numbers: number, x, y,
 *         1      45   68   10  912   967 90  demand, ready, due, service
 * The first row is the depot and must be customer 0; the others are the
 * tasks in file order with task_id = customer number (numbers unique).
 *
 * Model: one location per row, n_dims 1 (demand -> task_pickup), one window
 * per task [ready, due], one vehicle type with count = NUMBER, capacity =
 * CAPACITY, start = end = depot, shift = the depot's [ready, due]. Distances
 * by io/vrplib's conventions (RD_ROUND_NONE -> trunc1, the DIMACS rule);
 * times × scale. has_tw = 1.
 *
 * Errors: RD_ERR_INPUT "path:line: problem" (missing block, non-numeric or
 * missing value, duplicate customer, negative demand or capacity, demand above
 * capacity, window ending before it starts, no customer rows, more rows or
 * vehicles than the limits allow (io/limits.h; checked as rows arrive,
 * so memory follows the file's size)); RD_ERR_NOMEM when memory runs out. On
 * failure *out is NULL. Work: O(file + n²). */
#ifndef RD_SOLOMON_H
#define RD_SOLOMON_H

#include "io/lex.h"
#include "io/limits.h"
#include "model/model.h"

/* Reads the file `path`. */
rd_status rd_solomon_read(const char *path, rd_round round, rd_model **out, rd_error *err);

/* Reads from an open lexer (cursor at the start of the input). */
rd_status rd_solomon_parse(rd_lex *lx, rd_round round, rd_model **out, rd_error *err);

/* rd_solomon_parse under the limits `lim` (NULL: the defaults). */
rd_status rd_solomon_parse_limited(rd_lex *lx, rd_round round, const rd_limits *lim, rd_model **out,
                                   rd_error *err);

#endif
