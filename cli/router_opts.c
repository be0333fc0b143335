#include "cli/router_opts.h"

#include <stdio.h>
#include <string.h>

#include "cli/args.h"

int rd_cli_router_flag(rd_router_cfg *cfg, rd_router_flag which, const char *flag,
                       const char *value, char *msg, size_t size) {
    rd_error err;
    rd_error_clear(&err);
    rd_status st = RD_OK;
    double sec;
    switch (which) {
    case RD_RF_ROUTER: st = rd_router_parse_kind(flag, value, &cfg->kind, &err); break;
    case RD_RF_HOST: st = rd_router_cfg_set_host(cfg, flag, value, &err); break;
    case RD_RF_PORT: st = rd_router_cfg_set_port(cfg, flag, value, &err); break;
    case RD_RF_TABLE_LIMIT:
        return rd_argm_int(flag, value, 2, 100000, &cfg->max_locations, msg, size);
    case RD_RF_CONNECTIONS: return rd_argm_int(flag, value, 1, 64, &cfg->max_parallel, msg, size);
    case RD_RF_RETRIES: return rd_argm_int(flag, value, 0, 20, &cfg->retries, msg, size);
    case RD_RF_ROUTE_LIMIT:
        return rd_argm_int(flag, value, 2, 100000, &cfg->max_route_stops, msg, size);
    case RD_RF_TIMEOUT:
    case RD_RF_CONNECT_TIMEOUT:
        if (rd_argm_double(flag, value, 0.001, which == RD_RF_TIMEOUT ? 86400.0 : 3600.0, &sec, msg,
                           size))
            return -1;
        if (which == RD_RF_TIMEOUT)
            cfg->timeout_ms = (long)(sec * 1000.0 + 0.5);
        else
            cfg->connect_timeout_ms = (long)(sec * 1000.0 + 0.5);
        return 0;
    }
    if (st == RD_OK) return 0;
    snprintf(msg, size, "%s", err.msg);
    return -1;
}
