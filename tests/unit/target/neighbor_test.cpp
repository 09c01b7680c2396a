// Get-from-neighbor during a rebalance (aisnode/target/neighbor.cpp): a target that misses an
// object asks the others; a target asked by a neighbor answers only with what it has itself, even
// when its Smap is behind and does not know the asker yet (else its relayed "yes" would send the
// asker to a node that has nothing, and the client would get a 404 for an object that exists).
#include "tests/unit/target/harness.hpp"

using namespace ais;
using namespace ais::test;

TEST_F(TargetHttp, ANeighborAsksAndIsAnsweredOnlyWithWhatTheTargetHasItself) {
    start(3, 1);
    Node& asker = *nodes[0];
    Node& behind = *nodes[1];
    Node& holder = *nodes[2];
    ASSERT_EQ(call(holder, "PUT", "b", "moving", "bytes on their way").status, 200);
    // `behind`: a rebalance is on, and its Smap does not list the asker yet.
    node::Rmd rmd;
    rmd.version = 1;
    rmd.smap_version = 2;
    rmd.done = false;
    behind.env->meta.put_rmd(rmd);
    auto smap = std::make_shared<api::Smap>(*behind.env->meta.smap());
    smap->tmap.erase(asker.env->id());
    smap->version = 2;
    behind.env->meta.put_smap(smap);

    // A client's request: `behind` asks its neighbors and relays the holder's answer.
    auto r = call(behind, "HEAD", "b", "moving");
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(call(behind, "GET", "b", "moving").body, "bytes on their way");
    // A neighbor's request (get-from-neighbor marks it): only what `behind` has itself.
    net::Headers h;
    h.add(api::hdr::kCallerId, asker.env->id());
    h.add("Ais-Get-From-Neighbor", "true");
    r = call(behind, "HEAD", "b", "moving", {}, {}, true, h);
    EXPECT_EQ(r.status, 404);
    r = call(behind, "GET", "b", "moving", {}, {}, true, h);
    EXPECT_EQ(r.status, 404);
}
