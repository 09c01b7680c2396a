// The test harness of the Target's routes: real HTTP server(s) on loopback with a NodeEnv over
// temp mountpaths, driven with net::Client as if the proxy had redirected (pid/utm in the query).
// Shared by the target unit tests (target_http_test.cpp, fault_test.cpp).
#pragma once

#include "aisnode/core/lom.hpp"
#include "aisnode/target/target.hpp"
#include "aisnode/transport/bundle.hpp"
#include "shared/api/apc.hpp"
#include "shared/api/codec.hpp"
#include "shared/api/lso.hpp"
#include "shared/api/msgs.hpp"
#include "shared/net/client.hpp"
#include "shared/net/server.hpp"
#include "shared/util/cksum.hpp"
#include "shared/util/hrw.hpp"
#include "shared/util/ids.hpp"
#include "shared/util/strings.hpp"

#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <memory>
#include <random>
#include <set>
#include <thread>


namespace ais::test {

namespace fsys = std::filesystem;
using net::ClientRequest;
using net::ClientResponse;


inline std::string random_bytes(size_t n, uint64_t seed) {
    std::mt19937_64 rng(seed);
    std::string s(n, '\0');
    for (size_t i = 0; i < n; i += 8) {
        uint64_t v = rng();
        for (size_t j = 0; j < 8 && i + j < n; ++j) s[i + j] = static_cast<char>(v >> (8 * j));
    }
    return s;
}

inline std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

// Regular files under `dir`, recursively.
inline size_t count_files(const std::string& dir) {
    if (!fsys::exists(dir)) return 0;
    size_t n = 0;
    for (const auto& e : fsys::recursive_directory_iterator(dir))
        if (e.is_regular_file()) ++n;
    return n;
}

struct Node {
    std::unique_ptr<node::NodeEnv> env;
    std::unique_ptr<node::Target> target;
    std::unique_ptr<net::Server> server;
    std::unique_ptr<net::Client> client;
    std::vector<std::string> mpaths;
    std::string url;

    ~Node() {
        if (server) server->stop(std::chrono::milliseconds(500));
        // The target's worker threads may still finish a step and resume a request on the
        // server's event loops: they go first, while those loops still exist.
        target.reset();
        client.reset();
        server.reset();
    }
};

class TargetHttp : public ::testing::Test {
  protected:
    fsys::path root;
    std::vector<std::unique_ptr<Node>> nodes;
    net::Client http;
    config::ClusterConfig cfg;

    void SetUp() override {
        char tmpl[] = "/tmp/ut_target_http_XXXXXX";
        root = ::mkdtemp(tmpl);
        cfg.durability.fsync_data = false;  // unit-test speed; the code path is the same
        cfg.durability.fsync_dir = false;
    }
    void TearDown() override {
        nodes.clear();
        fsys::remove_all(root);
    }

    std::shared_ptr<api::BMD> make_bmd(int64_t version, bool with_b2 = true) {
        auto bmd = std::make_shared<api::BMD>();
        Bprops p = Bprops::from_cluster_defaults(cfg);
        p.bid = 1;
        bmd->add(api::Bck{"b", "ais", {}}, p);
        if (with_b2) {
            Bprops p2 = p;
            p2.bid = 2;
            p2.checksum.type = "md5";
            p2.versioning.enabled = false;
            bmd->add(api::Bck{"b2", "ais", {}}, p2);
        }
        bmd->version = version;
        return bmd;
    }

    // Mountpaths go under `mp_root` (default: the test's temp dir).
    void start(int ntargets = 1, int nmpaths = 3, fsys::path mp_root = {}) {
        if (mp_root.empty()) mp_root = root;
        for (int i = 0; i < ntargets; ++i) {
            auto n = std::make_unique<Node>();
            n->env = std::make_unique<node::NodeEnv>("");
            n->env->self.set_id("tgt" + std::to_string(i) + "Abcde");
            n->env->self.daemon_type = api::Snode::kTarget;
            for (int m = 0; m < nmpaths; ++m)
                n->mpaths.push_back(
                    (mp_root / ("t" + std::to_string(i)) / ("mp" + std::to_string(m))).string());
            n->env->local.fspaths.paths = n->mpaths;
            n->env->meta.put_config(std::make_shared<config::ClusterConfig>(cfg), true);
            n->env->meta.put_bmd(make_bmd(1));
            n->target = std::make_unique<node::Target>(*n->env);
            n->target->init();
            net::Router r;
            n->target->add_routes(r);
            net::ServerOptions o;
            o.threads = 2;
            o.node_name = n->env->self.name();
            n->server = std::make_unique<net::Server>(o, std::move(r));
            n->server->start();
            n->client = std::make_unique<net::Client>(n->server->io());
            n->env->client = n->client.get();
            n->env->io = &n->server->io();
            n->url = "http://127.0.0.1:" + std::to_string(n->server->port());
            n->env->self.public_net.direct_url = n->url;
            nodes.push_back(std::move(n));
        }
        auto smap = std::make_shared<api::Smap>();
        for (auto& n : nodes) smap->tmap[n->env->id()] = n->env->self;
        smap->version = 1;
        for (auto& n : nodes) n->env->meta.put_smap(smap);
    }

    Node& owner(const std::string& bck, const std::string& obj) {
        auto smap = nodes[0]->env->meta.smap();
        const auto* t = smap->hrw_target(api::Bck{bck, "ais", {}}.obj_uname(obj));
        for (auto& n : nodes)
            if (n->env->id() == t->daemon_id) return *n;
        throw std::runtime_error("no owner");
    }

    // `redirected` adds pid/utm as a proxy's redirect does.
    ClientResponse call(Node& n, std::string method, const std::string& bck, const std::string& obj,
                        std::string body = {}, std::string query = {}, bool redirected = true,
                        net::Headers headers = {}) {
        ClientRequest rq;
        rq.method = std::move(method);
        std::string q = "provider=ais";
        if (redirected) q += "&pid=prx1Abcd&utm=" + base36(12345);
        if (!query.empty()) q += "&" + query;
        rq.url = n.url + "/v1/objects/" + url_escape_path(bck) + "/" + url_escape_path(obj) + "?" + q;
        rq.body = std::move(body);
        rq.headers = std::move(headers);
        rq.follow_redirects = false;
        rq.max_retries = 0;
        return http.call(rq);
    }
    ClientResponse put(const std::string& obj, std::string data, const std::string& bck = "b") {
        return call(owner(bck, obj), "PUT", bck, obj, std::move(data));
    }
    ClientResponse get(const std::string& obj, const std::string& bck = "b", std::string query = {}) {
        return call(owner(bck, obj), "GET", bck, obj, {}, std::move(query), false);
    }

    api::LsoRes list(Node& n, api::LsoMsg msg, bool msgpack = true, const std::string& bck = "b") {
        api::ActMsg act;
        act.action = api::act::kList;
        act.set_value(msg);
        ClientRequest rq;
        rq.url = n.url + "/v1/buckets/" + bck + "?provider=ais";
        rq.body = api::to_json(act);
        if (msgpack) rq.headers.add("Accept", "application/msgpack");
        auto r = http.call(rq);
        EXPECT_EQ(r.status, 200) << r.body;
        if (msgpack) {
            EXPECT_EQ(r.headers.get("Content-Type"), "application/msgpack");
            return api::lso_res_from_msgpack(r.body);
        }
        return api::from_json<api::LsoRes>(r.body);
    }

    // A bundle of objects (transport/bundle.hpp) from target `from` to target `to`, as a
    // rebalance sends them; the data of each object goes through a file under the test's dir.
    struct BundleObj {
        node::transport::ObjHdr hdr;
        std::string data;
    };
    std::vector<node::transport::Result> send_bundle(Node& to, Node& from, std::vector<BundleObj> objs,
                                                     std::string trname = "reb") {
        node::transport::Bundle b;
        fsys::create_directories(root / "bundle-src");
        for (size_t i = 0; i < objs.size(); ++i) {
            const std::string path = (root / "bundle-src" / std::to_string(i)).string();
            std::ofstream(path, std::ios::binary) << objs[i].data;
            if (objs[i].hdr.size == 0) objs[i].hdr.size = static_cast<int64_t>(objs[i].data.size());
            b.add(objs[i].hdr, fs::open_fd(path, O_RDONLY), path);
        }
        return node::transport::send(http, to.env->self, trname, from.env->id(), b);
    }
    static BundleObj bundle_obj(const std::string& bck, const std::string& obj, std::string data, int64_t atime = 1) {
        BundleObj o;
        o.hdr.bck = api::Bck{bck, "ais", {}};
        o.hdr.obj = obj;
        o.hdr.cksum_type = "xxhash";
        Cksummer ck(CksumType::xxhash);
        ck.update(data.data(), data.size());
        o.hdr.cksum_value = ck.finalize();
        o.hdr.atime = atime;
        o.data = std::move(data);
        return o;
    }

    size_t work_files(Node& n) {
        size_t k = 0;
        for (const auto& mp : n.mpaths)
            k += count_files(mp + "/@ais/b/%wk") + count_files(mp + "/@ais/b2/%wk");
        return k;
    }
    // Where the object file is, on whichever mountpath ("" if nowhere).
    std::string on_disk(Node& n, const std::string& obj, const std::string& bck = "b") {
        std::string found;
        for (const auto& mp : n.mpaths) {
            std::string p = mp + "/@ais/" + bck + "/%ob/" + obj;
            if (fsys::is_regular_file(p)) {
                EXPECT_TRUE(found.empty()) << "object on two mountpaths";
                found = p;
            }
        }
        return found;
    }
};

}  // namespace ais::test
