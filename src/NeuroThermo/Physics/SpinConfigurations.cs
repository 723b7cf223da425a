using TorchSharp;
using static TorchSharp.torch;
using NeuroThermo.TorchExtensions;

namespace NeuroThermo.Physics;

/// <summary>
/// Batches of Ising configurations: float64 tensors of shape (B, N) holding ±1, one configuration per row.
/// </summary>
/// <remarks>
/// Integer codes number the 2^N configurations: spin i is +1 when bit i of the code is set and −1 when it is
/// clear (s_i = 2·bit_i − 1), so code 0 is all spins down and code 2^N − 1 all up. Exact enumeration,
/// probabilities and marginals all use this order.
/// </remarks>
public static class SpinConfigurations
{
    /// <summary>Most spins a code can describe: codes are int64 and travel through float64 exactly below 2^53.</summary>
    public const int MaxCodedSpins = 52;

    /// <summary>The configurations of <paramref name="codes"/> (int64, any shape S) as ±1 float64, shape (S…, N).</summary>
    public static Tensor FromCodes(Tensor codes, int spins)
    {
        ArgumentNullException.ThrowIfNull(codes);
        CheckSpinCount(spins);
        using var scope = torch.NewDisposeScope();
        var powers = torch.tensor(Enumerable.Range(0, spins).Select(i => 1L << i).ToArray());  // (N)
        var shifted = codes.unsqueeze(-1).div(powers, RoundingMode.floor);                                 // (S…, N): code >> i
        var bits = shifted - shifted.div(torch.full([], 2L, torch.int64), RoundingMode.floor) * 2;          // (S…, N): bit i
        return (bits.to(torch.float64) * 2 - 1).MoveToOuterDisposeScope();
    }

    /// <summary>The configurations of the codes <paramref name="first"/>, …, <paramref name="first"/> + count − 1, shape (count, N).</summary>
    public static Tensor Range(long first, long count, int spins)
    {
        using var codes = torch.arange(first, first + count);
        return FromCodes(codes, spins);
    }

    /// <summary>The integer codes (int64, shape (B)) of ±1 configurations <paramref name="spins"/> (B, N).</summary>
    public static Tensor ToCodes(Tensor spins)
    {
        var n = CheckBatch(spins, null);
        CheckSpinCount(n);
        using var scope = torch.NewDisposeScope();
        var powers = torch.tensor(Enumerable.Range(0, n).Select(i => (double)(1L << i)).ToArray());  // (N)
        var bits = (spins.to(torch.float64) + 1) / 2;                                                   // (B, N)
        return Guarded.matmul(bits, powers).round().to(torch.int64).MoveToOuterDisposeScope();
    }

    /// <summary><paramref name="batch"/> configurations of <paramref name="spins"/> independent fair ±1 spins, drawn from <paramref name="generator"/>.</summary>
    public static Tensor Random(long batch, int spins, Generator generator)
    {
        ArgumentNullException.ThrowIfNull(generator);
        if (batch < 1) throw new ArgumentOutOfRangeException(nameof(batch), batch, "A batch needs at least one configuration.");
        if (spins < 1) throw new ArgumentOutOfRangeException(nameof(spins), spins, "A configuration needs at least one spin.");
        using var bits = torch.randint(0, 2, [batch, spins], torch.float64, generator: generator);
        return bits * 2 - 1;
    }

    /// <summary>Magnetization per spin m = (1/N) Σ_i s_i of each configuration, shape (B).</summary>
    public static Tensor Magnetization(Tensor spins)
    {
        CheckBatch(spins, null);
        return spins.mean([1L]);
    }

    /// <summary>
    /// Checks that <paramref name="spins"/> is a (B, N) batch, with N = <paramref name="expectedSpins"/> when given,
    /// and returns N. Values are not inspected (that would cost a pass over the data on every energy call).
    /// </summary>
    public static int CheckBatch(Tensor spins, int? expectedSpins)
    {
        ArgumentNullException.ThrowIfNull(spins);
        var shape = spins.shape;
        if (shape.Length != 2)
            throw new ArgumentException($"Spins must be a (batch, N) tensor; got shape [{string.Join(", ", shape)}].", nameof(spins));
        if (expectedSpins is { } n && shape[1] != n)
            throw new ArgumentException($"Spins have {shape[1]} columns but the model has {n} spins.", nameof(spins));
        return (int)shape[1];
    }

    private static void CheckSpinCount(int spins)
    {
        if (spins is < 1 or > MaxCodedSpins)
            throw new ArgumentOutOfRangeException(nameof(spins), spins, $"Codes describe 1 to {MaxCodedSpins} spins.");
    }
}
