// A strict reader of the Prometheus text exposition format (version 0.0.4) for tests: every line is
// a comment (# HELP name text, # TYPE name counter|gauge|histogram|summary|untyped) or a sample
// `name{label="value",...} value`; names and label names by the format's grammar, label values with
// their escapes, values as Go/Prometheus print them (incl. NaN, +Inf, 1.2e+07), a TYPE before the
// family's samples and at most once. Any violation throws std::runtime_error naming the line.
#pragma once

#include <cmath>
#include <cstdlib>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace ais::test {

struct PromSample {
    std::string name;
    std::map<std::string, std::string> labels;
    double value = 0;
};

struct PromText {
    std::map<std::string, std::string> types;  // family -> type
    std::map<std::string, std::string> helps;
    std::vector<PromSample> samples;

    // The value of the one sample of `name` whose labels include `want` (throws if none or several).
    double value(const std::string& name, const std::map<std::string, std::string>& want = {}) const {
        const PromSample* found = nullptr;
        for (const auto& s : samples) {
            if (s.name != name) continue;
            bool ok = true;
            for (const auto& [k, v] : want)
                if (auto it = s.labels.find(k); it == s.labels.end() || it->second != v) ok = false;
            if (!ok) continue;
            if (found) throw std::runtime_error("several samples of " + name);
            found = &s;
        }
        if (!found) throw std::runtime_error("no sample of " + name);
        return found->value;
    }
};

inline PromText parse_prom_text(const std::string& text) {
    static const std::regex kName("[a-zA-Z_:][a-zA-Z0-9_:]*");
    static const std::regex kLabel("[a-zA-Z_][a-zA-Z0-9_]*");
    PromText out;
    std::set<std::string> sampled;  // families that have samples already
    std::istringstream in(text);
    std::string line;
    int no = 0;
    auto fail = [&](const std::string& why) {
        throw std::runtime_error("line " + std::to_string(no) + ": " + why + ": \"" + line + "\"");
    };
    auto family_of = [&](const std::string& n) {
        for (const char* suf : {"_bucket", "_sum", "_count"}) {
            const std::string s(suf);
            if (n.size() > s.size() && n.ends_with(s) && out.types.count(n.substr(0, n.size() - s.size())) &&
                (out.types[n.substr(0, n.size() - s.size())] == "histogram" ||
                 out.types[n.substr(0, n.size() - s.size())] == "summary"))
                return n.substr(0, n.size() - s.size());
        }
        return n;
    };
    if (!text.empty() && text.back() != '\n') throw std::runtime_error("the last line has no newline");
    while (std::getline(in, line)) {
        ++no;
        if (line.empty()) continue;
        if (line[0] == '#') {
            std::istringstream ls(line);
            std::string hash, kw, name;
            ls >> hash >> kw >> name;
            if (kw != "HELP" && kw != "TYPE") continue;  // other comments are allowed
            if (!std::regex_match(name, kName)) fail("bad metric name");
            std::string rest;
            std::getline(ls, rest);
            if (!rest.empty() && rest[0] == ' ') rest.erase(0, 1);
            if (kw == "TYPE") {
                static const std::set<std::string> kTypes{"counter", "gauge", "histogram", "summary", "untyped"};
                if (!kTypes.count(rest)) fail("bad type");
                if (out.types.count(name)) fail("second TYPE");
                if (sampled.count(name)) fail("TYPE after samples");
                out.types[name] = rest;
            } else {
                if (out.helps.count(name)) fail("second HELP");
                out.helps[name] = rest;
            }
            continue;
        }
        PromSample s;
        size_t i = 0;
        while (i < line.size() && line[i] != '{' && line[i] != ' ') ++i;
        s.name = line.substr(0, i);
        if (!std::regex_match(s.name, kName)) fail("bad metric name");
        if (i < line.size() && line[i] == '{') {
            ++i;
            while (i < line.size() && line[i] != '}') {
                size_t eq = line.find('=', i);
                if (eq == std::string::npos) fail("label without '='");
                std::string ln = line.substr(i, eq - i);
                if (!std::regex_match(ln, kLabel)) fail("bad label name");
                i = eq + 1;
                if (i >= line.size() || line[i] != '"') fail("label value not quoted");
                ++i;
                std::string v;
                for (;; ++i) {
                    if (i >= line.size()) fail("unterminated label value");
                    char ch = line[i];
                    if (ch == '"') break;
                    if (ch == '\\') {
                        if (++i >= line.size()) fail("bad escape");
                        ch = line[i] == 'n' ? '\n' : line[i];
                        if (line[i] != 'n' && line[i] != '\\' && line[i] != '"') fail("bad escape");
                    }
                    v += ch;
                }
                ++i;
                if (s.labels.count(ln)) fail("repeated label");
                s.labels[ln] = v;
                if (i < line.size() && line[i] == ',') ++i;
            }
            if (i >= line.size()) fail("unterminated labels");
            ++i;
        }
        if (i >= line.size() || line[i] != ' ') fail("no value");
        std::string rest = line.substr(i + 1);
        std::string val = rest.substr(0, rest.find(' '));  // an optional timestamp may follow
        if (val == "NaN") s.value = NAN;
        else if (val == "+Inf") s.value = INFINITY;
        else if (val == "-Inf") s.value = -INFINITY;
        else {
            char* end = nullptr;
            s.value = std::strtod(val.c_str(), &end);
            if (val.empty() || *end != '\0') fail("bad value");
        }
        sampled.insert(family_of(s.name));
        out.samples.push_back(std::move(s));
    }
    return out;
}

}  // namespace ais::test
