#include "src/mpi/mpi_dispatch.hpp"

#include <chrono>
#include <condition_variable>
#include <deque>
#include <exception>
#include <mpi.h>
#include <mutex>
#include <thread>

namespace gridtheory::mpi {

namespace {

constexpr int tag_request = 1; // worker -> 0: the next index, please
constexpr int tag_reply = 2;   // 0 -> worker: an index, or -1 when nothing is left
constexpr int tag_done = 3;    // worker -> 0: this rank has finished

// Rank 0's list of indices, shared by its own workers and the remote requests.
class Queue {
public:
  void fill(const std::vector<std::size_t>& indices) {
    std::lock_guard lock(mutex_);
    items_.assign(indices.begin(), indices.end());
    ready_ = true;
    cv_.notify_all();
  }
  // Waits until filled (or closed); nullopt when empty or closed.
  std::optional<std::size_t> pop() {
    std::unique_lock lock(mutex_);
    cv_.wait(lock, [&] { return ready_ || closed_; });
    if (closed_ || items_.empty()) return std::nullopt;
    const std::size_t i = items_.front();
    items_.pop_front();
    return i;
  }
  // No more runs are handed out (rank 0 failed before or while filling).
  void close() {
    std::lock_guard lock(mutex_);
    closed_ = true;
    cv_.notify_all();
  }

private:
  std::mutex mutex_;
  std::condition_variable cv_;
  std::deque<std::size_t> items_;
  bool ready_ = false, closed_ = false;
};

class LocalDispatcher : public sweep::Dispatcher {
public:
  explicit LocalDispatcher(Queue& q) : queue_(q) {}
  std::optional<std::size_t> next() override { return queue_.pop(); }

private:
  Queue& queue_;
};

// A worker rank's dispatcher: one request at a time (MPI_THREAD_SERIALIZED).
class RemoteDispatcher : public sweep::Dispatcher {
public:
  std::optional<std::size_t> next() override {
    std::lock_guard lock(mutex_);
    if (finished_) return std::nullopt;
    int dummy = 0;
    long long index = -1;
    MPI_Send(&dummy, 1, MPI_INT, 0, tag_request, MPI_COMM_WORLD);
    MPI_Recv(&index, 1, MPI_LONG_LONG, 0, tag_reply, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    if (index < 0) {
      finished_ = true;
      return std::nullopt;
    }
    return static_cast<std::size_t>(index);
  }

private:
  std::mutex mutex_;
  bool finished_ = false;
};

sweep::RunOutcome totals(const sweep::RunOutcome& mine) {
  unsigned long long local[2] = {mine.done, mine.failed}, sum[2] = {0, 0};
  MPI_Allreduce(local, sum, 2, MPI_UNSIGNED_LONG_LONG, MPI_SUM, MPI_COMM_WORLD);
  unsigned long long counts[2] = {mine.selected, mine.skipped};
  MPI_Bcast(counts, 2, MPI_UNSIGNED_LONG_LONG, 0, MPI_COMM_WORLD);
  sweep::RunOutcome t;
  t.done = sum[0];
  t.failed = sum[1];
  t.selected = counts[0];
  t.skipped = counts[1];
  return t;
}

} // namespace

sweep::RunOutcome run_sweep_over_ranks(const sweep::RunRequest& request) {
  int rank = 0, size = 1;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  if (size == 1) return sweep::run_sweep(request);

  sweep::RunOutcome mine;
  std::exception_ptr failure;
  const std::string label = "rank " + std::to_string(rank) + " ";
  // Several ranks share one stderr: plain lines, never lines rewritten in place.
  sweep::RunRequest plain = request;
  plain.progress_tty = false;
  if (rank != 0) {
    sweep::RunRequest req = plain;
    req.write_plan = false;
    req.progress_label = label;
    req.dispatcher = [](const std::vector<std::size_t>&) {
      return std::make_unique<RemoteDispatcher>();
    };
    try {
      mine = sweep::run_sweep(req);
    } catch (...) {
      failure = std::current_exception();
    }
    int dummy = 0;
    MPI_Send(&dummy, 1, MPI_INT, 0, tag_done, MPI_COMM_WORLD);
  } else {
    Queue queue;
    sweep::RunRequest req = plain;
    req.progress_label = label;
    req.dispatcher = [&queue](const std::vector<std::size_t>& todo) {
      queue.fill(todo);
      return std::make_unique<LocalDispatcher>(queue);
    };
    bool local_finished = false;
    std::mutex finished_mutex;
    std::thread local([&] {
      try {
        mine = sweep::run_sweep(req);
      } catch (...) {
        failure = std::current_exception();
        queue.close();
      }
      std::lock_guard lock(finished_mutex);
      local_finished = true;
    });
    // Serve requests until every other rank has finished and rank 0's own workers are done.
    int ranks_done = 0;
    while (true) {
      {
        std::lock_guard lock(finished_mutex);
        if (local_finished && ranks_done == size - 1) break;
      }
      int flag = 0;
      MPI_Status status;
      MPI_Iprobe(MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, &flag, &status);
      if (!flag) {
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
        continue;
      }
      int dummy = 0;
      MPI_Recv(&dummy, 1, MPI_INT, status.MPI_SOURCE, status.MPI_TAG, MPI_COMM_WORLD,
               MPI_STATUS_IGNORE);
      if (status.MPI_TAG == tag_done) {
        ++ranks_done;
      } else if (status.MPI_TAG == tag_request) {
        const auto next = queue.pop();
        const long long index = next ? static_cast<long long>(*next) : -1;
        MPI_Send(&index, 1, MPI_LONG_LONG, status.MPI_SOURCE, tag_reply, MPI_COMM_WORLD);
      }
    }
    local.join();
  }
  const sweep::RunOutcome t = totals(mine);
  if (failure) std::rethrow_exception(failure);
  return t;
}

} // namespace gridtheory::mpi
