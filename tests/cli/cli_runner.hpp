// Runs the real `ais` binary (AIS_BIN_DIR/ais) the way a user would: its own HOME (a temp dir, so
// the CLI config starts fresh), AIS_ENDPOINT pointing at a test cluster, optional stdin, and the
// exit status plus everything it printed on stdout and stderr.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace ais::test {

struct CliResult {
    int rc = -1;
    std::string out, err;
    double secs = 0;  // wall time of the run
};

class Cli {
  public:
    explicit Cli(std::string endpoint = {});
    ~Cli();
    Cli(const Cli&) = delete;
    Cli& operator=(const Cli&) = delete;

    // `env` adds to (or, with an empty value, removes from) the child's environment.
    CliResult run(const std::vector<std::string>& args, const std::string& stdin_data = {},
                  const std::map<std::string, std::string>& env = {}) const;
    // Candidates of `ais --complete -- WORDS...` (the last word is the one being typed), without
    // the ":nospace" directive.
    std::vector<std::string> complete(const std::vector<std::string>& words) const;

    const std::string& home() const { return home_; }
    const std::string& endpoint() const { return endpoint_; }
    std::string config_dir() const { return home_ + "/.config/ais/cli"; }
    static std::string bin();  // path of the ais binary

  private:
    std::string home_, endpoint_;
};

// Lines of `s` without the trailing newline of each.
std::vector<std::string> lines(const std::string& s);
// A fresh temp directory (removed by the caller) and small file helpers.
std::string make_temp_dir(const std::string& tag);
void write_file(const std::string& path, const std::string& data);
std::string read_file(const std::string& path);
// A port nothing listens on.
int closed_port();
// A listening socket on 127.0.0.1 at a kernel-chosen port (the fake servers of CLI tests):
// returns the fd and sets `port`; throws std::runtime_error when the kernel refuses.
int listen_loopback(int backlog, int& port);

}  // namespace ais::test
