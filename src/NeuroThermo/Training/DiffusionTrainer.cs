using NeuroThermo.Models.Diffusion;
using TorchSharp;
using static TorchSharp.torch;
using NeuroThermo.TorchExtensions.Serialization;
using NeuroThermo.TorchExtensions.Optim;

using NeuroThermo.TorchExtensions;

namespace NeuroThermo.Training;

/// <summary>
/// Trains an <see cref="EpsilonNetwork"/> on Ho et al.'s simplified objective L = E_{x_0, t, ε} |ε − ε_θ(√ᾱ_t x_0 +
/// √(1 − ᾱ_t) ε, t)|² (their Algorithm 1): each step draws a batch of rows of the data with replacement, one
/// t ~ U{1 … T} and one ε ~ N(0, I) per row, and takes one AdamW step on the mean squared error. It keeps an
/// exponential moving average of the weights, θ̄ ← d θ̄ + (1 − d) θ, which is what samples are drawn from.
/// </summary>
/// <remarks>
/// Every random draw comes from one generator, in a fixed order: the network's initial weights, then per step the
/// rows, the steps t and the noise. A checkpoint holds network, average, optimizer and generator, so a resumed run
/// takes exactly the steps it would have taken.
/// </remarks>
public sealed class DiffusionTrainer : IDisposable
{
    private const string ModelPrefix = "model.";
    private const string AveragePrefix = "average.";
    private const string OptimizerPrefix = "optimizer.";
    private const string GeneratorKey = "generator.state";

    private readonly NoiseSchedule schedule;
    private readonly Generator generator;
    private readonly TrainingOptimizer optimizer;
    private readonly int batchSize;
    private readonly double averageDecay;

    /// <summary>A fresh network drawn from <paramref name="seed"/>, its average equal to it.</summary>
    /// <param name="network">The network's shape.</param>
    /// <param name="schedule">The forward process the network learns to undo.</param>
    /// <param name="createOptimizer">Makes the optimizer of the network's parameters.</param>
    /// <param name="batchSize">Rows per step.</param>
    /// <param name="averageDecay">d of the weight average, in [0, 1); 0 keeps the latest weights.</param>
    /// <param name="seed">The run's seed.</param>
    public DiffusionTrainer(EpsilonNetworkConfig network, NoiseSchedule schedule,
        Func<IEnumerable<Parameter>, TrainingOptimizer> createOptimizer, int batchSize, double averageDecay, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(createOptimizer);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        if (!(averageDecay >= 0 && averageDecay < 1))
            throw new ArgumentOutOfRangeException(nameof(averageDecay), averageDecay, "must lie in [0, 1)");
        this.schedule = schedule ?? throw new ArgumentNullException(nameof(schedule));
        this.batchSize = batchSize;
        this.averageDecay = averageDecay;
        generator = new Generator(seed);
        Model = new EpsilonNetwork(network, generator);
        Average = new EpsilonNetwork(network);
        Average.load_checked_state_dict(Model.state_dict());
        Average.eval();
        optimizer = createOptimizer(Model.parameters());
    }

    /// <summary>The network being trained.</summary>
    public EpsilonNetwork Model { get; }

    /// <summary>The moving average of <see cref="Model"/>'s weights, which samplers should use.</summary>
    public EpsilonNetwork Average { get; }

    /// <summary>Optimizer steps taken.</summary>
    public long Step => optimizer.StepCount;

    /// <summary>The learning rate of the next step.</summary>
    public double LearningRate => optimizer.LearningRate;

    /// <summary>One step on a batch drawn from <paramref name="data"/> (N, D); returns the batch's loss before the step.</summary>
    public double TrainStep(Tensor data)
    {
        ArgumentNullException.ThrowIfNull(data);
        using var scope = torch.NewDisposeScope();
        var rows = torch.randint(0, data.size(0), [batchSize], generator: generator);          // (B)
        var clean = data.index_select(0, rows);                                                // (B, D)
        var steps = torch.randint(1, schedule.Steps + 1, [batchSize], generator: generator);  // (B)
        var noise = torch.randn(clean.shape, clean.dtype, generator: generator);                          // (B, D)
        var noisy = ForwardProcess.Marginal(schedule, clean, steps, noise);
        optimizer.ZeroGrad();
        var loss = torch.nn.functional.mse_loss(Model.PredictNoise(noisy, steps), noise);
        loss.backward();
        optimizer.Step();
        UpdateAverage();
        return loss.ItemAs<float>();
    }

    /// <summary>Mean loss of the averaged network on <paramref name="data"/> with t and ε drawn from <paramref name="seed"/>,
    /// so that every evaluation of a run sees the same draws.</summary>
    public double Evaluate(Tensor data, ulong seed, int batch = 4096)
    {
        ArgumentNullException.ThrowIfNull(data);
        using var draws = new Generator(seed);
        using var noGrad = torch.no_grad();
        double sum = 0;
        long n = data.size(0);
        for (long start = 0; start < n; start += batch)
        {
            using var scope = torch.NewDisposeScope();
            var clean = data.narrow(0, start, Math.Min(batch, n - start));                         // (b, D)
            var steps = torch.randint(1, schedule.Steps + 1, [clean.size(0)], generator: draws);   // (b)
            var noise = torch.randn(clean.shape, clean.dtype, generator: draws);                              // (b, D)
            var noisy = ForwardProcess.Marginal(schedule, clean, steps, noise);
            sum += torch.nn.functional.mse_loss(Average.PredictNoise(noisy, steps), noise).ItemAs<double>() * clean.size(0);
        }
        return sum / n;
    }

    /// <summary>Saves everything a resume needs as the checkpoint of <see cref="Step"/>.</summary>
    public void Save(CheckpointStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        using var generatorState = generator.get_state();
        var tensors = CheckpointStore.Prefixed(ModelPrefix, Model.state_dict())
            .Concat(CheckpointStore.Prefixed(AveragePrefix, Average.state_dict()))
            .Concat(CheckpointStore.Prefixed(OptimizerPrefix, optimizer.StateDict()))
            .Append(new(GeneratorKey, generatorState));
        store.Save(Step, tensors, new State(Step));
    }

    /// <summary>Puts the trainer in the state <paramref name="checkpoint"/> holds.</summary>
    /// <exception cref="InvalidDataException">The checkpoint was written for another network or kind.</exception>
    public void Restore(Checkpoint<State> checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        try
        {
            Model.load_checked_state_dict(checkpoint.Section(ModelPrefix));
            Average.load_checked_state_dict(checkpoint.Section(AveragePrefix));
            optimizer.LoadStateDict(checkpoint.Section(OptimizerPrefix), checkpoint.State.Step);
            generator.set_state(checkpoint.Get(GeneratorKey));
        }
        catch (Exception e) when (e is ArgumentException or KeyNotFoundException or System.Runtime.InteropServices.ExternalException)
        {
            throw new InvalidDataException($"The checkpoint of step {checkpoint.Step} does not fit this diffusion network: {TorchErrors.Message(e)}", e);
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        optimizer.Dispose();
        Model.Dispose();
        Average.Dispose();
        generator.Dispose();
    }

    private void UpdateAverage()
    {
        using var noGrad = torch.no_grad();
        var current = Model.parameters().ToList();
        var averaged = Average.parameters().ToList();
        for (int i = 0; i < current.Count; i++)
        {
            using var weight = torch.tensor(1 - averageDecay, dtype: averaged[i].dtype);
            averaged[i].lerp_(current[i], weight); // θ̄ + (1 − d)(θ − θ̄) = d θ̄ + (1 − d) θ
        }
    }

    /// <summary>What a checkpoint holds besides tensors.</summary>
    /// <param name="Step">Optimizer steps taken.</param>
    public sealed record State(long Step);
}
