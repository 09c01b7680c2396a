#include "shared/net/router.hpp"

namespace ais::net {

void Router::add(std::string method, std::string prefix, Handler h) {
    while (prefix.size() > 1 && prefix.back() == '/') prefix.pop_back();
    routes_.push_back({std::move(method), std::move(prefix), std::move(h)});
}

static bool prefix_matches(std::string_view prefix, std::string_view path) {
    if (path == prefix) return true;
    return path.size() > prefix.size() && path.starts_with(prefix) && (prefix == "/" || path[prefix.size()] == '/');
}

Router::Match Router::find(std::string_view method, std::string_view path) const {
    // The longest matching prefix decides; then the method picks among its routes.
    const std::string* longest = nullptr;
    for (const auto& r : routes_)
        if (prefix_matches(r.prefix, path) && (!longest || r.prefix.size() > longest->size())) longest = &r.prefix;
    Match m;
    if (!longest) return m;
    for (const auto& r : routes_) {
        if (r.prefix != *longest) continue;
        if (r.method == method || r.method == "*") {
            m.handler = &r.handler;
            m.prefix_len = r.prefix.size();
            m.allow.clear();
            return m;
        }
        if (!m.allow.empty()) m.allow += ", ";
        m.allow += r.method;
    }
    return m;
}

}  // namespace ais::net
