// ISA-L Reed-Solomon throughput (aisnode/ec) against memcpy over the same buffers, the memory
// bandwidth reference measured in the same run.
//   ec_bench [SECONDS_PER_CASE]   (default 0.5; best of 3 runs per case)
// For D+P and a slice buffer size B, one encode reads D buffers of B bytes and writes P; "rebuild"
// restores P lost data slices from the other D. GiB/s counts the object bytes coded: D * B per
// call. memcpy copies the same D buffers of B bytes into D others.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <new>
#include <random>
#include <vector>

#include "aisnode/ec/codec.hpp"

namespace {

using Clock = std::chrono::steady_clock;

struct Bufs {
    Bufs(int n, size_t size) : size(size) {
        for (int i = 0; i < n; ++i) {
            auto* p = static_cast<uint8_t*>(::operator new (size, std::align_val_t{64}));
            std::mt19937_64 rng(i + 1);
            for (size_t k = 0; k + 8 <= size; k += 8) {
                uint64_t r = rng();
                std::memcpy(p + k, &r, 8);
            }
            ptrs.push_back(p);
        }
    }
    ~Bufs() {
        for (auto* p : ptrs) ::operator delete (p, std::align_val_t{64});
    }
    size_t size;
    std::vector<uint8_t*> ptrs;
};

// Best GiB/s over 3 runs of `secs` each; `bytes` processed per call of `fn`.
double rate(double secs, size_t bytes, const std::function<void()>& fn) {
    double best = 0;
    for (int run = 0; run < 3; ++run) {
        fn();  // warm up
        size_t calls = 0;
        auto t0 = Clock::now();
        std::chrono::duration<double> el{};
        do {
            for (int i = 0; i < 8; ++i) fn();
            calls += 8;
            el = Clock::now() - t0;
        } while (el.count() < secs);
        best =
            std::max(best, static_cast<double>(calls) * static_cast<double>(bytes) / el.count() / (1 << 30));
    }
    return best;
}

double memcpy_rate(double secs, int d, size_t size) {
    Bufs src(d, size), dst(d, size);
    return rate(secs, d * size, [&] {
        for (int i = 0; i < d; ++i) {
            std::memcpy(dst.ptrs[i], src.ptrs[i], size);
            asm volatile("" : : "r"(dst.ptrs[i]) : "memory");
        }
    });
}

}  // namespace

int main(int argc, char** argv) {
    const double secs = argc > 1 ? std::atof(argv[1]) : 0.5;
    const size_t sizes[] = {64 << 10, 1 << 20, 4 << 20};
    const int codes[][2] = {{2, 2}, {4, 2}};
    std::printf("%-5s %8s %14s %15s %14s %16s\n", "D+P", "slice", "encode GiB/s", "rebuild GiB/s",
                "memcpy GiB/s", "encode/memcpy");
    double ratio_1m = 0;
    for (auto [d, p] : codes) {
        ais::ec::Codec codec(d, p);
        for (size_t size : sizes) {
            Bufs shards(d + p, size);
            uint8_t* const* s = shards.ptrs.data();
            double enc = rate(secs, d * size, [&] { codec.encode(s, s + d, size); });
            // Worst case: the first P data slices lost (D+P-P = D left: the rest of the data + all parity).
            std::vector<bool> present(d + p, true);
            for (int i = 0; i < p && i < d; ++i) present[i] = false;
            double reb = rate(secs, d * size, [&] { codec.reconstruct(s, present, size); });
            double mc = memcpy_rate(secs, d, size);
            std::printf("%d+%-3d %6zuKiB %14.2f %15.2f %14.2f %16.2f\n", d, p, size >> 10, enc, reb, mc,
                        enc / mc);
            if (d == 4 && size == (1 << 20)) ratio_1m = enc / mc;
        }
    }
    std::printf("ratio: ISA-L 4+2 encode runs at %.2fx memcpy speed (1 MiB slices)\n", ratio_1m);
    return 0;
}
