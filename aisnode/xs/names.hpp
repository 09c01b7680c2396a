// The object names a job works on at this target: what this target stores under a prefix (a walk
// of its mountpaths, sorted), or the names of a list or template that this target owns by HRW.
// A template without ranges is a prefix (spec §2.6); an empty selection is the whole bucket.
#pragma once

#include "aisnode/core/core.hpp"
#include "shared/api/msgs.hpp"

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

namespace ais::node::xs {

class NameSource {
  public:
    // Every object of `b` stored here whose name starts with `prefix`.
    static NameSource walk(const Core& core, const api::Bck& b, const std::string& prefix);
    // The selection of a multi-object request. Throws ErrBadRequest on a bad template.
    static NameSource select(const Core& core, const api::Bck& b, const api::ListRange& lr);

    // Thread-compatible: the caller serializes (Xact::for_each does).
    bool next(std::string& out) { return next_(out); }
    // Names come from the user (list or template): a missing object is worth reporting.
    bool named() const { return named_; }
    bool is_list() const { return list_; }

  private:
    std::function<bool(std::string&)> next_;
    bool named_ = false;
    bool list_ = false;
};

// Validates a selection without a target (the proxy and make_job): ErrBadRequest on a template
// that does not parse.
void validate_selection(const api::ListRange& lr);

}  // namespace ais::node::xs
