#include "aisnode/transport/bundle.hpp"

#include "shared/api/apc.hpp"
#include "shared/api/smap.hpp"
#include "shared/util/errors.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <cstring>
#include <unistd.h>

namespace ais::node::transport {

namespace json = boost::json;

// ---- frames ----

std::string encode_hdr(const ObjHdr& h) {
    json::object o;
    o["uname"] = h.bck.obj_uname(h.obj);
    o["size"] = h.size;
    if (!h.cksum_type.empty()) {
        o["cksum_type"] = h.cksum_type;
        o["cksum_value"] = h.cksum_value;
    }
    if (!h.version.empty()) o["version"] = h.version;
    o["atime"] = h.atime;
    if (!h.custom.empty()) {
        json::object c;
        for (const auto& [k, v] : h.custom) c[k] = v;
        o["custom"] = std::move(c);
    }
    std::string body = json::serialize(o);
    const auto n = static_cast<uint32_t>(body.size());
    std::string out(4, '\0');
    out[0] = static_cast<char>(n >> 24);
    out[1] = static_cast<char>(n >> 16);
    out[2] = static_cast<char>(n >> 8);
    out[3] = static_cast<char>(n);
    return out + body;
}

ObjHdr decode_hdr(std::string_view js) {
    auto bad = [](const std::string& why) -> ObjHdr { throw ErrBadRequest("transport: malformed object header: " + why); };
    json::value v;
    try {
        v = json::parse(js);
    } catch (const std::exception& e) {
        return bad(e.what());
    }
    const json::object* o = v.if_object();
    if (!o) return bad("not a JSON object");
    auto str = [&](const char* k) -> std::string {
        const json::value* x = o->if_contains(k);
        if (!x) return {};
        if (!x->is_string()) bad(std::string(k) + " is not a string");
        return std::string(x->get_string());
    };
    auto num = [&](const char* k) -> int64_t {
        const json::value* x = o->if_contains(k);
        if (!x || !x->is_int64() || x->get_int64() < 0) bad(std::string(k) + " is missing or not a non-negative integer");
        return x->get_int64();
    };
    ObjHdr h;
    const std::string uname = str("uname");
    if (uname.empty()) return bad("no uname");
    h.bck = api::parse_uname(uname, &h.obj);
    if (h.obj.empty()) return bad("no object name in \"" + uname + "\"");
    h.size = num("size");
    h.cksum_type = str("cksum_type");
    h.cksum_value = str("cksum_value");
    h.version = str("version");
    h.atime = num("atime");
    if (const json::value* c = o->if_contains("custom")) {
        if (!c->is_object()) return bad("custom is not an object");
        for (const auto& [k, x] : c->get_object()) {
            if (!x.is_string()) return bad("custom." + std::string(k) + " is not a string");
            h.custom[std::string(k)] = std::string(x.get_string());
        }
    }
    return h;
}

std::string encode_results(const std::vector<Result>& r) {
    json::array a;
    a.reserve(r.size());
    for (const auto& x : r) {
        json::object o;
        o["status"] = x.status;
        if (!x.error.empty()) o["error"] = x.error;
        a.push_back(std::move(o));
    }
    return json::serialize(a);
}

std::vector<Result> decode_results(std::string_view js, size_t n) {
    json::value v = json::parse(js);
    const json::array* a = v.if_array();
    if (!a || a->size() != n)
        throw std::runtime_error("transport: expecting " + std::to_string(n) + " results, got: " + std::string(js.substr(0, 200)));
    std::vector<Result> out;
    out.reserve(n);
    for (const auto& x : *a) {
        const json::object& o = x.as_object();
        Result r;
        r.status = static_cast<int>(o.at("status").to_number<int64_t>());
        if (const json::value* e = o.if_contains("error"); e && e->is_string()) r.error = std::string(e->get_string());
        out.push_back(std::move(r));
    }
    return out;
}

// ---- sender ----

void Bundle::add(ObjHdr h, fs::Fd fd, std::string path) {
    Item it;
    it.head = encode_hdr(h);
    total_ += it.head.size() + static_cast<uint64_t>(h.size);
    data_bytes_ += static_cast<uint64_t>(h.size);
    it.hdr = std::move(h);
    it.fd = std::move(fd);
    it.path = std::move(path);
    items_.push_back(std::move(it));
}

void Bundle::clear() {
    items_.clear();
    data_bytes_ = total_ = 0;
    rewind();
}

void Bundle::rewind() {
    cur_ = 0;
    off_ = 0;
}

size_t Bundle::read(char* buf, size_t n) {
    size_t done = 0;
    while (done < n && cur_ < items_.size()) {
        Item& it = items_[cur_];
        const uint64_t hlen = it.head.size();
        const uint64_t end = hlen + static_cast<uint64_t>(it.hdr.size);
        if (off_ < hlen) {
            size_t k = static_cast<size_t>(std::min<uint64_t>(hlen - off_, n - done));
            std::memcpy(buf + done, it.head.data() + off_, k);
            done += k;
            off_ += k;
        } else if (off_ < end) {
            size_t want = static_cast<size_t>(std::min<uint64_t>(end - off_, n - done));
            size_t k = fs::pread_full(it.fd.get(), buf + done, want, off_ - hlen, it.path);
            // The file shrank under us (it is read by its LOM's size): the frame would lie.
            if (k == 0) fs::throw_errno("read", it.path, EIO);
            done += k;
            off_ += k;
        }
        if (off_ == end) {
            ++cur_;
            off_ = 0;
        }
    }
    return done;
}

std::vector<Result> send(net::Client& client, const api::Snode& to, std::string_view trname,
                         const std::string& self_id, Bundle& b, const net::Headers& extra) {
    const std::string& base = to.intra_data_net.direct_url.empty() ? to.public_net.direct_url : to.intra_data_net.direct_url;
    net::ClientRequest r;
    r.method = "PUT";
    r.url = base + std::string(kPath) + std::string(trname);
    r.headers = extra;
    r.headers.add(api::hdr::kCallerId, self_id);
    r.headers.add("Content-Type", "application/octet-stream");
    r.follow_redirects = false;
    b.rewind();
    r.body_source = &b;
    auto resp = client.call(r);
    if (!resp.ok())
        throw Error(resp.status >= 400 ? resp.status : 500,
                    to.name() + " refused a bundle of " + std::to_string(b.count()) + " objects (status " +
                        std::to_string(resp.status) + "): " + resp.body.substr(0, 512));
    try {
        return decode_results(resp.body, b.count());
    } catch (const std::exception& e) {
        throw net::NetError(to.name() + ": " + e.what());
    }
}

// ---- receiver ----

net::Task<void> Reader::exact(char* buf, size_t n) {
    size_t got = 0;
    while (got < n) {
        size_t k = co_await req_.read_some(buf + got, n - got);
        if (k == 0) throw ErrBadRequest("transport: the bundle ended in the middle of a frame");
        got += k;
    }
}

net::Task<bool> Reader::next(ObjHdr& h) {
    if (left_ != 0) throw ErrBadRequest("transport: internal: object bytes left unread");
    unsigned char len[4];
    size_t got = 0;
    while (got < 4) {
        size_t k = co_await req_.read_some(reinterpret_cast<char*>(len) + got, 4 - got);
        if (k == 0) {
            if (got == 0) co_return false;
            throw ErrBadRequest("transport: the bundle ended in the middle of a frame");
        }
        got += k;
    }
    const uint32_t n = (uint32_t{len[0]} << 24) | (uint32_t{len[1]} << 16) | (uint32_t{len[2]} << 8) | len[3];
    if (n == 0 || n > kMaxHdr) throw ErrBadRequest("transport: malformed frame: header length " + std::to_string(n));
    std::string js(n, '\0');
    auto t = exact(js.data(), n);
    co_await std::move(t);
    h = decode_hdr(js);
    left_ = static_cast<uint64_t>(h.size);
    co_return true;
}

net::Task<size_t> Reader::read(char* buf, size_t n) {
    if (left_ == 0) co_return 0;
    size_t want = static_cast<size_t>(std::min<uint64_t>(left_, n));
    size_t k = co_await req_.read_some(buf, want);
    if (k == 0) throw ErrBadRequest("transport: the bundle ended in the middle of an object");
    left_ -= k;
    co_return k;
}

net::Task<void> Reader::skip() {
    char buf[16384];
    while (left_ > 0) {
        auto t = read(buf, sizeof buf);
        (void)co_await std::move(t);
    }
}

}  // namespace ais::node::transport
