/* http: the routing servers' HTTP transport (libcurl's multi interface), shared by
 * every provider of io/router.h (io/router_osrm.c, router_valhalla.c, router_ors.c).
 *
 * rd_http_run sends a set of prepared requests (GET, or POST with a JSON body),
 * at most o->max_parallel at a time over one curl multi handle, new requests in
 * index order. HTTP 429, 5xx and failed or dropped connections are retried up to
 * o->retries times after o->backoff_ms, doubled each time (a 429's Retry-After in
 * seconds is honoured instead), each wait capped at o->max_wait_ms. Any other
 * answer goes to the caller's on_answer, which reads it. Requests belong to groups
 * (a matrix, one route): a failure ends its group (the group's other requests are
 * abandoned) and the other groups go on. o->cancel, when set, is looked at at
 * least every 100 ms: once it is nonzero every unfinished group fails with
 * "interrupted before any plan exists".
 *
 * Thread safety: no global state; one call per thread at a time on its own
 * requests, after curl_global_init (rd_router_global_init). */
#ifndef RD_HTTP_H
#define RD_HTTP_H

#include <stddef.h>
#include <stdint.h>

#include "model/status.h"

/* How requests are sent (io/router.h's rd_router_cfg says what each means). */
typedef struct rd_http_opts {
    const char *label;          /* first word of messages, e.g. "osrm" */
    int max_parallel;           /* requests in flight at once (>= 1) */
    long connect_timeout_ms;    /* per connection attempt */
    long timeout_ms;            /* per request, whole transfer (not retried) */
    int retries;                /* retries of one request after 429/5xx/connection failure */
    long backoff_ms;            /* first wait before a retry, doubled each time */
    long max_wait_ms;           /* cap of one wait, Retry-After included */
    size_t max_response;        /* bytes per answer; larger is an error */
    const volatile int *cancel; /* nonzero: stop (NULL: never) */
} rd_http_opts;

/* One request. The caller sets url, body, where, group and owner (zero the rest
 * first); rd_http_run fills the answer; rd_http_req_free releases it. */
typedef struct rd_http_req {
    char *url;       /* malloc'd */
    char *body;      /* malloc'd JSON text to POST, or NULL: GET */
    char where[640]; /* the request in messages: the service URL (and block or piece) */
    int group;       /* 0 .. n_groups - 1 */
    void *owner;     /* the caller's own record of the request, for on_answer */
    char *buf;       /* the answer's body, NUL-terminated (may be NULL when empty) */
    size_t len;      /* its length in bytes */
    /* transport state */
    void *h;               /* the CURL easy handle while in flight */
    size_t cap;            /* bytes allocated in buf */
    size_t limit;          /* max_response of the run */
    int overflow;          /* the answer passed limit */
    long retry_after_s;    /* Retry-After of the last answer, -1 when none */
    int attempts;          /* requests sent so far */
    int64_t not_before_ms; /* monotonic time before which it must not be (re)sent */
    int done;              /* answered and read, or abandoned with its group */
} rd_http_req;

/* Reads request r's answer (HTTP status `http`, body r->buf / r->len): RD_OK when
 * it is done with, or an error recorded in `err` (the group's), which ends r's
 * group. */
typedef rd_status (*rd_http_answer_fn)(void *user, rd_http_req *r, long http, rd_error *err);

/* Sends the nreq requests reqs[k] as described above and hands each answer to
 * on_answer(user, ...). group_st[g] (n_groups entries) receives RD_OK when every
 * request of group g was read, else the status of the failure that ended it, its
 * message in group_err[g] (n_groups entries, cleared first). Returns RD_OK when
 * every group succeeded, else the status of the lowest failed group. Answers stay
 * in the requests until rd_http_req_free. Cost: the requests' transfers; memory:
 * their answers. */
rd_status rd_http_run(const rd_http_opts *o, rd_http_req *const *reqs, int nreq, int n_groups,
                      rd_status *group_st, rd_error *group_err, rd_http_answer_fn on_answer,
                      void *user);

/* Frees what r owns (url, body, answer) and zeroes those fields. Accepts NULL. */
void rd_http_req_free(rd_http_req *r);

#endif
