// The S3 gateway's relay of object bodies between its clients and the targets (on plain TCP, socket
// to socket with splice(2)): bytes must arrive exact whatever their size and however they were
// framed on the wire; ranges; clients that vanish mid-body; target errors as S3 XML errors.
// Raw sockets, so that the tests control exactly what goes on the wire and when.
#include "tests/integration/s3_common.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <optional>

namespace s3test {
namespace {

struct Reply {
    int status = 0;
    std::string head, body;
    std::string header(const std::string& name) const {
        std::string lower_head = head, n = name + ":";
        for (auto& c : lower_head) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        for (auto& c : n) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        auto p = lower_head.find("\r\n" + n);
        if (p == std::string::npos) return {};
        p += 2 + n.size();
        auto e = head.find("\r\n", p);
        std::string v = head.substr(p, e - p);
        while (!v.empty() && v.front() == ' ') v.erase(0, 1);
        return v;
    }
};

class Conn {
  public:
    explicit Conn(const std::string& endpoint) {
        auto hp = endpoint.substr(std::string("http://").size());
        auto colon = hp.rfind(':');
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_port = htons(static_cast<uint16_t>(std::stoi(hp.substr(colon + 1))));
        ::inet_pton(AF_INET, hp.substr(0, colon).c_str(), &a.sin_addr);
        fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (::connect(fd_, reinterpret_cast<sockaddr*>(&a), sizeof(a)) != 0)
            throw std::runtime_error("connect");
        timeval tv{.tv_sec = 60, .tv_usec = 0};
        ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
    }
    ~Conn() { close(); }
    void close() {
        if (fd_ >= 0) ::close(fd_);
        fd_ = -1;
    }
    // Closes with a reset (SO_LINGER 0), as a killed client would.
    void reset() {
        linger l{.l_onoff = 1, .l_linger = 0};
        ::setsockopt(fd_, SOL_SOCKET, SO_LINGER, &l, sizeof(l));
        close();
    }
    bool send(std::string_view d) {
        while (!d.empty()) {
            ssize_t k = ::send(fd_, d.data(), d.size(), MSG_NOSIGNAL);
            if (k <= 0) return false;
            d.remove_prefix(static_cast<size_t>(k));
        }
        return true;
    }
    // Reads a response: header, then Content-Length bytes (HEAD: none); `max_body` stops early.
    Reply read(bool head = false, std::optional<size_t> max_body = {}) {
        Reply r;
        while (buf_.find("\r\n\r\n") == std::string::npos)
            if (!fill()) return r;
        auto end = buf_.find("\r\n\r\n") + 4;
        r.head = buf_.substr(0, end);
        buf_.erase(0, end);
        r.status = std::stoi(r.head.substr(9, 3));
        if (r.status == 100) return r;  // "100 Continue": the caller reads the final one next
        size_t len = head ? 0 : std::stoull("0" + r.header("Content-Length"));
        if (max_body) len = std::min(len, *max_body);
        while (buf_.size() < len)
            if (!fill()) break;
        r.body = buf_.substr(0, len);
        buf_.erase(0, len);
        return r;
    }

  private:
    bool fill() {
        char b[1 << 16];
        ssize_t k = ::recv(fd_, b, sizeof(b), 0);
        if (k <= 0) return false;
        buf_.append(b, static_cast<size_t>(k));
        return true;
    }
    int fd_ = -1;
    std::string buf_;
};

std::string req_head(const std::string& method, const std::string& path, const std::string& extra = {}) {
    return method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + extra + "\r\n";
}

size_t open_fds(pid_t pid) {
    size_t n = 0;
    for ([[maybe_unused]] auto& e :
         std::filesystem::directory_iterator("/proc/" + std::to_string(pid) + "/fd"))
        ++n;
    return n;
}

class S3Relay : public S3 {
  protected:
    static void SetUpTestSuite() {
        S3::SetUpTestSuite();
        cluster_->client().create_bucket(bck("relay"));
    }
    // PUT with the header and the whole body in one write (so that the proxy reads the first body
    // bytes together with the header), or header first and the body after "100 Continue".
    static Reply put(const std::string& key, const std::string& data, bool expect = false) {
        Conn c(cluster_->endpoint());
        std::string h = "Content-Length: " + std::to_string(data.size()) + "\r\n";
        if (expect) h += "Expect: 100-continue\r\n";
        std::string head = req_head("PUT", "/s3/relay/" + key, h);
        if (expect) {
            c.send(head);
            Reply cont = c.read();
            if (cont.status != 100) return cont;
            c.send(data);
        } else {
            c.send(head + data);
        }
        return c.read();
    }
    static Reply get(const std::string& key, const std::string& extra = {}) {
        Conn c(cluster_->endpoint());
        c.send(req_head("GET", "/s3/relay/" + key, extra));
        return c.read();
    }
};

TEST_F(S3Relay, BodiesOfAnySizeArriveExact) {
    // Sizes around and across the proxy's pipe (256 KiB) and I/O buffer sizes, and the client's
    // 1 MiB "Expect: 100-continue" threshold; none a multiple of a page.
    const size_t sizes[] = {
        0, 1, 4095, 65537, 262145, (1u << 20) + 3, 5 * (1u << 20) + 12345, 17 * (1u << 20) + 1};
    uint32_t seed = 1;
    for (size_t n : sizes) {
        for (bool expect : {false, true}) {
            SCOPED_TRACE("size " + std::to_string(n) + (expect ? " with Expect" : " in one write"));
            const std::string data = random_bytes(n, seed++);
            const std::string key = "obj-" + std::to_string(n) + (expect ? "-e" : "");
            auto pr = put(key, data, expect);
            ASSERT_EQ(pr.status, 200) << pr.head << pr.body;
            EXPECT_EQ(pr.header("ETag"), "\"" + cksum(CksumType::md5, data) + "\"");
            auto gr = get(key);
            ASSERT_EQ(gr.status, 200) << gr.head;
            EXPECT_EQ(gr.header("Content-Length"), std::to_string(n));
            EXPECT_EQ(gr.body.size(), n);
            EXPECT_TRUE(gr.body == data) << "GET returned different bytes";
        }
    }
    // Many requests on one keep-alive connection: a relay leaves each connection exactly at the
    // end of the body (nothing lost or left over for the next request).
    const std::string a = random_bytes(3 * (1 << 20) + 77, 99), b = random_bytes(70001, 98);
    ASSERT_EQ(put("ka-a", a).status, 200);
    ASSERT_EQ(put("ka-b", b).status, 200);
    Conn c(cluster_->endpoint());
    for (int i = 0; i < 6; ++i) {
        const bool first = i % 2 == 0;
        ASSERT_TRUE(c.send(req_head("GET", first ? "/s3/relay/ka-a" : "/s3/relay/ka-b")));
        auto r = c.read();
        ASSERT_EQ(r.status, 200) << r.head;
        EXPECT_TRUE(r.body == (first ? a : b)) << "request " << i;
    }
    // A keep-alive PUT followed by a GET on the same connection.
    const std::string d = random_bytes(2 * (1 << 20) + 5, 97);
    ASSERT_TRUE(c.send(
        req_head("PUT", "/s3/relay/ka-c", "Content-Length: " + std::to_string(d.size()) + "\r\n") + d));
    ASSERT_EQ(c.read().status, 200);
    ASSERT_TRUE(c.send(req_head("GET", "/s3/relay/ka-c")));
    EXPECT_TRUE(c.read().body == d);
}

TEST_F(S3Relay, RangeGets) {
    const size_t n = 3 * (1 << 20) + 5;
    const std::string data = random_bytes(n, 7);
    ASSERT_EQ(put("ranged", data).status, 200);
    struct Case {
        std::string range;
        size_t from, len;
    };
    const Case cases[] = {{"bytes=0-0", 0, 1},
                          {"bytes=1000-2100000", 1000, 2099001},
                          {"bytes=-70000", n - 70000, 70000},
                          {"bytes=3145000-", 3145000, n - 3145000},
                          {"bytes=0-", 0, n}};
    for (const auto& cs : cases) {
        SCOPED_TRACE(cs.range);
        auto r = get("ranged", "Range: " + cs.range + "\r\n");
        ASSERT_EQ(r.status, 206) << r.head;
        EXPECT_EQ(r.header("Content-Range"), "bytes " + std::to_string(cs.from) + "-" +
                                                 std::to_string(cs.from + cs.len - 1) + "/" +
                                                 std::to_string(n));
        EXPECT_EQ(r.body.size(), cs.len);
        EXPECT_TRUE(r.body == data.substr(cs.from, cs.len));
    }
    auto bad = get("ranged", "Range: bytes=99999999-\r\n");
    EXPECT_EQ(bad.status, 416) << bad.head;
    EXPECT_NE(bad.body.find("<Code>InvalidRange</Code>"), std::string::npos) << bad.body;
}

TEST_F(S3Relay, ClientsVanishingMidBodyHurtNoOne) {
    const size_t n = 16 << 20;
    const std::string data = random_bytes(n, 11);
    ASSERT_EQ(put("big", data).status, 200);
    const pid_t pid = cluster_->proxy_pid();
    // Warm up (pooled connections to the targets, pipes), then count the proxy's descriptors.
    for (int i = 0; i < 4; ++i) ASSERT_EQ(get("big").status, 200);
    const size_t fds_before = open_fds(pid);

    for (int i = 0; i < 30; ++i) {
        // GET: read the header and a little of the body, then go away (close or reset).
        Conn c(cluster_->endpoint());
        ASSERT_TRUE(c.send(req_head("GET", "/s3/relay/big")));
        auto r = c.read(false, 64 * 1024);
        ASSERT_EQ(r.status, 200);
        if (i % 2) c.reset();
    }
    for (int i = 0; i < 30; ++i) {
        // PUT: announce 16 MiB, send 1 MiB (with the header, or after 100 Continue), go away.
        Conn c(cluster_->endpoint());
        const bool expect = i % 2;
        std::string h = "Content-Length: " + std::to_string(n) + "\r\n";
        if (expect) h += "Expect: 100-continue\r\n";
        const std::string head = req_head("PUT", "/s3/relay/partial-" + std::to_string(i), h);
        if (expect) {
            ASSERT_TRUE(c.send(head));
            ASSERT_EQ(c.read().status, 100);
            c.send(std::string_view(data).substr(0, 1 << 20));
        } else {
            c.send(head + data.substr(0, 1 << 20));
        }
        if (i % 4 < 2) c.reset();
    }
    // The proxy is alive and serves everyone else, byte-exact.
    ASSERT_EQ(::kill(pid, 0), 0) << "the proxy died";
    for (int i = 0; i < 3; ++i) {
        auto r = get("big");
        ASSERT_EQ(r.status, 200);
        EXPECT_TRUE(r.body == data);
    }
    // No aborted PUT left an object behind.
    for (int i = 0; i < 30; i += 7) {
        Conn c(cluster_->endpoint());
        c.send(req_head("HEAD", "/s3/relay/partial-" + std::to_string(i)));
        EXPECT_EQ(c.read(true).status, 404) << "partial-" << i;
    }
    // Nothing leaked: the descriptors (client sockets, pipes, target connections) come back to
    // about where they were (pooled connections and pipes are bounded).
    size_t fds_after = open_fds(pid);
    for (int i = 0; i < 100 && fds_after > fds_before + 24; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        fds_after = open_fds(pid);
    }
    EXPECT_LE(fds_after, fds_before + 24)
        << "proxy descriptors: " << fds_before << " before, " << fds_after << " after";
}

TEST_F(S3Relay, TargetErrorsBecomeS3Errors) {
    auto r = get("no-such-key");
    EXPECT_EQ(r.status, 404) << r.head;
    EXPECT_NE(r.body.find("<Code>NoSuchKey</Code>"), std::string::npos) << r.body;
    EXPECT_NE(r.header("Content-Type").find("xml"), std::string::npos) << r.head;

    Conn h(cluster_->endpoint());
    h.send(req_head("HEAD", "/s3/relay/no-such-key"));
    auto hr = h.read(true);
    EXPECT_EQ(hr.status, 404);

    Conn g(cluster_->endpoint());
    g.send(req_head("GET", "/s3/no-such-bucket/k"));
    auto gr = g.read();
    EXPECT_EQ(gr.status, 404);
    EXPECT_NE(gr.body.find("<Code>NoSuchBucket</Code>"), std::string::npos) << gr.body;

    // A 2 MiB PUT into a missing bucket is refused before its body is read; the connection stays
    // usable or is closed, but the answer is the S3 error.
    Conn p(cluster_->endpoint());
    p.send(req_head("PUT", "/s3/no-such-bucket/k", "Content-Length: 2097152\r\nExpect: 100-continue\r\n"));
    auto pr = p.read();
    EXPECT_EQ(pr.status, 404) << pr.head;
    EXPECT_NE(pr.body.find("<Code>NoSuchBucket</Code>"), std::string::npos) << pr.body;

    // A Content-MD5 that does not match: the target refuses the relayed body, the client gets
    // BadDigest, and nothing is stored.
    const std::string data = random_bytes((1 << 20) + 9, 5);
    Conn m(cluster_->endpoint());
    m.send(req_head("PUT", "/s3/relay/bad-md5",
                    "Content-Length: " + std::to_string(data.size()) +
                        "\r\nContent-MD5: 1B2M2Y8AsgTpgAmY7PhCfg==\r\n") +
           data);
    auto mr = m.read();
    EXPECT_EQ(mr.status, 400) << mr.head << mr.body;
    EXPECT_NE(mr.body.find("BadDigest"), std::string::npos) << mr.body;
    EXPECT_EQ(get("bad-md5").status, 404);
}

}  // namespace
}  // namespace s3test
