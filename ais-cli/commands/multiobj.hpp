// Multi-object put, get and delete run here: one operation on many objects, on a pool of threads
// with one api::Client each. As in the Go CLI, every item is tried (a failure does not stop the
// others); each failure is reported as it happens, and the command then exits with one error that
// counts them ("failed to GET 2 objects"). The command decides what the lines say.
#pragma once

#include "ais-cli/ui/app.hpp"

#include <cstddef>
#include <exception>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace ais::api {
class Client;
}

namespace ais::cli {

struct MultiObjHooks {
    // Called once per failed item, under a mutex (lines do not interleave).
    std::function<void(size_t, const std::exception&)> on_error;
    // Called once per item that succeeded, under the same mutex (may be empty).
    std::function<void(size_t)> on_done;
};

// Runs fn(client, i) for every i < n on up to `workers` threads; returns the failed items, in
// ascending order.
std::vector<size_t> run_each(Ctx& ctx, size_t n, int workers,
                             const std::function<void(api::Client&, size_t)>& fn, const MultiObjHooks& hooks);

// Prints a line on stderr above a live progress bar (erasing the bar's line first when there is one).
void print_err_line(bool progress_shown, const std::string& line);

// An error message on one line (for a line per failed object).
std::string one_line(std::string_view msg);

// `object "ais://b/o" does not exist` for a 404 about the object (the Go CLI's wording); other
// errors keep their message.
std::string obj_err_text(const std::exception& e, const std::string& cname);

// Writes the failed local paths of a multi-file PUT, one per line, to
// $TMPDIR/.ais-<verb>-failures.<pid>.log (as the Go CLI does) and returns the file's path (empty
// when it cannot be written).
std::string write_failures_log(const std::string& verb, const std::vector<std::string>& paths);

}  // namespace ais::cli
