using TorchSharp;
using static TorchSharp.torch;
using NeuroThermo.TorchExtensions;
using NeuroThermo.TorchExtensions.Serialization;

namespace NeuroThermo.Sampling.Native;

/// <summary>
/// Everything a <see cref="SquareIsingCheckerboard"/> chain batch needs to continue bit-identically:
/// the spins, the generator state and the sweep counter. The sampler changes it in place;
/// <see cref="Save"/> and <see cref="Load"/> round-trip it through safetensors.
/// </summary>
/// <remarks>
/// Spins are int8 ±1 of shape (chains, 4, L/2, L/2): quarter q holds the sites of colour q/2
/// ((row + column) mod 2) on rows of parity q mod 2, so quarter q, row i, column k is the lattice site
/// (2i + q mod 2, 2k + (q mod 2 XOR q/2)). Every neighbour of a site then lies in the other colour's two
/// quarters, one row or one column away, and a half-sweep touches only what it needs.
/// The generator state depends on the backend: (chains, L, 4, 16) int32 xoshiro128+ lanes for
/// <see cref="CheckerboardBackend.Native"/>, (chains, 4, L/2, L/2) int64 per-site LCG states for
/// <see cref="CheckerboardBackend.Tensor"/>.
/// </remarks>
public sealed class CheckerboardState : IDisposable
{
    private const string SpinsKey = "spins";
    private const string RandomKey = "random_state";
    private const string SweepsKey = "sweeps";
    private const string BackendKey = "backend";

    internal CheckerboardState(CheckerboardBackend backend, Tensor spins, Tensor randomState, long sweeps)
    {
        Backend = backend;
        Spins = spins;
        RandomState = randomState;
        SweepCount = sweeps;
    }

    /// <summary>The backend whose generator <see cref="RandomState"/> belongs to.</summary>
    public CheckerboardBackend Backend { get; }

    /// <summary>Spins, (chains, 4, L/2, L/2) int8 ±1, in the sublattice layout described above.</summary>
    public Tensor Spins { get; }

    /// <summary>The generator state (see the remarks for its shape per backend).</summary>
    public Tensor RandomState { get; }

    /// <summary>Sweeps done since the chains were initialised.</summary>
    public long SweepCount { get; internal set; }

    /// <summary>Number of independent chains.</summary>
    public int Chains => (int)Spins.shape[0];

    /// <summary>Linear size L of the lattice.</summary>
    public int Size => (int)(2 * Spins.shape[2]);

    /// <summary>Writes the state to a safetensors file.</summary>
    public void Save(string path)
    {
        using var scope = torch.NewDisposeScope();
        var sweeps = torch.tensor(new[] { SweepCount });
        Safetensors.Save(path,
            [new(SpinsKey, Spins), new(RandomKey, RandomState), new(SweepsKey, sweeps)],
            new Dictionary<string, string> { [BackendKey] = Backend.ToString() });
    }

    /// <summary>Reads a state written by <see cref="Save"/>.</summary>
    public static CheckerboardState Load(string path)
    {
        var (tensors, metadata) = Safetensors.LoadWithMetadata(path);
        if (!metadata.TryGetValue(BackendKey, out var name) || !Enum.TryParse<CheckerboardBackend>(name, out var backend))
            throw new InvalidDataException($"{path}: expected a checkerboard sampler state with a '{BackendKey}' metadata entry of {string.Join(" or ", Enum.GetNames<CheckerboardBackend>())}.");
        foreach (var key in new[] { SpinsKey, RandomKey, SweepsKey })
        {
            if (!tensors.ContainsKey(key))
                throw new InvalidDataException($"{path}: expected a tensor '{key}' in a checkerboard sampler state.");
        }
        long sweeps;
        using (var counter = tensors[SweepsKey]) sweeps = counter.ToArray<long>()[0];
        var state = new CheckerboardState(backend, tensors[SpinsKey], tensors[RandomKey], sweeps);
        SquareIsingCheckerboard.CheckState(state, path);
        return state;
    }

    public void Dispose()
    {
        Spins.Dispose();
        RandomState.Dispose();
    }
}
