#include "aisloader/loader.hpp"

#include "aisloader/backend.hpp"
#include "aisloader/names.hpp"
#include "aisloader/payload.hpp"
#include "aisloader/stats.hpp"
#include "shared/util/clock.hpp"
#include "shared/util/strings.hpp"
#include "shared/util/units.hpp"

#include <fmt/core.h>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <fstream>
#include <optional>
#include <thread>

namespace ais::loader {

namespace asio = boost::asio;

namespace {

constexpr auto kTuple = asio::as_tuple(asio::use_awaitable);
constexpr int kMaxPrintedErrors = 10;

int64_t mono_ns() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

struct Lane {
    asio::io_context io{1};
    std::unique_ptr<DataPath> dp;
    std::vector<std::unique_ptr<WorkerCtx>> workers;
    std::thread thread;
};

struct Run {
    explicit Run(const Params& params, uint64_t seed, int64_t start_ns)
        : p(params), payload(seed), stats(start_ns) {}

    const Params& p;
    Payload payload;
    std::unique_ptr<NameGen> gen;
    std::unique_ptr<NameGetter> getter;  // GET names (and remembered PUT names)
    bool keep_put_names = false;
    Stats stats;
    std::unique_ptr<StatsWriter> writer;
    std::atomic<bool> stop{false};
    std::atomic<int64_t> puts_reserved{0}, put_bytes_reserved{0}, inflight{0};
    std::atomic<int> active{0};
    std::atomic<int> errors_printed{0};
    std::vector<std::unique_ptr<Lane>> lanes;
    std::optional<asio::steady_timer> duration_timer, stats_timer;
    std::optional<asio::signal_set> signals;

    void request_stop() { stop.store(true, std::memory_order_relaxed); }

    void report_error(const std::string& msg) {
        int n = errors_printed.fetch_add(1, std::memory_order_relaxed);
        if (n < kMaxPrintedErrors)
            std::fprintf(stderr, "%s error: %s\n", pretty_time(now_ns()).c_str(), msg.c_str());
        else if (n == kMaxPrintedErrors)
            std::fprintf(stderr, "(further errors are counted in the stats but not printed)\n");
    }

    // Called by every worker on exit; the last one stops the timers so that the loops run dry.
    void worker_done() {
        if (active.fetch_sub(1) != 1) return;
        Run* self = this;
        asio::post(lanes[0]->io, [self] {
            if (self->duration_timer) self->duration_timer->cancel();
            if (self->stats_timer) self->stats_timer->cancel();
            if (self->signals) self->signals->cancel();
        });
    }
};

// ---- workers ----

// One PUT: `existing` names the object for an update (-pctupdate), else a new name is made.
// Returns false when a PUT bound (-maxputs, -totalputsize) ends the run.
net::Task<bool> do_put(Run* run, Lane* lane, WorkerCtx* w, const std::string* existing) {
    const Params& p = run->p;
    const int64_t size = w->rng.range(p.minsize, p.maxsize);
    if (p.maxputs > 0 && run->puts_reserved.fetch_add(1) >= p.maxputs) {
        run->request_stop();
        co_return false;
    }
    if (p.totalputsize > 0 && run->put_bytes_reserved.fetch_add(size) >= p.totalputsize) {
        run->request_stop();
        co_return false;
    }
    if (existing)
        w->name = *existing;
    else
        run->gen->next(w->rng, w->name);
    w->body.reset(w->rng.next(), static_cast<uint64_t>(size));
    w->cksum_value.clear();
    if (!p.s3) w->cksum_value = w->body.cksum(p.cksum_type);

    run->inflight.fetch_add(1, std::memory_order_relaxed);
    const int64_t t0 = mono_ns();
    std::string err;
    try {
        co_await lane->dp->put(*w);
    } catch (const std::exception& e) {
        err = e.what();
        if (err.empty()) err = "PUT failed";
    }
    const int64_t lat = mono_ns() - t0;
    run->inflight.fetch_sub(1, std::memory_order_relaxed);
    if (err.empty()) {
        run->stats.add(Op::put, size, lat);
        if (run->keep_put_names && !existing) run->getter->add(w->name);
    } else {
        run->stats.add_err(Op::put);
        run->report_error(err);
    }
    co_return true;
}

// One GET; returns whether it succeeded.
net::Task<bool> do_get(Run* run, Lane* lane, WorkerCtx* w, const std::string* name) {
    run->inflight.fetch_add(1, std::memory_order_relaxed);
    const int64_t t0 = mono_ns();
    std::string err;
    uint64_t bytes = 0;
    try {
        bytes = co_await lane->dp->get(*w, *name);
    } catch (const std::exception& e) {
        err = e.what();
        if (err.empty()) err = "GET failed";
    }
    const int64_t lat = mono_ns() - t0;
    run->inflight.fetch_sub(1, std::memory_order_relaxed);
    if (err.empty()) {
        run->stats.add(Op::get, static_cast<int64_t>(bytes), lat);
        co_return true;
    }
    run->stats.add_err(Op::get);
    run->report_error(err);
    co_return false;
}

net::Task<void> worker(Run* run, Lane* lane, WorkerCtx* w) {
    const Params& p = run->p;
    try {
        while (!run->stop.load(std::memory_order_relaxed)) {
            bool is_put =
                p.pctput >= 100 || (p.pctput > 0 && static_cast<int64_t>(w->rng.below(100)) < p.pctput);
            const std::string* name = nullptr;
            if (!is_put) {
                name = run->getter->next(w->rng);
                if (!name) {
                    // Mixed workload on an empty bucket: write until there is something to read.
                    if (p.pctput > 0 && run->getter->mode() == NameGetter::Mode::random &&
                        run->getter->size() == 0) {
                        is_put = true;
                    } else {
                        run->request_stop();  // the epochs are done
                        break;
                    }
                }
            }
            if (is_put) {
                bool more = co_await do_put(run, lane, w, nullptr);
                if (!more) break;
                continue;
            }
            bool ok = co_await do_get(run, lane, w, name);
            if (ok && p.pctupdate > 0 && static_cast<int64_t>(w->rng.below(100)) < p.pctupdate &&
                !run->stop.load(std::memory_order_relaxed)) {
                bool more = co_await do_put(run, lane, w, name);
                if (!more) break;
            }
        }
    } catch (const std::exception& e) {
        run->report_error(std::string("worker: ") + e.what());
    }
    run->worker_done();
}

// ---- timers ----

net::Task<void> duration_watch(Run* run, int64_t ns) {
    run->duration_timer->expires_after(std::chrono::nanoseconds(ns));
    auto [ec] = co_await run->duration_timer->async_wait(kTuple);
    if (!ec) run->request_stop();
}

net::Task<void> stats_reporter(Run* run, int64_t interval_s) {
    for (;;) {
        run->stats_timer->expires_after(std::chrono::seconds(interval_s));
        auto [ec] = co_await run->stats_timer->async_wait(kTuple);
        if (ec || run->active.load() == 0) co_return;
        auto snap = run->stats.snapshot(now_ns());
        run->writer->periodic(snap, run->inflight.load(std::memory_order_relaxed));
    }
}

// ---- setup helpers ----

std::string random_bucket_name(uint64_t seed) {
    static constexpr char kChars[] = "abcdefghijklmnopqrstuvwxyz0123456789";
    Rng rng(seed ^ 0xb0c4e7);
    std::string s;
    for (int i = 0; i < 8; ++i) s += kChars[rng.below(sizeof(kChars) - 1)];
    return s;
}

std::vector<std::string> read_filelist(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw std::runtime_error("cannot read -filelist " + path);
    std::vector<std::string> names;
    std::string line;
    while (std::getline(in, line)) {
        while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t'))
            line.pop_back();
        size_t b = line.find_first_not_of(" \t");
        if (b == std::string::npos) continue;
        names.push_back(line.substr(b));
    }
    return names;
}

const char* getter_name(const Params& p, const NameGetter* g) {
    if (g) return g->name();
    if (p.pctput == 100) return "none (100% PUT)";
    if (p.pctput == 0) return p.epochs > 0 ? "permutation (epochs)" : "permutation";
    return "random";
}

std::string runtime_config(const Params& p, const NameGetter* g) {
    std::string bucket = p.bck.name.empty() ? "<random>" : p.bck.cname();
    std::string out = "Runtime configuration:\n{\n";
    auto kv = [&out](const std::string& k, const std::string& v, bool last = false) {
        out += "   " + json_quote(k) + ": " + v + (last ? "\n" : ",\n");
    };
    kv("proxy", json_quote(p.endpoint));
    kv("bucket", json_quote(bucket));
    kv("duration", json_quote(p.time_limited ? duration_str(p.duration_ns) : "unlimited"));
    kv("# workers", std::to_string(p.numworkers));
    kv("stats interval", json_quote(duration_str(p.statsinterval * 1'000'000'000)));
    kv("% PUT", std::to_string(p.pctput));
    kv("% Update Existing", std::to_string(p.pctupdate));
    kv("% Multipart PUT", "0");
    kv("GET(batch): batch size", "0");
    kv("minimum object size (bytes)", std::to_string(p.minsize));
    kv("maximum object size (bytes)", std::to_string(p.maxsize));
    kv("PUT upper bound", std::to_string(p.totalputsize));
    kv("max PUTs", std::to_string(p.maxputs));
    kv("epochs", std::to_string(p.epochs));
    if (p.ranged) kv("read range", json_quote(fmt::format("offset {} length {}", p.readoff, p.readlen)));
    kv("archive (shards)", json_quote("none"));
    kv("name-getter", json_quote(getter_name(p, g)));
    kv("reader-type", json_quote(p.readertype));
    kv("cksum-type", json_quote(p.s3 ? "none" : std::string(to_string(p.cksum_type))));
    kv("verify hash", p.verifyhash ? "true" : "false");
    kv("io threads", std::to_string(p.numthreads));
    kv("cleanup", p.cleanup ? "true" : "false", true);
    out += "}\n";
    return out;
}

void print_line(const std::string& s) {
    std::fputs(s.c_str(), stdout);
    std::fflush(stdout);
}

}  // namespace

int run(Params& p) {
    for (const auto& w : p.warnings) std::fprintf(stderr, "Warning: %s\n", w.c_str());
    if (!p.quiet) print_line(args_dump(p) + "\n");

    const uint64_t seed = p.seed != 0 ? static_cast<uint64_t>(p.seed) : static_cast<uint64_t>(now_ns());
    if (p.random_bucket) {
        p.bck.name = random_bucket_name(seed);
        print_line("New bucket name \"" + p.bck.name + "\"\n");
    }
    if (p.dry_run) {
        print_line(runtime_config(p, nullptr));
        return 0;
    }

    FILE* out = stdout;
    std::string out_name = "/dev/stdout";
    if (!p.stats_output.empty()) {
        out = std::fopen(p.stats_output.c_str(), "w");
        if (!out) {
            std::fprintf(stderr, "Error: cannot create -stats-output %s\n", p.stats_output.c_str());
            return 1;
        }
        out_name = p.stats_output;
    }
    struct Closer {
        FILE* f;
        ~Closer() {
            if (f != stdout) std::fclose(f);
        }
    } closer{out};

    auto control = make_control(p);
    const bool remote = p.bck.is_remote() && !p.s3;
    std::vector<std::string> listed;
    std::vector<std::string> proxies{p.endpoint};
    std::string bucket_cksum = "none";
    bool new_bucket = false;
    try {
        // ---- bucket ----
        if (!control->bucket_exists()) {
            if (p.noop_run) {
                print_line("Bucket " + p.bck.cname() + " does not exist: nothing to do\n");
                return 0;
            }
            if (remote) throw std::runtime_error("bucket " + p.bck.cname() + " does not exist");
            if (p.pctput != 100)
                throw std::runtime_error(
                    "bucket " + p.bck.cname() +
                    " does not exist; a new bucket can only be written to (-pctput=100)");
            control->create_bucket();
            new_bucket = true;
            if (!p.random_bucket) print_line("Created bucket " + p.bck.cname() + "\n");
        } else if (!p.bprops.empty()) {
            control->set_props(p.bprops);
        }
        // ---- names ----
        if (!new_bucket && !p.skiplist && !p.noop_run) {
            if (!p.filelist.empty()) {
                listed = read_filelist(p.filelist);
                print_line(fmt::format("Read {} object names from {}\n", listed.size(), p.filelist));
            } else {
                listed = control->list(p.subdir);
                print_line(fmt::format("Found {} existing objects\n",
                                       pretty_number(static_cast<int64_t>(listed.size()))));
            }
            if (listed.empty() && p.pctput == 0)
                throw std::runtime_error("there are no objects to read in " + p.bck.cname() +
                                         (p.subdir.empty() ? "" : " under " + p.subdir));
        }
        if (p.randomproxy) proxies = control->proxies();
        if (p.verifyhash) bucket_cksum = control->bucket_cksum_type();
    } catch (const std::exception& e) {
        std::fprintf(stderr, "Error: %s\n", e.what());
        return 1;
    }

    const int64_t start_wall = now_ns();
    const int64_t start_mono = mono_ns();
    Run run(p, seed, start_wall);
    run.writer = std::make_unique<StatsWriter>(out, p.json);
    std::string subdir = p.subdir;
    while (!subdir.empty() && subdir.back() == '/') subdir.pop_back();
    run.gen = std::make_unique<NameGen>(
        NameGenOpts{subdir, p.num_subdirs, p.randomname, p.loader_id, p.loader_id_bits});
    if (p.pctput < 100) {
        auto mode = p.pctput == 0 ? NameGetter::Mode::permutation : NameGetter::Mode::random;
        run.getter =
            std::make_unique<NameGetter>(mode, std::move(listed), p.epochs, p.perm_shuffle_max, seed);
        run.keep_put_names = mode == NameGetter::Mode::random;
    } else if (remote && p.cleanup) {
        run.getter = std::make_unique<NameGetter>(NameGetter::Mode::random, std::move(listed), 0, 0, seed);
        run.keep_put_names = true;  // to delete them at the end
    }
    if (remote && p.cleanup && run.getter && run.getter->mode() == NameGetter::Mode::permutation)
        run.keep_put_names = false;  // read-only: every name is already known

    print_line(runtime_config(p, run.getter.get()));
    if (p.cleanup) {
        if (remote)
            print_line("BEWARE: cleanup is enabled, the objects listed and written in " + p.bck.cname() +
                       " will be deleted upon termination!\n");
        else
            print_line("BEWARE: cleanup is enabled, bucket " + p.bck.cname() +
                       " will be destroyed upon termination!\n");
    }

    // ---- the run ----
    uint64_t unverified = 0;
    if (!p.noop_run) {
        for (int64_t i = 0; i < p.numthreads; ++i) {
            auto lane = std::make_unique<Lane>();
            lane->dp = make_data_path(lane->io, p, proxies, bucket_cksum);
            run.lanes.push_back(std::move(lane));
        }
        for (int64_t i = 0; i < p.numworkers; ++i) {
            auto& lane = *run.lanes[static_cast<size_t>(i % p.numthreads)];
            auto w = std::make_unique<WorkerCtx>(static_cast<int>(i), seed + 0x9e3779b97f4a7c15ull * (i + 1),
                                                 run.payload);
            lane.dp->init_worker(*w);
            lane.workers.push_back(std::move(w));
        }
        auto& io0 = run.lanes[0]->io;
        // Before the stats header: once a script sees the header, SIGINT is handled (-stoppable).
        if (p.stoppable) {
            run.signals.emplace(io0, SIGINT, SIGTERM);
            Run* rp = &run;
            run.signals->async_wait([rp](const boost::system::error_code& ec, int) {
                if (!ec) rp->request_stop();
            });
        }
        run.writer->header();
        if (p.time_limited) {
            run.duration_timer.emplace(io0);
            asio::co_spawn(io0, duration_watch(&run, p.duration_ns), asio::detached);
        }
        if (p.statsinterval > 0) {
            run.stats_timer.emplace(io0);
            asio::co_spawn(io0, stats_reporter(&run, p.statsinterval), asio::detached);
        }
        run.active.store(static_cast<int>(p.numworkers));
        for (auto& lane : run.lanes)
            for (auto& w : lane->workers)
                asio::co_spawn(lane->io, worker(&run, lane.get(), w.get()), asio::detached);
        for (size_t i = 1; i < run.lanes.size(); ++i) {
            Lane* l = run.lanes[i].get();
            l->thread = std::thread([l] { l->io.run(); });
        }
        io0.run();
        for (size_t i = 1; i < run.lanes.size(); ++i) run.lanes[i]->thread.join();
        for (auto& lane : run.lanes)
            for (auto& w : lane->workers) unverified += w->unverified;
    }

    // ---- final stats ----
    auto snap = run.stats.snapshot(now_ns());
    if (!p.noop_run) {
        bool have[kNumOps];
        bool any = false;
        for (int i = 0; i < kNumOps; ++i) any |= (have[i] = snap.total[i].cnt + snap.total[i].errs > 0);
        if (!any) {
            have[static_cast<int>(Op::put)] = p.pctput > 0;
            have[static_cast<int>(Op::get)] = p.pctput < 100;
        }
        run.writer->final(snap, have);
        print_line("Stats written to " + out_name + "\n");
        if (p.verifyhash && unverified > 0)
            std::fprintf(stderr, "Warning: %llu GET(s) carried no checksum that could be verified\n",
                         static_cast<unsigned long long>(unverified));
    }

    // ---- cleanup ----
    int rc = 0;
    if (p.cleanup) {
        print_line(pretty_time(now_ns()) + " Cleaning up...\n");
        try {
            if (remote) {
                std::vector<std::string> names;
                if (run.getter)
                    names = run.getter->all();
                else
                    names = std::move(listed);
                control->delete_objects(names, static_cast<size_t>(p.evict_batchsize));
            } else {
                control->destroy_bucket();
            }
            print_line(pretty_time(now_ns()) + " Done\n");
        } catch (const std::exception& e) {
            std::fprintf(stderr, "Error: cleanup failed: %s\n", e.what());
            rc = 1;
        }
    }
    print_line("Actual run duration: " + duration_str(mono_ns() - start_mono) + "\n");
    return rc;
}

}  // namespace ais::loader
