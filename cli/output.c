#include "cli/output.h"

#include "cli/stop.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

FILE *rd_out_open(const char *path, char **tmp) {
    *tmp = NULL;
    if (!path) return stdout;
    size_t len = strlen(path) + 32;
    *tmp = malloc(len);
    if (!*tmp) return NULL;
    snprintf(*tmp, len, "%s.tmp.%ld", path, (long)getpid());
    rd_stop_set_tmp(*tmp); /* a second signal removes it (cli/stop.h) */
    FILE *f = fopen(*tmp, "w");
    if (!f) rd_stop_set_tmp(NULL);
    if (!f) fprintf(stderr, "rondo: error: cannot write %s\n", *tmp);
    return f;
}

int rd_out_close(FILE *f, const char *path, char *tmp, int ok) {
    if (!path) {
        int bad = fflush(stdout) != 0 || !ok;
        if (bad) fprintf(stderr, "rondo: error: writing the answer failed\n");
        return bad;
    }
    int bad = !ok || fflush(f) || fsync(fileno(f));
    bad |= fclose(f) != 0;
    if (bad || rename(tmp, path)) {
        fprintf(stderr, "rondo: error: writing %s failed\n", path);
        remove(tmp);
        rd_stop_set_tmp(NULL);
        free(tmp);
        return 1;
    }
    rd_stop_set_tmp(NULL);
    free(tmp);
    return 0;
}
