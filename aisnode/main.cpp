// aisnode: a proxy (gateway) or a target (storage) of an AIS cluster.
//   aisnode --role proxy|target --config LOCAL.toml [--cluster-config CLUSTER.toml]
#include "aisnode/node/node.hpp"
#include "shared/util/log.hpp"

#include <csignal>
#include <cstdio>
#include <cstring>
#include <string>

namespace {

void usage(FILE* f) {
    std::fprintf(f,
                 "usage: aisnode --role proxy|target --config LOCAL.toml [--cluster-config CLUSTER.toml]\n"
                 "  --role            proxy (gateway) or target (storage)\n"
                 "  --config          this node's local config (TOML: confdir, host_net, fspaths, primary_url)\n"
                 "  --cluster-config  initial cluster config (TOML), used when the cluster has none yet\n"
                 "  --version         print the version and exit\n");
}

}  // namespace

int main(int argc, char** argv) {
    ais::node::NodeArgs args;
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        auto value = [&](const char* flag) -> std::string {
            if (auto eq = a.find('='); eq != std::string::npos) return a.substr(eq + 1);
            if (i + 1 >= argc) {
                std::fprintf(stderr, "aisnode: %s needs a value\n", flag);
                std::exit(2);
            }
            return argv[++i];
        };
        if (a == "--version" || a == "-v") {
            std::printf("aisnode %s\n", AIS_VERSION);
            return 0;
        } else if (a == "--help" || a == "-h") {
            usage(stdout);
            return 0;
        } else if (a.starts_with("--role") || a.starts_with("-role")) {
            args.role = value("--role");
        } else if (a.starts_with("--config") || a.starts_with("-config")) {
            args.local_config_path = value("--config");
        } else if (a.starts_with("--cluster-config")) {
            args.cluster_config_path = value("--cluster-config");
        } else {
            std::fprintf(stderr, "aisnode: unknown argument \"%s\"\n", a.c_str());
            usage(stderr);
            return 2;
        }
    }
    if (args.local_config_path.empty()) {
        usage(stderr);
        return 2;
    }
    // Signals are taken by sigwait() in the main thread, never by an I/O thread.
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, nullptr);
    std::signal(SIGPIPE, SIG_IGN);
    try {
        ais::node::Node node(args);
        node.start();
        node.run_until_signal();
    } catch (const std::exception& e) {
        ais::log::error("aisnode: {}", e.what());
        ais::log::flush();
        std::fprintf(stderr, "aisnode: %s\n", e.what());
        return 1;
    }
    return 0;
}
