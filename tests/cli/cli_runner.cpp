#include "tests/cli/cli_runner.hpp"

#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

extern char** environ;

namespace ais::test {

namespace fs = std::filesystem;

std::string Cli::bin() {
    return std::string(AIS_BIN_DIR) + "/ais";
}

Cli::Cli(std::string endpoint) : home_(make_temp_dir("ais-cli-home")), endpoint_(std::move(endpoint)) {}

Cli::~Cli() {
    std::error_code ec;
    fs::remove_all(home_, ec);
}

CliResult Cli::run(const std::vector<std::string>& args, const std::string& stdin_data,
                   const std::map<std::string, std::string>& extra) const {
    // The child's environment: ours minus anything that would point it elsewhere, plus the test's.
    std::map<std::string, std::string> env;
    for (char** e = environ; *e; ++e) {
        std::string kv = *e;
        auto eq = kv.find('=');
        if (eq == std::string::npos) continue;
        std::string k = kv.substr(0, eq);
        if (k.rfind("AIS_", 0) == 0 || k == "XDG_CONFIG_HOME" || k == "NO_COLOR") continue;
        env[k] = kv.substr(eq + 1);
    }
    env["HOME"] = home_;
    if (!endpoint_.empty()) env["AIS_ENDPOINT"] = endpoint_;
    for (const auto& [k, v] : extra) {
        if (v.empty()) {
            env.erase(k);
        } else {
            env[k] = v;
        }
    }
    std::vector<std::string> env_strs;
    for (const auto& [k, v] : env) env_strs.push_back(k + "=" + v);
    std::vector<char*> envp, argv;
    for (auto& s : env_strs) envp.push_back(s.data());
    envp.push_back(nullptr);
    std::string b = bin();
    std::vector<std::string> args_copy = args;
    argv.push_back(b.data());
    for (auto& a : args_copy) argv.push_back(a.data());
    argv.push_back(nullptr);

    int in[2], out[2], err[2];
    if (::pipe(in) || ::pipe(out) || ::pipe(err)) throw std::runtime_error("pipe");
    const auto t0 = std::chrono::steady_clock::now();
    pid_t pid = ::fork();
    if (pid == 0) {
        ::dup2(in[0], 0);
        ::dup2(out[1], 1);
        ::dup2(err[1], 2);
        for (int fd : {in[0], in[1], out[0], out[1], err[0], err[1]}) ::close(fd);
        ::execve(argv[0], argv.data(), envp.data());
        _exit(127);
    }
    ::close(in[0]);
    ::close(out[1]);
    ::close(err[1]);
    ::signal(SIGPIPE, SIG_IGN);
    size_t written = 0;
    int in_fd = in[1];
    if (stdin_data.empty()) {
        ::close(in_fd);
        in_fd = -1;
    } else {
        ::fcntl(in_fd, F_SETFL, O_NONBLOCK);
    }
    CliResult r;
    bool out_open = true, err_open = true;
    char buf[65536];
    while (out_open || err_open) {
        std::vector<pollfd> fds;
        if (out_open) fds.push_back({out[0], POLLIN, 0});
        if (err_open) fds.push_back({err[0], POLLIN, 0});
        if (in_fd >= 0) fds.push_back({in_fd, POLLOUT, 0});
        if (::poll(fds.data(), fds.size(), 120'000) <= 0) {
            ::kill(pid, SIGKILL);
            break;
        }
        for (const auto& p : fds) {
            if (!p.revents) continue;
            if (p.fd == in_fd) {
                ssize_t w = ::write(in_fd, stdin_data.data() + written, stdin_data.size() - written);
                if (w > 0) written += static_cast<size_t>(w);
                if (w < 0 || written == stdin_data.size()) {
                    ::close(in_fd);
                    in_fd = -1;
                }
                continue;
            }
            ssize_t n = ::read(p.fd, buf, sizeof buf);
            if (n <= 0) {
                (p.fd == out[0] ? out_open : err_open) = false;
                continue;
            }
            (p.fd == out[0] ? r.out : r.err).append(buf, static_cast<size_t>(n));
        }
    }
    if (in_fd >= 0) ::close(in_fd);
    ::close(out[0]);
    ::close(err[0]);
    int status = 0;
    ::waitpid(pid, &status, 0);
    r.rc = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    r.secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return r;
}

std::vector<std::string> Cli::complete(const std::vector<std::string>& words) const {
    std::vector<std::string> args{"--complete", "--"};
    args.insert(args.end(), words.begin(), words.end());
    std::vector<std::string> out;
    for (auto& l : lines(run(args).out))
        if (l != ":nospace") out.push_back(std::move(l));
    return out;
}

std::vector<std::string> lines(const std::string& s) {
    std::vector<std::string> out;
    std::istringstream in(s);
    std::string l;
    while (std::getline(in, l)) out.push_back(l);
    return out;
}

std::string make_temp_dir(const std::string& tag) {
    std::string tmpl = "/tmp/" + tag + "-XXXXXX";
    if (!::mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp");
    return tmpl;
}

void write_file(const std::string& path, const std::string& data) {
    fs::create_directories(fs::path(path).parent_path());
    std::ofstream f(path, std::ios::binary);
    f << data;
}

std::string read_file(const std::string& path) {
    std::ifstream f(path, std::ios::binary);
    std::ostringstream ss;
    ss << f.rdbuf();
    return ss.str();
}

namespace {

// A TCP socket bound to 127.0.0.1 at a kernel-chosen port.
int bind_loopback(int& port) {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof(a);
    if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof(a)) != 0 ||
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) != 0) {
        if (fd >= 0) ::close(fd);
        throw std::runtime_error("cannot bind a loopback socket");
    }
    port = ntohs(a.sin_port);
    return fd;
}

}  // namespace

int closed_port() {
    int port = 0;
    ::close(bind_loopback(port));  // bound, never listened: connections are refused
    return port;
}

int listen_loopback(int backlog, int& port) {
    int fd = bind_loopback(port);
    if (::listen(fd, backlog) != 0) {
        ::close(fd);
        throw std::runtime_error("cannot listen on a loopback socket");
    }
    return fd;
}

}  // namespace ais::test
