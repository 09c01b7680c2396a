// aisloader: the AIS load generator and benchmark (spec/aisloader.md). Flags the Go way; see
// `aisloader usage` and docs/aisloader.md.
#include "aisloader/loader.hpp"
#include "aisloader/params.hpp"

#include <malloc.h>

#include <cstdio>
#include <cstring>
#include <exception>
#include <string_view>

using namespace ais::loader;

namespace {

constexpr const char* kUsagePointer = "Run `aisloader usage` for the list of flags and examples.\n";

void print_usage(Params& p) {
    std::string u = usage_text(p);
    std::fwrite(u.data(), 1, u.size(), stdout);
}

}  // namespace

int main(int argc, char** argv) {
    // The HTTP client takes a 256 KiB buffer per request. With glibc's defaults such blocks are
    // mmap'ed or trimmed back to the OS on free, so every request paid for fresh zero pages (page
    // faults were ~18% of CPU on 4 KiB GETs). Keep them on the heap and let freed memory be reused.
    ::mallopt(M_MMAP_THRESHOLD, 4 << 20);
    ::mallopt(M_TRIM_THRESHOLD, 64 << 20);
    Params p;
    register_flags(p);
    if (argc < 2) {
        print_usage(p);
        return 0;
    }
    std::string_view a1 = argv[1];
    if (a1 == "usage" || a1 == "help" || a1 == "-usage" || a1 == "--usage" || a1 == "-h" || a1 == "-help" ||
        a1 == "--help") {
        print_usage(p);
        return 0;
    }
    if (a1 == "version" || a1 == "-version" || a1 == "--version") {
        std::printf("version %s (build %s %s)\n", AIS_VERSION, __DATE__, __TIME__);
        return 0;
    }
    try {
        parse_params(p, argc, argv);
    } catch (const FlagHelp&) {
        print_usage(p);
        return 0;
    } catch (const FlagError& e) {
        std::fprintf(stderr, "%s\n%s", e.what(), kUsagePointer);
        return 2;
    } catch (const CleanupNotSet& e) {
        std::fprintf(stderr, "%s\n", e.what());
        return 1;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "%s\n%s", e.what(), kUsagePointer);
        return 2;
    }
    if (p.getloaderid) {
        std::printf("0x%llx\n", static_cast<unsigned long long>(p.loader_id));
        return 0;
    }
    try {
        return run(p);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "Error: %s\n", e.what());
        return 1;
    }
}
