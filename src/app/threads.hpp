// The threads default of every use case: all cores (the CLI's documented --threads default,
// Python's threads=None).
#pragma once

namespace gridtheory::app {

// Every core of this machine (at least 1).
int default_threads();

} // namespace gridtheory::app
