#include "solver/par.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#ifdef RONDO_MPI
#include <mpi.h>
#endif

/* The launcher's rank count from the environment: Open MPI's mpirun, PMIx
 * (srun --mpi=pmix, Open MPI 4 and 5), PMI-2 (srun --mpi=pmi2, MPICH); 0 when
 * no launcher started the process. */
static int launcher_size(void) {
    static const char *const vars[] = {"OMPI_COMM_WORLD_SIZE", "PMIX_SIZE", "PMI_SIZE",
                                       "SLURM_NTASKS"};
    int started = getenv("OMPI_COMM_WORLD_SIZE") || getenv("PMIX_RANK") || getenv("PMI_RANK");
    if (!started) return 0;
    for (size_t k = 0; k < sizeof vars / sizeof *vars; k++) {
        const char *v = getenv(vars[k]);
        if (v && *v) {
            long n = strtol(v, NULL, 10);
            if (n >= 1 && n < 1 << 20) return (int)n;
        }
    }
    return 1; /* a launcher, size unknown: MPI_Init will tell */
}

int rd_par_compiled(void) {
#ifdef RONDO_MPI
    return 1;
#else
    return 0;
#endif
}

void rd_par_single(rd_par *par) {
    memset(par, 0, sizeof *par);
    par->size = par->local_size = 1;
}

rd_status rd_par_init(rd_par *par, rd_error *err) {
    rd_par_single(par);
    int n = launcher_size();
    if (n == 0) return RD_OK;
#ifndef RONDO_MPI
    if (n > 1)
        return rd_err(err, RD_ERR_INPUT,
                      "started by an MPI launcher with %d ranks, but this rondo was built without "
                      "MPI (install libopenmpi-dev and rebuild)",
                      n);
    return RD_OK;
#else
    int provided = 0;
    if (MPI_Init_thread(NULL, NULL, MPI_THREAD_SERIALIZED, &provided) != MPI_SUCCESS)
        return rd_err(err, RD_ERR_INTERNAL, "MPI: MPI_Init_thread failed");
    par->active = 1;
    if (provided < MPI_THREAD_SERIALIZED) {
        rd_par_finalize(par);
        return rd_err(err, RD_ERR_INTERNAL,
                      "MPI: the library gives thread level %d, rondo needs MPI_THREAD_SERIALIZED",
                      provided);
    }
    MPI_Comm_rank(MPI_COMM_WORLD, &par->rank);
    MPI_Comm_size(MPI_COMM_WORLD, &par->size);
    MPI_Comm local;
    if (MPI_Comm_split_type(MPI_COMM_WORLD, MPI_COMM_TYPE_SHARED, 0, MPI_INFO_NULL, &local) ==
        MPI_SUCCESS) {
        MPI_Comm_size(local, &par->local_size);
        MPI_Comm_free(&local);
    }
    return RD_OK;
#endif
}

void rd_par_finalize(rd_par *par) {
    if (!par || !par->active) return;
#ifdef RONDO_MPI
    MPI_Finalize();
#endif
    par->active = 0;
}

void rd_par_abort(const rd_par *par, int code) {
#ifdef RONDO_MPI
    if (par && par->active) MPI_Abort(MPI_COMM_WORLD, code);
#else
    (void)par, (void)code;
#endif
}

rd_status rd_par_send(const rd_par *par, int dest, int tag, const void *buf, size_t len) {
#ifdef RONDO_MPI
    if (par->active && len <= (size_t)INT32_MAX &&
        MPI_Send(buf, (int)len, MPI_BYTE, dest, tag, MPI_COMM_WORLD) == MPI_SUCCESS)
        return RD_OK;
#else
    (void)par, (void)dest, (void)tag, (void)buf, (void)len;
#endif
    return RD_ERR_INTERNAL;
}

rd_status rd_par_recv(const rd_par *par, int src, int tag, char **buf, size_t *len, int *from,
                      int *tag_out) {
    *buf = NULL;
    *len = 0;
#ifdef RONDO_MPI
    if (!par->active) return RD_ERR_INTERNAL;
    MPI_Status st;
    int flag = 0;
    const struct timespec ms = {0, 1000000};
    for (;;) { /* poll: a waiting rank leaves its core to the others */
        if (MPI_Iprobe(src < 0 ? MPI_ANY_SOURCE : src, tag < 0 ? MPI_ANY_TAG : tag, MPI_COMM_WORLD,
                       &flag, &st) != MPI_SUCCESS)
            return RD_ERR_INTERNAL;
        if (flag) break;
        nanosleep(&ms, NULL);
    }
    int count = 0;
    MPI_Get_count(&st, MPI_BYTE, &count);
    char *b = malloc((size_t)count + 1);
    if (!b) return RD_ERR_NOMEM;
    if (MPI_Recv(b, count, MPI_BYTE, st.MPI_SOURCE, st.MPI_TAG, MPI_COMM_WORLD,
                 MPI_STATUS_IGNORE) != MPI_SUCCESS) {
        free(b);
        return RD_ERR_INTERNAL;
    }
    b[count] = 0;
    *buf = b;
    *len = (size_t)count;
    if (from) *from = st.MPI_SOURCE;
    if (tag_out) *tag_out = st.MPI_TAG;
    return RD_OK;
#else
    (void)par, (void)src, (void)tag, (void)from, (void)tag_out;
    return RD_ERR_INTERNAL;
#endif
}

rd_status rd_par_bcast(const rd_par *par, int root, char **buf, size_t *len) {
    if (par->size == 1) return RD_OK;
#ifdef RONDO_MPI
    int64_t n = par->rank == root ? (int64_t)*len : 0;
    if (MPI_Bcast(&n, 1, MPI_INT64_T, root, MPI_COMM_WORLD) != MPI_SUCCESS || n > INT32_MAX)
        return RD_ERR_INTERNAL;
    char *b = *buf;
    if (par->rank != root) {
        b = malloc((size_t)n + 1);
        if (!b) return RD_ERR_NOMEM; /* (the others then wait: MPI aborts the run) */
        b[n] = 0;
    }
    if (MPI_Bcast(b, (int)n, MPI_BYTE, root, MPI_COMM_WORLD) != MPI_SUCCESS) {
        if (par->rank != root) free(b);
        return RD_ERR_INTERNAL;
    }
    if (par->rank != root) {
        *buf = b;
        *len = (size_t)n;
    }
    return RD_OK;
#else
    (void)root, (void)buf, (void)len;
    return RD_ERR_INTERNAL;
#endif
}

rd_status rd_par_allgather(const rd_par *par, const int64_t *mine, int n, int64_t *all) {
    if (par->size == 1) {
        memcpy(all, mine, (size_t)n * sizeof *all);
        return RD_OK;
    }
#ifdef RONDO_MPI
    return MPI_Allgather(mine, n, MPI_INT64_T, all, n, MPI_INT64_T, MPI_COMM_WORLD) == MPI_SUCCESS
               ? RD_OK
               : RD_ERR_INTERNAL;
#else
    return RD_ERR_INTERNAL;
#endif
}

int rd_par_agree(rd_par *par, int ok) {
    par->agreed = 1;
    if (par->size <= 1) return ok;
    int64_t mine = ok != 0;
    int64_t *all = malloc((size_t)par->size * sizeof *all);
    int res = 0;
    if (all && rd_par_allgather(par, &mine, 1, all) == RD_OK) {
        res = 1;
        for (int r = 0; r < par->size; r++) res &= all[r] != 0;
    }
    free(all);
    return res;
}
