#include <cstdio>
#include <cstring>

int main(int argc, char** argv) {
    if (argc > 1 && (!std::strcmp(argv[1], "--version") || !std::strcmp(argv[1], "version"))) {
        std::printf("aisloader %s\n", AIS_VERSION);
        return 0;
    }
    std::fprintf(stderr, "usage: aisloader -bucket=NAME [flags]\n");
    return 2;
}
