/* router_opts: the routing-server flags shared by `rondo solve` (and VROOM's
 * command line), `rondo serve` and `rondo matrix`: -r/--router, -a/--host,
 * -p/--port with VROOM's meaning, and rondo's --table-limit, --route-limit,
 * --router-connections, --router-timeout, --router-connect-timeout,
 * --router-retries. */
#ifndef RD_ROUTER_OPTS_H
#define RD_ROUTER_OPTS_H

#include <stddef.h>

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

/* The routing flag spelt `flag` ("-r", "--router", ..., "--route-limit"; every one
 * takes a value), or -1 when `flag` is none of them. */
int rd_cli_router_flag_of(const char *flag);

/* Applies routing flag `which`, spelt `flag` on the command line, with `value` to
 * cfg. Returns 0, or -1 with a message naming the flag in msg[size]. */
int rd_cli_router_flag(rd_router_cfg *cfg, rd_router_flag which, const char *flag,
                       const char *value, char *msg, size_t size);

#endif
