#include "shared/api/msgpack.hpp"

#include "shared/util/errors.hpp"
#include "shared/util/strings.hpp"

#include <bit>
#include <cstring>
#include <limits>

namespace ais::api::msgpack {

// ---- Writer ----

void Writer::put_be(uint64_t v, int nbytes) {
    for (int k = nbytes - 1; k >= 0; --k) put8(static_cast<uint8_t>(v >> (8 * k)));
}

void Writer::nil() {
    put8(0xc0);
}

void Writer::boolean(bool b) {
    put8(b ? 0xc3 : 0xc2);
}

void Writer::uint64(uint64_t v) {
    if (v < 0x80) {
        put8(static_cast<uint8_t>(v));  // positive fixint
    } else if (v <= 0xff) {
        put8(0xcc), put_be(v, 1);
    } else if (v <= 0xffff) {
        put8(0xcd), put_be(v, 2);
    } else if (v <= 0xffffffff) {
        put8(0xce), put_be(v, 4);
    } else {
        put8(0xcf), put_be(v, 8);
    }
}

void Writer::int64(int64_t v) {
    if (v >= 0) return uint64(static_cast<uint64_t>(v));
    auto u = static_cast<uint64_t>(v);
    if (v >= -32) {
        put8(static_cast<uint8_t>(u));  // negative fixint
    } else if (v >= -128) {
        put8(0xd0), put_be(u, 1);
    } else if (v >= -32768) {
        put8(0xd1), put_be(u, 2);
    } else if (v >= std::numeric_limits<int32_t>::min()) {
        put8(0xd2), put_be(u, 4);
    } else {
        put8(0xd3), put_be(u, 8);
    }
}

void Writer::float64(double v) {
    put8(0xcb);
    put_be(std::bit_cast<uint64_t>(v), 8);
}

void Writer::str(std::string_view s) {
    size_t n = s.size();
    if (n < 32) {
        put8(static_cast<uint8_t>(0xa0 | n));
    } else if (n <= 0xff) {
        put8(0xd9), put_be(n, 1);
    } else if (n <= 0xffff) {
        put8(0xda), put_be(n, 2);
    } else {
        if (n > 0xffffffff) throw Error(500, "msgpack: string too long");
        put8(0xdb), put_be(n, 4);
    }
    out_.append(s);
}

void Writer::bin(std::string_view b) {
    size_t n = b.size();
    if (n <= 0xff) {
        put8(0xc4), put_be(n, 1);
    } else if (n <= 0xffff) {
        put8(0xc5), put_be(n, 2);
    } else {
        if (n > 0xffffffff) throw Error(500, "msgpack: binary too long");
        put8(0xc6), put_be(n, 4);
    }
    out_.append(b);
}

void Writer::array_header(uint32_t n) {
    if (n < 16) {
        put8(static_cast<uint8_t>(0x90 | n));
    } else if (n <= 0xffff) {
        put8(0xdc), put_be(n, 2);
    } else {
        put8(0xdd), put_be(n, 4);
    }
}

void Writer::map_header(uint32_t n) {
    if (n < 16) {
        put8(static_cast<uint8_t>(0x80 | n));
    } else if (n <= 0xffff) {
        put8(0xde), put_be(n, 2);
    } else {
        put8(0xdf), put_be(n, 4);
    }
}

void encode(const Value& v, Writer& w) {
    switch (v.type) {
        case Value::Type::Nil:
            w.nil();
            break;
        case Value::Type::Bool:
            w.boolean(v.b);
            break;
        case Value::Type::Int:
            w.int64(v.i);
            break;
        case Value::Type::Uint:
            w.uint64(v.u);
            break;
        case Value::Type::Float:
            w.float64(v.f);
            break;
        case Value::Type::Str:
            w.str(v.s);
            break;
        case Value::Type::Bin:
            w.bin(v.s);
            break;
        case Value::Type::Array:
            w.array_header(static_cast<uint32_t>(v.arr.size()));
            for (const auto& x : v.arr) encode(x, w);
            break;
        case Value::Type::Map:
            w.map_header(static_cast<uint32_t>(v.map.size()));
            for (const auto& [k, x] : v.map) encode(k, w), encode(x, w);
            break;
    }
}

// ---- decoding ----

namespace {

constexpr int kMaxDepth = 64;

[[noreturn]] void fail(const char* why) {
    throw ErrBadRequest(std::string("msgpack: ") + why);
}

class Reader {
  public:
    explicit Reader(std::string_view d) : d_(d) {}
    bool done() const { return pos_ == d_.size(); }

    Value read(int depth) {
        if (depth > kMaxDepth) fail("nesting too deep");
        Value v;
        uint8_t b = byte();
        if (b <= 0x7f) return set_uint(v, b);
        if (b >= 0xe0) return set_int(v, static_cast<int8_t>(b));
        if ((b & 0xe0) == 0xa0) return set_str(v, Value::Type::Str, b & 0x1f);
        if ((b & 0xf0) == 0x90) return read_array(v, b & 0x0f, depth);
        if ((b & 0xf0) == 0x80) return read_map(v, b & 0x0f, depth);
        switch (b) {
            case 0xc0:
                return v;
            case 0xc2:
                v.type = Value::Type::Bool, v.b = false;
                return v;
            case 0xc3:
                v.type = Value::Type::Bool, v.b = true;
                return v;
            case 0xc4:
                return set_str(v, Value::Type::Bin, be(1));
            case 0xc5:
                return set_str(v, Value::Type::Bin, be(2));
            case 0xc6:
                return set_str(v, Value::Type::Bin, be(4));
            case 0xca: {
                auto bits = static_cast<uint32_t>(be(4));
                v.type = Value::Type::Float, v.f = std::bit_cast<float>(bits);
                return v;
            }
            case 0xcb:
                v.type = Value::Type::Float, v.f = std::bit_cast<double>(be(8));
                return v;
            case 0xcc:
                return set_uint(v, be(1));
            case 0xcd:
                return set_uint(v, be(2));
            case 0xce:
                return set_uint(v, be(4));
            case 0xcf:
                return set_uint(v, be(8));
            case 0xd0:
                return set_int(v, static_cast<int8_t>(be(1)));
            case 0xd1:
                return set_int(v, static_cast<int16_t>(be(2)));
            case 0xd2:
                return set_int(v, static_cast<int32_t>(be(4)));
            case 0xd3:
                return set_int(v, static_cast<int64_t>(be(8)));
            case 0xd9:
                return set_str(v, Value::Type::Str, be(1));
            case 0xda:
                return set_str(v, Value::Type::Str, be(2));
            case 0xdb:
                return set_str(v, Value::Type::Str, be(4));
            case 0xdc:
                return read_array(v, be(2), depth);
            case 0xdd:
                return read_array(v, be(4), depth);
            case 0xde:
                return read_map(v, be(2), depth);
            case 0xdf:
                return read_map(v, be(4), depth);
            default:
                fail("unsupported type byte (ext or reserved)");
        }
    }

  private:
    uint8_t byte() {
        if (pos_ >= d_.size()) fail("truncated input");
        return static_cast<uint8_t>(d_[pos_++]);
    }
    uint64_t be(int n) {
        if (d_.size() - pos_ < static_cast<size_t>(n)) fail("truncated input");
        uint64_t v = 0;
        for (int k = 0; k < n; ++k) v = (v << 8) | static_cast<uint8_t>(d_[pos_++]);
        return v;
    }
    static Value& set_uint(Value& v, uint64_t u) {
        v.type = Value::Type::Uint, v.u = u;
        return v;
    }
    // Non-negative values from the int family are normalised to Uint, so that a value compares
    // the same however the peer chose to encode it (Go's msgp writes int16 for 200).
    static Value& set_int(Value& v, int64_t i) {
        if (i >= 0) return set_uint(v, static_cast<uint64_t>(i));
        v.type = Value::Type::Int, v.i = i;
        return v;
    }
    Value& set_str(Value& v, Value::Type t, uint64_t n) {
        if (n > d_.size() - pos_) fail("truncated string");
        v.type = t;
        v.s.assign(d_.data() + pos_, n);
        pos_ += n;
        return v;
    }
    Value& read_array(Value& v, uint64_t n, int depth) {
        // Every element takes at least one byte: a bogus count cannot make us allocate.
        if (n > d_.size() - pos_) fail("truncated array");
        v.type = Value::Type::Array;
        v.arr.reserve(n);
        for (uint64_t k = 0; k < n; ++k) v.arr.push_back(read(depth + 1));
        return v;
    }
    Value& read_map(Value& v, uint64_t n, int depth) {
        if (n > (d_.size() - pos_) / 2) fail("truncated map");
        v.type = Value::Type::Map;
        v.map.reserve(n);
        for (uint64_t k = 0; k < n; ++k) {
            Value key = read(depth + 1);
            Value val = read(depth + 1);
            v.map.emplace_back(std::move(key), std::move(val));
        }
        return v;
    }

    std::string_view d_;
    size_t pos_ = 0;

  public:
    size_t pos() const { return pos_; }
};

[[noreturn]] void type_fail(std::string_view what, const char* expected) {
    std::string m = "msgpack: ";
    if (!what.empty()) m += "\"" + std::string(what) + "\": ";
    m += "expected ";
    m += expected;
    throw ErrBadRequest(std::move(m));
}

}  // namespace

Value decode(std::string_view data) {
    Reader r(data);
    Value v = r.read(0);
    if (!r.done()) fail("trailing bytes after value");
    return v;
}

int64_t Value::as_int64(std::string_view what) const {
    if (type == Type::Int) return i;
    if (type == Type::Uint && u <= static_cast<uint64_t>(std::numeric_limits<int64_t>::max()))
        return static_cast<int64_t>(u);
    type_fail(what, "an int64");
}

uint64_t Value::as_uint64(std::string_view what) const {
    if (type == Type::Uint) return u;
    type_fail(what, "a non-negative integer");
}

const std::string& Value::as_str(std::string_view what) const {
    if (type == Type::Str || type == Type::Bin) return s;
    type_fail(what, "a string");
}

bool Value::as_bool(std::string_view what) const {
    if (type == Type::Bool) return b;
    type_fail(what, "a boolean");
}

bool operator==(const Value& a, const Value& b) {
    if (a.type != b.type) return false;
    switch (a.type) {
        case Value::Type::Nil:
            return true;
        case Value::Type::Bool:
            return a.b == b.b;
        case Value::Type::Int:
            return a.i == b.i;
        case Value::Type::Uint:
            return a.u == b.u;
        case Value::Type::Float:
            return std::bit_cast<uint64_t>(a.f) == std::bit_cast<uint64_t>(b.f);
        case Value::Type::Str:
        case Value::Type::Bin:
            return a.s == b.s;
        case Value::Type::Array:
            return a.arr == b.arr;
        case Value::Type::Map:
            return a.map == b.map;
    }
    return false;
}

const Value* Value::find(std::string_view key) const {
    if (type != Type::Map) return nullptr;
    const Value* hit = nullptr;
    for (const auto& [k, v] : map) {
        if (k.type != Type::Str) continue;
        if (k.s == key) {
            hit = &v;
            break;
        }
        if (!hit && iequals(k.s, key)) hit = &v;
    }
    return (hit && !hit->is_nil()) ? hit : nullptr;
}

// ---- Cursor ----

uint8_t Cursor::byte() {
    if (pos_ >= d_.size()) fail("truncated input");
    return static_cast<uint8_t>(d_[pos_++]);
}

uint64_t Cursor::be(int n) {
    if (d_.size() - pos_ < static_cast<size_t>(n)) fail("truncated input");
    uint64_t v = 0;
    for (int k = 0; k < n; ++k) v = (v << 8) | static_cast<uint8_t>(d_[pos_++]);
    return v;
}

void Cursor::nil() {
    if (byte() != 0xc0) type_fail({}, "nil");
}

uint32_t Cursor::map_header() {
    const uint8_t b = byte();
    uint64_t n;
    if ((b & 0xf0) == 0x80)
        n = b & 0x0f;
    else if (b == 0xde)
        n = be(2);
    else if (b == 0xdf)
        n = be(4);
    else
        type_fail({}, "a map");
    if (n > (d_.size() - pos_) / 2) fail("truncated map");
    return static_cast<uint32_t>(n);
}

uint32_t Cursor::array_header() {
    const uint8_t b = byte();
    uint64_t n;
    if ((b & 0xf0) == 0x90)
        n = b & 0x0f;
    else if (b == 0xdc)
        n = be(2);
    else if (b == 0xdd)
        n = be(4);
    else
        type_fail({}, "an array");
    if (n > d_.size() - pos_) fail("truncated array");
    return static_cast<uint32_t>(n);
}

std::string_view Cursor::str() {
    const uint8_t b = byte();
    uint64_t n;
    if ((b & 0xe0) == 0xa0)
        n = b & 0x1f;
    else if (b == 0xd9 || b == 0xc4)
        n = be(1);
    else if (b == 0xda || b == 0xc5)
        n = be(2);
    else if (b == 0xdb || b == 0xc6)
        n = be(4);
    else
        type_fail({}, "a string");
    if (n > d_.size() - pos_) fail("truncated string");
    std::string_view out = d_.substr(pos_, n);
    pos_ += n;
    return out;
}

int64_t Cursor::int64() {
    const uint8_t b = byte();
    if (b <= 0x7f) return b;
    if (b >= 0xe0) return static_cast<int8_t>(b);
    switch (b) {
        case 0xcc:
            return static_cast<int64_t>(be(1));
        case 0xcd:
            return static_cast<int64_t>(be(2));
        case 0xce:
            return static_cast<int64_t>(be(4));
        case 0xcf: {
            uint64_t u = be(8);
            if (u > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) type_fail({}, "an int64");
            return static_cast<int64_t>(u);
        }
        case 0xd0:
            return static_cast<int8_t>(be(1));
        case 0xd1:
            return static_cast<int16_t>(be(2));
        case 0xd2:
            return static_cast<int32_t>(be(4));
        case 0xd3:
            return static_cast<int64_t>(be(8));
        default:
            type_fail({}, "an integer");
    }
}

void Cursor::skip() {
    Reader r(d_.substr(pos_));
    (void)r.read(0);
    pos_ += r.pos();
}

}  // namespace ais::api::msgpack
