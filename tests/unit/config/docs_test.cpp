// docs/configuration.md must list exactly the schema's keys, with their types and defaults.
// The tables live between `<!-- BEGIN GENERATED: NAME -->` and `<!-- END GENERATED: NAME -->`
// markers and are generated from the schema; the prose around them is hand-written. To regenerate
// after changing a schema:
//   AIS_UPDATE_CONFIG_DOCS=1 ./build/tests/ut_config --gtest_filter='ConfigDocs.*'
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <limits>
#include <map>
#include <sstream>

#include "shared/config/authn_config.hpp"
#include "shared/config/bprops.hpp"
#include "shared/config/cli_config.hpp"
#include "shared/config/cluster_config.hpp"
#include "shared/config/local_config.hpp"

using namespace ais::config;

namespace {

const std::string kDocPath = std::string(AIS_TEST_FIXTURES) + "/../../docs/configuration.md";

struct Section {
    const char* name;
    std::vector<KeyInfo> keys;
};

std::vector<Section> sections() {
    return {{"cluster", list_keys<ClusterConfig>()},
            {"local", list_keys<LocalConfig>()},
            {"cli", list_keys<CliConfig>()},
            {"authn", list_keys<AuthnConfig>()},
            {"bprops", list_keys<ais::Bprops>()}};
}

std::string escape_cell(std::string_view s) {
    std::string out;
    for (char c : s) {
        if (c == '|') out += '\\';
        out += c;
    }
    return out;
}

std::string code(std::string_view s) {
    return s.empty() ? "`\"\"`" : "`" + escape_cell(s) + "`";
}

std::string describe(const KeyInfo& k) {
    std::string d = escape_cell(k.doc);
    if (!d.empty() && d[0] >= 'a' && d[0] <= 'z') d[0] = static_cast<char>(d[0] - 'a' + 'A');
    if (!d.empty() && d.back() != '.') d += '.';
    if (!k.choices.empty()) {
        d += " One of:";
        for (size_t i = 0; i < k.choices.size(); ++i) d += (i ? ", " : " ") + code(k.choices[i]);
        d += '.';
    }
    if (k.ranged && k.hi == std::numeric_limits<int64_t>::max())
        d += " Minimum: " + std::to_string(k.lo) + '.';
    else if (k.ranged)
        d += " Range: " + std::to_string(k.lo) + ".." + std::to_string(k.hi) + '.';
    if (k.secret) d += " Secret: hidden in API output.";
    if (k.readonly) d += " Read-only: set by the system.";
    return d;
}

std::string table(const std::vector<KeyInfo>& keys) {
    std::string out = "| Key | Type | Default | Description |\n|---|---|---|---|\n";
    for (const auto& k : keys)
        out += "| `" + k.key + "` | " + k.type + " | " + code(k.def) + " | " + describe(k) + " |\n";
    return out;
}

std::string begin_marker(const std::string& name) {
    return "<!-- BEGIN GENERATED: " + name + " -->\n";
}
std::string end_marker(const std::string& name) {
    return "<!-- END GENERATED: " + name + " -->";
}

std::string read(const std::string& path) {
    std::ifstream in(path);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// Splits a Markdown table row on '|' that are not escaped.
std::vector<std::string> cells(const std::string& line) {
    std::vector<std::string> out;
    std::string cur;
    for (size_t i = 0; i < line.size(); ++i) {
        if (line[i] == '\\' && i + 1 < line.size() && line[i + 1] == '|') {
            cur += '|';
            ++i;
        } else if (line[i] == '|') {
            out.push_back(cur);
            cur.clear();
        } else {
            cur += line[i];
        }
    }
    out.push_back(cur);
    for (auto& c : out) {
        while (!c.empty() && c.front() == ' ') c.erase(c.begin());
        while (!c.empty() && c.back() == ' ') c.pop_back();
    }
    return out;
}

std::string uncode(std::string s) {
    if (s.size() >= 2 && s.front() == '`' && s.back() == '`') s = s.substr(1, s.size() - 2);
    return s == "\"\"" ? "" : s;
}

struct DocRow {
    std::string type, def;
};

}  // namespace

TEST(ConfigDocs, MatchesSchema) {
    std::string doc = read(kDocPath);
    ASSERT_FALSE(doc.empty()) << "cannot read " << kDocPath;

    if (std::getenv("AIS_UPDATE_CONFIG_DOCS")) {
        for (const auto& s : sections()) {
            size_t b = doc.find(begin_marker(s.name));
            size_t e = doc.find(end_marker(s.name));
            ASSERT_NE(b, std::string::npos) << "missing marker for " << s.name;
            ASSERT_NE(e, std::string::npos) << "missing end marker for " << s.name;
            b += begin_marker(s.name).size();
            doc.replace(b, e - b, table(s.keys));
        }
        std::ofstream(kDocPath) << doc;
    }

    for (const auto& s : sections()) {
        SCOPED_TRACE(s.name);
        size_t b = doc.find(begin_marker(s.name));
        size_t e = doc.find(end_marker(s.name));
        ASSERT_NE(b, std::string::npos);
        ASSERT_NE(e, std::string::npos);
        std::map<std::string, DocRow> rows;
        std::istringstream block(doc.substr(b, e - b));
        for (std::string line; std::getline(block, line);) {
            if (line.rfind("| `", 0) != 0) continue;
            auto c = cells(line);
            ASSERT_GE(c.size(), 5u) << line;
            EXPECT_TRUE(rows.emplace(uncode(c[1]), DocRow{c[2], uncode(c[3])}).second)
                << "duplicate: " << line;
        }
        std::map<std::string, const KeyInfo*> schema;
        for (const auto& k : s.keys) schema[k.key] = &k;
        for (const auto& [key, k] : schema) {
            auto it = rows.find(key);
            if (it == rows.end()) {
                ADD_FAILURE() << "key \"" << key << "\" is missing from docs/configuration.md (" << s.name
                              << ")";
                continue;
            }
            EXPECT_EQ(it->second.type, k->type) << key;
            EXPECT_EQ(it->second.def, k->def) << "documented default of " << key;
        }
        for (const auto& [key, row] : rows)
            EXPECT_TRUE(schema.count(key))
                << "documented key \"" << key << "\" is not in the schema (" << s.name << ")";
    }
}
