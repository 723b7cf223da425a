using BenchmarkDotNet.Attributes;
using NeuroThermo.TorchExtensions;
using TorchSharp;
using static TorchSharp.torch;

namespace NeuroThermo.Benchmarks;

/// <summary>Cost of one small operator call through TorchSharp (1-element add, result disposed).</summary>
[MemoryDiagnoser]
public class OpOverheadBenchmarks
{
    private Tensor _a = null!;
    private Tensor _b = null!;

    [Params(1)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        torch.set_num_threads(Threads);
        _a = torch.ones(1);
        _b = torch.ones(1);
    }

    [Benchmark]
    public void AddOneElement()
    {
        using var c = _a + _b;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _a.Dispose();
        _b.Dispose();
    }
}

/// <summary>1024 × 1024 float32 matrix product; GFLOP/s = 2·1024³ / time.</summary>
public class MatmulBenchmarks
{
    private Tensor _a = null!;
    private Tensor _b = null!;

    [Params(1, 2)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        torch.set_num_threads(Threads);
        using var generator = new Generator(1);
        _a = torch.randn([Workloads.MatmulSize, Workloads.MatmulSize], generator: generator);
        _b = torch.randn([Workloads.MatmulSize, Workloads.MatmulSize], generator: generator);
    }

    [Benchmark]
    public void Matmul1024()
    {
        using var c = Guarded.matmul(_a, _b);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _a.Dispose();
        _b.Dispose();
    }
}

/// <summary>One training step (forward, backward, AdamW) of an MLP 784-512-512-10 at batch 128.</summary>
public class MlpStepBenchmarks
{
    private Workloads.MlpStep _step = null!;

    [Params(1, 2)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        torch.set_num_threads(Threads);
        _step = new Workloads.MlpStep();
    }

    [Benchmark]
    public float TrainingStep() => _step.Run();

    [GlobalCleanup]
    public void Cleanup() => _step.Dispose();
}
