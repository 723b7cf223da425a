using NeuroThermo.TorchExtensions.Native;
using static NeuroThermo.TorchExtensions.Tests.Native.CheckerboardTestStates;
using static TorchSharp.torch;

namespace NeuroThermo.TorchExtensions.Tests.Native;

/// <summary>
/// Every input the kernel cannot take is refused in C#, before any memory is touched, with one sentence that
/// names the argument and what was expected.
/// </summary>
public sealed class IsingCheckerboardKernelValidationTests
{
    private static readonly uint[] Limits = Thresholds(0.4, 1, 0);

    [Fact]
    public void BadSpins_AreRefusedWithASentence()
    {
        using var scope = NewDisposeScope();
        var rng = Generator(1, 4);
        AssertRefused("spins", "spins must be of type int8, got float32.",
            () => Sweep(ones([1, 4, 2, 2]), rng));
        AssertRefused("spins", "spins must be contiguous (call .contiguous() first, and copy the result back after the sweeps).",
            () => Sweep(ones([1, 4, 2, 2], ScalarType.Int8).transpose(2, 3), rng));
        AssertRefused("spins", "spins must be a CPU tensor, got one on META.",
            () => Sweep(empty([1, 4, 2, 2], ScalarType.Int8, device: META), rng));
        AssertRefused("spins", "spins must be a dense tensor, got a sparse one.",
            () => Sweep(ones([1, 4, 2, 2], ScalarType.Int8).to_sparse(), rng));
        foreach (long[] shape in new long[][] { [1, 3, 2, 2], [1, 4, 2, 3], [4, 2, 2], [0, 4, 2, 2], [1, 4, 0, 0] })
        {
            AssertRefused("spins", $"spins must have shape (chains, 4, L/2, L/2) with at least one chain and L ≥ 2, got ({string.Join(", ", shape)}).",
                () => Sweep(ones(shape, ScalarType.Int8), rng));
        }
        Assert.Throws<ArgumentNullException>("spins", () => Sweep(null!, rng));
    }

    [Fact]
    public void BadGenerators_AreRefusedWithASentence()
    {
        using var scope = NewDisposeScope();
        var spins = ones([2, 4, 2, 2], ScalarType.Int8);
        AssertRefused("rng", "rng must be of type int32, got int64.",
            () => Sweep(spins, zeros([2, 4, 4, 16], ScalarType.Int64)));
        AssertRefused("rng", "rng must have shape (2, 4, 4, 16) for spins of shape (2, 4, 2, 2), got (2, 6, 4, 16).",
            () => Sweep(spins, Generator(2, 6)));
        AssertRefused("rng", "rng must have shape (2, 4, 4, 16) for spins of shape (2, 4, 2, 2), got (1, 4, 4, 16).",
            () => Sweep(spins, Generator(1, 4)));
        AssertRefused("rng", "rng must be contiguous (call .contiguous() first, and copy the result back after the sweeps).",
            () => Sweep(spins, Generator(2, 4).transpose(0, 1).contiguous().transpose(0, 1)));
        Assert.Throws<ArgumentNullException>("rng", () => Sweep(spins, null!));
    }

    [Fact]
    public void BadCountsAndBuffers_AreRefusedWithASentence()
    {
        using var scope = NewDisposeScope();
        var spins = ones([2, 4, 2, 2], ScalarType.Int8);
        var rng = Generator(2, 4);
        AssertRefused("thresholds", "thresholds must hold 10 limits (spin −1 then +1, neighbour sums −4…4), got 9.",
            () => IsingCheckerboardKernel.Sweeps(spins, rng, Limits.AsSpan(0, 9), 1, [], []));
        var negative = Assert.Throws<ArgumentOutOfRangeException>("sweeps",
            () => IsingCheckerboardKernel.Sweeps(spins, rng, Limits, -1, [], []));
        Assert.StartsWith("The number of sweeps must be non-negative.", negative.Message);
        AssertRefused("bondSums", "bondSums must be empty or hold sweeps × chains = 3 × 2 values, got 5.",
            () => IsingCheckerboardKernel.Sweeps(spins, rng, Limits, 3, new long[5], []));
        AssertRefused("spinSums", "spinSums must be empty or hold sweeps × chains = 3 × 2 values, got 5.",
            () => IsingCheckerboardKernel.Sweeps(spins, rng, Limits, 3, new long[6], new long[5]));
        // A count whose product with the chains overflows a long is still too large, not negative.
        AssertRefused("bondSums", $"bondSums must be empty or hold sweeps × chains = {long.MaxValue} × 2 values, got 6.",
            () => IsingCheckerboardKernel.Sweeps(spins, rng, Limits, long.MaxValue, new long[6], []));
        Assert.Throws<ArgumentOutOfRangeException>("threads",
            () => IsingCheckerboardKernel.Sweeps(spins, rng, Limits, 1, [], [], 0, 1, CheckerboardInstructionSet.Baseline));
        Assert.Throws<ArgumentException>("instructionSet",
            () => IsingCheckerboardKernel.Sweeps(spins, rng, Limits, 1, [], [], 1, 1, (CheckerboardInstructionSet)3));
    }

    [Fact]
    public void RefusedCalls_LeaveTheStateAlone()
    {
        using var scope = NewDisposeScope();
        var (spins, rng) = Random(2, 4, seed: 2);
        var (before, beforeRng) = (Bytes(spins), Words(rng));
        Assert.Throws<ArgumentException>(() => IsingCheckerboardKernel.Sweeps(spins, rng, Limits, 3, new long[5], []));
        Assert.Equal(before, Bytes(spins));
        Assert.Equal(beforeRng, Words(rng));
    }

    [Fact]
    public void BadSeedTargets_AreRefusedWithASentence()
    {
        using var scope = NewDisposeScope();
        AssertRefused("rng", "rng must be of type int32, got int8.",
            () => IsingCheckerboardKernel.Seed(zeros([1, 4, 4, 16], ScalarType.Int8), 1));
        AssertRefused("rng", "rng must have shape (chains, L, 4, 16), got (1, 4, 64).",
            () => IsingCheckerboardKernel.Seed(zeros([1, 4, 64], ScalarType.Int32), 1));
        AssertRefused("rng", "rng must have shape (chains, L, 4, 16), got (0, 4, 4, 16).",
            () => IsingCheckerboardKernel.Seed(zeros([0, 4, 4, 16], ScalarType.Int32), 1));
    }

    private static Tensor Generator(int chains, int rows) =>
        zeros([chains, rows, IsingCheckerboardKernel.Words, IsingCheckerboardKernel.Lanes], ScalarType.Int32);

    private static void Sweep(Tensor spins, Tensor rng) => IsingCheckerboardKernel.Sweeps(spins, rng, Limits, 1, [], []);

    // ArgumentException appends " (Parameter 'name')" to the sentence.
    private static void AssertRefused(string parameter, string sentence, Action call)
    {
        var error = Assert.Throws<ArgumentException>(parameter, call);
        Assert.Equal($"{sentence} (Parameter '{parameter}')", error.Message);
    }
}
