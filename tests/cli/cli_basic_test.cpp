// `ais` without a cluster: help, version, usage errors, finding the cluster, the auth token, the
// CLI config and aliases. Every error must be exactly one `Error:` line on stderr, exit status 1.
#include "tests/cli/cli_runner.hpp"

#include "tests/require.hpp"

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <atomic>
#include <filesystem>
#include <mutex>
#include <thread>

using namespace ais::test;

namespace {

void expect_one_error_line(const CliResult& r, const std::string& contains) {
    EXPECT_EQ(r.rc, 1) << r.out << r.err;
    auto ls = lines(r.err);
    ASSERT_EQ(ls.size(), 1u) << r.err;
    EXPECT_EQ(ls[0].rfind("Error: ", 0), 0u) << ls[0];
    EXPECT_NE(ls[0].find(contains), std::string::npos) << ls[0];
    EXPECT_EQ(r.err.find("\x1b["), std::string::npos) << "colors on a pipe";
}

// A one-request-at-a-time HTTP server that records the Authorization header and answers 401.
class AuthRecorder {
  public:
    AuthRecorder() {
        fd_ = ais::test::listen_loopback(16, port_);
        thr_ = std::thread([this] { loop(); });
    }
    ~AuthRecorder() {
        stop_ = true;
        ::shutdown(fd_, SHUT_RDWR);
        ::close(fd_);
        thr_.join();
    }
    std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
    std::string last_auth() {
        std::lock_guard lk(mu_);
        return auth_;
    }

  private:
    void loop() {
        while (!stop_) {
            int c = ::accept(fd_, nullptr, nullptr);
            if (c < 0) return;
            std::string req;
            char buf[4096];
            while (req.find("\r\n\r\n") == std::string::npos) {
                ssize_t n = ::read(c, buf, sizeof buf);
                if (n <= 0) break;
                req.append(buf, static_cast<size_t>(n));
            }
            std::string auth;
            for (auto& l : lines(req)) {
                if (l.rfind("Authorization: ", 0) == 0 || l.rfind("authorization: ", 0) == 0) {
                    auth = l.substr(15);
                    if (!auth.empty() && auth.back() == '\r') auth.pop_back();
                }
            }
            {
                std::lock_guard lk(mu_);
                auth_ = auth;
            }
            const std::string body = R"({"message":"token required","status":401})";
            const std::string resp = "HTTP/1.1 401 Unauthorized\r\nContent-Type: application/json\r\nContent-Length: " +
                                     std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
            (void)!::write(c, resp.data(), resp.size());
            ::close(c);
        }
    }
    int fd_ = -1, port_ = 0;
    std::atomic<bool> stop_{false};
    std::thread thr_;
    std::mutex mu_;
    std::string auth_;
};

}  // namespace

TEST(CliBasic, HelpListsCommandsAndAliases) {
    Cli cli;
    for (auto args : {std::vector<std::string>{}, {"help"}, {"--help"}, {"-h"}}) {
        auto r = cli.run(args);
        EXPECT_EQ(r.rc, 0);
        EXPECT_NE(r.out.find("COMMANDS:"), std::string::npos) << r.out;
        EXPECT_NE(r.out.find("   bucket "), std::string::npos);
        EXPECT_NE(r.out.find("ALIASES:"), std::string::npos);
        EXPECT_NE(r.out.find("ls => 'bucket ls'"), std::string::npos);
        EXPECT_EQ(r.err, "");
    }
    auto r = cli.run({"help", "bucket", "ls"});
    EXPECT_EQ(r.rc, 0);
    EXPECT_NE(r.out.find("ais bucket ls [command options] [BUCKET[/PREFIX]] [PROVIDER]"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("--no-headers, -H"), std::string::npos);
    r = cli.run({"ls", "--help"});
    EXPECT_NE(r.out.find("(alias for \"bucket ls\")"), std::string::npos) << r.out;
    r = cli.run({"bucket"});  // a namespace alone prints its commands
    EXPECT_EQ(r.rc, 0);
    EXPECT_NE(r.out.find("create"), std::string::npos);
}

TEST(CliBasic, Version) {
    Cli cli;
    auto r = cli.run({"--version"});
    EXPECT_EQ(r.rc, 0);
    EXPECT_EQ(r.out.rfind("ais version ", 0), 0u) << r.out;
    r = cli.run({"version"});
    EXPECT_EQ(r.rc, 0);
    EXPECT_EQ(r.out.rfind("version ", 0), 0u) << r.out;
}

TEST(CliBasic, UsageErrors) {
    Cli cli("http://127.0.0.1:" + std::to_string(closed_port()));
    expect_one_error_line(cli.run({"ls", "--no-such-flag"}), "flag provided but not defined: --no-such-flag");
    expect_one_error_line(cli.run({"bucket", "create", "x", "--json"}), "flag provided but not defined: --json");
    expect_one_error_line(cli.run({"bukcet", "ls"}), "unknown command \"bukcet\" (did you mean \"bucket\"?)");
    expect_one_error_line(cli.run({"ls", "--limit"}), "flag needs an argument");
    expect_one_error_line(cli.run({"ls", "--limit", "x", "ais://b"}), "invalid value \"x\" for flag --limit");
    expect_one_error_line(cli.run({"get"}), "missing argument");
    expect_one_error_line(cli.run({"object", "cat", "ais://b"}), "missing object name");
    expect_one_error_line(cli.run({"ls", "ais://b", "--units", "furlongs"}), "invalid --units");
    expect_one_error_line(cli.run({"ls", "ais://a..b"}), "bucket name \"a..b\" is invalid");
    expect_one_error_line(cli.run({"ls", "foo://x"}), "invalid bucket provider \"foo\"");
}

TEST(CliBasic, UnreachableClusterNamesAisEndpoint) {
    const std::string url = "http://127.0.0.1:" + std::to_string(closed_port());
    Cli cli(url);
    auto r = cli.run({"ls"});
    expect_one_error_line(r, "AIS_ENDPOINT");
    EXPECT_NE(r.err.find(url), std::string::npos) << r.err;
    EXPECT_EQ(r.out, "");
    // A hang guard, not a performance bound: a refused connection is retried twice (200 + 400 ms
    // of backoff), so the CLI gives up in well under a second; 10 s only catches a CLI that waits
    // for something that never comes (endless retries, a connect timeout on a refused port).
    EXPECT_LT(r.secs, 10);
}

TEST(CliBasic, EndpointFromEnvThenConfigThenDefault) {
    Cli cli;  // no AIS_ENDPOINT
    const std::string cfg_url = "http://127.0.0.1:" + std::to_string(closed_port());
    ASSERT_EQ(cli.run({"config", "cli", "set", "cluster.url=" + cfg_url}).rc, 0);
    auto r = cli.run({"ls"});
    EXPECT_NE(r.err.find(cfg_url), std::string::npos) << r.err;
    const std::string env_url = "http://127.0.0.1:" + std::to_string(closed_port());
    r = cli.run({"ls"}, {}, {{"AIS_ENDPOINT", env_url}});
    EXPECT_NE(r.err.find(env_url), std::string::npos) << r.err;
    // a bare host:port gets a scheme
    r = cli.run({"ls"}, {}, {{"AIS_ENDPOINT", env_url.substr(7)}});
    EXPECT_NE(r.err.find(env_url), std::string::npos) << r.err;
    // the default, once the config says nothing
    ASSERT_EQ(cli.run({"config", "cli", "reset"}).rc, 0);
    ASSERT_EQ(cli.run({"config", "cli", "set", "cluster.url="}).rc, 0);
    r = cli.run({"ls"});
    if (r.rc != 0) {
        EXPECT_NE(r.err.find("http://127.0.0.1:8080"), std::string::npos) << r.err;
    }
}

TEST(CliBasic, TokenFromEnvFileOrDefaultFile) {
    AuthRecorder srv;
    Cli cli(srv.url());
    // 1. the default file, Go CLI format
    write_file(cli.config_dir() + "/auth.token", R"({"token":"tok-default"})");
    auto r = cli.run({"ls"});
    expect_one_error_line(r, "token required");
    EXPECT_NE(r.err.find("AIS_AUTHN_TOKEN"), std::string::npos);
    EXPECT_EQ(srv.last_auth(), "Bearer tok-default");
    // 2. AIS_AUTHN_TOKEN_FILE wins over the default file (a bare token is fine too)
    const std::string f = cli.home() + "/other.token";
    write_file(f, "tok-file\n");
    cli.run({"ls"}, {}, {{"AIS_AUTHN_TOKEN_FILE", f}});
    EXPECT_EQ(srv.last_auth(), "Bearer tok-file");
    // 3. AIS_AUTHN_TOKEN wins over both
    cli.run({"ls"}, {}, {{"AIS_AUTHN_TOKEN_FILE", f}, {"AIS_AUTHN_TOKEN", "tok-env"}});
    EXPECT_EQ(srv.last_auth(), "Bearer tok-env");
}

TEST(CliBasic, CliConfigShowSetReset) {
    Cli cli;
    auto r = cli.run({"config", "cli", "show", "--path"});
    EXPECT_EQ(r.rc, 0);
    EXPECT_EQ(r.out, cli.config_dir() + "/cli.toml\n");
    EXPECT_TRUE(std::filesystem::exists(cli.config_dir() + "/cli.toml"));
    r = cli.run({"config", "cli", "set", "no_color=true", "timeout.tcp_timeout=5s"});
    EXPECT_EQ(r.rc, 0) << r.err;
    EXPECT_NE(r.out.find("\"no_color\" set to: \"true\" (was: \"false\")"), std::string::npos) << r.out;
    r = cli.run({"config", "cli"});
    EXPECT_NE(r.out.find("PROPERTY"), std::string::npos);
    EXPECT_NE(r.out.find("timeout.tcp_timeout"), std::string::npos);
    r = cli.run({"config", "cli", "show", "--json"});
    EXPECT_NE(r.out.find("    \"no_color\": true"), std::string::npos) << r.out;
    expect_one_error_line(cli.run({"config", "cli", "set", "no_such_key=1"}), "no_such_key");
    expect_one_error_line(cli.run({"config", "cli", "set", "num_workers=0"}), "num_workers");
    EXPECT_EQ(cli.run({"config", "cli", "reset"}).rc, 0);
    r = cli.run({"config", "cli", "show", "no_color"});
    EXPECT_NE(r.out.find("false"), std::string::npos) << r.out;
    // a broken file: an error that says how to fix it, and reset still works
    write_file(cli.config_dir() + "/cli.toml", "this is = = not toml");
    expect_one_error_line(cli.run({"config", "cli", "show"}), "ais config cli reset");
    EXPECT_EQ(cli.run({"config", "cli", "reset"}).rc, 0);
    EXPECT_EQ(cli.run({"config", "cli", "show"}).rc, 0);
}

TEST(CliBasic, Aliases) {
    Cli cli;
    auto r = cli.run({"alias"});
    EXPECT_EQ(r.rc, 0);
    EXPECT_NE(r.out.find("ALIAS"), std::string::npos);
    EXPECT_NE(r.out.find("rmo"), std::string::npos);
    r = cli.run({"alias", "set", "lsb", "bucket", "ls"});
    EXPECT_EQ(r.rc, 0) << r.err;
    r = cli.run({"lsb", "--help"});
    EXPECT_EQ(r.rc, 0) << r.err;
    EXPECT_NE(r.out.find("(alias for \"bucket ls\")"), std::string::npos);
    EXPECT_NE(cli.run({"help"}).out.find("lsb => 'bucket ls'"), std::string::npos);
    expect_one_error_line(cli.run({"alias", "set", "x", "no such command"}), "is not a command");
    expect_one_error_line(cli.run({"alias", "set", "bucket", "object ls"}), "built-in");
    expect_one_error_line(cli.run({"alias", "set", "9bad", "bucket ls"}), "9bad");
    EXPECT_EQ(cli.run({"alias", "rm", "lsb"}).rc, 0);
    expect_one_error_line(cli.run({"lsb"}), "unknown command \"lsb\"");
    expect_one_error_line(cli.run({"alias", "rm", "lsb"}), "does not exist");
}

TEST(CliBasic, Search) {
    Cli cli;
    auto r = cli.run({"search", "bucket"});
    EXPECT_EQ(r.rc, 0);
    EXPECT_NE(r.out.find("ais bucket create\n"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("ais bucket ls\n"), std::string::npos);
    r = cli.run({"search", "rename"});
    EXPECT_NE(r.out.find("ais object mv\n"), std::string::npos) << r.out;
    r = cli.run({"search", "--regex", "^ais (get|put)$"});
    EXPECT_EQ(r.out, "ais get\nais put\n");
    expect_one_error_line(cli.run({"search"}), "missing argument KEYWORD");
}

// HTTPS settings reach the TLS handshake: a self-signed server (openssl s_server) is refused by
// default and accepted with skip-verify or with its certificate as the CA, from env or config.
TEST(CliBasic, HttpsSkipVerifyAndCa) {
    AIS_REQUIRE(std::system("command -v openssl >/dev/null 2>&1") == 0, "openssl is not installed");
    const std::string dir = make_temp_dir("ais-cli-tls");
    ASSERT_EQ(std::system(("openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1 "
                           "-addext subjectAltName=IP:127.0.0.1 -keyout " + dir + "/k.pem -out " + dir +
                           "/c.pem >/dev/null 2>&1").c_str()),
              0);
    const int port = closed_port();
    const pid_t pid = ::fork();
    if (pid == 0) {
        const std::string accept = std::to_string(port), cert = dir + "/c.pem", key = dir + "/k.pem";
        ::freopen("/dev/null", "w", stdout);
        ::freopen("/dev/null", "w", stderr);
        ::execlp("openssl", "openssl", "s_server", "-quiet", "-www", "-accept", accept.c_str(), "-cert", cert.c_str(),
                 "-key", key.c_str(), static_cast<char*>(nullptr));
        _exit(127);
    }
    struct Stop {
        pid_t pid;
        std::string dir;
        ~Stop() {
            ::kill(pid, SIGTERM);
            ::waitpid(pid, nullptr, 0);
            std::filesystem::remove_all(dir);
        }
    } stop{pid, dir};
    const std::string url = "https://127.0.0.1:" + std::to_string(port);
    Cli cli(url);
    CliResult r;
    for (int i = 0; i < 50; ++i) {  // until the server listens
        r = cli.run({"ls"});
        if (r.err.find("Connection refused") == std::string::npos) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    expect_one_error_line(r, "certificate verify failed");
    EXPECT_NE(r.err.find("skip_verify_crt"), std::string::npos) << r.err;
    // s_server's reply is not the AIS API, so the command still fails, but past TLS
    r = cli.run({"ls"}, {}, {{"AIS_SKIP_VERIFY_CRT", "true"}});
    EXPECT_EQ(r.err.find("certificate"), std::string::npos) << r.err;
    r = cli.run({"ls"}, {}, {{"AIS_CLIENT_CA", dir + "/c.pem"}});
    EXPECT_EQ(r.err.find("certificate"), std::string::npos) << r.err;
    ASSERT_EQ(cli.run({"config", "cli", "set", "cluster.client_ca_tls=" + dir + "/c.pem"}).rc, 0);
    r = cli.run({"ls"});
    EXPECT_EQ(r.err.find("certificate"), std::string::npos) << r.err;
    ASSERT_EQ(cli.run({"config", "cli", "set", "cluster.client_ca_tls=", "cluster.skip_verify_crt=true"}).rc, 0);
    r = cli.run({"ls"});
    EXPECT_EQ(r.err.find("certificate"), std::string::npos) << r.err;
}
