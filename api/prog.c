/* The `rondo` program: librondo's command line (rondo_main, api/rondo.h). */
#include "api/rondo.h"

int main(int argc, char **argv) {
    return rondo_main(argc, argv);
}
