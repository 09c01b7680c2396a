// Which names go into one target's list-objects page (spec §4.3), as a pure function of the
// target's sorted name list, so that it can be tested without disks.
//
// Input: every name the target has (files, plus "dir/" entries when the walk did not descend),
// sorted and unique. Output: the entries with name > `after` (= max(continuation_token,
// start_after)) that match `prefix`, at most `pagesize` of them. With `no_recursion`, names below
// the prefix's directory level collapse into one virtual directory entry "dir/" (flag is_dir),
// placed where it sorts; `no_dirs` drops those entries instead.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ais::node {

struct NameEnt {
    std::string name;
    uint32_t mpath = 0;   // index of the mountpath it was found on
    bool is_dir = false;  // a directory seen by a non-recursive walk (name ends with '/')

    bool operator<(const NameEnt& o) const { return name < o.name; }
};

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

// The directory part of a prefix, including the trailing '/': "a/b" -> "a/", "a/" -> "a/", "a" -> "".
std::string_view prefix_base(std::string_view prefix);

// Sorts by name and removes duplicates (the first occurrence wins).
void sort_unique(std::vector<NameEnt>& names);

}  // namespace ais::node
