// How many threads a use case takes when the caller does not say.
#pragma once

namespace gridtheory::app {

// Every core of this machine (at least 1): the documented default of --threads and --jobs.
int default_threads();

} // namespace gridtheory::app
