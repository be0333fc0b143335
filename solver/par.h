/* par: the ranks of an MPI run (Open MPI, or any MPI under Slurm's srun), and
 * the few messages rondo's ranks exchange. The only file of the project that
 * includes mpi.h is par.c; everything else sees this header.
 *
 * MPI is optional: built without it (CMake found no MPI), every function
 * works as for a run of one rank. rd_par_init() starts MPI only when the
 * process was started by an MPI launcher (mpirun/mpiexec or srun: the
 * launcher's environment names the rank), so `rondo solve` run by hand
 * never pays for MPI's start-up; a launcher's run of a binary built without
 * MPI is refused (each rank would solve everything and write the same
 * files).
 *
 * Messages are byte strings (the callers format them portably as text);
 * receiving polls (MPI_Iprobe, then a 1 ms sleep) instead of spinning, so that
 * a rank that waits leaves its core to the ranks and threads that work, which
 * matters when ranks share a machine (`mpirun --oversubscribe`).
 *
 * Ownership: the caller owns the rd_par struct (a value, no allocation) and
 * the buffers it passes; buffers returned by rd_par_recv and rd_par_bcast are
 * malloc'd and the caller frees them.
 *
 * Threads: rd_par_init asks for MPI_THREAD_SERIALIZED; the callers make MPI
 * calls from one thread at a time (batch: rank 0's dispatcher thread while
 * the main thread solves; elsewhere the main thread only). */
#ifndef RD_PAR_H
#define RD_PAR_H

#include <stddef.h>
#include <stdint.h>

#include "model/status.h"

typedef struct rd_par {
    int rank;       /* this process's rank, 0 .. size-1 (0 without MPI) */
    int size;       /* ranks in the run (1 without MPI) */
    int local_size; /* ranks on this machine (1 without MPI) */
    int active;     /* MPI was started here (rd_par_finalize ends it) */
    int agreed;     /* rd_par_agree was called (once per one-problem run) */
} rd_par;

/* Nonzero when rondo was built with MPI. */
int rd_par_compiled(void);

/* Fills *par for a run of one rank, MPI not started. */
void rd_par_single(rd_par *par);

/* Fills *par for a run of one rank, then, when an MPI launcher started the
 * process and MPI is compiled in, starts MPI (MPI_Init_thread) and fills the
 * rank, the size and the ranks on this machine. RD_ERR_INPUT when a launcher
 * started more than one rank of a binary built without MPI; RD_ERR_INTERNAL
 * when MPI fails to start (or gives less than MPI_THREAD_SERIALIZED). */
rd_status rd_par_init(rd_par *par, rd_error *err);

/* Ends MPI if rd_par_init started it (every rank must call it). NULL-safe. */
void rd_par_finalize(rd_par *par);

/* Ends every rank of the run with exit status `code` (MPI_Abort): for a
 * failure in the middle of an exchange (out of memory, a bug), where
 * returning would leave the other ranks waiting. The caller prints the
 * reason first. Returns only without MPI (then it does nothing). */
void rd_par_abort(const rd_par *par, int code);

/* Sends buf[0..len) to rank `dest` with `tag` (>= 0). RD_ERR_INTERNAL on an
 * MPI failure (MPI's default handler normally aborts the run first). */
rd_status rd_par_send(const rd_par *par, int dest, int tag, const void *buf, size_t len);

/* Waits for a message from rank `src` (-1: any) with tag `tag` (-1: any),
 * polling every millisecond. *buf receives it malloc'd with a terminating
 * NUL byte after its *len bytes; *from and *tag_out (each may be NULL) the
 * sender and the tag. RD_ERR_NOMEM, RD_ERR_INTERNAL. */
rd_status rd_par_recv(const rd_par *par, int src, int tag, char **buf, size_t *len, int *from,
                      int *tag_out);

/* Broadcasts bytes from `root`: at the root *buf and *len are the message (kept,
 * not freed); at the others *buf receives a malloc'd copy (NUL-terminated)
 * and *len its length. Every rank must call it. RD_ERR_NOMEM,
 * RD_ERR_INTERNAL. */
rd_status rd_par_bcast(const rd_par *par, int root, char **buf, size_t *len);

/* Every rank says whether it is ready (`ok`: it read the input and built
 * its model); returns 1 when all are, else 0, on every rank, and sets
 * par->agreed. The ranks of a one-problem run call it exactly once: a rank
 * that fails before the solve calls it with 0 on its way out, so that the
 * others do not wait for it. One rank: returns `ok`. */
int rd_par_agree(rd_par *par, int ok);

/* Gathers `n` int64 values from every rank into all[rank * n + i] on every
 * rank. RD_ERR_INTERNAL. */
rd_status rd_par_allgather(const rd_par *par, const int64_t *mine, int n, int64_t *all);

#endif
