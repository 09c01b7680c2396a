// Text-level JSON for every wire type: `api::to_json(x)` and `api::from_json<T>(text)`.
//
// Each wire type declares two functions next to its struct,
//     void to_jv(const T&, boost::json::value& out);
//     void from_jv(const boost::json::value& v, T& out, std::string_view what = {});
// and these templates turn them into text. JsonDoc keeps the Boost.JSON tree behind a pointer, so
// that neither this header nor the type headers pull Boost.JSON into every translation unit.
#pragma once

#include <boost/json/fwd.hpp>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace ais::api {

class JsonDoc {
  public:
    JsonDoc();  // holds null; a moved-from JsonDoc holds nothing and must not be used
    ~JsonDoc();
    JsonDoc(JsonDoc&&) noexcept;
    JsonDoc& operator=(JsonDoc&&) noexcept;

    // Malformed JSON throws ErrBadRequest.
    static JsonDoc parse(std::string_view text);
    boost::json::value& value() { return *v_; }
    const boost::json::value& value() const { return *v_; }
    std::string serialize() const;

  private:
    std::unique_ptr<boost::json::value> v_;
};

// Primitives (decoding per spec §0: ints as number or string; see json.hpp).
void to_jv(std::string_view s, boost::json::value& out);
void to_jv(const char* s, boost::json::value& out);  // not bool
void to_jv(bool b, boost::json::value& out);
void to_jv(int v, boost::json::value& out);
void to_jv(int64_t v, boost::json::value& out);
void to_jv(uint64_t v, boost::json::value& out);
void to_jv(double v, boost::json::value& out);
void to_jv(const std::vector<std::string>& v, boost::json::value& out);
void from_jv(const boost::json::value& v, std::string& out, std::string_view what = {});
void from_jv(const boost::json::value& v, bool& out, std::string_view what = {});
void from_jv(const boost::json::value& v, int& out, std::string_view what = {});
void from_jv(const boost::json::value& v, int64_t& out, std::string_view what = {});
void from_jv(const boost::json::value& v, uint64_t& out, std::string_view what = {});
void from_jv(const boost::json::value& v, double& out, std::string_view what = {});
void from_jv(const boost::json::value& v, std::vector<std::string>& out, std::string_view what = {});

template <class T>
std::string to_json(const T& x) {
    JsonDoc doc;
    to_jv(x, doc.value());
    return doc.serialize();
}

// Decodes per spec §0 (case-insensitive keys, null = absent, string-or-number ints); a
// malformed document or a wrongly typed value throws ErrBadRequest.
template <class T>
void from_json(std::string_view text, T& out) {
    JsonDoc doc = JsonDoc::parse(text);
    from_jv(doc.value(), out, {});
}

template <class T>
T from_json(std::string_view text) {
    T out{};
    from_json(text, out);
    return out;
}

}  // namespace ais::api
