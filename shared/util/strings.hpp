// String helpers shared by every program: lenient booleans, case-insensitive compare, splitting,
// JSON string literals, URL percent-encoding, base36/base64, and strict integer parsing.
// All functions are pure and thread-safe. Parsers that reject input throw ErrBadRequest naming the
// offending text, because their input usually comes straight from an HTTP query or a CLI flag.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ais {

// AIS query booleans (spec §0): 1,t,true,y,yes,on -> true; 0,f,false,n,no,off,"" -> false
// (case-insensitive, so Python's "True" works). Anything else throws ErrBadRequest.
bool parse_bool(std::string_view s);

// ASCII-only case folding: header names, enum names and units are ASCII.
bool iequals(std::string_view a, std::string_view b);
std::string to_lower(std::string_view s);

// Go strings.Split semantics: "a,,b" -> {"a","","b"}; "" -> {""}. Views point into `s`.
std::vector<std::string_view> split(std::string_view s, char sep);

// A JSON string literal including the quotes (RFC 8259). Like Go's encoder with HTML escaping
// off: valid UTF-8 passes through, control characters are escaped, U+2028/U+2029 are escaped
// (JavaScript line terminators), and invalid UTF-8 bytes become \ufffd so the output is always
// valid JSON.
std::string json_quote(std::string_view s);

// Percent-encoding with uppercase hex. The path variant keeps unreserved chars and '/', which is
// how clients put object names into /v1/objects/<bucket>/<name>. The query variant also escapes
// '/', '&', '=', '+' and encodes space as %20.
std::string url_escape_path(std::string_view s);
std::string url_escape_query(std::string_view s);
// Decodes %XX (either hex case). '+' stays '+' (path semantics). Malformed % -> ErrBadRequest.
std::string url_unescape(std::string_view s);

// Lowercase base 36, as Go's strconv.FormatUint(v, 36): the redirect `utm` parameter (spec §3.1).
std::string base36(uint64_t v);

// Standard base64 alphabet with '=' padding. Decoding accepts padded or unpadded input and
// throws ErrBadRequest on anything else.
std::string base64_encode(std::string_view bytes);
std::string base64_decode(std::string_view text);

// Whole-string decimal integers: optional sign (parse_int only), no spaces, no overflow.
std::optional<int64_t> parse_int(std::string_view s);
std::optional<uint64_t> parse_uint(std::string_view s);

// XML text escaping (&amp; &lt; &gt; &quot; &apos;) and its inverse, incl. numeric references.
std::string xml_escape(std::string_view s);
std::string xml_unescape(std::string_view s);

}  // namespace ais
