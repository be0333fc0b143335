/* Replays files through a fuzz harness's LLVMFuzzerTestOneInput without
 * libFuzzer, so that every build (release, debug, asan) runs the seed corpus
 * and the regression inputs of tests/fuzz/ under ctest.
 * usage: fuzz_<name>_replay FILE|DIR...   (a directory: every regular file
 * in it). Prints one line per input with --verbose, then "N passed, 0 failed";
 * a crash ends the process (the harness aborts, or a sanitizer reports). Exit
 * 1 when an input cannot be read or there was none. */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int verbose;

static int run_file(const char *path) {
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "replay: cannot open %s\n", path);
        return -1;
    }
    size_t cap = 4096, len = 0;
    uint8_t *buf = malloc(cap);
    for (;;) {
        if (!buf) break;
        size_t k = fread(buf + len, 1, cap - len, f);
        len += k;
        if (len < cap) break;
        uint8_t *nb = realloc(buf, cap * 2);
        if (!nb) {
            free(buf);
            buf = NULL;
            break;
        }
        buf = nb;
        cap *= 2;
    }
    int bad = ferror(f) || !buf;
    fclose(f);
    if (bad) {
        free(buf);
        fprintf(stderr, "replay: cannot read %s\n", path);
        return -1;
    }
    /* libFuzzer hands over a copy of exactly `len` bytes: so do we */
    uint8_t *copy = malloc(len ? len : 1);
    if (!copy) {
        free(buf);
        return -1;
    }
    memcpy(copy, buf, len);
    free(buf);
    if (verbose) fprintf(stderr, "replay: %s (%zu bytes)\n", path, len);
    LLVMFuzzerTestOneInput(copy, len);
    free(copy);
    return 0;
}

static int cmp(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv) {
    int n = 0, errors = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--verbose")) {
            verbose = 1;
            continue;
        }
        struct stat sb;
        if (stat(argv[i], &sb) == 0 && S_ISDIR(sb.st_mode)) {
            DIR *d = opendir(argv[i]);
            if (!d) {
                errors++;
                continue;
            }
            char **names = NULL;
            int k = 0, cap = 0;
            struct dirent *e;
            while ((e = readdir(d)) != NULL) {
                if (e->d_name[0] == '.') continue;
                if (k == cap) {
                    cap = cap ? 2 * cap : 64;
                    char **nn = realloc(names, (size_t)cap * sizeof *nn);
                    if (!nn) break;
                    names = nn;
                }
                size_t len = strlen(argv[i]) + strlen(e->d_name) + 2;
                names[k] = malloc(len);
                if (!names[k]) break;
                snprintf(names[k], len, "%s/%s", argv[i], e->d_name);
                k++;
            }
            closedir(d);
            if (k > 1) qsort(names, (size_t)k, sizeof *names, cmp);
            for (int j = 0; j < k; j++) {
                if (run_file(names[j]) == 0)
                    n++;
                else
                    errors++;
                free(names[j]);
            }
            free(names);
        } else if (run_file(argv[i]) == 0) {
            n++;
        } else {
            errors++;
        }
    }
    printf("%d passed, %d failed\n", n, errors);
    return errors || n == 0 ? 1 : 0;
}
