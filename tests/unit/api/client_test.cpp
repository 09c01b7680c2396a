// The typed client against a scripted fake proxy on loopback: what it puts on the wire (method,
// escaped path, query, headers, body) and what it makes of the replies. Real clusters come in the
// integration tests.
#include "shared/api/client.hpp"

#include "shared/api/apc.hpp"
#include "shared/api/json.hpp"
#include "shared/config/bprops.hpp"
#include "shared/config/schema.hpp"
#include "shared/net/server.hpp"

#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>

#include <mutex>

namespace ais::api {
namespace {

// ---- URL building ----

TEST(ClientUrl, EscapesOddObjectNames) {
    Bck b{"bck", "ais", {}};
    EXPECT_EQ(object_path(b, "plain/dir/obj.txt"), "/v1/objects/bck/plain/dir/obj.txt");
    EXPECT_EQ(object_path(b, "with space"), "/v1/objects/bck/with%20space");
    EXPECT_EQ(object_path(b, "100%"), "/v1/objects/bck/100%25");
    EXPECT_EQ(object_path(b, "q?x=1&y"), "/v1/objects/bck/q%3Fx%3D1%26y");
    EXPECT_EQ(object_path(b, "frag#ment"), "/v1/objects/bck/frag%23ment");
    EXPECT_EQ(object_path(b, "ünï/名"), "/v1/objects/bck/%C3%BCn%C3%AF/%E5%90%8D");
    EXPECT_EQ(object_path(b, "a+b"), "/v1/objects/bck/a%2Bb");  // as Python quote(safe="/")
    EXPECT_EQ(bucket_path(b), "/v1/buckets/bck");
    EXPECT_EQ(object_url("http://h:8080/", b, "a b"), "http://h:8080/v1/objects/bck/a%20b?provider=ais");
    EXPECT_EQ(object_url("http://h:8080", Bck{"b", "aws", {"u", "n"}}, "o"),
              "http://h:8080/v1/objects/b/o?provider=aws&namespace=%40u%23n");
    EXPECT_EQ(byte_range(10, 5), "bytes=10-14");
}

// ---- a scripted proxy ----

struct Seen {
    std::string method, raw_path, path, raw_query, body;
    net::Headers headers;
    net::Query query;
};

class FakeProxy : public ::testing::Test {
  protected:
    using Reply = std::function<void(const Seen&, net::Response&)>;

    void SetUp() override {
        net::Router r;
        r.add("*", "/v1", [this](net::Request& req, net::Response& resp) -> net::Task<void> {
            // (co_await kept out of the braced initializer: GCC 12 miscompiles that)
            std::string body = co_await req.read_all();
            Seen s{req.method,      req.raw_path, req.path, req.raw_query,
                   std::move(body), req.headers,  req.query};
            Reply reply;
            {
                std::lock_guard lk(mu_);
                seen_.push_back(s);
                reply = reply_;
            }
            if (reply) reply(s, resp);
        });
        net::ServerOptions o;
        o.threads = 1;
        server_ = std::make_unique<net::Server>(o, std::move(r));
        server_->start();
        endpoint_ = "http://127.0.0.1:" + std::to_string(server_->port());
        net::ClientOptions co;
        co.max_retries = 0;
        client_ = std::make_unique<Client>(endpoint_, "tok3n", co);
    }
    void TearDown() override {
        client_.reset();
        server_->stop();
    }

    void reply(Reply r) {
        std::lock_guard lk(mu_);
        reply_ = std::move(r);
    }
    std::vector<Seen> seen() {
        std::lock_guard lk(mu_);
        return seen_;
    }
    Seen last() {
        std::lock_guard lk(mu_);
        return seen_.back();
    }

    std::unique_ptr<net::Server> server_;
    std::string endpoint_;
    std::unique_ptr<Client> client_;
    std::mutex mu_;
    std::vector<Seen> seen_;
    Reply reply_;
};

TEST_F(FakeProxy, CreateAndDestroyBucket) {
    Bck b{"bck", "ais", {}};
    client_->create_bucket(b);
    Seen s = last();
    EXPECT_EQ(s.method, "POST");
    EXPECT_EQ(s.path, "/v1/buckets/bck");
    EXPECT_EQ(s.raw_query, "provider=ais");
    EXPECT_EQ(s.headers.get("Authorization"), "Bearer tok3n");
    EXPECT_EQ(s.headers.get("Content-Type"), "application/json");
    EXPECT_EQ(s.body, R"({"action":"create-bck","name":"","value":null})");

    client_->create_bucket(b, R"({"mirror":{"enabled":true}})");
    EXPECT_EQ(json::parse(last().body).at("value").at("mirror").at("enabled"), true);

    client_->destroy_bucket(Bck{"b2", "aws", {"u", ""}});
    s = last();
    EXPECT_EQ(s.method, "DELETE");
    EXPECT_EQ(s.query.get("provider"), "aws");
    EXPECT_EQ(s.query.get("namespace"), "@u#");
    EXPECT_EQ(json::parse(s.body).at("action"), "destroy-bck");
}

TEST_F(FakeProxy, ErrorsCarryStatusMessageAndTcode) {
    reply([](const Seen& s, net::Response& r) {
        std::string j = net::error_json(404, "bucket \"ais://nope\" does not exist", "ErrBckNotFound",
                                        s.method, s.path, "", "p[x]");
        r.status = 404;
        if (s.method == "HEAD")
            r.headers.set(hdr::kError, j);
        else
            r.set_json(j);
    });
    Bck b{"nope", "ais", {}};
    try {
        client_->destroy_bucket(b);
        FAIL();
    } catch (const Error& e) {
        EXPECT_EQ(e.status(), 404);
        EXPECT_EQ(e.tcode(), "ErrBckNotFound");
        EXPECT_STREQ(e.what(), "bucket \"ais://nope\" does not exist");
    }
    try {
        client_->head_bucket(b);  // HEAD: the error comes in Hdr-Error
        FAIL();
    } catch (const Error& e) {
        EXPECT_EQ(e.status(), 404);
        EXPECT_EQ(e.tcode(), "ErrBckNotFound");
        EXPECT_NE(std::string(e.what()).find("ais://nope"), std::string::npos);
    }
    EXPECT_FALSE(client_->bucket_exists(b));
    EXPECT_FALSE(client_->object_exists(b, "o"));

    reply([](const Seen&, net::Response& r) {
        r.status = 500;
        r.set_text("plain failure");
    });
    try {
        client_->get_smap();
        FAIL();
    } catch (const Error& e) {
        EXPECT_EQ(e.status(), 500);
        EXPECT_STREQ(e.what(), "plain failure");
    }
}

TEST_F(FakeProxy, ConnectionFailureIsNetError) {
    net::ClientOptions co;
    co.max_retries = 0;
    co.connect_timeout = std::chrono::milliseconds(2000);
    Client dead("http://127.0.0.1:1", "", co);
    EXPECT_THROW(dead.get_smap(), net::NetError);
}

TEST_F(FakeProxy, HeadBucketDecodesBprops) {
    reply([](const Seen&, net::Response& r) {
        Bprops p;
        p.mirror.enabled = true;
        p.bid = 7;
        r.headers.set(hdr::kBucketProps, config::to_json(p));
    });
    Bprops p = client_->head_bucket(Bck{"b", "ais", {}});
    EXPECT_TRUE(p.mirror.enabled);
    EXPECT_EQ(p.bid, 7u);
    EXPECT_EQ(last().method, "HEAD");
}

TEST_F(FakeProxy, ListObjectsLoopsWithSameUuid) {
    // Three pages of 2, 2 and 1 entries; msgpack because the client asks for it.
    reply([](const Seen& s, net::Response& r) {
        auto msg = ActMsg{};
        from_jv(json::parse(s.body), msg);
        auto lso = msg.value_as<LsoMsg>();
        LsoRes page;
        page.uuid = lso.uuid.empty() ? "LsTuUiD01" : lso.uuid;
        int start = lso.continuation_token.empty() ? 0 : std::stoi(lso.continuation_token.substr(4)) + 1;
        for (int i = start; i < 5 && i < start + 2; ++i)
            page.entries.push_back(LsoEnt{.name = "obj-" + std::to_string(i), .size = i * 10, .flags = 64});
        if (page.entries.size() == 2) page.continuation_token = page.entries.back().name;
        if (s.headers.get("Accept") == ct::kMsgpack)
            r.set_body(to_msgpack(page), ct::kMsgpack);
        else
            r.set_json(to_json(page));
    });
    Bck b{"b", "ais", {}};
    LsoMsg m;
    m.prefix = "obj-";
    m.props = "name,size";
    LsoRes all = client_->list_objects(b, m);
    ASSERT_EQ(all.entries.size(), 5u);
    EXPECT_EQ(all.entries[4].name, "obj-4");
    EXPECT_EQ(all.entries[3].size, 30);
    EXPECT_EQ(all.uuid, "LsTuUiD01");
    EXPECT_EQ(all.continuation_token, "");

    auto reqs = seen();
    ASSERT_EQ(reqs.size(), 3u);
    for (size_t k = 0; k < reqs.size(); ++k) {
        EXPECT_EQ(reqs[k].method, "GET");
        EXPECT_EQ(reqs[k].path, "/v1/buckets/b");
        EXPECT_EQ(reqs[k].headers.get("Accept"), "application/msgpack");
        auto v = json::parse(reqs[k].body);
        EXPECT_EQ(v.at("action"), "list");
        EXPECT_EQ(v.at("value").at("prefix"), "obj-");
        EXPECT_EQ(v.at("value").at("uuid"), k == 0 ? "" : "LsTuUiD01");
        EXPECT_EQ(v.at("value").at("continuation_token"), k == 0 ? "" : k == 1 ? "obj-1" : "obj-3");
    }

    // with a limit: stops early and tells where to resume
    LsoRes some = client_->list_objects(b, m, 3);
    ASSERT_EQ(some.entries.size(), 3u);
    EXPECT_EQ(some.continuation_token, "obj-2");
    EXPECT_EQ(json::parse(last().body).at("value").at("pagesize"), 3);
}

TEST_F(FakeProxy, ListBuckets) {
    reply([](const Seen&, net::Response& r) {
        r.set_json(R"([{"name":"a","provider":"ais","namespace":{"uuid":"","name":""}}])");
    });
    auto v = client_->list_buckets("s3", Presence::kPresent);
    ASSERT_EQ(v.size(), 1u);
    EXPECT_EQ(v[0].name, "a");
    Seen s = last();
    EXPECT_EQ(s.raw_query, "provider=aws&presence=2");
    EXPECT_EQ(s.body, R"({"action":"list","name":"","value":null})");
    client_->list_buckets();
    EXPECT_EQ(last().raw_query, "");
}

TEST_F(FakeProxy, ObjectDataPath) {
    reply([](const Seen& s, net::Response& r) {
        ObjAttrs a;
        a.cksum_type = "xxhash2";
        a.cksum_value = "0123456789abcdef";
        a.version = "1";
        a.atime = 1700000000000000001;
        a.custom = {{"k1", "v1"}, {"k2", "v2"}};
        a.to_headers(r.headers);
        if (s.method == "GET") {
            if (s.headers.has("Range")) {
                r.status = 206;
                r.headers.set("Content-Range", "bytes 2-4/10");
                r.set_body("234", ct::kOctet);
            } else {
                r.set_body("0123456789", ct::kOctet);
            }
        } else if (s.method == "HEAD") {
            r.set_head_length(10);
        }
    });
    Bck b{"b", "ais", {}};
    const std::string name = "dir/a b?c#d%e";

    PutOpts po;
    po.cksum_type = "xxhash2";
    po.cksum_value = "0123456789abcdef";
    ObjAttrs pa = client_->put_object(b, name, "0123456789", po);
    Seen s = last();
    EXPECT_EQ(s.method, "PUT");
    EXPECT_EQ(s.raw_path, "/v1/objects/b/dir/a%20b%3Fc%23d%25e");
    EXPECT_EQ(s.path, "/v1/objects/b/" + name);
    EXPECT_EQ(s.body, "0123456789");
    EXPECT_EQ(s.headers.get("Ais-Checksum-Type"), "xxhash2");
    EXPECT_EQ(pa.size, 10);
    EXPECT_EQ(pa.version, "1");
    EXPECT_EQ(pa.custom.size(), 2u);

    // a large body streams from the caller's memory
    std::string big(300 * 1024, 'x');
    client_->put_object(b, "big", big);
    EXPECT_EQ(last().body.size(), big.size());

    GetResult g = client_->get_object(b, name);
    EXPECT_EQ(g.status, 200);
    EXPECT_EQ(g.body, "0123456789");
    EXPECT_EQ(g.attrs.size, 10);
    EXPECT_EQ(g.attrs.atime, 1700000000000000001);

    GetOpts go;
    go.range = byte_range(2, 3);
    std::string sunk;
    GetResult gr = client_->get_object(
        b, name, [&](const char* p, size_t n) { sunk.append(p, n); }, go);
    EXPECT_EQ(gr.status, 206);
    EXPECT_EQ(sunk, "234");
    EXPECT_EQ(gr.received, 3u);
    EXPECT_EQ(gr.attrs.size, 10);  // from Content-Range
    EXPECT_EQ(last().headers.get("Range"), "bytes=2-4");

    ObjAttrs h = client_->head_object(b, name);
    EXPECT_EQ(h.size, 10);
    EXPECT_EQ(h.cksum_value, "0123456789abcdef");
    EXPECT_TRUE(client_->object_exists(b, name));

    client_->delete_object(b, name);
    EXPECT_EQ(last().method, "DELETE");
}

TEST_F(FakeProxy, ObjectActions) {
    Bck b{"b", "ais", {}};
    client_->rename_object(b, "old", "new/name");
    Seen s = last();
    EXPECT_EQ(s.method, "POST");
    EXPECT_EQ(s.body, R"({"action":"rename-obj","name":"new/name","value":null})");

    client_->copy_object(b, "o", Bck{"dst", "ais", {}}, "x/y");
    s = last();
    EXPECT_EQ(s.method, "PUT");
    EXPECT_EQ(s.query.get("object_to"), "ais/@#/dst/x/y");
    EXPECT_TRUE(s.body.empty());

    client_->set_custom_md(b, "o", {{"k", "v \"q\""}}, true);
    s = last();
    EXPECT_EQ(s.method, "PATCH");
    EXPECT_EQ(s.query.get("set-new-custom"), "true");
    EXPECT_EQ(s.body, R"({"action":"","name":"","value":{"k":"v \"q\""}})");

    reply([](const Seen& s, net::Response& r) {
        if (s.query.get("append_type") == "append") r.headers.set(hdr::kAppendHandle, "t1|wf|xxhash2|st");
    });
    EXPECT_EQ(client_->append_object(b, "o", "chunk"), "t1|wf|xxhash2|st");
    EXPECT_EQ(last().query.get("append_handle"), "");
    client_->flush_object(b, "o", "t1|wf|xxhash2|st");
    EXPECT_EQ(last().query.get("append_type"), "flush");
    EXPECT_EQ(last().query.get("append_handle"), "t1|wf|xxhash2|st");
}

TEST_F(FakeProxy, JobsStartStatusWait) {
    std::atomic<int> polls{0};
    reply([&polls](const Seen& s, net::Response& r) {
        if (s.method == "PUT") {
            r.set_text("xJoB00001");
            return;
        }
        JobStatus st;
        st.uuid = "xJoB00001";
        st.kind = "copy-bck";
        if (++polls >= 3) st.end_time = 1700000000000000000;
        r.set_json(to_json(st));
    });
    ArgsMsg a;
    a.kind = "lru";
    EXPECT_EQ(client_->start_job(a), "xJoB00001");
    auto body = json::parse(last().body);
    EXPECT_EQ(body.at("action"), "start");
    EXPECT_EQ(body.at("value").at("Kind"), "lru");

    JobStatus st = client_->wait_job("xJoB00001", std::chrono::seconds(10), std::chrono::milliseconds(10));
    EXPECT_TRUE(st.finished());
    EXPECT_EQ(polls.load(), 3);
    Seen s = last();
    EXPECT_EQ(s.method, "GET");
    EXPECT_EQ(s.path, "/v1/cluster");
    EXPECT_EQ(s.query.get("what"), "status");
    EXPECT_EQ(json::parse(s.body).at("id"), "xJoB00001");

    reply([](const Seen&, net::Response& r) { r.set_json(to_json(JobStatus{.uuid = "x"})); });
    EXPECT_THROW(client_->wait_job("x", std::chrono::milliseconds(50), std::chrono::milliseconds(10)), Error);
}

TEST_F(FakeProxy, MultiObjectAndBucketJobs) {
    reply([](const Seen&, net::Response& r) { r.set_text("xA1bcdefg,xB2bcdefg"); });
    Bck b{"src", "ais", {}};
    EvdMsg e;
    e.template_ = "shard-{0..9}.tar";
    EXPECT_EQ(client_->delete_objects(b, e), "xA1bcdefg,xB2bcdefg");
    auto v = json::parse(last().body);
    EXPECT_EQ(last().method, "DELETE");
    EXPECT_EQ(v.at("action"), "delete-listrange");
    EXPECT_EQ(v.at("value").at("template"), "shard-{0..9}.tar");

    client_->copy_bucket(b, Bck{"dst", "ais", {}});
    EXPECT_EQ(last().query.get("bck_to"), "ais/@#/dst/");
    EXPECT_EQ(json::parse(last().body).at("action"), "copy-bck");
    client_->rename_bucket(b, Bck{"dst", "ais", {}});
    EXPECT_EQ(json::parse(last().body).at("action"), "move-bck");
}

TEST_F(FakeProxy, ClusterQueries) {
    reply([](const Seen& s, net::Response& r) {
        if (s.path == "/v1/health") {
            r.status = s.query.has("readiness") ? 503 : 200;
            return;
        }
        Smap m;
        m.version = 3;
        m.uuid = "u";
        r.set_json(to_json(m));
    });
    EXPECT_EQ(client_->get_smap().version, 3);
    EXPECT_EQ(last().path, "/v1/daemon");
    EXPECT_EQ(last().query.get("what"), "smap");
    EXPECT_TRUE(client_->health());
    EXPECT_FALSE(client_->health(true));

    reply({});
    client_->set_cluster_config({{"mirror.enabled", "true"}, {"lru.dont_evict_time", "1h"}}, true);
    Seen s = last();
    EXPECT_EQ(s.method, "PUT");
    EXPECT_EQ(s.path, "/v1/cluster/set-config");
    EXPECT_EQ(s.query.get("mirror.enabled"), "true");
    EXPECT_EQ(s.query.get("transient"), "true");
}

TEST_F(FakeProxy, Coroutines) {
    reply([](const Seen& s, net::Response& r) {
        r.headers.set(hdr::kVersion, "1");
        if (s.method == "GET") r.set_body("hello", ct::kOctet);
        if (s.method == "HEAD") r.set_head_length(5);
    });
    boost::asio::io_context io;
    net::ClientOptions co;
    co.max_retries = 0;
    Client c(io, endpoint_, "", co);
    Bck b{"b", "ais", {}};
    auto fut = boost::asio::co_spawn(
        io,
        [&]() -> net::Task<std::string> {
            ObjAttrs p = co_await c.co_put_object(b, std::string("tmp") + "/obj", "hello");
            EXPECT_EQ(p.size, 5);
            std::string got;
            GetResult g =
                co_await c.co_get_object(b, "tmp/obj", [&](const char* d, size_t n) { got.append(d, n); });
            EXPECT_EQ(g.received, 5u);
            ObjAttrs h = co_await c.co_head_object(b, "tmp/obj");
            EXPECT_EQ(h.size, 5);
            co_return got;
        },
        boost::asio::use_future);
    io.run();
    EXPECT_EQ(fut.get(), "hello");
    EXPECT_EQ(last().method, "HEAD");
}

}  // namespace
}  // namespace ais::api
