#include "shared/util/log.hpp"

#include <gtest/gtest.h>

#include <unistd.h>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "shared/util/errors.hpp"

namespace ais {
namespace {

namespace fs = std::filesystem;

std::string slurp(const fs::path& p) {
    std::ifstream in(p);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

class LogTest : public ::testing::Test {
  protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() / ("ais-ut-log-" + std::to_string(getpid()));
        fs::remove_all(dir_);
    }
    void TearDown() override {
        log::init({}, log::Level::info);  // back to stderr for other tests
        fs::remove_all(dir_);
    }
    log::Options opts(const std::string& sub = "sub") const {
        log::Options o;
        o.dir = (dir_ / sub).string();  // created by init
        o.name = "aistarget";
        o.node = "t[NrqUGjLs]";
        o.title = "unit test";
        return o;
    }
    uintmax_t total_size() const {  // the log files' bytes (not the symlinks)
        uintmax_t n = 0;
        for (const auto& de : fs::directory_iterator(dir_))
            if (!de.is_symlink()) n += de.file_size();
        return n;
    }
    fs::path dir_;
};

// Rotation by size (log.max_size) and removal of the oldest files beyond log.max_total.
class LogRotate : public LogTest {};

// One line per event: level letter, time with microseconds, node, message.
TEST_F(LogTest, LinesCarryLevelTimeAndNode) {
    auto o = opts();
    log::init(o, log::Level::info);
    log::debug("hidden {}", 1);
    log::info("hello {} {}", "world", 42);
    log::warn("careful");
    log::error("bad: {}", std::string("thing"));
    log::flush();
    const fs::path info = fs::path(o.dir) / "aistarget.INFO", err = fs::path(o.dir) / "aistarget.ERROR";
    ASSERT_TRUE(fs::is_symlink(info));
    ASSERT_TRUE(fs::is_symlink(err));
    EXPECT_EQ(fs::canonical(info).string(), fs::canonical(log::current_file(log::Level::info)).string());
    EXPECT_EQ(fs::canonical(err).string(), fs::canonical(log::current_file(log::Level::error)).string());
    const std::string text = slurp(info);
    EXPECT_EQ(text.find("hidden"), std::string::npos) << text;
    EXPECT_EQ(text.rfind("Started up at ", 0), 0u) << text;
    EXPECT_NE(text.find("unit test\n"), std::string::npos) << text;
    EXPECT_TRUE(
        std::regex_search(text, std::regex(R"(\nI \d\d:\d\d:\d\d\.\d{6} t\[NrqUGjLs\] hello world 42\n)")))
        << text;
    EXPECT_TRUE(std::regex_search(text, std::regex(R"(\nW \d\d:\d\d:\d\d\.\d{6} t\[NrqUGjLs\] careful\n)")))
        << text;
    EXPECT_TRUE(
        std::regex_search(text, std::regex(R"(\nE \d\d:\d\d:\d\d\.\d{6} t\[NrqUGjLs\] bad: thing\n)")))
        << text;
    // ERROR: warnings and errors only.
    const std::string etext = slurp(err);
    EXPECT_EQ(etext.find("hello world"), std::string::npos) << etext;
    EXPECT_NE(etext.find("careful\n"), std::string::npos) << etext;
    EXPECT_NE(etext.find("bad: thing\n"), std::string::npos) << etext;
    // The file name says whose log it is: <name>.<host>.<TAG>.<MMDD-HHMMSS>.<pid>.
    const std::string fname = fs::path(log::current_file(log::Level::info)).filename().string();
    EXPECT_TRUE(std::regex_match(fname, std::regex(R"(aistarget\.[^.]+\.INFO\.\d{4}-\d{6}\.\d+)"))) << fname;
}

TEST_F(LogTest, LevelChangesAtRuntime) {
    auto o = opts();
    log::init(o, log::Level::info);
    log::set_level(log::Level::debug);
    EXPECT_TRUE(log::enabled(log::Level::debug));
    log::debug("now visible");
    log::set_level(log::parse_level("3"));  // AIS verbosity 3 = info
    log::debug("not at 3");
    log::set_level(log::parse_level("4 ec,xs"));  // with modules
    log::debug("visible at 4");
    log::set_level(log::Level::error);
    EXPECT_FALSE(log::enabled(log::Level::warn));
    EXPECT_TRUE(log::enabled(log::Level::error));
    log::warn("suppressed");
    log::flush();
    const std::string text = slurp(fs::path(o.dir) / "aistarget.INFO");
    EXPECT_NE(text.find("\nD "), std::string::npos) << text;
    EXPECT_NE(text.find("now visible\n"), std::string::npos) << text;
    EXPECT_EQ(text.find("not at 3"), std::string::npos) << text;
    EXPECT_NE(text.find("visible at 4\n"), std::string::npos) << text;
    EXPECT_EQ(text.find("suppressed"), std::string::npos) << text;
}

TEST_F(LogTest, RotateOnDemand) {
    auto o = opts();
    log::init(o, log::Level::info);
    log::info("before rotate");
    const std::string first = log::current_file(log::Level::info);
    log::rotate();
    log::info("after rotate");
    log::flush();
    const std::string second = log::current_file(log::Level::info);
    EXPECT_NE(first, second);
    EXPECT_NE(slurp(first).find("before rotate"), std::string::npos);
    const std::string now = slurp(fs::path(o.dir) / "aistarget.INFO");
    EXPECT_EQ(now.rfind("Rotated at ", 0), 0u) << now;
    EXPECT_EQ(now.find("before rotate"), std::string::npos);
    EXPECT_NE(now.find("after rotate"), std::string::npos);
    auto all = log::all_files(log::Level::info);
    ASSERT_EQ(all.size(), 2u);
    EXPECT_EQ(all.back(), second);
}

TEST_F(LogTest, BadDirThrows) {
    log::Options o;
    o.dir = "/proc/nonexistent-dir/logs";
    EXPECT_THROW(log::init(o, log::Level::info), std::runtime_error);
}

TEST(LogLevel, ParseAndName) {
    EXPECT_EQ(log::parse_level("debug"), log::Level::debug);
    EXPECT_EQ(log::parse_level("INFO"), log::Level::info);
    EXPECT_EQ(log::parse_level("warning"), log::Level::warn);
    EXPECT_EQ(log::parse_level("Warn"), log::Level::warn);
    EXPECT_EQ(log::parse_level("error"), log::Level::error);
    EXPECT_EQ(log::parse_level("3"), log::Level::info);
    EXPECT_EQ(log::parse_level("5"), log::Level::debug);
    EXPECT_EQ(log::parse_level("4 ec,xs"), log::Level::debug);
    EXPECT_THROW(log::parse_level("verbose"), ErrBadRequest);
    EXPECT_THROW(log::parse_level("9"), ErrBadRequest);
    for (auto l : {log::Level::debug, log::Level::info, log::Level::warn, log::Level::error})
        EXPECT_EQ(log::parse_level(log::to_string(l)), l);
}


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
