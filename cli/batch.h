/* batch: `rondo solve` over several inputs (files and directories), one plan
 * per input in an output directory.
 *
 * The inputs are taken in the order given; a directory stands for its
 * regular files named *.vrp, *.txt and *.json (not recursive, hidden files
 * skipped), sorted by name (strcmp). Input IN gets DIR/<basename of IN
 * without its extension>.json when its content is JSON, .sol otherwise; two
 * inputs that would get the same output name: the second fails (exit 2).
 * Each plan is written through cli/output.h (temporary name, renamed when
 * complete). One line per input on stderr as it finishes and a summary line.
 *
 * Exit code: the worst of the inputs', in the order 1 (internal) > 3
 * (routing) > 2 (input) > 0. When SIGINT/SIGTERM stops the batch (cli/stop.h:
 * the file being solved is written with its best plan so far), the inputs
 * not started are reported "not solved: interrupted" and get no output; the
 * exit code is then 128 + the signal number (130 for SIGINT, 143 for
 * SIGTERM) if any input was left unsolved.
 *
 * Over the ranks of an MPI run (`mpirun -np K rondo solve DIR --out-dir OUT`,
 * solver/par.h): rank 0 lists the inputs, names the outputs and hands out
 * the next input to whichever rank is free, the largest file first (its
 * main thread solves inputs too, while a second thread does the handing
 * out); the worker ranks solve what they are given and write the output
 * themselves, so the inputs and the output directory must be on a path
 * every rank sees (a shared file system). Rank 0 prints the per-input lines
 * in input order as they become known and the summary, and returns the exit
 * code of a one-process batch; a worker returns 0 (1 when MPI fails). A
 * signal at any rank stops the batch as in one process: each rank ends its
 * current input with its best plan, the inputs not started are reported
 * interrupted.
 *
 * Not thread-safe (reads the program's stop flag); call from the main thread
 * after rd_stop_install(). */
#ifndef RD_BATCH_H
#define RD_BATCH_H

#include "cli/solve_json.h"
#include "solver/par.h"

/* Solves `input` and writes its answer to `output`; fills *r (r->written when
 * a plan was written). Returns the exit code (0, 1, 2, 3). */
typedef int (*rd_batch_solve_fn)(void *ctx, const char *input, const char *output,
                                 rd_cli_result *r);

/* 1 when `path` names a directory. */
int rd_cli_is_dir(const char *path);

/* The worse of two exit codes: 1 > 3 > 2 > 0. */
int rd_batch_worse(int a, int b);

/* Runs the batch over inputs[0..n) into `out_dir` (created if missing, one
 * level) with `solve` for each input, over the ranks of `par` (NULL or one
 * rank: in this process, in input order). With `html_index` (--html), rank 0
 * then writes that index page (cli/html.h): each input's status, cost and
 * links to its plan and to its report (rd_batch_report_path, when `solve`
 * wrote it). Returns the exit code (see above; 1 also when the index cannot
 * be written). */
int rd_batch_run(const char *const *inputs, int n, const char *out_dir, const char *html_index,
                 rd_batch_solve_fn solve, void *ctx, const rd_par *par);

/* The report next to a JSON plan: DIR/<name>.html for DIR/<name>.json
 * (malloc'd), NULL for any other output (a .sol) or out of memory. */
char *rd_batch_report_path(const char *output);

#endif
