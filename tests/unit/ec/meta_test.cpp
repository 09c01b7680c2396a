// EC metadata: AIS's field names on the wire, a lossless round trip, and a refusal (naming the
// field) of anything a target could not safely restore from.
#include "aisnode/ec/meta.hpp"

#include <gtest/gtest.h>

#include <string>

#include "shared/util/errors.hpp"

namespace ais::ec {
namespace {

Meta sample() {
    Meta m;
    m.size = 5 * 1024 * 1024 + 3;
    m.generation = 1732200000123456789;
    m.obj_cksum = "a1b2c3d4e5f60718";
    m.obj_version = "3";
    m.cksum_type = CksumType::xxhash2;
    m.slice_cksum = "0011223344556677";
    m.replica_node = "t[abcd]";
    m.nodes = {{"t[abcd]", 0}, {"t[b]", 1}, {"t[c]", 2}, {"t[d]", 3}, {"t[e]", 4}, {"t[f]", 5}, {"t[g]", 6}};
    m.data = 4;
    m.parity = 2;
    m.slice_id = 3;
    return m;
}

std::string error_of(const std::string& json) {
    try {
        meta_from_json(json);
    } catch (const ErrBadRequest& e) {
        return e.what();
    }
    return "accepted";
}

TEST(EcMeta, RoundTripWithAisNames) {
    Meta m = sample();
    std::string j = to_json(m);
    EXPECT_EQ(j,
              R"({"obj_size":5242883,"generation":1732200000123456789,"obj_cksum":"a1b2c3d4e5f60718",)"
              R"("obj_version":"3","cksum_type":"xxhash2","slice_cksum":"0011223344556677",)"
              R"("replica_node":"t[abcd]","nodes":{"t[abcd]":0,"t[b]":1,"t[c]":2,"t[d]":3,"t[e]":4,"t[f]":5,)"
              R"("t[g]":6},"data_slices":4,"parity_slices":2,"slice_id":3,"md_version":1,"is_copy":false})");
    EXPECT_EQ(meta_from_json(j), m);
    EXPECT_EQ(m.slice_size(), 1310721);  // ceil(5242883 / 4)

    Meta r;  // a replica of a small object
    r.size = 100;
    r.data = 2;
    r.parity = 2;
    r.is_copy = true;
    r.cksum_type = CksumType::none;
    EXPECT_EQ(meta_from_json(to_json(r)), r);
    EXPECT_EQ(r.slice_size(), 0);
}

TEST(EcMeta, AcceptsWhatAisWrites) {
    // No checksum (""), optional fields absent, a field we do not know.
    Meta m = meta_from_json(
        R"({"obj_size":10,"data_slices":1,"parity_slices":1,"slice_id":0,"is_copy":true,"cksum_type":"",)"
        R"("future_field":[1,2]})");
    EXPECT_EQ(m.size, 10);
    EXPECT_EQ(m.cksum_type, CksumType::none);
    EXPECT_TRUE(m.is_copy);
    EXPECT_EQ(m.md_version, kMetaVersion);
    EXPECT_TRUE(m.nodes.empty());
}

TEST(EcMeta, RejectsMalformed) {
    const std::string ok_tail = R"("data_slices":2,"parity_slices":2,"slice_id":1,"is_copy":false})";
    EXPECT_EQ(error_of("{\"obj_size\":1," + ok_tail), "accepted");

    EXPECT_NE(error_of("not json").find("invalid EC metadata"), std::string::npos);
    EXPECT_EQ(error_of("[1,2]"), "invalid EC metadata: expected a JSON object");
    EXPECT_EQ(error_of("{" + ok_tail), R"(invalid EC metadata: "obj_size": missing)");
    EXPECT_EQ(error_of("{\"obj_size\":-1," + ok_tail),
              R"(invalid EC metadata: "obj_size": -1 out of range [0, 9223372036854775807])");
    EXPECT_EQ(error_of("{\"obj_size\":\"10\"," + ok_tail),
              R"(invalid EC metadata: "obj_size": expected an integer)");
    EXPECT_EQ(error_of("{\"obj_size\":1.5," + ok_tail),
              R"(invalid EC metadata: "obj_size": expected an integer)");
    EXPECT_EQ(error_of("{\"obj_size\":18446744073709551615," + ok_tail),
              R"(invalid EC metadata: "obj_size": out of range)");
    EXPECT_EQ(error_of(R"({"obj_size":1,"data_slices":0,"parity_slices":2,"slice_id":0,"is_copy":false})"),
              R"(invalid EC metadata: "data_slices": 0 out of range [1, 32])");
    EXPECT_EQ(error_of(R"({"obj_size":1,"data_slices":2,"parity_slices":33,"slice_id":0,"is_copy":false})"),
              R"(invalid EC metadata: "parity_slices": 33 out of range [1, 32])");
    EXPECT_EQ(error_of(R"({"obj_size":1,"parity_slices":2,"slice_id":0,"is_copy":false})"),
              R"(invalid EC metadata: "data_slices": missing)");
    EXPECT_EQ(error_of(R"({"obj_size":1,"data_slices":2,"parity_slices":2,"slice_id":5,"is_copy":false})"),
              R"(invalid EC metadata: "slice_id": 5 out of range [0, 4])");
    EXPECT_EQ(error_of(R"({"obj_size":1,"data_slices":2,"parity_slices":2,"slice_id":2,"is_copy":true})"),
              R"(invalid EC metadata: "slice_id": a replica has slice id 0)");
    EXPECT_EQ(error_of(R"({"obj_size":1,"data_slices":2,"parity_slices":2,"slice_id":1,"is_copy":"no"})"),
              R"(invalid EC metadata: "is_copy": expected a boolean)");
    EXPECT_EQ(error_of(R"({"obj_size":1,"data_slices":2,"parity_slices":2,"slice_id":1})"),
              R"(invalid EC metadata: "is_copy": missing)");
    EXPECT_EQ(error_of("{\"obj_size\":1,\"cksum_type\":\"crc64\"," + ok_tail),
              R"(invalid EC metadata: "cksum_type": unknown checksum type "crc64")");
    EXPECT_EQ(error_of("{\"obj_size\":1,\"md_version\":2," + ok_tail),
              R"(invalid EC metadata: "md_version": 2 out of range [1, 1])");
    EXPECT_EQ(error_of("{\"obj_size\":1,\"generation\":-5," + ok_tail),
              R"(invalid EC metadata: "generation": -5 out of range [0, 9223372036854775807])");
    EXPECT_EQ(error_of("{\"obj_size\":1,\"obj_cksum\":42," + ok_tail),
              R"(invalid EC metadata: "obj_cksum": expected a string)");
    EXPECT_EQ(error_of("{\"obj_size\":1,\"nodes\":[\"t1\"]," + ok_tail),
              R"(invalid EC metadata: "nodes": expected an object)");
    EXPECT_EQ(error_of("{\"obj_size\":1,\"nodes\":{\"t1\":9}," + ok_tail),
              R"(invalid EC metadata: "nodes.t1": 9 out of range [0, 4])");
    EXPECT_EQ(error_of("{\"obj_size\":1,\"nodes\":{\"\":1}," + ok_tail),
              R"(invalid EC metadata: "nodes": empty target id)");
}

TEST(EcMeta, TruncatedJsonIsRefused) {
    std::string j = to_json(sample());
    for (size_t n : {size_t{0}, size_t{1}, j.size() / 2, j.size() - 1}) {
        EXPECT_NE(error_of(j.substr(0, n)), "accepted") << n;
    }
}

}  // namespace
}  // namespace ais::ec
