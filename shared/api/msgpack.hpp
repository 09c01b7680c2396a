// A small MessagePack codec: enough for list-objects (spec §4.2), which is the one msgpack
// payload on the AIS wire. We write msgpack ourselves because the Python SDK can only decode that
// form of LsoRes, and Debian's msgpack packages do not fit our build.
//
// Writer appends to a caller-owned std::string and always picks the smallest encoding, exactly as
// Python's `msgpack.packb(x, use_bin_type=True)` does: non-negative integers use the uint family,
// negative ones the int family, strings are always `str` (never `bin`), floats are float64.
// So our bytes are byte-identical to Python's for the same values (the fixtures pin it).
//
// decode() parses a complete buffer into a Value tree. Input comes from the network: every length
// is checked against the bytes that remain, nesting is bounded, and anything malformed or left
// over throws ErrBadRequest. Ext types and the `never used` byte (0xc1) are rejected.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ais::api::msgpack {

class Writer {
  public:
    explicit Writer(std::string& out) : out_(out) {}

    void nil();
    void boolean(bool b);
    void int64(int64_t v);  // v >= 0 is written as an unsigned integer, like Python
    void uint64(uint64_t v);
    void float64(double v);
    void str(std::string_view s);
    void bin(std::string_view b);
    void array_header(uint32_t n);  // followed by n values
    void map_header(uint32_t n);    // followed by n key/value pairs

    // Convenience for the common "key then value" map entries.
    void kv(std::string_view key, std::string_view val) {
        str(key);
        str(val);
    }
    void kv_int(std::string_view key, int64_t val) {
        str(key);
        int64(val);
    }

  private:
    void put8(uint8_t b) { out_.push_back(static_cast<char>(b)); }
    void put_be(uint64_t v, int nbytes);
    std::string& out_;
};

class Value {
  public:
    enum class Type : uint8_t { Nil, Bool, Int, Uint, Float, Str, Bin, Array, Map };

    Type type = Type::Nil;
    bool b = false;
    int64_t i = 0;   // Int: negative values only (non-negative integers decode as Uint)
    uint64_t u = 0;  // Uint
    double f = 0;    // Float (float32 is widened)
    std::string s;   // Str and Bin payload
    std::vector<Value> arr;
    std::vector<std::pair<Value, Value>> map;

    bool is_nil() const { return type == Type::Nil; }
    bool is_int() const { return type == Type::Int || type == Type::Uint; }
    bool is_str() const { return type == Type::Str; }
    bool is_array() const { return type == Type::Array; }
    bool is_map() const { return type == Type::Map; }

    // Checked accessors; a type or range mismatch throws ErrBadRequest naming `what`.
    int64_t as_int64(std::string_view what = {}) const;
    uint64_t as_uint64(std::string_view what = {}) const;
    const std::string& as_str(std::string_view what = {}) const;  // Str (Bin accepted too)
    bool as_bool(std::string_view what = {}) const;

    // Map lookup by string key: exact first, then ASCII case-insensitive; nullptr if absent or nil.
    const Value* find(std::string_view key) const;

    // Structural equality (type and payload; map order matters).
    friend bool operator==(const Value& a, const Value& b);
};

// Parses exactly one value spanning all of `data`.
Value decode(std::string_view data);

// Encodes a Value tree (canonical smallest form); decode(encode(v)) == v structurally.
void encode(const Value& v, Writer& w);

// Pull-style reading, for hot paths that decode straight into structs (list-objects pages) without
// building a Value tree. The same checks as decode(); a type mismatch throws ErrBadRequest.
class Cursor {
  public:
    explicit Cursor(std::string_view d) : d_(d) {}
    bool done() const { return pos_ == d_.size(); }
    bool next_is_nil() const { return pos_ < d_.size() && static_cast<uint8_t>(d_[pos_]) == 0xc0; }
    void nil();
    uint32_t map_header();
    uint32_t array_header();
    std::string_view str();  // str or bin
    int64_t int64();
    void skip();  // any one value

  private:
    uint8_t byte();
    uint64_t be(int n);
    std::string_view d_;
    size_t pos_ = 0;
};

}  // namespace ais::api::msgpack
