#include <cstdio>
#include <cstring>

int main(int argc, char** argv) {
    if (argc > 1 && (!std::strcmp(argv[1], "--version") || !std::strcmp(argv[1], "version"))) {
        std::printf("authn %s\n", AIS_VERSION);
        return 0;
    }
    std::fprintf(stderr, "usage: authn -config FILE\n");
    return 2;
}
