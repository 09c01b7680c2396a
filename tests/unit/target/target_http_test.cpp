// The Target's routes end to end (harness.hpp): PUT/GET/HEAD/DELETE, ranges, append, custom
// metadata, long names, listing, rename/copy across targets, concurrency, restart, multipart.
#include "tests/unit/target/harness.hpp"

using namespace ais;
using namespace ais::test;

TEST_F(TargetHttp, PutGetHeadDelete) {
    start();
    Node& t = *nodes[0];
    const std::string obj = "dir/sub/obj 1.bin";
    const std::string data = random_bytes(3 * 1024 * 1024 + 17, 1);
    const std::string want_ck = cksum(CksumType::xxhash2, data);

    auto r = put(obj, data);
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_TRUE(r.body.empty());
    EXPECT_EQ(r.headers.get("Ais-Checksum-Type"), "xxhash2");
    EXPECT_EQ(r.headers.get("Ais-Checksum-Value"), want_ck);
    EXPECT_EQ(r.headers.get("Ais-Version"), "1");
    EXPECT_FALSE(r.headers.get("Ais-Atime").empty());

    // A plain file under the documented layout, on exactly one mountpath.
    std::string path = on_disk(t, obj);
    ASSERT_FALSE(path.empty());
    EXPECT_EQ(read_file(path), data);
    node::LomMd md;
    ASSERT_TRUE(node::load_lom(path, md));
    EXPECT_EQ(md.size, static_cast<int64_t>(data.size()));
    EXPECT_EQ(md.cksum_value, want_ck);
    EXPECT_EQ(work_files(t), 0u);

    r = get(obj);  // direct GET (no pid) is allowed
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.body, data);
    EXPECT_EQ(r.headers.get("Content-Type"), "application/octet-stream");
    EXPECT_EQ(r.headers.get("Accept-Ranges"), "bytes");
    EXPECT_EQ(r.headers.get("Ais-Checksum-Value"), want_ck);
    EXPECT_EQ(r.headers.get("Ais-Version"), "1");

    r = call(t, "HEAD", "b", obj, {}, {}, false);
    ASSERT_EQ(r.status, 200);
    EXPECT_EQ(r.headers.get("Content-Length"), std::to_string(data.size()));
    EXPECT_EQ(r.headers.get("Ais-Present"), "true");
    EXPECT_EQ(r.headers.get("Ais-Name"), obj);
    EXPECT_EQ(r.headers.get("Ais-Bucket-Name"), "b");
    EXPECT_EQ(r.headers.get("Ais-Bucket-Provider"), "ais");
    EXPECT_EQ(r.headers.get("Ais-Location"),
              t.env->self.name() + ":" + fsys::path(path).string().substr(0, path.find("/@ais")));
    EXPECT_EQ(r.headers.get("Ais-Checksum-Type"), "xxhash2");
    EXPECT_EQ(r.headers.get("Ais-Version"), "1");

    // HEAD v2: only what was asked for.
    r = call(t, "HEAD", "b", obj, {}, "props=version,last-modified,etag", false);
    ASSERT_EQ(r.status, 200);
    EXPECT_EQ(r.headers.get("Ais-Version"), "1");
    EXPECT_FALSE(r.headers.get("Last-Modified").empty());
    EXPECT_EQ(r.headers.get("ETag"), "\"" + want_ck + "\"");
    EXPECT_EQ(r.headers.get("Ais-Present"), "true");
    EXPECT_FALSE(r.headers.has("Ais-Checksum-Type"));
    EXPECT_FALSE(r.headers.has("Ais-Name"));
    EXPECT_EQ(r.headers.get("Content-Length"), std::to_string(data.size()));

    // Overwrite: version 2 (versioning is on by default).
    r = put(obj, "small");
    ASSERT_EQ(r.status, 200);
    EXPECT_EQ(r.headers.get("Ais-Version"), "2");
    EXPECT_EQ(get(obj).body, "small");

    // Direct DELETE is refused; redirected works; then 404 everywhere.
    r = call(t, "DELETE", "b", obj, {}, {}, false);
    EXPECT_EQ(r.status, 400);
    r = call(t, "DELETE", "b", obj);
    EXPECT_EQ(r.status, 200) << r.body;
    r = get(obj);
    EXPECT_EQ(r.status, 404);
    EXPECT_NE(r.body.find("ais://b/dir/sub/obj 1.bin"), std::string::npos) << r.body;
    EXPECT_NE(r.body.find("does not exist"), std::string::npos) << r.body;
    r = call(t, "HEAD", "b", obj, {}, {}, false);
    EXPECT_EQ(r.status, 404);
    EXPECT_TRUE(r.body.empty());
    EXPECT_NE(r.headers.get("Hdr-Error").find("ais://b/dir/sub/obj 1.bin"), std::string::npos);
    r = call(t, "DELETE", "b", obj);
    EXPECT_EQ(r.status, 404);
    EXPECT_NE(r.body.find("ais://b/dir/sub/obj 1.bin"), std::string::npos) << r.body;
    EXPECT_TRUE(on_disk(t, obj).empty());
    // Empty parent dirs went away with the object.
    for (const auto& mp : t.mpaths) EXPECT_FALSE(fsys::exists(mp + "/@ais/b/%ob/dir")) << mp;
}

TEST_F(TargetHttp, PutErrors) {
    start(1, 1);  // one mountpath: "d" and "d/x" meet on one disk (on two they may both exist)
    Node& t = *nodes[0];
    // Direct PUT (no redirect marker).
    auto r = call(t, "PUT", "b", "o", "data", {}, false);
    EXPECT_EQ(r.status, 400);
    // Unknown bucket.
    r = call(t, "PUT", "nob", "o", "data");
    EXPECT_EQ(r.status, 404);
    EXPECT_NE(r.body.find("bucket \\\"ais://nob\\\" does not exist"), std::string::npos) << r.body;
    EXPECT_NE(r.body.find("ErrBckNotFound"), std::string::npos) << r.body;
    // Invalid object name.
    r = call(t, "PUT", "b", "a/../b", "data");
    EXPECT_EQ(r.status, 400);

    // Checksum mismatch: 400 naming the object and both values; nothing left behind.
    net::Headers h;
    h.add("Ais-Checksum-Type", "xxhash2");
    h.add("Ais-Checksum-Value", "0000000000000bad");
    r = call(owner("b", "o"), "PUT", "b", "o", "payload", {}, true, h);
    EXPECT_EQ(r.status, 400);
    EXPECT_NE(r.body.find("ais://b/o"), std::string::npos) << r.body;
    EXPECT_NE(r.body.find("0000000000000bad"), std::string::npos) << r.body;
    EXPECT_NE(r.body.find(cksum(CksumType::xxhash2, "payload")), std::string::npos) << r.body;
    EXPECT_EQ(get("o").status, 404);
    EXPECT_EQ(work_files(t), 0u);

    // A matching checksum of another type than the bucket's is verified too.
    net::Headers h2;
    h2.add("Ais-Checksum-Type", "md5");
    h2.add("Ais-Checksum-Value", cksum(CksumType::md5, "payload"));
    r = call(owner("b", "o"), "PUT", "b", "o", "payload", {}, true, h2);
    EXPECT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.headers.get("Ais-Checksum-Type"), "xxhash2");

    // A name that is a directory of other objects, and a name under an object.
    ASSERT_EQ(put("d/x", "1").status, 200);
    r = put("d", "2");
    EXPECT_EQ(r.status, 409) << r.body;
    EXPECT_NE(r.body.find("ais://b/d"), std::string::npos) << r.body;
    r = put("d/x/y", "3");
    EXPECT_EQ(r.status, 409) << r.body;
    EXPECT_EQ(get("d/x").body, "1");
    EXPECT_EQ(work_files(t), 0u);
}

TEST_F(TargetHttp, EmptyObjectAndRange) {
    start();
    ASSERT_EQ(put("empty", "").status, 200);
    auto r = get("empty");
    EXPECT_EQ(r.status, 200);
    EXPECT_TRUE(r.body.empty());

    const std::string data = random_bytes(1000, 2);
    ASSERT_EQ(put("r", data).status, 200);
    Node& t = owner("b", "r");
    auto range = [&](const std::string& spec) {
        net::Headers h;
        h.add("Range", spec);
        return call(t, "GET", "b", "r", {}, {}, false, h);
    };
    r = range("bytes=10-19");
    EXPECT_EQ(r.status, 206);
    EXPECT_EQ(r.body, data.substr(10, 10));
    EXPECT_EQ(r.headers.get("Content-Range"), "bytes 10-19/1000");
    EXPECT_FALSE(r.headers.has("Ais-Checksum-Value"));  // not the checksum of these bytes
    r = range("bytes=990-");
    EXPECT_EQ(r.status, 206);
    EXPECT_EQ(r.body, data.substr(990));
    r = range("bytes=-5");
    EXPECT_EQ(r.status, 206);
    EXPECT_EQ(r.body, data.substr(995));
    EXPECT_EQ(r.headers.get("Content-Range"), "bytes 995-999/1000");
    r = range("bytes=1000-");
    EXPECT_EQ(r.status, 416);
    EXPECT_EQ(r.headers.get("Content-Range"), "bytes */1000");
    EXPECT_NE(r.body.find("ais://b/r"), std::string::npos);
    r = range("bytes=0-1,5-6");
    EXPECT_EQ(r.status, 416);
    r = range("bytes=0-0");
    EXPECT_EQ(r.status, 206);
    EXPECT_EQ(r.body, data.substr(0, 1));
}

TEST_F(TargetHttp, ValidateChecksumDetectsCorruption) {
    start();
    ASSERT_EQ(put("c", "0123456789").status, 200);
    EXPECT_EQ(get("c", "b", "validate-checksum=true").status, 200);
    std::string path = on_disk(owner("b", "c"), "c");
    {
        std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
        f.seekp(3);
        f.put('X');
    }
    auto r = get("c", "b", "validate-checksum=true");
    EXPECT_EQ(r.status, 500);
    EXPECT_NE(r.body.find("ais://b/c"), std::string::npos);
    EXPECT_NE(r.body.find("BAD DATA CHECKSUM: "), std::string::npos) << r.body;
    // As AIS: a corrupted object with no other replica is removed.
    EXPECT_EQ(get("c", "b").status, 404);
}

TEST_F(TargetHttp, AppendThenFlush) {
    start();
    const std::string obj = "appended";
    Node& t = owner("b", obj);
    const std::string a = random_bytes(100'000, 3), b = random_bytes(2'500'000, 4), c = "tail";

    auto r = call(t, "PUT", "b", obj, a, "append_type=append&append_handle=");
    ASSERT_EQ(r.status, 200) << r.body;
    std::string h = std::string(r.headers.get("Ais-Append-Handle"));
    ASSERT_TRUE(h.starts_with(t.env->id() + "|")) << h;
    EXPECT_EQ(get(obj).status, 404);  // invisible until flushed

    r = call(t, "PUT", "b", obj, b, "append_type=append&append_handle=" + url_escape_query(h));
    ASSERT_EQ(r.status, 200) << r.body;
    h = std::string(r.headers.get("Ais-Append-Handle"));
    r = call(t, "PUT", "b", obj, c, "append_type=append&append_handle=" + url_escape_query(h));
    ASSERT_EQ(r.status, 200) << r.body;
    h = std::string(r.headers.get("Ais-Append-Handle"));

    // Handles cannot point anywhere else.
    auto parts = split(h, '|');
    ASSERT_EQ(parts.size(), 4u);
    std::string evil =
        std::string(parts[0]) + "|/etc/passwd|" + std::string(parts[2]) + "|" + std::string(parts[3]);
    r = call(t, "PUT", "b", obj, "x", "append_type=append&append_handle=" + url_escape_query(evil));
    EXPECT_EQ(r.status, 400);
    std::string evil2 = std::string(parts[0]) + "|" + std::string(parts[1]) + "/../../x|" +
                        std::string(parts[2]) + "|" + std::string(parts[3]);
    r = call(t, "PUT", "b", obj, "x", "append_type=flush&append_handle=" + url_escape_query(evil2));
    EXPECT_EQ(r.status, 400);
    r = call(t, "PUT", "b", "other", "x", "append_type=flush&append_handle=" + url_escape_query(h));
    EXPECT_EQ(r.status, 400);  // another object's work file

    r = call(t, "PUT", "b", obj, {}, "append_type=flush&append_handle=" + url_escape_query(h));
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_FALSE(r.headers.has("Ais-Append-Handle"));
    const std::string all = a + b + c;
    r = get(obj);
    ASSERT_EQ(r.status, 200);
    EXPECT_EQ(r.body, all);
    EXPECT_EQ(r.headers.get("Ais-Checksum-Value"), cksum(CksumType::xxhash2, all));
    EXPECT_EQ(work_files(t), 0u);

    // Appending to an existing object starts from its content.
    r = call(t, "PUT", "b", obj, "+more", "append_type=append&append_handle=");
    ASSERT_EQ(r.status, 200);
    h = std::string(r.headers.get("Ais-Append-Handle"));
    r = call(t, "PUT", "b", obj, {}, "append_type=flush&append_handle=" + url_escape_query(h));
    ASSERT_EQ(r.status, 200);
    EXPECT_EQ(get(obj).body, all + "+more");
    EXPECT_EQ(r.headers.get("Ais-Version"), "2");
}

TEST_F(TargetHttp, PatchCustomMetadata) {
    start();
    ASSERT_EQ(put("m", "x").status, 200);
    Node& t = owner("b", "m");
    auto r = call(t, "PATCH", "b", "m", R"({"action":"","name":"","value":{"k1":"v1","ETag":"abc"}})");
    ASSERT_EQ(r.status, 200) << r.body;
    r = call(t, "PATCH", "b", "m", R"({"action":"","name":"","value":{"k2":"v2"}})");
    ASSERT_EQ(r.status, 200) << r.body;
    r = call(t, "HEAD", "b", "m", {}, {}, false);
    auto md = r.headers.get_all("Ais-Custom-Md");
    std::set<std::string> got(md.begin(), md.end());
    EXPECT_EQ(got, (std::set<std::string>{"k1=v1", "ETag=abc", "k2=v2"}));
    EXPECT_EQ(r.headers.get("ETag"), "abc");

    r = call(t, "PATCH", "b", "m", R"({"action":"","name":"","value":{"only":"this"}})",
             "set-new-custom=true");
    ASSERT_EQ(r.status, 200) << r.body;
    r = get("m");
    md = r.headers.get_all("Ais-Custom-Md");
    ASSERT_EQ(md.size(), 1u);
    EXPECT_EQ(md[0], "only=this");

    r = call(t, "PATCH", "b", "missing", R"({"action":"","value":{"a":"b"}})");
    EXPECT_EQ(r.status, 404);
    r = call(t, "PATCH", "b", "m", R"({"action":"","value":{"a":"b"}})", {}, false);
    EXPECT_EQ(r.status, 400);  // direct
}

TEST_F(TargetHttp, LongNames) {
    start();
    const std::string obj = "long/" + std::string(300, 'L') + "/name.bin";
    ASSERT_EQ(put(obj, "long-data").status, 200);
    Node& t = owner("b", obj);
    auto r = get(obj);
    ASSERT_EQ(r.status, 200);
    EXPECT_EQ(r.body, "long-data");
    EXPECT_EQ(call(t, "HEAD", "b", obj, {}, {}, false).headers.get("Ais-Name"), obj);

    api::LsoMsg msg;
    auto res = list(t, msg);
    ASSERT_EQ(res.entries.size(), 1u);
    EXPECT_EQ(res.entries[0].name, obj);
    EXPECT_EQ(res.entries[0].size, 9);

    // A different long name with the same directory shape is a different object.
    const std::string other = "long/" + std::string(300, 'M') + "/name.bin";
    EXPECT_EQ(get(other).status, 404);
    EXPECT_EQ(call(t, "DELETE", "b", obj).status, 200);
    EXPECT_EQ(get(obj).status, 404);
}

TEST_F(TargetHttp, ListPagesPropsAndDirs) {
    start();
    Node& t = *nodes[0];
    std::set<std::string> names;
    for (int i = 0; i < 23; ++i) {
        std::string n = (i % 3 == 0   ? "dir1/"
                         : i % 3 == 1 ? "dir2/sub/"
                                      : "") +
                        std::string("obj") + std::to_string(100 + i);
        ASSERT_EQ(put(n, "data" + std::to_string(i)).status, 200);
        names.insert(n);
    }
    // Pages of 10 with a session uuid and continuation tokens.
    api::LsoMsg msg;
    msg.uuid = gen_uuid();
    msg.pagesize = 10;
    std::vector<std::string> seen;
    for (int page = 0; page < 10; ++page) {
        auto res = list(t, msg, page % 2 == 0);  // msgpack and JSON alike
        EXPECT_EQ(res.uuid, msg.uuid);
        for (const auto& e : res.entries) {
            seen.push_back(e.name);
            EXPECT_TRUE(e.is_present());
            EXPECT_GT(e.size, 0);
            EXPECT_TRUE(e.checksum.empty());  // not asked for
        }
        if (res.continuation_token.empty()) break;
        EXPECT_EQ(res.entries.size(), 10u);
        EXPECT_EQ(res.continuation_token, res.entries.back().name);
        msg.continuation_token = res.continuation_token;
    }
    EXPECT_EQ(seen, std::vector<std::string>(names.begin(), names.end()));

    // Props.
    api::LsoMsg pm;
    pm.props = "name,size,checksum,atime,version,location,copies,custom";
    pm.prefix = "dir1/";
    auto res = list(t, pm);
    ASSERT_EQ(res.entries.size(), 8u);
    const auto& e = res.entries[0];
    EXPECT_EQ(e.name, "dir1/obj100");
    EXPECT_EQ(e.checksum, cksum(CksumType::xxhash2, "data0"));
    EXPECT_EQ(e.version, "1");
    EXPECT_FALSE(e.atime.empty());
    EXPECT_EQ(e.copies, 1);
    EXPECT_TRUE(e.location.starts_with(t.env->self.name() + ":")) << e.location;

    // start_after and prefix with a trailing '*'.
    api::LsoMsg sa;
    sa.prefix = "dir1/obj1*";
    sa.start_after = "dir1/obj115";
    res = list(t, sa);
    std::vector<std::string> got;
    for (const auto& x : res.entries) got.push_back(x.name);
    EXPECT_EQ(got, (std::vector<std::string>{"dir1/obj118", "dir1/obj121"}));

    // No recursion: top-level objects and virtual dirs.
    api::LsoMsg nr;
    nr.flags = api::ls::kNoRecursion;
    res = list(t, nr, false);
    got.clear();
    for (const auto& x : res.entries) {
        got.push_back(x.name);
        if (x.name.ends_with("/")) {
            EXPECT_TRUE(x.is_dir()) << x.name;
        }
    }
    ASSERT_EQ(got.size(), 2u + 7u);
    EXPECT_EQ(got[0], "dir1/");
    EXPECT_EQ(got[1], "dir2/");
    nr.prefix = "dir2/";
    res = list(t, nr);
    ASSERT_EQ(res.entries.size(), 1u);
    EXPECT_EQ(res.entries[0].name, "dir2/sub/");
    nr.flags |= api::ls::kNoDirs;
    EXPECT_TRUE(list(t, nr).entries.empty());

    // Unknown bucket.
    ClientRequest rq;
    rq.url = t.url + "/v1/buckets/nob?provider=ais";
    rq.body = R"({"action":"list","name":"","value":{}})";
    auto r = http.call(rq);
    EXPECT_EQ(r.status, 404);
    EXPECT_NE(r.body.find("ais://nob"), std::string::npos);
    // HEAD bucket: props from the BMD.
    rq.method = "HEAD";
    rq.url = t.url + "/v1/buckets/b2?provider=ais";
    rq.body.clear();
    r = http.call(rq);
    EXPECT_EQ(r.status, 200);
    EXPECT_NE(r.headers.get("Ais-Bucket-Props").find("\"md5\""), std::string::npos);
}

TEST_F(TargetHttp, ListManyObjectsPaged) {
    start(1, 4);
    Node& t = *nodes[0];
    // Made on disk directly (PUT of 20k objects over HTTP would dominate the test time).
    const int n = 20000;
    std::vector<std::string> want;
    for (int i = 0; i < n; ++i) {
        std::string name = "d" + std::to_string(i % 50) + "/o" + std::to_string(i);
        want.push_back(name);
        std::string uname = api::Bck{"b", "ais", {}}.obj_uname(name);
        std::vector<uint64_t> d;
        for (const auto& mp : t.mpaths) d.push_back(hrw_digest(mp));
        std::string path = t.mpaths[hrw_select(hrw_digest(uname), d)] + "/@ais/b/%ob/" + name;
        fsys::create_directories(fsys::path(path).parent_path());
        std::ofstream(path) << "x";
    }
    std::sort(want.begin(), want.end());
    api::LsoMsg msg;
    msg.uuid = gen_uuid();
    msg.pagesize = 2000;
    std::vector<std::string> seen;
    // No clock here: how fast 20k names list is a benchmark (bench/), not a test; CTest's timeout
    // is the hang guard.
    for (;;) {
        auto res = list(t, msg);
        for (const auto& e : res.entries) seen.push_back(e.name);
        if (res.continuation_token.empty()) break;
        msg.continuation_token = res.continuation_token;
    }
    EXPECT_EQ(seen, want);
    // A plain file without metadata is still an object: GET works.
    auto r = get(want[0]);
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(r.body, "x");
}

TEST_F(TargetHttp, RenameAndCopyAcrossTargets) {
    start(2);
    // Pick names: source on one target, destinations on the same and on the other one.
    auto owner_id = [&](const std::string& o) { return owner("b", o).env->id(); };
    std::string src = "src-0", far, near;
    for (int i = 0; far.empty() || near.empty(); ++i) {
        std::string n = "dst-" + std::to_string(i);
        if (owner_id(n) == owner_id(src))
            near = near.empty() ? n : near;
        else
            far = far.empty() ? n : far;
    }
    const std::string data = random_bytes(300'000, 5);
    ASSERT_EQ(put(src, data).status, 200);
    Node& ts = owner("b", src);
    ASSERT_EQ(call(ts, "PATCH", "b", src, R"({"action":"","value":{"k":"v"}})").status, 200);

    // Copy to the other target and to another bucket (local or remote per HRW).
    auto r = call(ts, "PUT", "b", src, {}, "object_to=" + url_escape_query("ais/@#/b/" + far));
    ASSERT_EQ(r.status, 200) << r.body;
    r = get(far);
    ASSERT_EQ(r.status, 200);
    EXPECT_EQ(r.body, data);
    EXPECT_EQ(r.headers.get("Ais-Custom-Md"), "k=v");  // carried along
    r = call(ts, "PUT", "b", src, {}, "object_to=" + url_escape_query("ais/@#/b2/copy"));
    ASSERT_EQ(r.status, 200) << r.body;
    r = get("copy", "b2");
    ASSERT_EQ(r.status, 200);
    EXPECT_EQ(r.body, data);
    EXPECT_EQ(r.headers.get("Ais-Checksum-Type"), "md5");  // the destination bucket's checksum
    EXPECT_EQ(r.headers.get("Ais-Checksum-Value"), cksum(CksumType::md5, data));
    r = call(ts, "PUT", "b", src, {}, "object_to=" + url_escape_query("ais/@#/nob/x"));
    EXPECT_EQ(r.status, 404);
    r = call(ts, "PUT", "b", "nothing", {}, "object_to=" + url_escape_query("ais/@#/b/x"));
    EXPECT_EQ(r.status, 404);

    // Rename locally, then to the other target.
    r = call(ts, "POST", "b", src, R"({"action":"rename-obj","name":")" + near + R"(","value":null})");
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(get(src).status, 404);
    r = get(near);
    ASSERT_EQ(r.status, 200);
    EXPECT_EQ(r.body, data);
    EXPECT_EQ(r.headers.get("Ais-Custom-Md"), "k=v");

    std::string far2;
    for (int i = 0; far2.empty(); ++i) {
        std::string n = "far2-" + std::to_string(i);
        if (owner_id(n) != owner_id(near)) far2 = n;
    }
    r = call(ts, "POST", "b", near, R"({"action":"rename-obj","name":")" + far2 + R"(","value":null})");
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(get(near).status, 404);
    r = get(far2);
    ASSERT_EQ(r.status, 200);
    EXPECT_EQ(r.body, data);

    r = call(ts, "POST", "b", "missing", R"({"action":"rename-obj","name":"zz","value":null})");
    EXPECT_EQ(r.status, 404);
    for (auto& n : nodes) EXPECT_EQ(work_files(*n), 0u);
}

TEST_F(TargetHttp, ConcurrentPutsOfOneName) {
    start();
    const std::string obj = "hot";
    const int writers = 6, rounds = 5;
    std::vector<std::string> contents;
    for (int i = 0; i < writers; ++i) contents.push_back(random_bytes(512 * 1024 + i, 100 + i));
    std::atomic<int> failures{0};
    std::vector<std::thread> th;
    for (int w = 0; w < writers; ++w) {
        th.emplace_back([&, w] {
            net::Client c;
            for (int i = 0; i < rounds; ++i) {
                ClientRequest rq;
                rq.method = "PUT";
                rq.url = nodes[0]->url + "/v1/objects/b/" + obj + "?provider=ais&pid=p&utm=1";
                rq.body = contents[w];
                if (c.call(rq).status != 200) ++failures;
                ClientRequest g;
                g.url = nodes[0]->url + "/v1/objects/b/" + obj;
                auto r = c.call(g);  // always one whole object
                if (r.status != 200 || std::find(contents.begin(), contents.end(), r.body) == contents.end())
                    ++failures;
            }
        });
    }
    for (auto& x : th) x.join();
    EXPECT_EQ(failures.load(), 0);
    auto r = get(obj);
    EXPECT_NE(std::find(contents.begin(), contents.end(), r.body), contents.end());
    EXPECT_EQ(r.headers.get("Ais-Version"), std::to_string(writers * rounds));  // no lost updates
    EXPECT_EQ(work_files(*nodes[0]), 0u);
}

TEST_F(TargetHttp, ClientDisconnectMidBodyLeavesNothing) {
    start();
    Node& t = owner("b", "partial");
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(t.server->port());
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ASSERT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof(a)), 0);
    std::string req =
        "PUT /v1/objects/b/partial?provider=ais&pid=p&utm=1 HTTP/1.1\r\nHost: x\r\nContent-Length: "
        "10000000\r\n\r\n";
    req += random_bytes(3'000'000, 9);
    size_t off = 0;
    while (off < req.size()) {
        ssize_t n = ::send(fd, req.data() + off, req.size() - off, MSG_NOSIGNAL);
        ASSERT_GT(n, 0);
        off += static_cast<size_t>(n);
    }
    // The work file exists while the upload is in progress...
    for (int i = 0; i < 100 && work_files(t) == 0; ++i) ::usleep(10'000);
    EXPECT_EQ(work_files(t), 1u);
    ::close(fd);
    // ...and is gone once the connection drops; no object appears.
    for (int i = 0; i < 300 && work_files(t) != 0; ++i) ::usleep(10'000);
    EXPECT_EQ(work_files(t), 0u);
    EXPECT_EQ(get("partial").status, 404);
}

TEST_F(TargetHttp, BucketDestroyAndRecreate) {
    start();
    Node& t = *nodes[0];
    ASSERT_EQ(put("keep", "1").status, 200);
    ASSERT_EQ(put("x", "1", "b2").status, 200);
    // b2 destroyed: its dirs go away at once; b stays.
    t.env->meta.put_bmd(make_bmd(2, false));
    for (const auto& mp : t.mpaths) EXPECT_FALSE(fsys::exists(mp + "/@ais/b2")) << mp;
    EXPECT_EQ(get("keep").status, 200);
    auto r = call(t, "GET", "b2", "x", {}, {}, false);
    EXPECT_EQ(r.status, 404);
    EXPECT_NE(r.body.find("bucket \\\"ais://b2\\\" does not exist"), std::string::npos) << r.body;
    // Re-created: empty, with its dirs.
    t.env->meta.put_bmd(make_bmd(3, true));
    for (const auto& mp : t.mpaths) EXPECT_TRUE(fsys::is_directory(mp + "/@ais/b2/%ob")) << mp;
    EXPECT_EQ(get("x", "b2").status, 404);
    EXPECT_EQ(t.target->mountpaths_json().find("{\"available\":[\""), 0u);
}

TEST_F(TargetHttp, RestartKeepsObjectsAndDropsStaleWorkFiles) {
    start();
    ASSERT_EQ(put("persist/me", "still here").status, 200);
    const std::string long_obj = std::string(400, 'q');
    ASSERT_EQ(put(long_obj, "long one").status, 200);
    std::string wk = nodes[0]->mpaths[0] + "/@ais/b/%wk/";
    std::ofstream(wk + "0123456789abcdef.put.1x") << "crash leftover";
    std::ofstream(wk + "0123456789abcdef.app.2y") << "append in progress";
    nodes.clear();

    start();  // same mountpaths, fresh process state
    auto r = get("persist/me");
    ASSERT_EQ(r.status, 200);
    EXPECT_EQ(r.body, "still here");
    EXPECT_EQ(get(long_obj).body, "long one");
    EXPECT_FALSE(fsys::exists(wk + "0123456789abcdef.put.1x"));
    EXPECT_TRUE(fsys::exists(wk + "0123456789abcdef.app.2y"));  // a recent append session may go on
    api::LsoMsg msg;
    auto res = list(*nodes[0], msg);
    ASSERT_EQ(res.entries.size(), 2u);
    EXPECT_EQ(res.entries[0].name, "persist/me");
    EXPECT_EQ(res.entries[1].name, long_obj);
}

// S3 multipart upload, target side (the proxy's S3 gateway drives it; see target/mpu.cpp).
TEST_F(TargetHttp, MultipartUpload) {
    start();
    const std::string obj = "mpu/obj";
    Node& t = owner("b", obj);
    const std::string id = "upload-0123456789";
    const std::string p1 = random_bytes(5 << 20, 5), p2 = random_bytes(1000, 6);  // S3: non-last parts >= 5 MiB

    EXPECT_EQ(call(t, "POST", "b", obj, {}, "uploads=&uploadId=" + id, false).status, 400);  // no pid
    EXPECT_EQ(call(t, "POST", "b", obj, {}, "uploads=&uploadId=..%2Fx").status, 400);
    EXPECT_EQ(call(t, "PUT", "b", obj, "x", "uploadId=nosuch123&partNumber=1").status, 404);
    net::Headers h;
    h.add("Ais-Custom-Md", "Content-Type=text/x");
    auto r = call(t, "POST", "b", obj, {}, "uploads=&uploadId=" + id, true, h);
    ASSERT_EQ(r.status, 200) << r.body;
    r = call(t, "PUT", "b", obj, p2, "uploadId=" + id + "&partNumber=2");
    ASSERT_EQ(r.status, 200) << r.body;
    const std::string e2 = cksum(CksumType::md5, p2);
    EXPECT_EQ(r.headers.get("ETag"), e2);
    r = call(t, "PUT", "b", obj, "replaced below", "uploadId=" + id + "&partNumber=1");
    ASSERT_EQ(r.status, 200) << r.body;
    r = call(t, "PUT", "b", obj, p1, "uploadId=" + id + "&partNumber=1");
    ASSERT_EQ(r.status, 200) << r.body;
    const std::string e1 = cksum(CksumType::md5, p1);
    EXPECT_EQ(r.headers.get("ETag"), e1);

    r = call(t, "GET", "b", obj, {}, "uploadId=" + id);
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_TRUE(r.body.starts_with("1 5242880 " + e1 + " ")) << r.body;
    EXPECT_NE(r.body.find("\n2 1000 " + e2 + " "), std::string::npos) << r.body;
    ClientRequest lr;
    lr.url = t.url + "/v1/objects/b?provider=ais&uploads=&pid=prx1Abcd";
    auto l = http.call(lr);
    ASSERT_EQ(l.status, 200) << l.body;
    EXPECT_EQ(l.body.substr(0, id.size() + 1), id + " ");
    EXPECT_TRUE(l.body.ends_with(" " + obj + "\n")) << l.body;
    EXPECT_EQ(get(obj).status, 404);  // invisible until completed

    r = call(t, "POST", "b", obj, "2 " + e2 + "\n1 " + e1 + "\n", "uploadId=" + id);
    EXPECT_EQ(r.status, 400);
    EXPECT_NE(r.body.find("InvalidPartOrder"), std::string::npos) << r.body;
    r = call(t, "POST", "b", obj, "1 " + e2 + "\n", "uploadId=" + id);
    EXPECT_EQ(r.status, 400);
    EXPECT_NE(r.body.find("InvalidPart"), std::string::npos) << r.body;
    r = call(t, "POST", "b", obj, "1 " + e1 + "\n2 " + e2 + "\n", "uploadId=" + id);  // still open
    ASSERT_EQ(r.status, 200) << r.body;
    std::string raw;
    for (const auto* e : {&e1, &e2})
        for (size_t i = 0; i < e->size(); i += 2) raw += static_cast<char>(std::stoi(e->substr(i, 2), nullptr, 16));
    const std::string etag = cksum(CksumType::md5, raw) + "-2";
    EXPECT_EQ(r.headers.get("ETag"), etag);
    auto g = get(obj);
    ASSERT_EQ(g.status, 200);
    EXPECT_TRUE(g.body == p1 + p2);
    r = call(t, "HEAD", "b", obj, {}, {}, false);
    std::string custom;
    for (auto v : r.headers.get_all("Ais-Custom-Md")) custom += std::string(v) + ";";
    EXPECT_NE(custom.find("ETag=" + etag), std::string::npos) << custom;
    EXPECT_NE(custom.find("Content-Type=text/x"), std::string::npos) << custom;
    EXPECT_EQ(work_files(t), 0u);
    EXPECT_EQ(call(t, "POST", "b", obj, "1 " + e1 + "\n", "uploadId=" + id).status, 404);  // gone

    // Abort.
    ASSERT_EQ(call(t, "POST", "b", "ab", {}, "uploads=&uploadId=" + id).status, 200);
    ASSERT_EQ(call(t, "PUT", "b", "ab", "data", "uploadId=" + id + "&partNumber=1").status, 200);
    EXPECT_EQ(call(t, "DELETE", "b", "ab", {}, "uploadId=" + id).status, 204);
    EXPECT_EQ(call(t, "DELETE", "b", "ab", {}, "uploadId=" + id).status, 404);
    EXPECT_EQ(get("ab").status, 404);
    EXPECT_EQ(work_files(t), 0u);
}
