using NeuroThermo.Sampling.Native;
using TorchSharp;
using static TorchSharp.torch;

namespace NeuroThermo.Sampling;

/// <summary>Which Markov chain draws configurations in <see cref="SquareIsingConfigurations"/>.</summary>
public enum ConfigurationChain
{
    /// <summary>
    /// Checkerboard Metropolis with the native kernel (<see cref="SquareIsingCheckerboard"/>); one step is a sweep.
    /// Fast per step and decorrelating in a few sweeps away from T_c; from the ordered start it stays in the + phase
    /// below T_c, so the connected G(r) needs no sign correction.
    /// </summary>
    Metropolis,

    /// <summary>
    /// Wolff cluster updates (<see cref="SquareLatticeWolff"/>); one step is one cluster update. The chain to use near T_c,
    /// where Metropolis needs of order L^2.17 sweeps per independent configuration.
    /// </summary>
    Wolff,
}

/// <summary>
/// Equilibrium configurations of the ferromagnetic Ising model on a periodic L×L lattice (J = 1, h = 0, β = 1/T),
/// from independent chains started ordered, as one (S, L, L) int8 tensor of ±1 in chain-major order: the samples of
/// chain 0, then those of chain 1, … so that consecutive-sample bins of a jackknife never straddle two chains.
/// </summary>
public static class SquareIsingConfigurations
{
    /// <summary>
    /// <paramref name="chains"/> chains of L = <paramref name="size"/> at β = <paramref name="inverseTemperature"/>:
    /// <paramref name="thermalization"/> steps discarded, then <paramref name="samplesPerChain"/> configurations
    /// <paramref name="interval"/> steps apart; every random draw from <paramref name="seed"/>.
    /// </summary>
    public static Tensor Sample(
        ConfigurationChain chain, int size, double inverseTemperature, int chains, int thermalization, int samplesPerChain,
        int interval, ulong seed, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(chains, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(thermalization);
        ArgumentOutOfRangeException.ThrowIfLessThan(samplesPerChain, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(interval, 1);
        using var scope = torch.NewDisposeScope();
        var samples = torch.empty([chains, samplesPerChain, size, size], ScalarType.Int8);   // (C, K, L, L)
        Action<int> run;
        Func<Tensor> current;   // (C, L, L) int8
        IDisposable[] owned;
        switch (chain)
        {
            case ConfigurationChain.Metropolis:
                var checkerboard = new SquareIsingCheckerboard(size, inverseTemperature);
                var board = checkerboard.Initialize(chains, seed, ordered: true);
                run = steps => checkerboard.Run(board, steps);
                current = () => SquareIsingCheckerboard.ToLattice(board);
                owned = [board];
                break;
            case ConfigurationChain.Wolff:
                var wolff = new SquareLatticeWolff(size, inverseTemperature);
                var state = wolff.Initialize(chains, seed);
                run = steps => wolff.Run(state, steps);
                current = state.ToLattice;
                owned = [];
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(chain), chain, "Unknown chain.");
        }
        try
        {
            using var noGrad = torch.no_grad();
            run(thermalization);
            for (var k = 0; k < samplesPerChain; k++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                using var step = torch.NewDisposeScope();
                run(interval);
                samples.select(1, k).copy_(current());
            }
        }
        finally
        {
            foreach (var resource in owned) resource.Dispose();
        }
        return samples.view(chains * samplesPerChain, size, size).MoveToOuterDisposeScope();   // (C, K, L, L) -> (C·K, L, L)
    }
}
