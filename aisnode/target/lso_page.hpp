// Which names go into one target's list-objects page (spec §4.3), as a pure function of the
// target's sorted name list, so that it can be tested without disks.
//
// Input: every name the target has (files, plus "dir/" entries when the walk did not descend),
// sorted and unique. Output: the entries with name > `after` (= max(continuation_token,
// start_after)) that match `prefix`, at most `pagesize` of them. With `no_recursion`, names below
// the prefix's directory level collapse into one virtual directory entry "dir/" (flag is_dir),
// placed where it sorts; `no_dirs` drops those entries instead.
#pragma once

#include "aisnode/core/name_ent.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ais::node {


struct PageSpec {
    std::string prefix;
    std::string after;
    size_t pagesize = 10000;
    bool no_recursion = false;
    bool no_dirs = false;
};

struct PageItem {
    std::string name;
    const NameEnt* src = nullptr;  // the file entry; nullptr for a virtual directory
    bool is_dir() const { return src == nullptr; }
};

struct Page {
    std::vector<PageItem> items;
    bool full = false;  // pagesize entries were taken: the reply carries a continuation token
};

// `names` must be sorted by name and unique.
Page select_page(const std::vector<NameEnt>& names, const PageSpec& spec);


}  // namespace ais::node
