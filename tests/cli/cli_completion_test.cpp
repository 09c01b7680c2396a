// Tab completion: candidates for partial command lines (commands, flags, flag values, config keys
// and live names from a cluster), silence when the cluster is unreachable, the shell scripts, and
// a real interactive bash driven through tmux.
#include "tests/cli/cli_runner.hpp"
#include "tests/integration/local_cluster.hpp"

#include "shared/api/client.hpp"

#include "tests/require.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <thread>

#include <sys/socket.h>
#include <unistd.h>

using namespace ais;
using namespace ais::test;
using Words = std::vector<std::string>;
namespace fs = std::filesystem;

namespace {

bool contains(const Words& w, const std::string& s) {
    return std::find(w.begin(), w.end(), s) != w.end();
}

std::string source_dir() {  // the repository root, from this file's path
    return fs::path(__FILE__).parent_path().parent_path().parent_path().string();
}

// A "cluster" on loopback that accepts every connection and closes it at once, without a reply:
// it counts how many connections a client makes (one per attempt, so retries show).
class Dropper {
  public:
    Dropper() {
        fd_ = listen_loopback(16, port_);
        thr_ = std::thread([this] {
            for (;;) {
                const int c = ::accept(fd_, nullptr, nullptr);
                if (c < 0) return;  // shut down
                ++accepted_;
                ::close(c);
            }
        });
    }
    ~Dropper() {
        ::shutdown(fd_, SHUT_RDWR);  // wakes accept()
        thr_.join();
        ::close(fd_);
    }
    std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
    int accepted() const { return accepted_.load(); }

  private:
    int fd_ = -1, port_ = 0;
    std::atomic<int> accepted_{0};
    std::thread thr_;
};

}  // namespace

TEST(CliCompletion, CommandsFlagsAndValues) {
    Cli cli("http://127.0.0.1:" + std::to_string(closed_port()));
    Words top = cli.complete({""});
    for (const char* w : {"bucket", "object", "show", "config", "cluster", "ls", "get", "put", "rmo", "rmb", "create",
                          "search", "help", "alias"})
        EXPECT_TRUE(contains(top, w)) << w;
    EXPECT_TRUE(std::is_sorted(top.begin(), top.end()));
    EXPECT_EQ(cli.complete({"bu"}), Words{"bucket"});
    EXPECT_EQ(cli.complete({"bucket", "p"}), Words{"props"});
    EXPECT_EQ(cli.complete({"bucket", "props", ""}), (Words{"set", "reset", "show"}));
    EXPECT_EQ(cli.complete({"show", "c"}), (Words{"cluster", "config"}));

    Words flags = cli.complete({"ls", "--"});
    for (const char* f : {"--props", "--prefix", "--limit", "--paged", "--name-only", "--no-headers", "--no-dirs",
                          "--start-after", "--units", "--json", "--help"})
        EXPECT_TRUE(contains(flags, f)) << f;
    EXPECT_EQ(cli.complete({"ls", "--no-h"}), Words{"--no-headers"});
    EXPECT_FALSE(contains(cli.complete({"ls", "--json", "--"}), "--json"));  // already given
    EXPECT_TRUE(contains(cli.complete({"ls", "-"}), "-H"));
    EXPECT_EQ(cli.complete({"ls", "--units", ""}), (Words{"iec", "si", "raw"}));
    EXPECT_EQ(cli.complete({"ls", "--units=s"}), Words{"--units=si"});
    Words props = cli.complete({"ls", "ais://b", "--props", "name,ch"});
    EXPECT_EQ(props, Words{"name,checksum"});

    Words keys = cli.complete({"config", "cluster", "checksum."});
    EXPECT_TRUE(contains(keys, "checksum.type=")) << testing::PrintToString(keys);
    EXPECT_TRUE(contains(cli.complete({"config", "cluster", "checksum.type="}), "checksum.type=md5"));
    EXPECT_EQ(cli.run({"--complete", "--", "config", "cluster", "checks"}).out, ":nospace\nchecksum.\n");
    EXPECT_TRUE(contains(cli.complete({"config", "cli", "set", "cluster."}), "cluster.url="));
    EXPECT_EQ(cli.complete({"completion", ""}), (Words{"bash", "zsh"}));
    EXPECT_EQ(cli.complete({"put", ""}), Words{":files"});
    EXPECT_EQ(cli.complete({"alias", "rm", "rm"}), (Words{"rmb", "rmo"}));

    // bash glue: candidates trimmed to bash's own word (split at '=') and shell-escaped
    auto r = cli.run({"--complete-bash", "ais ls --units=r", "r"});
    EXPECT_EQ(r.out, "raw\n");
    r = cli.run({"--complete-bash", "ais bucket pr", "pr"});
    EXPECT_EQ(r.out, "props\n");
    // the urfave/cli protocol of the Go CLI's scripts
    r = cli.run({"bucket", "--generate-bash-completion"});
    EXPECT_NE(r.out.find("create\n"), std::string::npos);
}

// TAB must not keep the user waiting on a cluster that does not answer: a live-name completion
// makes one attempt (no retries, no backoff) and prints nothing. Asserted by counting attempts, not
// by a clock: each completion below asks for one list (buckets, objects, the Smap), so it makes
// exactly one connection; with the CLI's usual two retries it would make three.
TEST(CliCompletion, UnreachableClusterPrintsNothingAndDoesNotRetry) {
    const std::vector<Words> live = {Words{"ls", ""}, Words{"get", "ais://b/"},
                                     Words{"show", "cluster", "smap", ""}};
    Cli refused("http://127.0.0.1:" + std::to_string(closed_port()));
    Dropper dropper;
    Cli dropped(dropper.url());
    for (const Words& w : live) {
        std::vector<std::string> args{"--complete", "--"};
        args.insert(args.end(), w.begin(), w.end());
        for (const Cli* cli : {&refused, &dropped}) {
            auto r = cli->run(args);
            EXPECT_EQ(r.rc, 0) << testing::PrintToString(w);
            EXPECT_EQ(r.out, "") << testing::PrintToString(w);
            EXPECT_EQ(r.err, "") << testing::PrintToString(w);
        }
    }
    // (the CLI has exited, so every connection it made has been accepted or refused by now)
    EXPECT_EQ(dropper.accepted(), static_cast<int>(live.size()));
    // The same commands run for real do retry: so the count above can tell.
    Cli plain(dropper.url());
    const int before = dropper.accepted();
    EXPECT_EQ(plain.run({"ls"}).rc, 1);
    EXPECT_GT(dropper.accepted() - before, 1);
    // (Tests send traffic to loopback only: an address that drops packets is not tried here.)
}

TEST(CliCompletion, ScriptsMatchTheRepository) {
    Cli cli;
    EXPECT_EQ(cli.run({"completion", "bash"}).out, read_file(source_dir() + "/completions/ais.bash"));
    EXPECT_EQ(cli.run({"completion", "zsh"}).out, read_file(source_dir() + "/completions/ais.zsh"));
}

class CliCompletionLive : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        cluster_ = new LocalCluster();
        api::Client& c = cluster_->client();
        for (const char* b : {"comp-alpha", "comp-beta"}) c.create_bucket({.name = b});
        api::Bck a{.name = "comp-alpha"};
        for (const char* o : {"docs/readme.md", "docs/guide/intro.md", "data-1.bin", "data-2.bin", "zeta"})
            c.put_object(a, o, "x");
    }
    static void TearDownTestSuite() {
        delete cluster_;
        cluster_ = nullptr;
    }
    static LocalCluster* cluster_;
};
LocalCluster* CliCompletionLive::cluster_ = nullptr;

TEST_F(CliCompletionLive, BucketsObjectsNodes) {
    Cli cli(cluster_->endpoint());
    EXPECT_EQ(cli.complete({"ls", ""}), (Words{"ais://comp-alpha", "ais://comp-beta"}));
    EXPECT_EQ(cli.complete({"ls", "ais://comp-b"}), Words{"ais://comp-beta"});
    EXPECT_EQ(cli.complete({"bucket", "rm", "comp-a"}), Words{"comp-alpha"});
    // object commands: "bucket/" first, then one "directory" level at a time
    EXPECT_EQ(cli.complete({"get", "ais://comp-a"}), Words{"ais://comp-alpha/"});
    EXPECT_EQ(cli.complete({"get", "ais://comp-alpha/"}),
              (Words{"ais://comp-alpha/data-1.bin", "ais://comp-alpha/data-2.bin", "ais://comp-alpha/docs/",
                     "ais://comp-alpha/zeta"}));
    EXPECT_EQ(cli.complete({"object", "cat", "ais://comp-alpha/d"}),
              (Words{"ais://comp-alpha/data-1.bin", "ais://comp-alpha/data-2.bin", "ais://comp-alpha/docs/"}));
    EXPECT_EQ(cli.complete({"rmo", "ais://comp-alpha/docs/"}),
              (Words{"ais://comp-alpha/docs/guide/", "ais://comp-alpha/docs/readme.md"}));
    EXPECT_EQ(cli.run({"--complete", "--", "get", "ais://comp-alpha/docs/g"}).out,
              ":nospace\nais://comp-alpha/docs/guide/\n");
    EXPECT_EQ(cli.complete({"ls", "ais://comp-alpha/docs/"}),
              (Words{"ais://comp-alpha/docs/guide/", "ais://comp-alpha/docs/readme.md"}));

    const api::Smap smap = cluster_->client().get_smap();
    Words nodes = cli.complete({"show", "cluster", "smap", ""});
    EXPECT_EQ(nodes.size(), smap.pmap.size() + smap.tmap.size());
    for (const auto& [id, n] : smap.tmap) EXPECT_TRUE(contains(nodes, id)) << id;
    Words sc = cli.complete({"show", "cluster", ""});
    EXPECT_TRUE(contains(sc, "smap") && contains(sc, "bmd") && contains(sc, smap.tmap.begin()->first));
    EXPECT_TRUE(contains(cli.complete({"config", "node", ""}), smap.tmap.begin()->first));
    // (How fast completion is, is measured in docs/benchmarks.md, not asserted here: a wall-clock
    // threshold in a test fails on a busy machine.)
}

// A real interactive bash: source completions/ais.bash, type, press TAB, read the screen.
TEST_F(CliCompletionLive, BashInTmux) {
    AIS_REQUIRE(std::system("command -v tmux >/dev/null 2>&1") == 0, "tmux is not installed");
    Cli cli(cluster_->endpoint());
    const std::string session = "ais-cli-test-" + std::to_string(::getpid());
    const std::string bin_dir = fs::path(Cli::bin()).parent_path().string();
    auto sh = [](const std::string& cmd) { return std::system(cmd.c_str()); };
    auto tmux = [&](const std::string& args) { return sh("tmux " + args + " >/dev/null 2>&1"); };
    const std::string start = "new-session -d -s " + session + " -x 200 -y 50 \"env -i HOME=" + cli.home() +
                              " HISTFILE=/dev/null TERM=xterm PATH=" + bin_dir + ":/usr/bin:/bin AIS_ENDPOINT=" + cluster_->endpoint() +
                              " bash --norc --noprofile\"";
    ASSERT_EQ(tmux(start), 0);
    struct Kill {
        std::function<void()> f;
        ~Kill() { f(); }
    } kill{[&] { tmux("kill-session -t " + session); }};
    auto screen = [&] {
        const std::string out = cli.home() + "/screen.txt";
        sh("tmux capture-pane -p -t " + session + " > " + out);
        return read_file(out);
    };
    auto wait_for = [&](const std::string& text) {
        for (int i = 0; i < 50; ++i) {
            if (screen().find(text) != std::string::npos) return true;
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
        return false;
    };
    ASSERT_EQ(tmux("send-keys -t " + session + " 'source " + source_dir() + "/completions/ais.bash; echo sour\"\"ced' Enter"), 0);
    ASSERT_TRUE(wait_for("\nsourced")) << screen();

    // a command and a subcommand (each followed by a space), a bucket ("/" and no space), then an
    // object one "directory" at a time
    tmux("send-keys -t " + session + " 'ais buc' Tab 'pro' Tab 'sh' Tab 'X'");
    ASSERT_TRUE(wait_for("ais bucket props show X")) << screen();
    tmux("send-keys -t " + session + " C-u 'ais get ais://comp-al' Tab 'doc' Tab 'r' Tab 'OUT'");
    ASSERT_TRUE(wait_for("ais get ais://comp-alpha/docs/readme.md OUT")) << screen();
    // several candidates: a double TAB lists them
    tmux("send-keys -t " + session + " C-u 'ais ls ais://comp' Tab");
    ASSERT_TRUE(wait_for("ais ls ais://comp-")) << screen();
    // readline lists on the second TAB that cannot extend the word
    for (int i = 0; i < 3 && screen().find("ais://comp-beta") == std::string::npos; ++i) {
        tmux("send-keys -t " + session + " Tab");
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
    }
    ASSERT_TRUE(wait_for("ais://comp-beta")) << screen();
    EXPECT_NE(screen().find("ais://comp-alpha"), std::string::npos) << screen();
    // flag values after '='
    tmux("send-keys -t " + session + " C-u 'ais ls --units=r' Tab 'X'");
    ASSERT_TRUE(wait_for("ais ls --units=raw X")) << screen();
}

// The same through zsh (compinit + completions/ais.zsh), when zsh is installed.
TEST_F(CliCompletionLive, ZshInTmux) {
    AIS_REQUIRE(std::system("command -v tmux >/dev/null 2>&1 && command -v zsh >/dev/null 2>&1") == 0,
                "tmux or zsh is not installed");
    Cli cli(cluster_->endpoint());
    const std::string session = "ais-cli-ztest-" + std::to_string(::getpid());
    const std::string bin_dir = fs::path(Cli::bin()).parent_path().string();
    auto sh = [](const std::string& cmd) { return std::system(cmd.c_str()); };
    auto tmux = [&](const std::string& args) { return sh("tmux " + args + " >/dev/null 2>&1"); };
    ASSERT_EQ(tmux("new-session -d -s " + session + " -x 200 -y 50 \"env -i HOME=" + cli.home() +
                   " HISTFILE=/dev/null TERM=xterm PATH=" + bin_dir + ":/usr/bin:/bin AIS_ENDPOINT=" + cluster_->endpoint() +
                   " zsh -f\""),
              0);
    struct Kill {
        std::function<void()> f;
        ~Kill() { f(); }
    } kill{[&] { tmux("kill-session -t " + session); }};
    auto screen = [&] {
        const std::string out = cli.home() + "/screen.txt";
        sh("tmux capture-pane -p -t " + session + " > " + out);
        return read_file(out);
    };
    auto wait_for = [&](const std::string& text) {
        for (int i = 0; i < 50; ++i) {
            if (screen().find(text) != std::string::npos) return true;
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
        return false;
    };
    tmux("send-keys -t " + session + " 'autoload -Uz compinit && compinit -u && source " + source_dir() +
         "/completions/ais.zsh && echo sour\"\"ced' Enter");
    ASSERT_TRUE(wait_for("\nsourced")) << screen();
    tmux("send-keys -t " + session + " 'ais buc' Tab");
    ASSERT_TRUE(wait_for("ais bucket")) << screen();
    tmux("send-keys -t " + session + " 'pro' Tab");
    ASSERT_TRUE(wait_for("ais bucket props")) << screen();
    tmux("send-keys -t " + session + " C-u 'ais get ais://comp-al' Tab");
    ASSERT_TRUE(wait_for("ais get ais://comp-alpha/")) << screen();
    tmux("send-keys -t " + session + " 'doc' Tab");
    ASSERT_TRUE(wait_for("ais get ais://comp-alpha/docs/")) << screen();
    tmux("send-keys -t " + session + " 'r' Tab 'OUT'");
    ASSERT_TRUE(wait_for("ais get ais://comp-alpha/docs/readme.md OUT")) << screen();
}
