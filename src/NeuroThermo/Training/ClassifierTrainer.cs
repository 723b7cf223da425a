using NeuroThermo.Models;
using TorchSharp;
using static TorchSharp.torch;
using NeuroThermo.TorchExtensions.Serialization;
using NeuroThermo.TorchExtensions;
using NeuroThermo.TorchExtensions.Distributed;

namespace NeuroThermo.Training;

/// <summary>
/// Trains an <see cref="Mlp"/> classifier with shuffled mini-batches, one epoch at a time, keeps the weights of
/// the best validation loss so far, and counts the epochs since it improved (early stopping). A checkpoint
/// holds model, optimizer, generator, the epoch's permutation and position in it, and the best weights, so a
/// run stopped between any two steps and resumed takes exactly the steps it would have taken.
/// </summary>
/// <remarks>
/// Every random draw comes from one generator, in a fixed order: the layers' initial weights, then one
/// permutation (torch.randperm) per epoch.
/// </remarks>
public sealed class ClassifierTrainer : IDisposable
{
    private const string ModelPrefix = "model.";
    private const string BestPrefix = "best.";
    private const string OptimizerPrefix = "optimizer.";
    private const string GeneratorKey = "generator.state";
    private const string PermutationKey = "epoch.permutation";
    private const int EvaluationBatch = 4096;

    private readonly Generator generator;
    private readonly TrainingOptimizer optimizer;
    private readonly int batchSize;
    private readonly DataParallel? parallel;
    private List<KeyValuePair<string, Tensor>> best = [];
    private Tensor? permutation;
    private double epochLossSum;
    private long epochExamples;

    /// <summary>
    /// A fresh network drawn from <paramref name="seed"/>, with the optimizer <paramref name="createOptimizer"/> makes.
    /// With a <paramref name="group"/> of several ranks, every rank draws the same permutation, trains on its shard of
    /// each batch and follows the gradient averaged over the ranks (<see cref="DataParallel"/>).
    /// </summary>
    public ClassifierTrainer(MlpConfig modelConfig, Func<IEnumerable<Parameter>, TrainingOptimizer> createOptimizer, int batchSize, ulong seed,
        ProcessGroup? group = null, ScalarType? dtype = null)
    {
        ArgumentNullException.ThrowIfNull(createOptimizer);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        this.batchSize = batchSize;
        generator = new Generator(seed);
        Model = new Mlp(modelConfig, dtype, generator);
        optimizer = createOptimizer(Model.parameters());
        if (group is { WorldSize: > 1 })
            parallel = new DataParallel(group, Model.parameters().ToList());
    }

    /// <summary>The network being trained.</summary>
    public Mlp Model { get; }

    /// <summary>Epochs completed.</summary>
    public int Epoch { get; private set; }

    /// <summary>Optimizer steps taken.</summary>
    public long Step => optimizer.StepCount;

    /// <summary>The learning rate of the next step.</summary>
    public double LearningRate => optimizer.LearningRate;

    /// <summary>The lowest validation loss recorded, +∞ before the first.</summary>
    public double BestValidationLoss { get; private set; } = double.PositiveInfinity;

    /// <summary>The epoch whose weights gave <see cref="BestValidationLoss"/>.</summary>
    public int BestEpoch { get; private set; }

    /// <summary>Validations since the last improvement.</summary>
    public int EpochsSinceBest { get; private set; }

    /// <summary>
    /// Continues the current epoch over (<paramref name="images"/>, <paramref name="labels"/>) in shuffled batches
    /// of the configured size (the last one smaller), calling <paramref name="onStep"/> after each step. Returns the
    /// epoch's mean training loss, or null if <paramref name="cancellationToken"/> stopped it between two steps.
    /// </summary>
    public double? TrainEpoch(Tensor images, Tensor labels, CancellationToken cancellationToken, Action<long>? onStep = null)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(labels);
        long n = images.size(0);
        permutation ??= torch.randperm(n, generator: generator).DetachFromDisposeScope();
        Model.train();
        while (epochExamples < n)
        {
            if (StopRequested(cancellationToken))
                return null;
            using var scope = torch.NewDisposeScope();
            long size = Math.Min(batchSize, n - epochExamples);
            var index = permutation.narrow(0, epochExamples, size); // (B)
            optimizer.ZeroGrad();
            epochLossSum += (parallel is null ? Backward(images, labels, index) : BackwardShard(images, labels, index, parallel)) * size;
            optimizer.Step();
            epochExamples += size;
            onStep?.Invoke(Step);
        }

        double mean = epochLossSum / n;
        permutation.Dispose();
        permutation = null;
        epochLossSum = 0;
        epochExamples = 0;
        Epoch++;
        return mean;
    }

    private double Backward(Tensor images, Tensor labels, Tensor index)
    {
        var loss = Model.Loss(images.index_select(0, index), labels.index_select(0, index));
        loss.backward();
        return loss.ItemAs<float>();
    }

    // This rank's shard of the batch, weighted so that the gradients' mean over ranks is the whole batch's gradient.
    private double BackwardShard(Tensor images, Tensor labels, Tensor index, DataParallel parallel)
    {
        long size = index.size(0);
        var (start, count) = parallel.Shard(size);
        double shardSum = 0;
        if (count > 0)
        {
            var shard = index.narrow(0, start, count); // (b) of (B)
            var loss = Model.Loss(images.index_select(0, shard), labels.index_select(0, shard));
            loss.mul(parallel.ShardWeight(count, size)).backward();
            shardSum = loss.ItemAs<double>() * count;
        }
        parallel.AverageGradients();
        return parallel.Mean(shardSum) * parallel.WorldSize / size;
    }

    /// <summary>Whether <paramref name="cancellationToken"/> asks to stop, on any rank when there are several (all ranks
    /// must call this at the same point of training).</summary>
    public bool StopRequested(CancellationToken cancellationToken) =>
        parallel?.AnyRank(cancellationToken.IsCancellationRequested) ?? cancellationToken.IsCancellationRequested;

    /// <summary>Mean cost, accuracy and predicted classes of the model on a labelled set, without gradients.</summary>
    public ClassifierEvaluation Evaluate(Tensor images, Tensor labels)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(labels);
        long n = images.size(0);
        var predictions = new long[n];
        double lossSum = 0;
        Model.eval();
        using var noGrad = torch.no_grad();
        for (long start = 0; start < n; start += EvaluationBatch)
        {
            using var scope = torch.NewDisposeScope();
            long size = Math.Min(EvaluationBatch, n - start);
            var x = images.narrow(0, start, size); // (B, H·W)
            var y = labels.narrow(0, start, size); // (B)
            var output = Model.call(x);            // (B, classes)
            lossSum += Model.Config.Cost.Value(output, y).ItemAs<double>() * size;
            output.argmax(1).CopyTo<long>(predictions.AsSpan((int)start, (int)size));
        }
        long correct = 0;
        var truth = labels.ToArray<long>();
        for (long i = 0; i < n; i++)
            correct += predictions[i] == truth[i] ? 1 : 0;
        return new ClassifierEvaluation(lossSum / n, (double)correct / n, predictions, truth);
    }

    /// <summary>Records the validation loss after an epoch: a new best keeps a copy of the weights and resets the
    /// patience count. Returns whether it was a new best.</summary>
    public bool RecordValidation(double loss)
    {
        if (!(loss < BestValidationLoss))
        {
            EpochsSinceBest++;
            return false;
        }
        BestValidationLoss = loss;
        BestEpoch = Epoch;
        EpochsSinceBest = 0;
        DisposeBest();
        using var noGrad = torch.no_grad();
        using var scope = torch.NewDisposeScope();
        best = Model.state_dict().Select(p => new KeyValuePair<string, Tensor>(p.Key, p.Value.detach().clone().DetachFromDisposeScope())).ToList();
        return true;
    }

    /// <summary>Loads the weights of the best validation loss into <see cref="Model"/> (no-op before any).</summary>
    public void RestoreBest()
    {
        if (best.Count > 0)
            Model.load_checked_state_dict(best.ToDictionary(p => p.Key, p => p.Value));
    }

    /// <summary>Saves everything a resume needs as the checkpoint of <see cref="Step"/>.</summary>
    public void Save(CheckpointStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        using var generatorState = generator.get_state();
        var tensors = CheckpointStore.Prefixed(ModelPrefix, Model.state_dict())
            .Concat(CheckpointStore.Prefixed(OptimizerPrefix, optimizer.StateDict()))
            .Concat(CheckpointStore.Prefixed(BestPrefix, best))
            .Append(new(GeneratorKey, generatorState));
        if (permutation is not null)
            tensors = tensors.Append(new(PermutationKey, permutation));
        double? bestLoss = double.IsFinite(BestValidationLoss) ? BestValidationLoss : null; // JSON has no infinity
        store.Save(Step, tensors, new State(Step, Epoch, epochExamples, epochLossSum, bestLoss, BestEpoch, EpochsSinceBest));
    }

    /// <summary>Puts the trainer in the state <paramref name="checkpoint"/> holds.</summary>
    /// <exception cref="InvalidDataException">The checkpoint was written for another network or kind.</exception>
    public void Restore(Checkpoint<State> checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        var state = checkpoint.State;
        try
        {
            Model.load_checked_state_dict(checkpoint.Section(ModelPrefix));
            optimizer.LoadStateDict(checkpoint.Section(OptimizerPrefix), state.Step);
            generator.set_state(checkpoint.Get(GeneratorKey));
            DisposeBest();
            best = checkpoint.Section(BestPrefix).Select(p => new KeyValuePair<string, Tensor>(p.Key, p.Value.clone().DetachFromDisposeScope())).ToList();
            permutation?.Dispose();
            permutation = state.ExamplesInEpoch > 0 ? checkpoint.Get(PermutationKey).clone().DetachFromDisposeScope() : null;
        }
        catch (Exception e) when (e is ArgumentException or KeyNotFoundException or System.Runtime.InteropServices.ExternalException)
        {
            throw new InvalidDataException($"The checkpoint of step {checkpoint.Step} does not fit this network: {TorchErrors.Message(e)}", e);
        }
        Epoch = state.Epoch;
        epochExamples = state.ExamplesInEpoch;
        epochLossSum = state.EpochLossSum;
        BestValidationLoss = state.BestValidationLoss ?? double.PositiveInfinity;
        BestEpoch = state.BestEpoch;
        EpochsSinceBest = state.EpochsSinceBest;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        DisposeBest();
        permutation?.Dispose();
        parallel?.Dispose();
        optimizer.Dispose();
        Model.Dispose();
        generator.Dispose();
    }

    private void DisposeBest()
    {
        foreach (var (_, tensor) in best)
            tensor.Dispose();
        best = [];
    }

    /// <summary>What a checkpoint holds besides tensors.</summary>
    /// <param name="Step">Optimizer steps taken.</param>
    /// <param name="Epoch">Epochs completed.</param>
    /// <param name="ExamplesInEpoch">Examples of the current epoch already trained on.</param>
    /// <param name="EpochLossSum">Sum of the current epoch's batch losses, each times its batch size.</param>
    /// <param name="BestValidationLoss">The lowest validation loss, or null before the first validation.</param>
    /// <param name="BestEpoch">The epoch of the best weights.</param>
    /// <param name="EpochsSinceBest">Validations since the last improvement.</param>
    public sealed record State(
        long Step, int Epoch, long ExamplesInEpoch, double EpochLossSum, double? BestValidationLoss, int BestEpoch, int EpochsSinceBest);
}

/// <summary>A classifier's mean cost and accuracy on a labelled set, with every prediction.</summary>
/// <param name="Loss">The mean cost.</param>
/// <param name="Accuracy">The share of correct predictions.</param>
/// <param name="Predicted">The predicted class of each example.</param>
/// <param name="Truth">The true class of each example.</param>
public sealed record ClassifierEvaluation(double Loss, double Accuracy, long[] Predicted, long[] Truth);
