// The elastic cluster through `ais`: maintenance, shutdown and decommission of a node, set-primary,
// cluster shutdown, rebalance (show, wait, stop, start), their confirmations, their errors, and
// completion of node names. Each test runs the real binary against its own LocalCluster (these
// commands change the cluster for good) and checks both what the user sees and what the cluster
// did (the Smap through the API client, the node processes).
#include "tests/cli/cli_runner.hpp"
#include "tests/integration/local_cluster.hpp"

#include "shared/api/client.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <functional>
#include <regex>
#include <set>
#include <thread>

using namespace ais;
using namespace ais::test;
using namespace std::chrono_literals;

namespace {

const std::string kAddRm = "add-remove-nodes";

// The ID of target i (its public URL in the Smap).
std::string target_id(LocalCluster& c, int i) {
    for (const auto& [id, n] : c.client().get_smap().tmap)
        if (n.public_net.direct_url == c.target_url(i)) return id;
    ADD_FAILURE() << "target " << i << " is not in the Smap";
    return {};
}

// Polls `cond` until it holds or `timeout` passes.
bool eventually(const std::function<bool()>& cond, std::chrono::milliseconds timeout = 60s) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        if (cond()) return true;
        if (std::chrono::steady_clock::now() > deadline) return false;
        std::this_thread::sleep_for(50ms);
    }
}

uint64_t flags_of(LocalCluster& c, const std::string& id) {
    const auto smap = c.client().get_smap();
    const api::Snode* n = smap.get_node(id);
    return n ? n->flags : ~0ULL;
}

bool has_line(const std::vector<std::string>& ls, const std::string& l) {
    return std::find(ls.begin(), ls.end(), l) != ls.end();
}

// One `Error: ...` line on stderr that contains `contains`, status 1, nothing on stdout.
void expect_one_line_error(const CliResult& r, const std::string& contains) {
    EXPECT_EQ(r.rc, 1) << r.out << r.err;
    EXPECT_EQ(r.out, "");
    const auto ls = lines(r.err);
    ASSERT_EQ(ls.size(), 1u) << r.err;
    EXPECT_EQ(ls[0].rfind("Error: ", 0), 0u) << ls[0];
    EXPECT_NE(ls[0].find(contains), std::string::npos) << ls[0];
}

// A bucket with some objects, so that a change of the target set has data to move.
void fill(LocalCluster& c, const std::string& bucket, int n) {
    const api::Bck b{.name = bucket, .provider = "ais"};
    c.client().create_bucket(b);
    for (int i = 0; i < n; ++i)
        c.client().put_object(b, "obj-" + std::to_string(i), "data " + std::to_string(i));
}

// A process that has exited (a zombie until its parent reaps it) or is gone.
bool exited(pid_t pid) {
    std::ifstream f("/proc/" + std::to_string(pid) + "/stat");
    std::string stat;
    if (!std::getline(f, stat)) return true;
    const auto close = stat.rfind(')');
    return close == std::string::npos || stat.substr(close + 2, 1) == "Z";
}

}  // namespace

TEST(CliMembership, MaintenanceStartStop) {
    LocalCluster c;
    fill(c, "maint", 20);
    Cli cli(c.endpoint());
    const std::string id = target_id(c, 1), sname = "t[" + id + "]";

    // "no" at the prompt: nothing happens
    auto r = cli.run({"cluster", kAddRm, "start-maintenance", sname}, "n\n");
    EXPECT_EQ(r.rc, 0) << r.err;
    EXPECT_EQ(r.out, "Operation canceled.\n");
    EXPECT_NE(r.err.find("Warning: about to put " + sname + " in maintenance mode"), std::string::npos)
        << r.err;
    EXPECT_NE(r.err.find("Proceed? [Y/N]"), std::string::npos) << r.err;
    EXPECT_EQ(flags_of(c, id) & api::Snode::kMaintenance, 0u);

    // "yes" at the prompt, by plain ID: a rebalance moves the data, the node is in maintenance
    r = cli.run({"cluster", kAddRm, "start-maintenance", id}, "y\n");
    ASSERT_EQ(r.rc, 0) << r.err;
    auto ls = lines(r.out);
    ASSERT_EQ(ls.size(), 2u) << r.out;
    EXPECT_TRUE(std::regex_match(
        ls[0], std::regex(R"(Started rebalance "g[0-9]+" \(to monitor, run 'ais show rebalance'\)\.)")))
        << ls[0];
    EXPECT_EQ(ls[1], sname + " is now in maintenance mode");
    EXPECT_NE(flags_of(c, id) & api::Snode::kMaintenance, 0u);
    // the cluster shows it
    r = cli.run({"show", "cluster", "target"});
    EXPECT_EQ(r.rc, 0) << r.err;
    EXPECT_NE(r.out.find("maintenance"), std::string::npos) << r.out;

    // twice: the cluster's error, one line
    expect_one_line_error(cli.run({"cluster", kAddRm, "start-maintenance", sname, "-y"}),
                          "already in maintenance");

    // TAB after stop-maintenance offers the nodes in maintenance only
    EXPECT_EQ(cli.complete({"cluster", kAddRm, "stop-maintenance", ""}), std::vector<std::string>{id});

    // stop-maintenance asks too ("Take ... out of maintenance mode"); with --yes it does not
    r = cli.run({"cluster", kAddRm, "stop-maintenance", sname}, "no\n");
    EXPECT_EQ(r.rc, 0);
    EXPECT_NE(r.err.find("Take " + sname + " out of maintenance mode [Y/N]"), std::string::npos) << r.err;
    EXPECT_NE(flags_of(c, id) & api::Snode::kMaintenance, 0u);
    // The rebalance that start-maintenance began may still run; a new one aborts it.
    r = cli.run({"cluster", kAddRm, "stop-maintenance", sname, "--yes"});
    ASSERT_EQ(r.rc, 0) << r.err;
    ls = lines(r.out);
    ASSERT_FALSE(ls.empty());
    EXPECT_EQ(ls.back(), sname + " is now active");
    EXPECT_EQ(flags_of(c, id) & (api::Snode::kMaintenance | api::Snode::kDecommission), 0u);
    expect_one_line_error(cli.run({"cluster", kAddRm, "stop-maintenance", sname, "-y"}),
                          "not in maintenance");

    // --no-rebalance: a warning, the hint, no rebalance
    r = cli.run({"cluster", kAddRm, "start-maintenance", sname, "--no-rebalance", "-y"});
    ASSERT_EQ(r.rc, 0) << r.err;
    EXPECT_EQ(r.out, "To rebalance the cluster manually at a later time, run: `ais start rebalance`\n" +
                         sname + " is now in maintenance mode\n");
    EXPECT_EQ(r.err,
              "Warning: executing \"start-maintenance\" _and_ not running global rebalance may lead to a "
              "loss of data!\n");
    EXPECT_NE(flags_of(c, id) & api::Snode::kMaintenance, 0u);
    r = cli.run({"cluster", kAddRm, "stop-maintenance", sname, "--no-rebalance", "-y"});
    ASSERT_EQ(r.rc, 0) << r.err;
    EXPECT_EQ(lines(r.out).back(), sname + " is now active");
    EXPECT_EQ(flags_of(c, id) & api::Snode::kMaintenance, 0u);
}

TEST(CliMembership, BadInputIsOneLineErrorAndChangesNothing) {
    LocalCluster c;
    Cli cli(c.endpoint());
    const auto smap = c.client().get_smap();
    const std::string primary = smap.primary.daemon_id, tid = target_id(c, 0);

    expect_one_line_error(cli.run({"cluster", kAddRm, "start-maintenance", "p[" + primary + "]", "-y"}),
                          "p[" + primary + "] is primary (cannot start-maintenance the primary node)");
    expect_one_line_error(cli.run({"cluster", kAddRm, "decommission", primary, "-y"}),
                          "p[" + primary + "] is primary (cannot decommission the primary node)");
    expect_one_line_error(cli.run({"cluster", kAddRm, "shutdown", "nosuchnode", "-y"}),
                          "node \"nosuchnode\" does not exist (press <TAB-TAB> to select, '--help' for more "
                          "options, check available nodes by running 'ais show cluster')");
    // one unknown node among several: nothing is done
    expect_one_line_error(cli.run({"cluster", kAddRm, "start-maintenance", tid + ",t[nope]", "-y"}),
                          "node \"t[nope]\" does not exist");
    expect_one_line_error(cli.run({"cluster", kAddRm, "shutdown", tid, "--rm-user-data", "-y"}),
                          "option '--rm-user-data' is valid only for decommissioning");
    // a flag of another subcommand, and no node at all: usage errors
    expect_one_line_error(cli.run({"cluster", kAddRm, "start-maintenance", tid, "--no-shutdown", "-y"}),
                          "no-shutdown");
    expect_one_line_error(cli.run({"cluster", kAddRm, "decommission", "-y"}), "NODE_ID");
    expect_one_line_error(cli.run({"cluster", "set-primary", "t[" + tid + "]"}),
                          "t[" + tid + "] is not a proxy");
    expect_one_line_error(cli.run({"cluster", "set-primary", "nosuchproxy"}),
                          "node \"nosuchproxy\" does not exist");
    expect_one_line_error(cli.run({"cluster", "set-primary", primary, "http://127.0.0.1:1"}),
                          "cannot set primary at \"http://127.0.0.1:1\"");
    expect_one_line_error(cli.run({"job", "stop", "rebalance"}), "rebalance is not running");

    const auto after = c.client().get_smap();
    EXPECT_EQ(after.version, smap.version);
    for (const auto& [id, n] : after.tmap) EXPECT_EQ(n.flags & api::Snode::kMaintenance, 0u) << id;
}

TEST(CliMembership, ShutdownNode) {
    LocalCluster c;
    fill(c, "shut", 20);
    Cli cli(c.endpoint());
    const std::string id = target_id(c, 2), sname = "t[" + id + "]";

    auto r = cli.run({"cluster", kAddRm, "shutdown", sname}, "n\n");
    EXPECT_EQ(r.rc, 0);
    EXPECT_NE(r.err.find("Shut down " + sname + " [Y/N]"), std::string::npos) << r.err;
    EXPECT_EQ(r.out, "Operation canceled.\n");
    EXPECT_EQ(::kill(c.target_pid(2), 0), 0);

    r = cli.run({"cluster", kAddRm, "shutdown", sname, "-y"});
    ASSERT_EQ(r.rc, 0) << r.err;
    const auto ls = lines(r.out);
    ASSERT_EQ(ls.size(), 5u) << r.out;
    EXPECT_TRUE(std::regex_match(ls[0], std::regex(R"(Started rebalance "g[0-9]+" .*)"))) << ls[0];
    EXPECT_EQ(ls[1], sname + " is shutting down, please wait for cluster rebalancing to finish");
    EXPECT_EQ(ls[2], "");
    EXPECT_EQ(ls[3], "Note: the node " + sname +
                         " is _not_ decommissioned - it remains in the cluster map and can be manually");
    EXPECT_EQ(ls[4],
              "restarted at any later time (and subsequently activated via 'stop-maintenance' operation).");
    // the node exits once its data has moved, and stays in the Smap, in maintenance
    EXPECT_TRUE(c.wait_target_exit(2, 60s, false));
    const auto smap = c.client().get_smap();
    ASSERT_NE(smap.get_target(id), nullptr);
    EXPECT_NE(smap.get_target(id)->flags & api::Snode::kMaintenance, 0u);
    // its objects are still there
    const api::Bck b{.name = "shut", .provider = "ais"};
    for (int i = 0; i < 20; ++i)
        EXPECT_EQ(c.client().get_object(b, "obj-" + std::to_string(i)).body, "data " + std::to_string(i));
}

TEST(CliMembership, DecommissionNode) {
    LocalCluster c;
    fill(c, "decomm", 20);
    Cli cli(c.endpoint());
    const std::string id = target_id(c, 0), sname = "t[" + id + "]";

    auto r = cli.run({"cluster", kAddRm, "decommission", sname}, "n\n");
    EXPECT_EQ(r.rc, 0);
    EXPECT_NE(r.err.find("Warning: about to permanently decommission " + sname +
                         ". The operation cannot be undone!"),
              std::string::npos)
        << r.err;
    EXPECT_NE(c.client().get_smap().get_target(id), nullptr);

    r = cli.run({"cluster", kAddRm, "decommission", sname, "-y", "--rm-user-data"});
    ASSERT_EQ(r.rc, 0) << r.err;
    const auto ls = lines(r.out);
    ASSERT_EQ(ls.size(), 2u) << r.out;
    EXPECT_TRUE(std::regex_match(ls[0], std::regex(R"(Started rebalance "g[0-9]+" .*)"))) << ls[0];
    EXPECT_EQ(ls[1], sname + " is being decommissioned, please wait for cluster rebalancing to finish...");
    EXPECT_TRUE(c.wait_target_exit(0, 60s, true));
    EXPECT_TRUE(eventually([&] { return c.client().get_smap().get_target(id) == nullptr; }));
    EXPECT_EQ(c.client().get_smap().tmap.size(), 2u);
    const api::Bck b{.name = "decomm", .provider = "ais"};
    for (int i = 0; i < 20; ++i)
        EXPECT_EQ(c.client().get_object(b, "obj-" + std::to_string(i)).body, "data " + std::to_string(i));
    // the node is gone: naming it is an error
    expect_one_line_error(cli.run({"cluster", kAddRm, "stop-maintenance", sname, "-y"}),
                          "node \"" + sname + "\" does not exist");
}

TEST(CliMembership, RebalanceAfterATargetJoins) {
    LocalCluster c;
    fill(c, "reb", 50);
    Cli cli(c.endpoint());

    auto r = cli.run({"show", "rebalance"});
    EXPECT_EQ(r.rc, 0) << r.err;
    EXPECT_NE(r.out.find("not running"), std::string::npos) << r.out;

    const int i = c.add_target();
    const std::string id = target_id(c, i);
    auto table = [&](const std::vector<std::string>& args) {
        auto res = cli.run(args);
        EXPECT_EQ(res.rc, 0) << res.err;
        return lines(res.out);
    };
    // The join starts a rebalance on every target (the new one too): it shows up with 4 rows.
    std::smatch m;
    std::string gid;
    auto rows_of = [&](const std::vector<std::string>& ls, const std::string& g) {
        std::set<std::string> nodes;
        for (const auto& l : ls) {
            std::smatch mm;
            if (std::regex_match(l, mm, std::regex(R"((g[0-9]+)\s+(\S+)\s+\d+\s+\S+\s+\d+\s+\S+\s+.*)")) &&
                mm[1] == g)
                nodes.insert(mm[2]);
        }
        return nodes;
    };
    ASSERT_TRUE(eventually([&] {
        const auto ls = table({"show", "rebalance", "--all", "-H"});
        if (ls.empty() || !std::regex_match(ls[0], m, std::regex(R"((g[0-9]+)\s+.*)"))) return false;
        gid = m[1];
        return rows_of(ls, gid).size() == 4;
    })) << gid;
    // wait for it by id, then by name
    r = cli.run({"job", "wait", "rebalance", gid, "--timeout", "60s"});
    EXPECT_EQ(r.rc, 0) << r.err;
    EXPECT_EQ(r.out, "Waiting for rebalance[" + gid + "] ...\nDone.\n");
    r = cli.run({"job", "wait", "rebalance", "--timeout", "60s"});
    EXPECT_EQ(r.rc, 0) << r.err;
    EXPECT_EQ(r.out, "Waiting for rebalance ...\nDone.\n");

    auto ls = table({"show", "rebalance", "--all"});
    ASSERT_GE(ls.size(), 5u);
    EXPECT_TRUE(std::regex_match(
        ls[0],
        std::regex(R"(REB ID\s+NODE\s+TX OBJECTS\s+TX BYTES\s+RX OBJECTS\s+RX BYTES\s+START\s+END\s+STATE)")))
        << ls[0];
    // the latest rebalance first: one finished row per target, the new one among them
    const auto nodes = rows_of(ls, gid);
    EXPECT_EQ(nodes.size(), 4u);
    EXPECT_EQ(nodes.count(id), 1u);
    for (size_t k = 1; k <= 4; ++k) {
        EXPECT_EQ(ls[k].rfind(gid + " ", 0), 0u) << ls[k];
        EXPECT_TRUE(ls[k].ends_with("Finished")) << ls[k];
    }
    // by id and node: that one row; `show job rebalance` is the same view
    ls = table({"show", "rebalance", gid, "t[" + id + "]", "-H"});
    ASSERT_EQ(ls.size(), 3u);
    EXPECT_EQ(ls[0].rfind(gid + " ", 0), 0u);
    EXPECT_NE(ls[0].find(" " + id + " "), std::string::npos);
    EXPECT_EQ(ls[1], "");
    EXPECT_EQ(ls[2], "Rebalance " + gid + " completed.");
    ls = table({"show", "job", "rebalance", "--all"});
    ASSERT_GE(ls.size(), 2u);
    EXPECT_EQ(ls[0].rfind("REB ID", 0), 0u);
    // finished: nothing to stop
    expect_one_line_error(cli.run({"job", "stop", "rebalance"}), "rebalance is not running");

    // started by hand, waited for by its id
    r = cli.run({"cluster", "rebalance", "start"});
    ASSERT_EQ(r.rc, 0) << r.err;
    EXPECT_EQ(r.out, "Started global rebalance. To monitor the progress, run 'ais show rebalance'\n");
    std::string gid2;
    ASSERT_TRUE(eventually([&] {
        const auto l = table({"show", "rebalance", "--all", "-H"});
        std::smatch mm;
        if (l.empty() || !std::regex_match(l[0], mm, std::regex(R"((g[0-9]+)\s+.*)"))) return false;
        gid2 = mm[1];
        return gid2 != gid;
    })) << gid2;
    r = cli.run({"wait", "rebalance", gid2, "--timeout", "60s"});
    EXPECT_EQ(r.rc, 0) << r.err;
    EXPECT_EQ(r.out, "Waiting for rebalance[" + gid2 + "] ...\nDone.\n");
    ls = table({"show", "rebalance", gid2});
    ASSERT_GE(ls.size(), 2u);
    EXPECT_EQ(ls.back(), "Rebalance " + gid2 + " completed.");
}

TEST(CliMembership, SetPrimaryAndCompletion) {
    LocalCluster c(LocalCluster::Options{.proxies = 2, .targets = 2});
    Cli cli(c.endpoint());
    auto smap = c.client().get_smap();
    ASSERT_EQ(smap.pmap.size(), 2u);
    std::string other;
    for (const auto& [id, n] : smap.pmap)
        if (!smap.is_primary(id)) other = id;
    const std::string old = smap.primary.daemon_id;

    // completion: proxies for set-primary, every node not yet named for start-maintenance
    auto cands = cli.complete({"cluster", "set-primary", ""});
    std::sort(cands.begin(), cands.end());
    std::vector<std::string> proxies{old, other};
    std::sort(proxies.begin(), proxies.end());
    EXPECT_EQ(cands, proxies);
    EXPECT_TRUE(cli.complete({"cluster", "set-primary", other, ""}).empty());
    const std::string t0 = target_id(c, 0), t1 = target_id(c, 1);
    cands = cli.complete({"cluster", kAddRm, "start-maintenance", "t[" + t0 + "]", ""});
    std::sort(cands.begin(), cands.end());
    std::vector<std::string> rest{old, other, t1};
    std::sort(rest.begin(), rest.end());
    EXPECT_EQ(cands, rest);
    EXPECT_TRUE(cli.complete({"cluster", kAddRm, "stop-maintenance", ""}).empty());

    auto r = cli.run({"cluster", "set-primary", "p[" + other + "]"});
    ASSERT_EQ(r.rc, 0) << r.err;
    EXPECT_EQ(r.out, "p[" + other + "] is now a new primary\n");
    EXPECT_TRUE(eventually([&] { return c.client().get_smap().primary.daemon_id == other; }));
    // the new primary cannot go into maintenance; the old one (now a plain proxy) can
    expect_one_line_error(cli.run({"cluster", kAddRm, "start-maintenance", other, "-y"}),
                          "p[" + other + "] is primary");
    r = cli.run({"cluster", kAddRm, "start-maintenance", old, "-y"});
    ASSERT_EQ(r.rc, 0) << r.err;
    EXPECT_EQ(r.out, "p[" + old + "] is now in maintenance mode\n");  // a proxy: no rebalance
    EXPECT_NE(flags_of(c, old) & api::Snode::kMaintenance, 0u);
    expect_one_line_error(cli.run({"cluster", "set-primary", old}),
                          "p[" + old + "] is currently in maintenance");
}

TEST(CliMembership, ClusterShutdownAndDecommissionAsk) {
    LocalCluster c;
    Cli cli(c.endpoint());
    const auto smap = c.client().get_smap();

    auto r = cli.run({"cluster", "decommission", "--rm-user-data"}, "n\n");
    EXPECT_EQ(r.rc, 0);
    EXPECT_EQ(r.out, "Operation canceled.\n");
    EXPECT_NE(
        r.err.find("Warning: about to permanently decommission cluster (UUID=" + smap.uuid + ", primary=[" +
                   smap.primary.daemon_id + ", " + smap.primary.public_net.direct_url + "])."),
        std::string::npos)
        << r.err;
    EXPECT_NE(r.err.find("The operation cannot be undone. Proceed? [Y/N]"), std::string::npos) << r.err;
    r = cli.run({"cluster", "shutdown"}, "n\n");
    EXPECT_EQ(r.rc, 0);
    EXPECT_NE(r.err.find("Warning: shutting down cluster (UUID=" + smap.uuid), std::string::npos) << r.err;
    EXPECT_TRUE(c.client().health());

    r = cli.run({"cluster", "shutdown", "-y"});
    ASSERT_EQ(r.rc, 0) << r.err;
    EXPECT_EQ(r.out, "Cluster successfully shut down\n");
    for (int i = 0; i < 3; ++i) EXPECT_TRUE(c.wait_target_exit(i, 30s, false)) << "target " << i;
    EXPECT_TRUE(eventually([&] { return exited(c.proxy_pid()); }, 30s));
    // nothing answers any more
    r = cli.run({"show", "cluster"});
    EXPECT_EQ(r.rc, 1);
    EXPECT_NE(r.err.find("cannot reach the cluster"), std::string::npos) << r.err;
}
