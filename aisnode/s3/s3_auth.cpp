// S3 credentials while authentication is off: any well-formed ones are accepted, malformed ones are
// refused with S3's error codes. SigV4 verification belongs here once AuthN is on.
#include "aisnode/s3/s3_util.hpp"
#include "shared/util/strings.hpp"

#include <map>

namespace ais::node::s3 {

SigInfo parse_signature(const net::Request& req) {
    SigInfo si;
    auto auth = std::string(req.headers.get("Authorization"));
    if (auth.rfind("AWS4-HMAC-SHA256 ", 0) == 0) {
        si.scheme = "AWS4-HMAC-SHA256";
        std::map<std::string, std::string> kv;
        for (auto part : split(std::string_view(auth).substr(17), ',')) {
            while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
            auto eq = part.find('=');
            if (eq != std::string_view::npos)
                kv[std::string(part.substr(0, eq))] = std::string(part.substr(eq + 1));
        }
        auto cred = split(kv["Credential"], '/');
        if (cred.size() != 5 || cred[4] != "aws4_request" || kv["SignedHeaders"].empty() ||
            kv["Signature"].empty())
            throw S3Error(400, "AuthorizationHeaderMalformed",
                          "The authorization header is malformed: expecting Credential=AKID/date/region/s3/"
                          "aws4_request, SignedHeaders=..., Signature=...");
        si.access_key = std::string(cred[0]);
        si.region = std::string(cred[2]);
    } else if (auth.rfind("AWS ", 0) == 0) {
        si.scheme = "AWS";
        auto colon = auth.find(':');
        if (colon == std::string::npos || colon == 4 || colon + 1 == auth.size())
            throw S3Error(400, "InvalidArgument",
                          "Authorization header is invalid: expecting \"AWS AKID:signature\"");
        si.access_key = auth.substr(4, colon - 4);
    } else if (req.query.get("X-Amz-Algorithm") == "AWS4-HMAC-SHA256") {
        si.scheme = "AWS4-HMAC-SHA256";
        auto cred = split(req.query.get("X-Amz-Credential"), '/');
        if (cred.size() != 5 || req.query.get("X-Amz-Signature").empty() ||
            req.query.get("X-Amz-Date").empty() || req.query.get("X-Amz-SignedHeaders").empty())
            throw S3Error(
                400, "AuthorizationQueryParametersError",
                "X-Amz-Credential, X-Amz-Date, X-Amz-SignedHeaders and X-Amz-Signature are required "
                "with X-Amz-Algorithm");
        si.access_key = std::string(cred[0]);
        si.region = std::string(cred[2]);
    }
    return si;
}

}  // namespace ais::node::s3
