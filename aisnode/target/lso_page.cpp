#include "aisnode/target/lso_page.hpp"

#include <algorithm>

namespace ais::node {

Page select_page(const std::vector<NameEnt>& names, const PageSpec& spec) {
    Page page;
    const size_t limit = spec.pagesize == 0 ? 10000 : spec.pagesize;
    const std::string_view prefix = spec.prefix;
    const std::string_view base = prefix_base(prefix);

    // First candidate: >= prefix and > after. Names with the prefix are contiguous.
    auto cmp = [](const NameEnt& e, std::string_view s) { return std::string_view(e.name) < s; };
    auto it = std::lower_bound(names.begin(), names.end(), prefix, cmp);
    if (!spec.after.empty()) {
        auto it2 = std::upper_bound(
            names.begin(), names.end(), std::string_view(spec.after),
            [](std::string_view s, const NameEnt& e) { return s < std::string_view(e.name); });
        if (it2 > it) it = it2;
    }
    std::string last_dir;
    for (; it != names.end(); ++it) {
        std::string_view name = it->name;
        if (name.compare(0, prefix.size(), prefix) != 0) break;
        if (spec.no_recursion) {
            std::string_view rest = name.substr(base.size());
            auto slash = rest.find('/');
            if (slash != std::string_view::npos) {
                if (spec.no_dirs) continue;
                std::string_view dir = name.substr(0, base.size() + slash + 1);
                // A directory that sorts at or before the token was returned already.
                if (dir == last_dir || (!spec.after.empty() && dir <= std::string_view(spec.after))) continue;
                last_dir = dir;
                page.items.push_back(PageItem{last_dir, nullptr});
                if (page.items.size() >= limit) {
                    page.full = true;
                    break;
                }
                continue;
            }
        }
        if (it->is_dir) continue;  // only meaningful when collapsing
        page.items.push_back(PageItem{it->name, &*it});
        if (page.items.size() >= limit) {
            page.full = true;
            break;
        }
    }
    return page;
}

}  // namespace ais::node
