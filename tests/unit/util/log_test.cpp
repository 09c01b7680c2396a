#include "shared/util/log.hpp"

#include <gtest/gtest.h>

#include <unistd.h>
#include <filesystem>
#include <fstream>
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
        log::init("", log::Level::info);  // back to stderr for other tests
        fs::remove_all(dir_);
    }
    fs::path dir_;
};

TEST_F(LogTest, WritesFilteredLinesToFile) {
    fs::path p = dir_ / "sub" / "ais.log";  // parent created by init
    log::init(p.string(), log::Level::info);
    log::debug("hidden {}", 1);
    log::info("hello {} {}", "world", 42);
    log::warn("careful");
    log::error("bad: {}", std::string("thing"));
    log::flush();
    std::string text = slurp(p);
    EXPECT_EQ(text.find("hidden"), std::string::npos) << text;
    EXPECT_NE(text.find("I "), std::string::npos) << text;
    EXPECT_NE(text.find("hello world 42\n"), std::string::npos) << text;
    EXPECT_NE(text.find("W "), std::string::npos) << text;
    EXPECT_NE(text.find("careful\n"), std::string::npos) << text;
    EXPECT_NE(text.find("bad: thing\n"), std::string::npos) << text;

    log::set_level(log::Level::debug);
    EXPECT_TRUE(log::enabled(log::Level::debug));
    log::debug("now visible");
    log::set_level(log::Level::error);
    EXPECT_FALSE(log::enabled(log::Level::warn));
    EXPECT_TRUE(log::enabled(log::Level::error));
    log::warn("suppressed");
    log::flush();
    text = slurp(p);
    EXPECT_NE(text.find("D "), std::string::npos) << text;
    EXPECT_NE(text.find("now visible\n"), std::string::npos) << text;
    EXPECT_EQ(text.find("suppressed"), std::string::npos) << text;
}

TEST_F(LogTest, RotatesBySizeAndOnDemand) {
    fs::path p = dir_ / "ais.log";
    log::init(p.string(), log::Level::info, 4096, 3);
    for (int i = 0; i < 200; ++i) log::info("line {:04} {}", i, std::string(40, 'x'));
    log::flush();
    EXPECT_TRUE(fs::exists(dir_ / "ais.1.log"));
    EXPECT_LE(fs::file_size(p), 4096u);
    EXPECT_FALSE(fs::exists(dir_ / "ais.4.log"));  // max_files = 3
    EXPECT_NE(slurp(p).find("line 0199"), std::string::npos);

    log::rotate();
    log::info("after rotate");
    log::flush();
    EXPECT_EQ(slurp(p).find("line 0199"), std::string::npos);
    EXPECT_NE(slurp(p).find("after rotate"), std::string::npos);
    EXPECT_NE(slurp(dir_ / "ais.1.log").find("line 0199"), std::string::npos);
}

TEST_F(LogTest, BadPathThrows) {
    EXPECT_THROW(log::init("/proc/nonexistent-dir/ais.log", log::Level::info), std::runtime_error);
}

TEST(LogLevel, ParseAndName) {
    EXPECT_EQ(log::parse_level("debug"), log::Level::debug);
    EXPECT_EQ(log::parse_level("INFO"), log::Level::info);
    EXPECT_EQ(log::parse_level("warning"), log::Level::warn);
    EXPECT_EQ(log::parse_level("Warn"), log::Level::warn);
    EXPECT_EQ(log::parse_level("error"), log::Level::error);
    EXPECT_EQ(log::parse_level("3"), log::Level::info);
    EXPECT_EQ(log::parse_level("5"), log::Level::debug);
    EXPECT_THROW(log::parse_level("verbose"), ErrBadRequest);
    EXPECT_THROW(log::parse_level("9"), ErrBadRequest);
    for (auto l : {log::Level::debug, log::Level::info, log::Level::warn, log::Level::error})
        EXPECT_EQ(log::parse_level(log::to_string(l)), l);
}

}  // namespace
}  // namespace ais
