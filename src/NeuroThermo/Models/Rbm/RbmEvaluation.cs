using TorchSharp;
using static TorchSharp.torch;

using NeuroThermo.TorchExtensions;

namespace NeuroThermo.Models.Rbm;

/// <summary>How well a restricted Boltzmann machine fits data: log-likelihood, reconstruction error, pseudo-likelihood.</summary>
public static class RbmEvaluation
{
    /// <summary>Rows per chunk, so that a 10,000-image test set never holds more than one chunk's hidden fields.</summary>
    private const int ChunkRows = 2048;

    /// <summary>
    /// The average log-likelihood (1/N) Σ_n ln p(v_n) = −⟨F(v)⟩ − ln Z in nats per example, for <paramref name="data"/>
    /// (N, V) and a given ln Z (exact or from AIS), with F summed in float64.
    /// </summary>
    public static double AverageLogLikelihood(RestrictedBoltzmannMachine machine, Tensor data, double logZ)
    {
        ArgumentNullException.ThrowIfNull(machine);
        return -MeanOverChunks(machine, data, chunk =>
        {
            using var scope = torch.NewDisposeScope();
            return machine.FreeEnergy(chunk).to(ScalarType.Float64).sum().MoveToOuterDisposeScope();
        }) - logZ;
    }

    /// <summary>
    /// Mean squared reconstruction error per example, Σ_i (v_i − E[v_i | h])² with h ~ p(h | v): the guide's cheap
    /// progress signal (it is not the objective, and can fall while the likelihood gets worse).
    /// </summary>
    public static double ReconstructionError(RestrictedBoltzmannMachine machine, Tensor data, Generator generator)
    {
        ArgumentNullException.ThrowIfNull(machine);
        ArgumentNullException.ThrowIfNull(generator);
        return MeanOverChunks(machine, data, chunk =>
        {
            using var scope = torch.NewDisposeScope();
            var reconstruction = machine.VisibleMeans(machine.SampleHidden(chunk, generator));   // (C, V)
            return (chunk - reconstruction).square().to(ScalarType.Float64).sum().MoveToOuterDisposeScope();
        });
    }

    /// <summary>
    /// The stochastic pseudo-likelihood as scikit-learn's BernoulliRBM scores it: for each example flip one visible unit
    /// i chosen uniformly at random, giving ṽ, and take V · ln σ(F(ṽ) − F(v)) — an unbiased estimate of
    /// Σ_i ln p(v_i | v_{−i}), since ln p(v_i | v_{−i}) = ln σ(F(ṽ) − F(v)). Returned as the mean over examples.
    /// </summary>
    public static double PseudoLikelihood(RestrictedBoltzmannMachine machine, Tensor data, Generator generator)
    {
        ArgumentNullException.ThrowIfNull(machine);
        ArgumentNullException.ThrowIfNull(generator);
        return MeanOverChunks(machine, data, chunk =>
        {
            using var scope = torch.NewDisposeScope();
            var rows = chunk.size(0);
            var flipped = torch.randint(0, machine.VisibleCount, [rows, 1], ScalarType.Int64, generator: generator);      // (C, 1)
            var mask = torch.arange(machine.VisibleCount).unsqueeze(0).eq(flipped);                           // (C, V)
            var corrupted = torch.where(mask, machine.Units.Flip(chunk), chunk);
            var difference = (machine.FreeEnergy(corrupted) - machine.FreeEnergy(chunk)).to(ScalarType.Float64);   // (C)
            return (torch.nn.functional.logsigmoid(difference) * (double)machine.VisibleCount).sum().MoveToOuterDisposeScope();
        });
    }

    /// <summary>(1/N) Σ over chunks of <paramref name="chunkSum"/>, without a graph.</summary>
    private static double MeanOverChunks(RestrictedBoltzmannMachine machine, Tensor data, Func<Tensor, Tensor> chunkSum)
    {
        machine.CheckLayer(data, machine.VisibleCount, nameof(data));
        if (data.size(0) < 1) throw new ArgumentException("The data must have at least one row.", nameof(data));
        using var noGrad = torch.no_grad();
        var total = 0.0;
        for (long start = 0; start < data.size(0); start += ChunkRows)
        {
            using var chunk = data.narrow(0, start, Math.Min(ChunkRows, data.size(0) - start));
            using var sum = chunkSum(chunk);
            total += sum.ItemAs<double>();
        }
        return total / data.size(0);
    }
}
