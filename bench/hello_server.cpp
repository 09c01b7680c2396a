// A trivial handler on our HTTP server, for comparing the server core with nginx (bench/http.sh).
//   hello_server PORT [THREADS]
#include "shared/net/server.hpp"

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <string>

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: hello_server PORT [THREADS]\n");
        return 2;
    }
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, nullptr);
    ais::net::Router r;
    static const std::string body(std::getenv("HELLO_SIZE") ? std::atoi(std::getenv("HELLO_SIZE")) : 13, 'x');
    r.add("GET", "/", [](ais::net::Request&, ais::net::Response& resp) -> ais::net::Task<void> {
        resp.set_body(body, "text/plain");
        co_return;
    });
    ais::net::ServerOptions o;
    o.port = static_cast<uint16_t>(std::atoi(argv[1]));
    o.threads = argc > 2 ? std::atoi(argv[2]) : 0;
    ais::net::Server s(o, std::move(r));
    s.start();
    int sig = 0;
    sigwait(&set, &sig);
    s.stop();
}
