using BenchmarkDotNet.Running;
using NeuroThermo.Benchmarks;
using NeuroThermo.TorchExtensions;
using TorchSharp;
using static TorchSharp.torch;

// `side-by-side [--threads N] [--only add|matmul|mlp|rss|all|mlp-epoch|rbm-epoch|enumeration|checkerboard|lm-step|lm-phases|lm-sample|lm-rss|lm-parity|blas-core] [--chunk-bits B] [--autograd yes|no] [--runs R] [--lm-rss-steps S]`
// runs the harness that mirrors the PyTorch eager peers; anything else goes to BenchmarkDotNet (e.g. `--filter '*Mlp*'`).
if (args.Length > 0 && args[0] == "side-by-side")
{
    // As the neurothermo command does; `--glibc-malloc` measures with glibc's defaults instead.
    if (!args.Contains("--glibc-malloc")) Console.WriteLine($"malloc_retains_freed_memory {(MallocTuning.RetainFreedMemory() ? 1 : 0)}");
    var threads = Option("--threads", "1");
    torch.set_num_threads(int.Parse(threads, System.Globalization.CultureInfo.InvariantCulture));
    Console.WriteLine($"threads {torch.get_num_threads()}");
    SideBySide.Run(Option("--only", "all"), int.Parse(Option("--chunk-bits", "0"), System.Globalization.CultureInfo.InvariantCulture),
        autograd: Option("--autograd", "yes") == "yes",
        enumerationRuns: int.Parse(Option("--runs", "5"), System.Globalization.CultureInfo.InvariantCulture),
        lmRssSteps: int.Parse(Option("--lm-rss-steps", "10000"), System.Globalization.CultureInfo.InvariantCulture));
    return;
}
BenchmarkSwitcher.FromAssembly(typeof(Workloads).Assembly).Run(args);

string Option(string name, string fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
}
