// Which names go into a target's list-objects page.
#include "aisnode/target/lso_page.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

using namespace ais::node;

namespace {

std::vector<NameEnt> names(std::initializer_list<const char*> list) {
    std::vector<NameEnt> v;
    for (const char* n : list) {
        std::string s(n);
        bool dir = !s.empty() && s.back() == '/';
        v.push_back(NameEnt{s, 0, dir});
    }
    sort_unique(v);
    return v;
}

std::vector<std::string> page_names(const Page& p) {
    std::vector<std::string> out;
    for (const auto& it : p.items) out.push_back(it.is_dir() ? it.name + "(dir)" : it.name);
    return out;
}

using V = std::vector<std::string>;

}  // namespace

TEST(LsoPage, AllSortedAndPaged) {
    auto all = names({"c", "a", "b/x", "b/y", "d", "a"});
    ASSERT_EQ(all.size(), 5u);  // duplicates (e.g. on two mountpaths) collapse

    PageSpec s;
    s.pagesize = 2;
    Page p = select_page(all, s);
    EXPECT_EQ(page_names(p), (V{"a", "b/x"}));
    EXPECT_TRUE(p.full);

    s.after = "b/x";  // continuation token = last name of the previous page
    p = select_page(all, s);
    EXPECT_EQ(page_names(p), (V{"b/y", "c"}));
    EXPECT_TRUE(p.full);

    s.after = "c";
    p = select_page(all, s);
    EXPECT_EQ(page_names(p), (V{"d"}));
    EXPECT_FALSE(p.full);

    s.after = "d";  // after an exactly full page: an empty last page
    p = select_page(all, s);
    EXPECT_TRUE(p.items.empty());
    EXPECT_FALSE(p.full);

    s.after = "bzz";  // a token that is not a name works too
    p = select_page(all, s);
    EXPECT_EQ(page_names(p), (V{"c", "d"}));

    PageSpec dflt;  // pagesize 0 = default
    dflt.pagesize = 0;
    EXPECT_EQ(select_page(all, dflt).items.size(), 5u);
}

TEST(LsoPage, Prefix) {
    auto all = names({"a", "ab", "ab/c", "abc", "b", "a/1", "a/2"});
    PageSpec s;
    s.prefix = "ab";
    EXPECT_EQ(page_names(select_page(all, s)), (V{"ab", "ab/c", "abc"}));
    s.prefix = "a/";
    EXPECT_EQ(page_names(select_page(all, s)), (V{"a/1", "a/2"}));
    s.prefix = "a/";
    s.after = "a/1";
    EXPECT_EQ(page_names(select_page(all, s)), (V{"a/2"}));
    s.prefix = "zz";
    s.after = "";
    EXPECT_TRUE(select_page(all, s).items.empty());
    s.prefix = "ab";
    s.after = "a";  // token before the prefix range
    EXPECT_EQ(page_names(select_page(all, s)), (V{"ab", "ab/c", "abc"}));
}

TEST(LsoPage, NoRecursionCollapsesDirs) {
    auto all = names({"top", "a/1", "a/2", "a/b/3", "a.txt", "a0", "c/d/e"});
    PageSpec s;
    s.no_recursion = true;
    Page p = select_page(all, s);
    // "a/" sorts after "a.txt" ('.' < '/') and before "a0" ('/' < '0').
    EXPECT_EQ(page_names(p), (V{"a.txt", "a/(dir)", "a0", "c/(dir)", "top"}));

    s.prefix = "a/";
    EXPECT_EQ(page_names(select_page(all, s)), (V{"a/1", "a/2", "a/b/(dir)"}));

    s.prefix = "a/b";  // a prefix inside a directory level
    EXPECT_EQ(page_names(select_page(all, s)), (V{"a/b/(dir)"}));

    s.prefix = "";
    s.no_dirs = true;
    EXPECT_EQ(page_names(select_page(all, s)), (V{"a.txt", "a0", "top"}));
}

TEST(LsoPage, NoRecursionPagingOverDirs) {
    auto all = names({"a/1", "a/2", "b", "c/1", "d"});
    PageSpec s;
    s.no_recursion = true;
    s.pagesize = 1;
    std::vector<std::string> seen;
    for (int i = 0; i < 10; ++i) {
        Page p = select_page(all, s);
        for (const auto& it : p.items) seen.push_back(it.name);
        if (!p.full) break;
        s.after = p.items.back().name;  // "a/" as the token must not repeat "a/"
    }
    EXPECT_EQ(seen, (V{"a/", "b", "c/", "d"}));
}

TEST(LsoPage, WalkedDirEntries) {
    // A non-recursive walk reports subdirectories itself as "x/" entries.
    auto all = names({"a/", "b", "a/"});
    PageSpec s;
    s.no_recursion = true;
    EXPECT_EQ(page_names(select_page(all, s)), (V{"a/(dir)", "b"}));
    s.prefix = "a/";
    EXPECT_TRUE(select_page(all, s).items.empty());  // the directory itself is not an entry
}

TEST(LsoPage, PrefixBase) {
    EXPECT_EQ(prefix_base("a/b"), "a/");
    EXPECT_EQ(prefix_base("a/b/"), "a/b/");
    EXPECT_EQ(prefix_base("ab"), "");
    EXPECT_EQ(prefix_base(""), "");
}
