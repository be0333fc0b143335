/* router_opts: the routing-server flags shared by `rondo solve` (and VROOM's
 * command line), `rondo serve` and `rondo matrix`: -r/--router, -a/--host,
 * -p/--port with VROOM's meaning, and rondo's --table-limit, --route-limit,
 * --router-connections, --router-timeout, --router-connect-timeout,
 * --router-retries. */
#ifndef RD_ROUTER_OPTS_H
#define RD_ROUTER_OPTS_H

#include <stddef.h>

#include "cli/args.h"
#include "io/router.h"

typedef enum rd_router_flag {
    RD_RF_ROUTER,          /* -r osrm|libosrm|valhalla|ors */
    RD_RF_HOST,            /* -a [profile:]host[/path] */
    RD_RF_PORT,            /* -p [profile:]port */
    RD_RF_TABLE_LIMIT,     /* --table-limit N: locations per request (2..100000) */
    RD_RF_CONNECTIONS,     /* --router-connections N: requests in flight (1..64) */
    RD_RF_TIMEOUT,         /* --router-timeout SEC: per request (0.001..86400) */
    RD_RF_CONNECT_TIMEOUT, /* --router-connect-timeout SEC (0.001..3600) */
    RD_RF_RETRIES,         /* --router-retries N (0..20) */
    RD_RF_ROUTE_LIMIT      /* --route-limit N: stops per route (geometry) request (2..100000) */
} rd_router_flag;

/* The routing flags as rows of a command's option table (cli/args.h): the
 * option id of flag F is RD_ROUTER_OPT + F (every one takes a value). */
#define RD_ROUTER_OPT 1000
// clang-format off
#define RD_ROUTER_OPTS                                                        \
    {'r', "router", 1, RD_ROUTER_OPT + RD_RF_ROUTER},                         \
    {'a', "host", 1, RD_ROUTER_OPT + RD_RF_HOST},                             \
    {'p', "port", 1, RD_ROUTER_OPT + RD_RF_PORT},                             \
    {0, "table-limit", 1, RD_ROUTER_OPT + RD_RF_TABLE_LIMIT},                 \
    {0, "route-limit", 1, RD_ROUTER_OPT + RD_RF_ROUTE_LIMIT},                 \
    {0, "router-connections", 1, RD_ROUTER_OPT + RD_RF_CONNECTIONS},          \
    {0, "router-timeout", 1, RD_ROUTER_OPT + RD_RF_TIMEOUT},                  \
    {0, "router-connect-timeout", 1, RD_ROUTER_OPT + RD_RF_CONNECT_TIMEOUT},  \
    {0, "router-retries", 1, RD_ROUTER_OPT + RD_RF_RETRIES}
// clang-format on

/* 1 when option id `id` is one of RD_ROUTER_OPTS. */
#define RD_IS_ROUTER_OPT(id) ((id) >= RD_ROUTER_OPT && (id) <= RD_ROUTER_OPT + RD_RF_ROUTE_LIMIT)

/* Applies routing flag `which`, spelt `flag` on the command line, with `value` to
 * cfg. Returns 0, or -1 with a message naming the flag in msg[size]. */
int rd_cli_router_flag(rd_router_cfg *cfg, rd_router_flag which, const char *flag,
                       const char *value, char *msg, size_t size);

#endif
