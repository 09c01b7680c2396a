// The fixture of the S3 integration tests (s3_test.cpp, s3_compat_test.cpp): one cluster per test
// suite, driven by real S3 clients from Debian packages: the AWS CLI (/usr/bin/aws), boto3
// (/usr/bin/python3) and s3cmd; plus the small helpers they share.
#pragma once

#include "tests/integration/local_cluster.hpp"
#include "tests/require.hpp"

#include "shared/config/bprops.hpp"
#include "shared/util/cksum.hpp"
#include "shared/util/errors.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <thread>

namespace s3test {

using namespace ais;
using ais::test::LocalCluster;

inline api::Bck bck(std::string name) {
    return api::Bck{.name = std::move(name), .provider = "ais"};
}

struct Out {
    int rc = 0;
    std::string text;  // stdout + stderr
};

inline Out sh(const std::string& cmd) {
    Out o;
    FILE* p = ::popen(("(" + cmd + ") 2>&1").c_str(), "r");
    char buf[4096];
    size_t n;
    while ((n = std::fread(buf, 1, sizeof(buf), p)) > 0) o.text.append(buf, n);
    int st = ::pclose(p);
    o.rc = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    return o;
}

inline std::string slurp(const std::string& path) {
    std::ifstream f(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>()};
}

inline void spit(const std::string& path, const std::string& data) {
    std::ofstream f(path, std::ios::binary);
    f << data;
}

inline std::string random_bytes(size_t n, uint32_t seed) {
    std::mt19937 rng(seed);
    std::string s(n, '\0');
    for (auto& c : s) c = static_cast<char>(rng());
    return s;
}

inline bool have(const char* path) {
    return std::filesystem::exists(path);
}

class S3 : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        cluster_ = new LocalCluster();
        work_ = cluster_->dir() + "/s3work";
        std::filesystem::create_directories(work_);
        s3url_ = cluster_->endpoint() + "/s3";
    }
    static void TearDownTestSuite() {
        delete cluster_;
        cluster_ = nullptr;
    }
    static std::string env() {
        return "AWS_ACCESS_KEY_ID=x AWS_SECRET_ACCESS_KEY=y AWS_DEFAULT_REGION=us-east-1 "
               "AWS_CONFIG_FILE=/dev/null "
               "AWS_SHARED_CREDENTIALS_FILE=/dev/null AWS_PAGER= ";
    }
    static Out aws(const std::string& args) {
        return sh(env() + "/usr/bin/aws --endpoint-url " + s3url_ + " " + args);
    }
    static Out py(const std::string& body) {
        std::string script = work_ + "/t.py";
        spit(script,
             "import boto3, hashlib, sys\nfrom botocore.config import Config\n"
             "s3 = boto3.client('s3', endpoint_url='" +
                 s3url_ +
                 "', aws_access_key_id='x', aws_secret_access_key='y', region_name='us-east-1',"
                 " config=Config(s3={'addressing_style':'path'}))\n" +
                 body + "\nprint('PYOK')\n");
        return sh("/usr/bin/python3 " + script);
    }
    inline static LocalCluster* cluster_ = nullptr;
    inline static std::string work_, s3url_;
};

// The S3 multipart ETag of `path` cut into `part`-byte parts: md5(md5(p1) || md5(p2) ...)-N.
inline std::string multipart_etag(const std::string& path, size_t part) {
    const std::string data = slurp(path);
    std::string raw;
    size_t n = 0;
    for (size_t off = 0; off < data.size(); off += part, ++n) {
        std::string hex = cksum(CksumType::md5, std::string_view(data).substr(off, part));
        for (size_t i = 0; i < hex.size(); i += 2)
            raw += static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16));
    }
    return cksum(CksumType::md5, raw) + "-" + std::to_string(n);
}

}  // namespace s3test
