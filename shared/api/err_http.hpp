// The AIS error as clients receive it (spec §8): a JSON body on any status >= 400, or the same
// JSON in the `Hdr-Error` header on HEAD. The server side formats it in shared/net
// (net::error_json); here it is decoded, and turned into the ais::Error a client throws.
#pragma once

#include "shared/util/errors.hpp"

#include <boost/json/fwd.hpp>

#include <string>
#include <string_view>

namespace ais::api {

struct ErrHTTP {
    std::string tcode;  // Go error type name ("ErrBckNotFound"); may be empty
    std::string message;
    std::string method;
    std::string url_path;
    std::string remote_addr;
    std::string caller;
    std::string node;
    int status = 0;

    // ais::Error(status, message, tcode).
    Error to_error() const { return Error(status, message, tcode); }
};

void to_jv(const ErrHTTP& e, boost::json::value& out);
void from_jv(const boost::json::value& v, ErrHTTP& out, std::string_view what = {});

// What a client makes of a failed response, the way Go's cmn.CheckResp does: the error JSON if
// `text` is one (with `status` set to the HTTP status), otherwise `text` itself (trimmed) as the
// message; an empty text gets a generic message ("starting up" for 503). Never throws.
ErrHTTP parse_err_http(int status, std::string_view text);

}  // namespace ais::api
