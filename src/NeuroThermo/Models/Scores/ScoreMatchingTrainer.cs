using NeuroThermo.Sampling.Statistics;
using NeuroThermo.TorchExtensions.Optim;
using TorchSharp;
using static TorchSharp.torch;

using optim = NeuroThermo.TorchExtensions.Optim.optim;

using NeuroThermo.TorchExtensions;

namespace NeuroThermo.Models.Scores;

/// <summary>
/// Trains a <see cref="NoiseConditionalScoreNetwork"/> by <see cref="DenoisingScoreMatching"/> with Adam, one
/// minibatch per <see cref="Step"/>. The generator draws the noise levels and the noise; the caller draws batches.
/// </summary>
public sealed class ScoreMatchingTrainer : IDisposable
{
    private readonly Adam _optimizer;

    public ScoreMatchingTrainer(NoiseConditionalScoreNetwork network, NoiseLadder ladder, double learningRate, Generator generator)
    {
        SeriesChecks.CheckPositive(learningRate, nameof(learningRate), "The learning rate");
        Network = network ?? throw new ArgumentNullException(nameof(network));
        Ladder = ladder ?? throw new ArgumentNullException(nameof(ladder));
        Generator = generator ?? throw new ArgumentNullException(nameof(generator));
        _optimizer = optim.Adam(network.parameters(), learningRate);
    }

    public NoiseConditionalScoreNetwork Network { get; }

    public NoiseLadder Ladder { get; }

    public Generator Generator { get; }

    /// <summary>The learning rate of the next steps (for a schedule set by the caller).</summary>
    public double LearningRate
    {
        get => _optimizer.param_groups[0].lr;
        set
        {
            SeriesChecks.CheckPositive(value, nameof(value), "The learning rate");
            foreach (var group in _optimizer.param_groups) group.lr = value;
        }
    }

    /// <summary>One Adam step on the denoising loss of <paramref name="batch"/> (N, d); returns the loss before the step.</summary>
    public double Step(Tensor batch)
    {
        using var scope = torch.NewDisposeScope();
        _optimizer.zero_grad();
        var loss = DenoisingScoreMatching.Loss(Network, batch, Ladder, Generator);
        loss.backward();
        _optimizer.step();
        return loss.ItemAs<double>();
    }

    public void Dispose() => _optimizer.Dispose();
}
