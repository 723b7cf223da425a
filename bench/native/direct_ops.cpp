// Native peer for the NeuroThermo per-op overhead benchmark.
//
// Times at::add(a, b) on two 1-element float32 tensors
//   1. called directly through the C++ API (unboxed dispatch), and
//   2. called through the boxed dispatcher: findSchemaOrThrow("aten::add", "Tensor")
//      followed by callBoxed on a torch::jit::Stack holding (a, b, alpha=1).
//
// Usage: direct_ops [threads] [runs] [ops_per_run]
// Output: one "name value" line per result; comment lines start with '#'.

#include <ATen/ATen.h>
#include <ATen/Parallel.h>
#include <ATen/core/dispatch/Dispatcher.h>
#include <ATen/core/stack.h>
#include <torch/version.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <vector>

namespace {

using clock_type = std::chrono::steady_clock;

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    const size_t n = v.size();
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

// Runs body(ops) `runs` times and returns microseconds per op for each run.
template <class F>
std::vector<double> time_runs(int runs, long ops, F&& body) {
    std::vector<double> per_op;
    per_op.reserve(runs);
    for (int r = 0; r < runs; ++r) {
        const auto t0 = clock_type::now();
        body(ops);
        const auto t1 = clock_type::now();
        per_op.push_back(std::chrono::duration<double, std::micro>(t1 - t0).count() / static_cast<double>(ops));
    }
    return per_op;
}

void report(const char* name, const std::vector<double>& us) {
    std::printf("%s %.4f\n", name, median(us));
    std::printf("%s_min %.4f\n", name, *std::min_element(us.begin(), us.end()));
    std::printf("%s_max %.4f\n", name, *std::max_element(us.begin(), us.end()));
}

}  // namespace

int main(int argc, char** argv) {
    const int threads = argc > 1 ? std::atoi(argv[1]) : 1;
    const int runs = argc > 2 ? std::atoi(argv[2]) : 7;
    const long ops = argc > 3 ? std::atol(argv[3]) : 1000000L;
    if (threads < 1 || runs < 1 || ops < 1) {
        std::fprintf(stderr, "usage: %s [threads>=1] [runs>=1] [ops_per_run>=1]\n", argv[0]);
        return 2;
    }

    at::set_num_threads(threads);
    std::printf("# libtorch %s, %d runs x %ld ops per workload\n", TORCH_VERSION, runs, ops);
    std::printf("at_num_threads %d\n", at::get_num_threads());

    const at::Tensor a = at::ones({1}, at::kFloat);
    const at::Tensor b = at::ones({1}, at::kFloat);

    // --- 1. direct C++ call ------------------------------------------------
    auto direct = [&](long n) {
        for (long i = 0; i < n; ++i) {
            at::Tensor c = at::add(a, b);
            (void)c;
        }
    };
    direct(ops / 10);  // warm-up
    const auto direct_us = time_runs(runs, ops, direct);

    // --- 2. boxed dispatcher, fresh stack per call (what a C ABI shim does) --
    const c10::OperatorHandle op = c10::Dispatcher::singleton().findSchemaOrThrow("aten::add", "Tensor");
    const c10::IValue alpha{c10::Scalar(1)};
    auto boxed = [&](long n) {
        for (long i = 0; i < n; ++i) {
            torch::jit::Stack stack;
            stack.reserve(3);
            stack.emplace_back(a);
            stack.emplace_back(b);
            stack.emplace_back(alpha);
            op.callBoxed(&stack);
        }
    };
    {
        // sanity check that the boxed path really computes a + b
        torch::jit::Stack stack{a, b, alpha};
        op.callBoxed(&stack);
        if (stack.size() != 1 || stack[0].toTensor().item<float>() != 2.0f) {
            std::fprintf(stderr, "boxed aten::add returned an unexpected result\n");
            return 1;
        }
    }
    boxed(ops / 10);  // warm-up
    const auto boxed_us = time_runs(runs, ops, boxed);

    // --- 3. boxed dispatcher, one stack reused across calls -----------------
    torch::jit::Stack reused;
    reused.reserve(3);
    auto boxed_reuse = [&](long n) {
        for (long i = 0; i < n; ++i) {
            reused.clear();
            reused.emplace_back(a);
            reused.emplace_back(b);
            reused.emplace_back(alpha);
            op.callBoxed(&reused);
        }
    };
    boxed_reuse(ops / 10);  // warm-up
    const auto reuse_us = time_runs(runs, ops, boxed_reuse);

    report("cpp_add_direct_us", direct_us);
    report("cpp_add_boxed_us", boxed_us);
    report("cpp_add_boxed_reuse_us", reuse_us);
    std::printf("# direct at::add: median %.3f us/op; boxed callBoxed: %.3f us/op (fresh stack), "
                "%.3f us/op (reused stack)\n",
                median(direct_us), median(boxed_us), median(reuse_us));
    return 0;
}
