using System.Diagnostics;
using System.Globalization;
using NeuroThermo.TorchExtensions;
using TorchSharp;
using static TorchSharp.torch;

namespace NeuroThermo.Benchmarks;

/// <summary>
/// The side-by-side harness: the same workloads, repetitions and statistic (median of runs) as
/// bench/peers/pytorch_eager.py, printing the same "name value" lines, so the two can be run one
/// after the other in one session and compared as ratios.
/// </summary>
internal static class SideBySide
{
    private const int Runs = 7;
    private const int AddOpsPerRun = 200_000;
    private const int MatmulsPerRun = 10;
    private const int MlpWarmupSteps = 20;
    private const int MlpStepsPerRun = 100;
    private const int RssSteps = 10_000;
    private const int EpochRuns = 3;
    private const int RssReferenceStep = 500;
    private const int EnumerationRuns = 5;
    private const int LmRssSteps = 10_000;
    private const int LmRssReferenceStep = 500;

    internal static void Run(string only, int chunkBits = 0, bool autograd = true, int enumerationRuns = EnumerationRuns, int lmRssSteps = LmRssSteps)
    {
        // Which BLAS kernels the products run on, for the scripts to record with the results: libtorch 2.10 has oneMKL
        // linked in, which names its version and instruction set on stdout at its first call when MKL_VERBOSE=1.
        if (only is "blas-core") BlasProbe();
        if (only is "add" or "all") Report("add_1elem_us", Median(AddRun));
        if (only is "matmul" or "all") Report("matmul_1024_gflops", Workloads.MatmulFlops * MatmulsPerRun / Median(MatmulRun) / 1e9);
        if (only is "mlp" or "all") Report("mlp_step_ms", Median(MlpRuns()) * 1e3);
        if (only is "rss" or "all") Rss();
        if (only is "mlp-epoch") Report("mlp_epoch_s", Median(MlpEpochRuns()));
        // One CD-1 epoch of a 784 × 500 RBM against bench/peers/rbm_cd1.py (bench/run_rbm_epoch.sh).
        if (only is "rbm-epoch") RbmWorkload.Run(EpochRuns, Report);
        // The language model of configs/lm-shakespeare-nanogpt.json against bench/peers/nanogpt_char.py.
        if (only is "lm-step") LmWorkload.Step(runs: 5, iterations: 100, warmup: 20);
        if (only is "lm-sample") LmWorkload.Sample(runs: 5, tokens: 500);
        if (only is "lm-phases") LmWorkload.Phases(iterations: 200, warmup: 20);
        if (only is "lm-rss") LmWorkload.Rss(steps: lmRssSteps, warmup: Math.Min(LmRssReferenceStep, lmRssSteps));
        if (only is "lm-parity") LmWorkload.Parity("artifacts/bench/lm-parity");
        // Not part of "all": a run takes tens of seconds, and bench/run_enumeration.sh times it on its own.
        // Full precision, so that ln Z, U and C can be compared digit by digit with the peer's.
        if (only is "enumeration")
            EnumerationWorkload.Run(enumerationRuns,
                chunkBits > 0 ? new NeuroThermo.Physics.Exact.ExactEnumerationOptions { ChunkBits = chunkBits } : new NeuroThermo.Physics.Exact.ExactEnumerationOptions(),
                autograd, (name, value) => Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name} {value:R}")));
        // Not part of "all" either: bench/run_checkerboard.sh times it against bench/peers/checkerboard_metropolis.py.
        if (only is "checkerboard") CheckerboardWorkload.Run(enumerationRuns, Report);
    }

    private static void Report(string name, double value) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name} {value:G6}"));

    private static double Median(Func<double> run) => Median(Enumerable.Range(0, Runs).Select(_ => run()));

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : 0.5 * (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]);
    }

    // One small float32 product, so that the BLAS initializes (and, under MKL_VERBOSE=1, prints what it chose).
    private static void BlasProbe()
    {
        using var a = torch.ones([64, 64]);
        Guarded.matmul(a, a).Dispose();
        Console.WriteLine($"# TorchSharp {typeof(torch).Assembly.GetName().Version}, {torch.get_num_threads()} intra-op threads");
    }

    // Microseconds per 1-element add, result disposed each time.
    private static double AddRun()
    {
        using var a = torch.ones(1);
        using var b = torch.ones(1);
        for (var i = 0; i < 1000; i++) (a + b).Dispose();
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < AddOpsPerRun; i++) (a + b).Dispose();
        return watch.Elapsed.TotalMicroseconds / AddOpsPerRun;
    }

    // Seconds for MatmulsPerRun products of two 1024² float32 matrices.
    private static double MatmulRun()
    {
        using var generator = new Generator(1);
        using var a = torch.randn([Workloads.MatmulSize, Workloads.MatmulSize], generator: generator);
        using var b = torch.randn([Workloads.MatmulSize, Workloads.MatmulSize], generator: generator);
        Guarded.matmul(a, b).Dispose();
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < MatmulsPerRun; i++) Guarded.matmul(a, b).Dispose();
        return watch.Elapsed.TotalSeconds;
    }

    // Seconds per MLP step, one value per run.
    private static IEnumerable<double> MlpRuns()
    {
        using var step = new Workloads.MlpStep();
        for (var i = 0; i < MlpWarmupSteps; i++) step.Run();
        var times = new List<double>();
        for (var r = 0; r < Runs; r++)
        {
            var watch = Stopwatch.StartNew();
            for (var i = 0; i < MlpStepsPerRun; i++) step.Run();
            times.Add(watch.Elapsed.TotalSeconds / MlpStepsPerRun);
        }
        return times;
    }

    // Seconds per epoch of the Fashion-MNIST-sized workload, one value per run after one warm-up epoch.
    // Not part of "all": an epoch takes seconds, the other workloads milliseconds.
    private static IEnumerable<double> MlpEpochRuns()
    {
        using var epoch = new Workloads.MlpEpoch();
        epoch.Run();
        var times = new List<double>();
        for (var r = 0; r < EpochRuns; r++)
        {
            var watch = Stopwatch.StartNew();
            epoch.Run();
            times.Add(watch.Elapsed.TotalSeconds);
        }
        return times;
    }

    private static void Rss()
    {
        using var step = new Workloads.MlpStep();
        long reference = 0;
        for (var i = 1; i <= RssSteps; i++)
        {
            step.Run();
            if (i == RssReferenceStep) reference = ResidentBytesAfterCollection();
            // A reading every 1,000 steps tells growth from a one-time step, and a steady count of live tensors (the
            // parameters, their gradients' owners and the optimizer's moments) rules out a tensor a step forgets.
            if (i % 1000 == 0)
            {
                var live = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"# step {i}: {ResidentBytesAfterCollection() / 1e6:F1} MB resident, {GC.GetTotalMemory(false) / 1e6:F1} MB managed, {live} live tensors"));
            }
        }
        var final = ResidentBytesAfterCollection();
        Report("mlp_rss_mb_at_500", reference / 1e6);
        Report("mlp_rss_mb_at_10000", final / 1e6);
        Report("mlp_rss_ratio", (double)final / reference);
    }

    // A leak is memory that stays: the reading follows a full, compacting collection, so that a managed heap that has
    // not yet had its first gen-2 collection (and hands tens of MB back when it does) passes neither for growth nor
    // for shrinkage of the native working set.
    internal static long ResidentBytesAfterCollection()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        return ResidentBytes();
    }

    // Resident set size from /proc/self/statm (second field, in pages).
    internal static long ResidentBytes()
    {
        var fields = File.ReadAllText("/proc/self/statm").Split(' ');
        return long.Parse(fields[1], CultureInfo.InvariantCulture) * Environment.SystemPageSize;
    }
}
