#include "aisnode/s3/xml.hpp"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <ctime>

namespace ais::node::s3 {

XmlWriter::XmlWriter() { out_ = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"; }

void XmlWriter::open(std::string_view tag, bool with_ns) {
    out_ += '<';
    out_ += tag;
    if (with_ns) {
        out_ += " xmlns=\"";
        out_ += kXmlns;
        out_ += '"';
    }
    out_ += '>';
}

void XmlWriter::close(std::string_view tag) {
    out_ += "</";
    out_ += tag;
    out_ += '>';
}

void XmlWriter::elem(std::string_view tag, std::string_view text) {
    open(tag);
    out_ += ais::xml_escape(text);
    close(tag);
}

std::vector<std::string> xml_all(std::string_view doc, std::string_view tag) {
    std::vector<std::string> out;
    const std::string open_a = "<" + std::string(tag) + ">";
    const std::string open_b = "<" + std::string(tag) + " ";
    const std::string close = "</" + std::string(tag) + ">";
    size_t pos = 0;
    for (;;) {
        size_t a = doc.find(open_a, pos), b = doc.find(open_b, pos);
        size_t start = std::min(a, b);
        if (start == std::string_view::npos) break;
        size_t gt = doc.find('>', start);
        if (gt == std::string_view::npos) break;
        if (doc[gt - 1] == '/') {  // <Tag/>
            out.emplace_back();
            pos = gt + 1;
            continue;
        }
        size_t end = doc.find(close, gt + 1);
        if (end == std::string_view::npos) break;
        out.emplace_back(doc.substr(gt + 1, end - gt - 1));
        pos = end + close.size();
    }
    return out;
}

std::string iso8601_ms(int64_t unix_ns) {
    time_t secs = static_cast<time_t>(unix_ns / 1'000'000'000);
    int ms = static_cast<int>((unix_ns / 1'000'000) % 1000);
    struct tm tm {};
    gmtime_r(&secs, &tm);
    char buf[96];
    std::snprintf(buf, sizeof(buf), "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1,
                  tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, ms);
    return buf;
}

}  // namespace ais::node::s3
