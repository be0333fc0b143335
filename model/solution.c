#include "model/solution.h"

#include <stdlib.h>
#include <string.h>

rd_solution *rd_solution_create(void) {
    rd_solution *s = calloc(1, sizeof *s);
    if (s) s->lower_bound = -1;
    return s;
}

void rd_solution_clear(rd_solution *s) {
    for (int r = 0; r < s->n_routes; r++) free(s->routes[r].visits);
    for (int u = 0; u < s->n_unassigned; u++) free(s->unassigned[u].reason);
    s->n_routes = 0;
    s->n_unassigned = 0;
    s->cost = 0;
    s->lower_bound = -1;
}

void rd_solution_destroy(rd_solution *s) {
    if (!s) return;
    rd_solution_clear(s);
    free(s->routes);
    free(s->unassigned);
    free(s);
}

/* Grows *arr (of *cap elements of `size`) to hold at least `need`. */
static int grow(void **arr, int *cap, int need, size_t size) {
    if (need <= *cap) return 1;
    int nc = *cap ? *cap * 2 : 8;
    while (nc < need) nc *= 2;
    void *p = realloc(*arr, (size_t)nc * size);
    if (!p) return 0;
    *arr = p;
    *cap = nc;
    return 1;
}

rd_status rd_solution_add_route(rd_solution *s, int vehicle, const int *visits, int len) {
    if (len < 0) return RD_ERR_INTERNAL;
    if (!grow((void **)&s->routes, &s->cap_routes, s->n_routes + 1, sizeof *s->routes))
        return RD_ERR_NOMEM;
    int *copy = malloc((size_t)(len > 0 ? len : 1) * sizeof *copy);
    if (!copy) return RD_ERR_NOMEM;
    if (len > 0) memcpy(copy, visits, (size_t)len * sizeof *copy);
    rd_route *r = &s->routes[s->n_routes++];
    r->vehicle = vehicle;
    r->len = len;
    r->visits = copy;
    return RD_OK;
}

rd_status rd_solution_add_unassigned(rd_solution *s, int task, const char *reason) {
    if (!grow((void **)&s->unassigned, &s->cap_unassigned, s->n_unassigned + 1,
              sizeof *s->unassigned))
        return RD_ERR_NOMEM;
    char *copy = strdup(reason ? reason : "");
    if (!copy) return RD_ERR_NOMEM;
    s->unassigned[s->n_unassigned].task = task;
    s->unassigned[s->n_unassigned].reason = copy;
    s->n_unassigned++;
    return RD_OK;
}

rd_status rd_solution_copy(rd_solution *dst, const rd_solution *src) {
    if (dst == src) return RD_OK;
    rd_solution_clear(dst);
    for (int r = 0; r < src->n_routes; r++)
        RD_TRY(rd_solution_add_route(dst, src->routes[r].vehicle, src->routes[r].visits,
                                     src->routes[r].len));
    for (int u = 0; u < src->n_unassigned; u++)
        RD_TRY(rd_solution_add_unassigned(dst, src->unassigned[u].task, src->unassigned[u].reason));
    dst->cost = src->cost;
    dst->lower_bound = src->lower_bound;
    return RD_OK;
}

int rd_solution_n_visits(const rd_solution *s) {
    int n = 0;
    for (int r = 0; r < s->n_routes; r++)
        for (int i = 0; i < s->routes[r].len; i++) n += s->routes[r].visits[i] >= 0;
    return n;
}
