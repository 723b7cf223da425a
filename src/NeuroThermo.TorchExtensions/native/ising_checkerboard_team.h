// The threads of one call of the checkerboard driver: a team started for the call and joined before it returns,
// and the barrier its members meet at after every half-sweep.
//
// The driver uses its own threads, not OpenMP: TorchSharp's libtorch brings its own OpenMP runtime
// (libgomp-98b21ff3.so.1), and -fopenmp here would load a second one, the system's, into the same process,
// with a second pool of threads spinning beside libtorch's. A team lives for one call, which runs many
// half-sweeps, so the cost of starting it (tens of microseconds) is paid once per call, not per half-sweep.
#pragma once
#include <atomic>
#include <cstdint>
#include <exception>
#include <thread>
#include <vector>

namespace nt::checkerboard {

// A reusable barrier for a fixed number of threads. The last thread to arrive runs a completion step before
// it releases the others, so that step sees everything the team wrote and nobody writes while it runs.
//
// Waiting threads spin, then yield: a half-sweep of a small lattice takes microseconds, far less than a
// sleeping thread takes to wake. They never block in the kernel, and on a machine with more threads than
// cores the yield hands the core to the thread being waited for.
class Barrier {
public:
    explicit Barrier(int count) : count_(count) {}

    template <typename Completion>
    void arrive_and_wait(Completion&& completion) {
        const uint32_t generation = generation_.load(std::memory_order_acquire);
        if (arrived_.fetch_add(1, std::memory_order_acq_rel) == count_ - 1) {
            completion();
            arrived_.store(0, std::memory_order_relaxed);
            generation_.store(generation + 1, std::memory_order_release);
            return;
        }
        for (int spin = 0; generation_.load(std::memory_order_acquire) == generation; ++spin) {
            if (spin < kSpins) {
                pause();
            } else {
                std::this_thread::yield();
            }
        }
    }

private:
    // About 10-50 µs of pause instructions before yielding, depending on the processor's pause latency.
    static constexpr int kSpins = 1000;

    static void pause() {
#if defined(__x86_64__) || defined(__i386__)
        __builtin_ia32_pause();
#endif
    }

    const int count_;
    std::atomic<int> arrived_{0};
    std::atomic<uint32_t> generation_{0};
};

// Runs body(worker) for worker = 0 … workers - 1 at once, worker 0 on the calling thread. If a thread cannot be
// started, the ones already started are told to return without running the body, and the error is rethrown:
// no member may wait at a barrier for a thread that does not exist.
template <typename Body>
void run_team(int workers, Body&& body) {
    enum : int { kWait, kGo, kAbort };
    std::atomic<int> gate{kWait};
    std::vector<std::thread> threads;
    threads.reserve(static_cast<size_t>(workers > 0 ? workers - 1 : 0));
    try {
        for (int worker = 1; worker < workers; ++worker) {
            threads.emplace_back([&gate, &body, worker] {
                int state;
                while ((state = gate.load(std::memory_order_acquire)) == kWait) std::this_thread::yield();
                if (state == kGo) body(worker);
            });
        }
    } catch (...) {
        gate.store(kAbort, std::memory_order_release);
        for (auto& thread : threads) thread.join();
        throw;
    }
    gate.store(kGo, std::memory_order_release);
    body(0);
    for (auto& thread : threads) thread.join();
}

}  // namespace nt::checkerboard
