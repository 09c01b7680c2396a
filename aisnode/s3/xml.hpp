// Just enough XML for the S3 API: a writer for the response documents (ListBuckets,
// ListObjects, errors, ...) and a tolerant reader for the few request bodies S3 clients send
// (DeleteObjects). No DTDs, namespaces or attributes are interpreted on input.
#pragma once

#include "shared/util/strings.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ais::node::s3 {

inline constexpr char kXmlns[] = "http://s3.amazonaws.com/doc/2006-03-01/";

// xml_escape / xml_unescape: shared/util/strings.hpp (aisloader's S3 mode needs them too).

// Appends elements to a document that starts with the XML declaration.
class XmlWriter {
public:
    XmlWriter();
    void open(std::string_view tag, bool with_ns = false);  // <tag> or <tag xmlns="...">
    void close(std::string_view tag);
    void elem(std::string_view tag, std::string_view text);  // <tag>escaped text</tag>
    void raw(std::string_view xml) { out_ += xml; }  // appended as is (already well-formed)
    std::string str() && { return std::move(out_); }

private:
    std::string out_;
};

// The raw (still escaped) content of every <tag>...</tag> in `doc`, in document order; leaf
// values need xml_unescape().
std::vector<std::string> xml_all(std::string_view doc, std::string_view tag);

// ISO 8601 with milliseconds in UTC ("2006-01-02T15:04:05.000Z"), as S3 listings show times.
std::string iso8601_ms(int64_t unix_ns);

}  // namespace ais::node::s3
