// gridtheory-mpi: the gridtheory command line, whose `sweep run` spreads runs over MPI ranks.
// Rank 0 writes the plan and hands out run indices on demand (a worker asks when it is free, so
// slow and fast runs balance); every rank runs its runs as child processes into its own run
// folders. The children are this same executable with another subcommand: only `sweep run`
// initialises MPI, so a child never does (it could not: it was not started by mpirun).
#include "src/cli/app.hpp"
#include "src/mpi/mpi_dispatch.hpp"

#include <cstring>
#include <iostream>
#include <mpi.h>
#include <sstream>

int main(int argc, char** argv) {
  const bool sweep_run =
      argc > 2 && std::strcmp(argv[1], "sweep") == 0 && std::strcmp(argv[2], "run") == 0;
  if (!sweep_run) return gridtheory::cli::run(argc, argv, std::cout, std::cerr);

  int provided = 0;
  MPI_Init_thread(&argc, &argv, MPI_THREAD_SERIALIZED, &provided);
  if (provided < MPI_THREAD_SERIALIZED) {
    std::cerr << "gridtheory-mpi: internal error: the MPI library does not support "
                 "MPI_THREAD_SERIALIZED\n";
    MPI_Abort(MPI_COMM_WORLD, 3);
  }
  // One copy of the printed results: rank 0's.
  int rank = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  std::ostringstream discarded;
  const int code = gridtheory::cli::run(
      argc, argv, rank == 0 ? static_cast<std::ostream&>(std::cout) : discarded, std::cerr,
      gridtheory::mpi::run_sweep_over_ranks);
  // Every rank exits with the worst code, so mpirun reports what went wrong anywhere.
  int worst = 0;
  MPI_Allreduce(&code, &worst, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
  MPI_Finalize();
  return worst;
}
