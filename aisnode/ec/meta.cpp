#include "aisnode/ec/meta.hpp"

#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include <cstdint>
#include <string>

#include "aisnode/ec/ec.hpp"
#include "shared/util/errors.hpp"

namespace ais::ec {

namespace bj = boost::json;

namespace {

[[noreturn]] void bad(std::string_view field, std::string_view why) {
    throw ErrBadRequest("invalid EC metadata: \"" + std::string(field) + "\": " + std::string(why));
}

const bj::value* field(const bj::object& o, std::string_view key, bool required) {
    const bj::value* v = o.if_contains(key);
    if (v && v->is_null()) v = nullptr;
    if (!v && required) bad(key, "missing");
    return v;
}

int64_t int_value(const bj::value& v, std::string_view name, int64_t lo, int64_t hi) {
    int64_t x;
    if (v.is_int64()) {
        x = v.get_int64();
    } else if (v.is_uint64() && v.get_uint64() <= static_cast<uint64_t>(INT64_MAX)) {
        x = static_cast<int64_t>(v.get_uint64());
    } else if (v.is_uint64()) {
        bad(name, "out of range");
    } else {
        bad(name, "expected an integer");
    }
    if (x < lo || x > hi)
        bad(name,
            std::to_string(x) + " out of range [" + std::to_string(lo) + ", " + std::to_string(hi) + "]");
    return x;
}

int64_t get_int(const bj::object& o, std::string_view key, bool required, int64_t lo, int64_t hi,
                int64_t dflt = 0) {
    const bj::value* v = field(o, key, required);
    return v ? int_value(*v, key, lo, hi) : dflt;
}

std::string get_str(const bj::object& o, std::string_view key) {
    const bj::value* v = field(o, key, false);
    if (!v) return {};
    if (!v->is_string()) bad(key, "expected a string");
    return std::string(v->get_string());
}

}  // namespace

int64_t Meta::slice_size() const {
    return is_copy || data < 1 ? 0 : ec::slice_size(size, data);
}

std::string to_json(const Meta& m) {
    bj::object nodes;
    for (const auto& [id, slice] : m.nodes) nodes[id] = slice;
    bj::object o;
    o["obj_size"] = m.size;
    o["generation"] = m.generation;
    o["obj_cksum"] = m.obj_cksum;
    o["obj_version"] = m.obj_version;
    o["cksum_type"] = std::string(to_string(m.cksum_type));
    o["slice_cksum"] = m.slice_cksum;
    o["replica_node"] = m.replica_node;
    o["nodes"] = std::move(nodes);
    o["data_slices"] = m.data;
    o["parity_slices"] = m.parity;
    o["slice_id"] = m.slice_id;
    o["md_version"] = m.md_version;
    o["is_copy"] = m.is_copy;
    if (!m.custom.empty()) {
        bj::object custom;
        for (const auto& [k, v] : m.custom) custom[k] = v;
        o["custom"] = std::move(custom);
    }
    return bj::serialize(o);
}

Meta meta_from_json(std::string_view text) {
    boost::system::error_code ec;
    bj::value v = bj::parse(text, ec);
    if (ec) throw ErrBadRequest("invalid EC metadata: " + ec.message());
    if (!v.is_object()) throw ErrBadRequest("invalid EC metadata: expected a JSON object");
    const bj::object& o = v.get_object();

    Meta m;
    m.md_version =
        static_cast<uint32_t>(get_int(o, "md_version", false, kMetaVersion, kMetaVersion, kMetaVersion));
    m.size = get_int(o, "obj_size", true, 0, INT64_MAX);
    m.generation = get_int(o, "generation", false, 0, INT64_MAX);
    m.data = static_cast<int>(get_int(o, "data_slices", true, kMinSlices, kMaxSlices));
    m.parity = static_cast<int>(get_int(o, "parity_slices", true, kMinSlices, kMaxSlices));
    const int total = m.data + m.parity;
    m.slice_id = static_cast<int>(get_int(o, "slice_id", true, 0, total));

    const bj::value* copy = field(o, "is_copy", true);
    if (!copy->is_bool()) bad("is_copy", "expected a boolean");
    m.is_copy = copy->get_bool();
    if (m.is_copy && m.slice_id != 0) bad("slice_id", "a replica has slice id 0");

    m.obj_cksum = get_str(o, "obj_cksum");
    m.obj_version = get_str(o, "obj_version");
    m.slice_cksum = get_str(o, "slice_cksum");
    m.replica_node = get_str(o, "replica_node");
    std::string ct = get_str(o, "cksum_type");
    if (!ct.empty()) {  // AIS writes "" for an object without a checksum
        try {
            m.cksum_type = parse_cksum_type(ct);
        } catch (const ErrBadRequest&) {
            bad("cksum_type", "unknown checksum type \"" + ct + "\"");
        }
    }

    if (const bj::value* n = field(o, "nodes", false)) {
        if (!n->is_object()) bad("nodes", "expected an object");
        for (const auto& kv : n->get_object()) {
            if (kv.key().empty()) bad("nodes", "empty target id");
            std::string id(kv.key());
            m.nodes[id] = static_cast<int>(int_value(kv.value(), "nodes." + id, 0, total));
        }
    }
    if (const bj::value* c = field(o, "custom", false)) {
        if (!c->is_object()) bad("custom", "expected an object");
        for (const auto& kv : c->get_object()) {
            if (!kv.value().is_string()) bad("custom", "expected string values");
            m.custom[std::string(kv.key())] = std::string(kv.value().get_string());
        }
    }
    return m;
}

}  // namespace ais::ec
