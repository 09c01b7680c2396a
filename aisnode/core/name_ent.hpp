// A name seen by a walk of a bucket's directories (Core::walk), the input of list-objects pages.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ais::node {

struct NameEnt {
    std::string name;
    uint32_t mpath = 0;   // id of the mountpath it was found on (fs::Mountpath::id)
    bool is_dir = false;  // a directory seen by a non-recursive walk (name ends with '/')

    bool operator<(const NameEnt& o) const { return name < o.name; }
};

// The directory part of a prefix, including the trailing '/': "a/b" -> "a/", "a/" -> "a/", "a" -> "".
std::string_view prefix_base(std::string_view prefix);

// Sorts by name and removes duplicates (the first occurrence wins).
void sort_unique(std::vector<NameEnt>& names);

}  // namespace ais::node
