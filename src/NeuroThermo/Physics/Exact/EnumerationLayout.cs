using System.Numerics;
using TorchSharp;
using static TorchSharp.torch;
using NeuroThermo.TorchExtensions;

namespace NeuroThermo.Physics.Exact;

/// <summary>
/// How the 2^N configurations are cut into chunks. Code c = outer · 2^K + inner, where the inner part holds spins
/// 0 … K−1 and the outer part spins K … N−1 (bit i is spin i, see <see cref="SpinConfigurations"/>). The inner
/// configurations are tabulated once; a chunk is M consecutive outer configurations combined with all 2^K inner ones,
/// laid out (M, 2^K) so that flattening it lists codes in increasing order.
/// </summary>
internal sealed class EnumerationLayout : IDisposable
{
    public EnumerationLayout(int spins, ExactEnumerationOptions options)
    {
        SpinCount = spins;
        InnerBits = Math.Min(spins, options.InnerBits);
        OuterBits = spins - InnerBits;
        var rowBits = Math.Min(OuterBits, Math.Max(0, options.ChunkBits - InnerBits));
        RowsPerChunk = 1 << rowBits;
        ChunkCount = 1 << (OuterBits - rowBits);
        InnerSpins = InnerTable(InnerBits).DetachFromDisposeScope();
        _innerUpCountOneHot = new Lazy<Tensor>(() => UpCountOneHot().DetachFromDisposeScope());
    }

    private readonly Lazy<Tensor> _innerUpCountOneHot;

    /// <summary>N.</summary>
    public int SpinCount { get; }

    /// <summary>K, the spins of the tabulated inner block.</summary>
    public int InnerBits { get; }

    /// <summary>N − K.</summary>
    public int OuterBits { get; }

    /// <summary>M, outer configurations per chunk.</summary>
    public int RowsPerChunk { get; }

    /// <summary>Number of chunks, 2^(N−K) / M.</summary>
    public int ChunkCount { get; }

    /// <summary>Configurations per chunk, M · 2^K.</summary>
    public long ChunkSize => (long)RowsPerChunk << InnerBits;

    /// <summary>Inner configurations as ±1: (2^K, K).</summary>
    public Tensor InnerSpins { get; }

    /// <summary>One-hot of the number of up spins of each inner configuration: (2^K, K + 1) float64, built on first use.</summary>
    public Tensor InnerUpCountOneHot => _innerUpCountOneHot.Value;

    /// <summary>Code of the first configuration of <paramref name="chunk"/>.</summary>
    public long FirstCode(int chunk) => (long)chunk * ChunkSize;

    /// <summary>Outer configurations of <paramref name="chunk"/> as ±1: (M, N − K); (1, 0) when there is no outer part.</summary>
    public Tensor OuterSpins(int chunk) => OuterBits == 0
        ? torch.zeros([1, 0], torch.float64)
        : SpinConfigurations.Range((long)chunk * RowsPerChunk, RowsPerChunk, OuterBits);

    /// <summary>Number of up spins in each outer configuration of <paramref name="chunk"/> (M values).</summary>
    public int[] OuterUpCounts(int chunk)
    {
        var counts = new int[RowsPerChunk];
        for (var m = 0; m < RowsPerChunk; m++) counts[m] = BitOperations.PopCount((ulong)((long)chunk * RowsPerChunk + m));
        return counts;
    }

    // The same ±1 table SpinConfigurations.Range gives, written straight into the tensor's memory: it is built on
    // every enumeration, and this takes about a millisecond where the tensor route (or a managed array, which lands on
    // the large-object heap and can trigger a full collection) takes tens.
    private static Tensor InnerTable(int bits)
    {
        var size = 1 << bits;
        var table = torch.empty([size, bits], torch.float64);
        var values = table.AsSpan<double>();
        for (var code = 0; code < size; code++)
        {
            for (var i = 0; i < bits; i++) values[code * bits + i] = ((code >> i) & 1) * 2 - 1;
        }
        return table;
    }

    private Tensor UpCountOneHot()
    {
        var size = 1 << InnerBits;
        var table = new double[size * (InnerBits + 1)];
        for (var code = 0; code < size; code++) table[code * (InnerBits + 1) + BitOperations.PopCount((uint)code)] = 1;
        return torch.tensor(table, [size, InnerBits + 1]);
    }

    public void Dispose()
    {
        InnerSpins.Dispose();
        if (_innerUpCountOneHot.IsValueCreated) _innerUpCountOneHot.Value.Dispose();
    }
}
