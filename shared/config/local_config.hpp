// LocalConfig: what belongs to one node and never travels with the cluster config: where it keeps its
// files, how it is reached, and (on a target) its mountpaths. Read from a TOML file at startup; the
// `confdir`/`log_dir`/`host_net`/`fspaths`/`test_fspaths` names are AIS's (cmn.LocalConfig); `role`,
// `primary_url` and `io_threads` are ours (AIS takes them from the command line and environment).
#pragma once

#include <string>
#include <vector>

#include "shared/config/schema.hpp"

namespace ais::config {

// Public and intra-cluster endpoints (DESIGN §4 "Networks and identity"). Ports are JSON strings, as
// in AIS; 0 and "" for the intra networks mean "same as public".
struct LocalNetConf {
    std::string hostname;
    std::string hostname_intra_control;
    std::string hostname_intra_data;
    int port = 8080;
    int port_intra_control = 0;
    int port_intra_data = 0;

    static constexpr Field fields[] = {
        Field("hostname", "public address or name clients use to reach this node (\"\" = this host's IP)"),
        Field("hostname_intra_control", "address for intra-cluster control traffic (\"\" = hostname)"),
        Field("hostname_intra_data", "address for intra-cluster data traffic (\"\" = hostname)"),
        Field("port", "public port").range(1, 65535).quoted(),
        Field("port_intra_control", "intra-cluster control port (0 = port)").range(0, 65535).quoted(),
        Field("port_intra_data", "intra-cluster data port (0 = port)").range(0, 65535).quoted(),
    };
    bool operator==(const LocalNetConf&) const = default;
};
BOOST_DESCRIBE_STRUCT(LocalNetConf, (),
                      (hostname, hostname_intra_control, hostname_intra_data, port, port_intra_control,
                       port_intra_data))

// AIS keeps mountpaths as a map {path: label}; a list of directories is all this implementation needs.
struct FspathsConf {
    std::vector<std::string> paths;

    static constexpr Field fields[] = {
        Field("paths", "mountpaths of a target: one directory per disk, absolute paths"),
    };
    void validate(const KeyPath& k) const;  // absolute, no duplicates
    bool operator==(const FspathsConf&) const = default;
};
BOOST_DESCRIBE_STRUCT(FspathsConf, (), (paths))

// Development setups: `count` directories `<root>/mp<i>/<instance>` instead of real disks.
struct TestFspathsConf {
    std::string root;
    int count = 0;
    int instance = 0;

    static constexpr Field fields[] = {
        Field("root", "parent directory of test mountpaths"),
        Field("count", "number of test mountpaths (0 = use fspaths.paths)").range(0, 1024),
        Field("instance", "node instance number, keeps test mountpaths of nodes on one host apart")
            .range(0, 1 << 20),
    };
    bool operator==(const TestFspathsConf&) const = default;
};
BOOST_DESCRIBE_STRUCT(TestFspathsConf, (), (root, count, instance))

struct LocalConfig {
    std::string confdir;
    std::string log_dir;
    LocalNetConf host_net;
    FspathsConf fspaths;
    TestFspathsConf test_fspaths;
    std::string role;
    std::string primary_url;
    int io_threads = 0;

    static constexpr Field fields[] = {
        Field("confdir", "directory of this node's persistent metadata: node ID, Smap, BMD, cluster config"),
        Field("log_dir", "directory of log files (\"\" = log to stderr only)"),
        Field("host_net", "this node's network endpoints"),
        Field("fspaths", "this target's mountpaths"),
        Field("test_fspaths", "generated mountpaths for development"),
        Field("role", "proxy or target (\"\" = given on the command line)").one_of(",proxy,target"),
        Field("primary_url", "URL of the primary proxy to join (\"\" = this proxy starts as primary)"),
        Field("io_threads", "threads running the I/O event loop (0 = number of cores)").range(0, 1024),
    };
    bool operator==(const LocalConfig&) const = default;
};
BOOST_DESCRIBE_STRUCT(LocalConfig, (),
                      (confdir, log_dir, host_net, fspaths, test_fspaths, role, primary_url, io_threads))

}  // namespace ais::config
