// Reads files from tests/fixtures/api (made by gen_fixtures.py with Python's msgpack/json/xxhash).
#pragma once

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

namespace ais::api::test {

inline std::string fixture(const std::string& name) {
    std::string path = std::string(AIS_TEST_FIXTURES) + "/api/" + name;
    std::ifstream f(path, std::ios::binary);
    if (!f) throw std::runtime_error("missing fixture " + path);
    std::ostringstream ss;
    ss << f.rdbuf();
    return ss.str();
}

}  // namespace ais::api::test
