// Routes a request to a handler by method and path prefix. A route "/v1/objects" matches
// "/v1/objects" and everything below "/v1/objects/"; the longest matching prefix wins, and the
// decoded remainder lands in Request::rest. A path that matches with no handler for the method
// gets 405 with an Allow header; no match at all gets 404.
#pragma once

#include "shared/net/http.hpp"

#include <functional>
#include <string>
#include <vector>

namespace ais::net {

using Handler = std::function<Task<void>(Request&, Response&)>;

class Router {
public:
    // method: "GET", "PUT", ... or "*" for any method.
    void add(std::string method, std::string prefix, Handler h);

    struct Match {
        const Handler* handler = nullptr;
        std::string allow;  // set when the path matched but the method did not
        size_t prefix_len = 0;
    };
    Match find(std::string_view method, std::string_view path) const;

private:
    struct Route {
        std::string method, prefix;
        Handler handler;
    };
    std::vector<Route> routes_;
};

}  // namespace ais::net
