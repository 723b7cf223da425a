using NeuroThermo.TorchExtensions.Native;
using static NeuroThermo.TorchExtensions.Tests.Native.CheckerboardTestStates;
using static TorchSharp.torch;

namespace NeuroThermo.TorchExtensions.Tests.Native;

/// <summary>
/// The public <see cref="IsingCheckerboardKernel.Sweeps"/> runs on libtorch's thread count; a chain must not
/// depend on it. Sets that count, hence the non-parallel collection.
/// </summary>
[Collection(EngineGlobalStateCollection.Name)]
public sealed class IsingCheckerboardKernelThreadTests
{
    [Fact]
    public void Chain_DoesNotDependOnLibtorchsThreadCount()
    {
        // L = 256: 512 rows of 128 sites for two chains, which the default share splits between two threads.
        const int Size = 256, Chains = 2, Count = 10;
        var thresholds = Thresholds(beta: 1 / 2.269, coupling: 1, field: 0);
        int before = get_num_threads();
        try
        {
            using var scope = NewDisposeScope();
            var (spins, rng) = Random(Chains, Size, seed: 4);
            var (other, otherRng) = (spins.clone(), rng.clone());
            var bonds = new long[Count * Chains];
            var otherBonds = new long[Count * Chains];
            set_num_threads(1);
            IsingCheckerboardKernel.Sweeps(spins, rng, thresholds, Count, bonds, []);
            set_num_threads(2);
            IsingCheckerboardKernel.Sweeps(other, otherRng, thresholds, Count, otherBonds, []);
            Assert.Equal(Bytes(spins), Bytes(other));
            Assert.Equal(Words(rng), Words(otherRng));
            Assert.Equal(bonds, otherBonds);
        }
        finally
        {
            set_num_threads(before);
        }
    }
}
