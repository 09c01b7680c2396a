// Typed errors. Code anywhere throws one of these; the HTTP server turns it into the AIS JSON
// error (spec §8) at one boundary. `tcode` is the Go error type name that clients key on.
// Messages name buckets and objects by cname (`ais://bucket/object`): the Python SDK parses them.
#pragma once

#include <stdexcept>
#include <string>

namespace ais {

class Error : public std::runtime_error {
public:
    Error(int status, std::string msg, std::string tcode = {})
        : std::runtime_error(std::move(msg)), status_(status), tcode_(std::move(tcode)) {}
    int status() const { return status_; }
    const std::string& tcode() const { return tcode_; }

private:
    int status_;
    std::string tcode_;
};

struct ErrBadRequest : Error {
    explicit ErrBadRequest(std::string m) : Error(400, std::move(m)) {}
};
struct ErrUnauthorized : Error {
    explicit ErrUnauthorized(std::string m) : Error(401, std::move(m)) {}
};
struct ErrForbidden : Error {
    explicit ErrForbidden(std::string m) : Error(403, std::move(m)) {}
};
struct ErrNotFound : Error {
    explicit ErrNotFound(std::string m, std::string tcode = "ErrNotFound") : Error(404, std::move(m), std::move(tcode)) {}
};
struct ErrConflict : Error {
    explicit ErrConflict(std::string m, std::string tcode = {}) : Error(409, std::move(m), std::move(tcode)) {}
};
struct ErrRange : Error {
    explicit ErrRange(std::string m) : Error(416, std::move(m)) {}
};
struct ErrNotImplemented : Error {
    explicit ErrNotImplemented(std::string m) : Error(501, std::move(m), "ErrUnsupp") {}
};
struct ErrUnavailable : Error {
    explicit ErrUnavailable(std::string m) : Error(503, std::move(m)) {}
};
struct ErrInsufficientStorage : Error {
    explicit ErrInsufficientStorage(std::string m) : Error(507, std::move(m)) {}
};

}  // namespace ais
