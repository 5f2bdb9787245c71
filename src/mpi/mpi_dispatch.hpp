// The MPI backend of `sweep run` (gridtheory-mpi): rank 0 owns the list of runs still to do and
// answers each worker's request for the next one; every rank, rank 0 included, runs its runs with
// sweep::run_sweep's workers. Call between MPI_Init_thread (MPI_THREAD_SERIALIZED) and
// MPI_Finalize, on every rank.
#pragma once

#include "src/sweep/sweep.hpp"

namespace gridtheory::mpi {

// Runs the request's shard over all ranks of MPI_COMM_WORLD. Every rank returns the totals
// (runs done and failed summed over ranks; selected and skipped as rank 0 counted them).
sweep::RunOutcome run_sweep_over_ranks(const sweep::RunRequest& request);

} // namespace gridtheory::mpi
