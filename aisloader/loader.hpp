// One aisloader run (spec/aisloader.md §3): resolve or create the bucket, list it (or read
// -filelist), choose the name-getter, run the workers until a bound is reached, print the final
// stats, clean up.
//
// Workers are coroutines, not threads: -numworkers of them share one io_context and one pooled
// HTTP client per io thread (-numthreads, default 1), each running one request at a time. A
// steady timer ends the run, another prints the periodic stats; both live on the first thread.
#pragma once

#include "aisloader/params.hpp"

namespace ais::loader {

// Returns the process exit code.
int run(Params& p);

}  // namespace ais::loader
