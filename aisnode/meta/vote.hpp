// Primary election (AIS's vote protocol, /v1/vote): the messages, and the checks every node makes.
//
// When the primary stops answering, the node that notices asks the next primary in line (the
// electable proxy with the largest id_digest, Smap::hrw_proxy) to run an election
// (PUT /v1/vote/init {"vote_initiation": VoteRecord}). The candidate confirms the primary is down,
// asks every other node for its vote (GET /v1/vote/proxy {"vote_record": VoteRecord} -> "YES" or
// "NO": yes when the voter cannot reach the primary either and agrees on the candidate), and with
// a majority it sends the new Smap, itself primary and the old one gone
// (PUT /v1/vote/result {"vote_result": VoteRecord}), which every node installs.
#pragma once

#include "shared/api/smap.hpp"

#include <string>
#include <string_view>

namespace ais::node {

struct VoteRecord {
    std::string candidate;  // the proxy to become primary
    std::string primary;    // the primary that is down
    api::Smap smap;         // initiation/vote: the sender's Smap; result: the new Smap
    std::string start_time;
    std::string initiator;
};

// {"<key>": {"candidate","primary","smap","start_time","initiator"}}
std::string vote_to_json(const char* key, const VoteRecord& v);
VoteRecord vote_from_json(const char* key, std::string_view json);  // ErrBadRequest when malformed

inline constexpr char kVoteInitiation[] = "vote_initiation";
inline constexpr char kVoteRecord[] = "vote_record";
inline constexpr char kVoteResult[] = "vote_result";
inline constexpr char kVoteYes[] = "YES";
inline constexpr char kVoteNo[] = "NO";

}  // namespace ais::node
