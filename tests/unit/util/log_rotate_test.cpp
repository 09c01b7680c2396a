// Rotation by size (log.max_size) and removal of the oldest files beyond log.max_total.
#include "shared/util/log.hpp"

#include <gtest/gtest.h>

#include <unistd.h>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace ais {
namespace {

namespace fs = std::filesystem;

std::string slurp(const fs::path& p) {
    std::ifstream in(p);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

class LogRotate : public ::testing::Test {
  protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() / ("ais-ut-logrot-" + std::to_string(getpid()));
        fs::remove_all(dir_);
    }
    void TearDown() override {
        log::init({}, log::Level::info);
        fs::remove_all(dir_);
    }
    uintmax_t total_size() const {
        uintmax_t n = 0;
        for (const auto& de : fs::directory_iterator(dir_))
            if (!de.is_symlink()) n += de.file_size();
        return n;
    }
    fs::path dir_;
};

TEST_F(LogRotate, RotatesAtMaxSize) {
    log::Options o;
    o.dir = dir_.string();
    o.name = "aisproxy";
    o.node = "p[x]";
    o.max_size = 4096;
    o.max_total = 1 << 20;
    log::init(o, log::Level::info);
    const std::string line(60, 'x');
    for (int i = 0; i < 300; ++i) log::info("line {:04} {}", i, line);
    log::flush();
    auto files = log::all_files(log::Level::info);
    ASSERT_GE(files.size(), 4u);  // ~27 KB of lines in 4 KiB files
    EXPECT_EQ(files.back(), log::current_file(log::Level::info));
    std::string joined;
    for (size_t i = 0; i < files.size(); ++i) {
        const std::string t = slurp(files[i]);
        EXPECT_LE(fs::file_size(files[i]), 4096u + 200)
            << files[i];  // rotated after the line that crossed it
        EXPECT_EQ(t.rfind(i == 0 ? "Started up at " : "Rotated at ", 0), 0u) << files[i];
        joined += t;
    }
    // Nothing lost, in order, across the files.
    size_t pos = 0;
    for (int i = 0; i < 300; ++i) {
        char want[16];
        std::snprintf(want, sizeof(want), "line %04d ", i);
        auto p = joined.find(want, pos);
        ASSERT_NE(p, std::string::npos) << want;
        pos = p;
    }
    EXPECT_NE(slurp(dir_ / "aisproxy.INFO").find("line 0299"), std::string::npos);
}

TEST_F(LogRotate, RemovesOldestBeyondMaxTotal) {
    log::Options o;
    o.dir = dir_.string();
    o.name = "aistarget";
    o.max_size = 2048;
    o.max_total = 8192;
    log::init(o, log::Level::info);
    for (int i = 0; i < 1000; ++i) {
        log::info("line {:04} {}", i, std::string(50, 'y'));
        if (i % 100 == 0) log::warn("warning {:04}", i);
    }
    log::flush();
    // Bounded: max_total as of the last rotation, plus what the current files got since.
    EXPECT_LE(total_size(), 8192u + 2048u + 2 * 200);
    auto files = log::all_files(log::Level::info);
    ASSERT_FALSE(files.empty());
    EXPECT_LE(files.size(), 5u);
    EXPECT_EQ(slurp(files.front()).find("line 0000 "), std::string::npos);  // the oldest went
    EXPECT_NE(slurp(dir_ / "aistarget.INFO").find("line 0999"), std::string::npos);
    EXPECT_NE(slurp(dir_ / "aistarget.ERROR").find("warning 0900"), std::string::npos);
}

TEST_F(LogRotate, LimitsChangeAtRuntime) {
    log::Options o;
    o.dir = dir_.string();
    o.name = "aisproxy";
    o.max_size = 1 << 20;
    log::init(o, log::Level::info);
    for (int i = 0; i < 50; ++i) log::info("before {:04} {}", i, std::string(60, 'z'));
    EXPECT_EQ(log::all_files(log::Level::info).size(), 1u);
    log::set_limits(2048, 1 << 20);  // as when log.max_size changes in the cluster config
    for (int i = 0; i < 100; ++i) log::info("after {:04} {}", i, std::string(60, 'z'));
    log::flush();
    EXPECT_GE(log::all_files(log::Level::info).size(), 3u);
}

}  // namespace
}  // namespace ais
