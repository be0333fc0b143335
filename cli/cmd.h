/* cmd: the program's subcommands. Each takes the arguments after its name
 * (argv[0] is the subcommand name) and returns the process exit code:
 * 0 success, 1 internal error, 2 input error, 3 routing error. */
#ifndef RD_CMD_H
#define RD_CMD_H

int rd_cmd_solve(int argc, char **argv);
int rd_cmd_check(int argc, char **argv);
int rd_cmd_bench(int argc, char **argv);

#endif
