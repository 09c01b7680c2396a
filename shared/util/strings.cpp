#include "shared/util/strings.hpp"

#include <charconv>

#include "shared/util/errors.hpp"

namespace ais {

namespace {

constexpr char kHexUpper[] = "0123456789ABCDEF";
constexpr char kHexLower[] = "0123456789abcdef";

char ascii_lower(char c) {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

bool is_unreserved(unsigned char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '.' || c == '_' || c == '~';
}

std::string escape(std::string_view s, bool keep_slash) {
    std::string out;
    out.reserve(s.size() + s.size() / 4);
    for (unsigned char c : s) {
        if (is_unreserved(c) || (keep_slash && c == '/')) {
            out.push_back(static_cast<char>(c));
        } else {
            out.push_back('%');
            out.push_back(kHexUpper[c >> 4]);
            out.push_back(kHexUpper[c & 15]);
        }
    }
    return out;
}

// Length of the valid UTF-8 sequence starting at s[i], or 0 if invalid (overlong forms,
// surrogates and code points above U+10FFFF are invalid, as in Go's utf8.DecodeRuneInString).
size_t utf8_seq_len(std::string_view s, size_t i, uint32_t* cp) {
    auto b = [&](size_t k) { return static_cast<unsigned char>(s[i + k]); };
    unsigned char c0 = b(0);
    size_t n;
    uint32_t v;
    if (c0 < 0x80) {
        *cp = c0;
        return 1;
    } else if (c0 >= 0xC2 && c0 <= 0xDF) {
        n = 2, v = c0 & 0x1F;
    } else if (c0 >= 0xE0 && c0 <= 0xEF) {
        n = 3, v = c0 & 0x0F;
    } else if (c0 >= 0xF0 && c0 <= 0xF4) {
        n = 4, v = c0 & 0x07;
    } else {
        return 0;
    }
    if (i + n > s.size()) return 0;
    for (size_t k = 1; k < n; ++k) {
        if ((b(k) & 0xC0) != 0x80) return 0;
        v = (v << 6) | (b(k) & 0x3F);
    }
    if ((n == 3 && v < 0x800) || (n == 4 && (v < 0x10000 || v > 0x10FFFF)) || (v >= 0xD800 && v <= 0xDFFF))
        return 0;
    *cp = v;
    return n;
}

}  // namespace

bool parse_bool(std::string_view s) {
    // Longest accepted word is "false" (5 chars); anything longer is invalid.
    if (s.size() <= 5) {
        char buf[5];
        for (size_t i = 0; i < s.size(); ++i) buf[i] = ascii_lower(s[i]);
        std::string_view l(buf, s.size());
        if (l == "1" || l == "t" || l == "true" || l == "y" || l == "yes" || l == "on") return true;
        if (l.empty() || l == "0" || l == "f" || l == "false" || l == "n" || l == "no" || l == "off")
            return false;
    }
    throw ErrBadRequest("invalid boolean value " + json_quote(s));
}

bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i)
        if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
    return true;
}

std::string to_lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = ascii_lower(c);
    return out;
}

std::vector<std::string_view> split(std::string_view s, char sep) {
    std::vector<std::string_view> out;
    size_t start = 0;
    for (;;) {
        size_t pos = s.find(sep, start);
        if (pos == std::string_view::npos) {
            out.push_back(s.substr(start));
            return out;
        }
        out.push_back(s.substr(start, pos - start));
        start = pos + 1;
    }
}

std::string json_quote(std::string_view s) {
    std::string out;
    out.reserve(s.size() + 2);
    out.push_back('"');
    size_t i = 0;
    while (i < s.size()) {
        unsigned char c = static_cast<unsigned char>(s[i]);
        if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
            out.push_back(static_cast<char>(c));
            ++i;
            continue;
        }
        if (c < 0x80) {
            out.push_back('\\');
            switch (c) {
                case '"':
                    out.push_back('"');
                    break;
                case '\\':
                    out.push_back('\\');
                    break;
                case '\b':
                    out.push_back('b');
                    break;
                case '\f':
                    out.push_back('f');
                    break;
                case '\n':
                    out.push_back('n');
                    break;
                case '\r':
                    out.push_back('r');
                    break;
                case '\t':
                    out.push_back('t');
                    break;
                default:
                    out.append("u00");
                    out.push_back(kHexLower[c >> 4]);
                    out.push_back(kHexLower[c & 15]);
            }
            ++i;
            continue;
        }
        uint32_t cp = 0;
        size_t n = utf8_seq_len(s, i, &cp);
        if (n == 0) {
            out.append("\\ufffd");
            ++i;
        } else if (cp == 0x2028 || cp == 0x2029) {
            out.append(cp == 0x2028 ? "\\u2028" : "\\u2029");
            i += n;
        } else {
            out.append(s.substr(i, n));
            i += n;
        }
    }
    out.push_back('"');
    return out;
}

std::string url_escape_path(std::string_view s) {
    return escape(s, true);
}
std::string url_escape_query(std::string_view s) {
    return escape(s, false);
}

std::string url_unescape(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] != '%') {
            out.push_back(s[i]);
            continue;
        }
        int hi = i + 2 < s.size() ? hex_value(s[i + 1]) : -1;
        int lo = hi >= 0 ? hex_value(s[i + 2]) : -1;
        if (lo < 0) throw ErrBadRequest("invalid URL escape in " + json_quote(s));
        out.push_back(static_cast<char>(hi << 4 | lo));
        i += 2;
    }
    return out;
}

std::string base36(uint64_t v) {
    char buf[16];  // 36^13 > 2^64
    char* p = buf + sizeof(buf);
    do {
        *--p = "0123456789abcdefghijklmnopqrstuvwxyz"[v % 36];
        v /= 36;
    } while (v != 0);
    return std::string(p, buf + sizeof(buf));
}

namespace {
constexpr char kB64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

int b64_value(char c) {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
}
}  // namespace

std::string base64_encode(std::string_view in) {
    std::string out;
    out.reserve((in.size() + 2) / 3 * 4);
    size_t i = 0;
    auto u = [&](size_t k) { return static_cast<uint32_t>(static_cast<unsigned char>(in[k])); };
    for (; i + 3 <= in.size(); i += 3) {
        uint32_t v = u(i) << 16 | u(i + 1) << 8 | u(i + 2);
        out.push_back(kB64[v >> 18]);
        out.push_back(kB64[(v >> 12) & 63]);
        out.push_back(kB64[(v >> 6) & 63]);
        out.push_back(kB64[v & 63]);
    }
    size_t rem = in.size() - i;
    if (rem > 0) {
        uint32_t v = u(i) << 16 | (rem == 2 ? u(i + 1) << 8 : 0);
        out.push_back(kB64[v >> 18]);
        out.push_back(kB64[(v >> 12) & 63]);
        out.push_back(rem == 2 ? kB64[(v >> 6) & 63] : '=');
        out.push_back('=');
    }
    return out;
}

std::string base64_decode(std::string_view text) {
    std::string_view s = text;
    if (s.size() % 4 == 0 && !s.empty()) {
        if (s.back() == '=') s.remove_suffix(1);
        if (s.back() == '=') s.remove_suffix(1);
    }
    if (s.size() % 4 == 1) throw ErrBadRequest("invalid base64 " + json_quote(text));
    std::string out;
    out.reserve(s.size() * 3 / 4);
    uint32_t acc = 0;
    int bits = 0;
    for (char c : s) {
        int v = b64_value(c);
        if (v < 0) throw ErrBadRequest("invalid base64 " + json_quote(text));
        acc = acc << 6 | static_cast<uint32_t>(v);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out.push_back(static_cast<char>((acc >> bits) & 0xFF));
        }
    }
    // Leftover bits must be zero, otherwise the text is not canonical (and probably garbage).
    if ((acc & ((1u << bits) - 1)) != 0) throw ErrBadRequest("invalid base64 " + json_quote(text));
    return out;
}

std::optional<int64_t> parse_int(std::string_view s) {
    // from_chars rejects a leading '+', which Go's ParseInt accepts.
    if (!s.empty() && s[0] == '+') {
        s.remove_prefix(1);
        if (!s.empty() && s[0] == '-') return std::nullopt;
    }
    if (s.empty()) return std::nullopt;
    int64_t v = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v, 10);
    if (ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
    return v;
}

std::optional<uint64_t> parse_uint(std::string_view s) {
    if (s.empty() || s[0] == '-') return std::nullopt;
    uint64_t v = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v, 10);
    if (ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
    return v;
}

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

}  // namespace ais
