/* sr: subset-row inequalities on three tasks (Jepsen, Spoorendonk,
 * Petersen, Pisinger 2008) for column generation's master (solver/cg.h).
 *
 * For a set S of three tasks, a plan of elementary routes has at most one
 * route that visits two or more of them, so
 *     sum over routes r of floor(|r and S| / 2) x_r <= 1
 * holds for every plan that serves each task once, and cuts LP solutions in
 * which three routes each visit two of the three at a half. A route that
 * visits a task twice (an ng-route) counts each visit (the coefficient only
 * grows, and such routes are in no optimal plan). In the pricing a cut of
 * dual sigma <= 0 costs -sigma on every second visit to S (solver/price.h).
 *
 * Pure functions, no state: thread-safe. */
#ifndef RD_SR_H
#define RD_SR_H

/* A cut: its three tasks (ascending) and, from the separation, the LP's
 * left-hand side. */
typedef struct rd_sr_cut {
    int t[3];
    double lhs;
} rd_sr_cut;

/* floor(visits of route visits[0..len) to the cut's tasks / 2). */
int rd_sr_coef(const rd_sr_cut *c, const int *visits, int len);

/* The cuts an LP solution violates by more than min_viol, the most violated
 * first: `n_routes` routes with x[r] > 0, route r's visits
 * visits[first[r] .. first[r + 1]) (task indices below n_tasks). Cuts on the
 * task sets in have[0..n_have) are skipped. Writes up to `most` into out;
 * returns how many, or -1 out of memory. O(n_tasks^2) memory. */
int rd_sr_separate(int n_tasks, int n_routes, const int *first, const int *visits, const double *x,
                   double min_viol, const rd_sr_cut *have, int n_have, rd_sr_cut *out, int most);

#endif
