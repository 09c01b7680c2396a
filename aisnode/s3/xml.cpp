#include "aisnode/s3/xml.hpp"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <ctime>

namespace ais::node::s3 {

std::string xml_escape(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (char c : s) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&apos;"; break;
            default: out += c;
        }
    }
    return out;
}

std::string xml_unescape(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] != '&') {
            out += s[i];
            continue;
        }
        auto semi = s.find(';', i);
        if (semi == std::string_view::npos) {
            out += s[i];
            continue;
        }
        auto ent = s.substr(i + 1, semi - i - 1);
        if (ent == "amp") out += '&';
        else if (ent == "lt") out += '<';
        else if (ent == "gt") out += '>';
        else if (ent == "quot") out += '"';
        else if (ent == "apos") out += '\'';
        else if (!ent.empty() && ent[0] == '#') {
            uint32_t cp = 0;
            bool hex = ent.size() > 1 && (ent[1] == 'x' || ent[1] == 'X');
            for (char c : ent.substr(hex ? 2 : 1)) {
                int d = c >= '0' && c <= '9' ? c - '0' : hex && c >= 'a' && c <= 'f' ? c - 'a' + 10
                                             : hex && c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
                if (d < 0) break;
                cp = cp * (hex ? 16 : 10) + static_cast<uint32_t>(d);
            }
            if (cp < 0x80) {
                out += static_cast<char>(cp);
            } else if (cp < 0x800) {
                out += static_cast<char>(0xC0 | (cp >> 6));
                out += static_cast<char>(0x80 | (cp & 0x3F));
            } else if (cp < 0x10000) {
                out += static_cast<char>(0xE0 | (cp >> 12));
                out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
                out += static_cast<char>(0x80 | (cp & 0x3F));
            } else {
                out += static_cast<char>(0xF0 | (cp >> 18));
                out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
                out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
                out += static_cast<char>(0x80 | (cp & 0x3F));
            }
        } else {
            out.append(s.substr(i, semi - i + 1));
        }
        i = semi;
    }
    return out;
}

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
    out_ += xml_escape(text);
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
