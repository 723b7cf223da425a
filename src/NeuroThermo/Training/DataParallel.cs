using System.Diagnostics;
using TorchSharp;
using static TorchSharp.torch;
using NeuroThermo.TorchExtensions.Distributed;

using NeuroThermo.TorchExtensions;

namespace NeuroThermo.Training;

/// <summary>
/// Data-parallel training over the ranks of a process group: every rank holds the whole model, starts from rank 0's
/// parameters, trains on its own shard of every global batch and follows the gradient averaged over the ranks, so
/// all ranks take the same optimizer steps as one process on the global batch would (up to rounding).
/// </summary>
/// <remarks>
/// With a mean loss over each rank's shard, the average of the ranks' gradients is the gradient of the global batch's
/// mean when the shards are equal; <see cref="ShardWeight"/> corrects for unequal ones (the last, short batch of an epoch).
/// </remarks>
public sealed class DataParallel : IDisposable
{
    private readonly ProcessGroup _group;
    private readonly GradientBucketer _bucketer;
    private readonly Stopwatch _communication = new();

    /// <summary>Copies rank 0's <paramref name="parameters"/> to every rank and lays out the gradient buckets.</summary>
    public DataParallel(ProcessGroup group, IReadOnlyList<Parameter> parameters, long bucketBytes = GradientBucketer.DefaultBucketBytes)
    {
        ArgumentNullException.ThrowIfNull(group);
        ArgumentNullException.ThrowIfNull(parameters);
        _group = group;
        using (torch.no_grad())
            foreach (var parameter in parameters)
                group.Broadcast(parameter, root: 0);
        _bucketer = new GradientBucketer(group, parameters, bucketBytes);
    }

    /// <summary>This process's rank.</summary>
    public int Rank => _group.Rank;

    /// <summary>The number of ranks.</summary>
    public int WorldSize => _group.WorldSize;

    /// <summary>
    /// Wall time spent in collectives since the start (gradient averages, loss means, stop checks): the transfers and
    /// the wait for the slowest rank, which a collective absorbs.
    /// </summary>
    public TimeSpan CommunicationTime => _communication.Elapsed;

    /// <summary>
    /// This rank's part of a global batch of <paramref name="count"/> examples: contiguous, in rank order, the first
    /// <c>count % WorldSize</c> ranks one example larger.
    /// </summary>
    public (long Start, long Count) Shard(long count) => ShardOf(count, Rank, WorldSize);

    /// <summary>Rank <paramref name="rank"/>'s part of <paramref name="count"/> examples split over <paramref name="worldSize"/> ranks.</summary>
    public static (long Start, long Count) ShardOf(long count, int rank, int worldSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        long quotient = count / worldSize, remainder = count % worldSize;
        long start = rank * quotient + Math.Min(rank, remainder);
        return (start, quotient + (rank < remainder ? 1 : 0));
    }

    /// <summary>
    /// The factor that turns this rank's mean loss over <paramref name="shardCount"/> of <paramref name="count"/>
    /// examples into a term whose average over ranks is the global mean: shard / count × world size.
    /// </summary>
    public double ShardWeight(long shardCount, long count) => (double)shardCount / count * WorldSize;

    /// <summary>Replaces every parameter's gradient by its mean over the ranks.</summary>
    public void AverageGradients() => Timed(_bucketer.Average);

    /// <summary>The mean of <paramref name="value"/> over the ranks (for logging a loss every rank computed on its shard).</summary>
    public double Mean(double value)
    {
        using var scope = torch.NewDisposeScope();
        var tensor = torch.tensor(new[] { value });
        Timed(() => _group.AllReduce(tensor, ReduceOp.Average));
        return tensor.ItemAs<double>();
    }

    /// <summary>
    /// Whether <paramref name="local"/> holds on any rank. Ranks check a stop request (Ctrl+C reaches them at slightly
    /// different moments) through this, so that all stop after the same step instead of one waiting for the others.
    /// </summary>
    public bool AnyRank(bool local)
    {
        using var scope = torch.NewDisposeScope();
        var flag = torch.tensor(new[] { local ? 1L : 0L });
        Timed(() => _group.AllReduce(flag, ReduceOp.Sum));
        return flag.ItemAs<long>() > 0;
    }

    private void Timed(Action collective)
    {
        _communication.Start();
        try
        {
            collective();
        }
        finally
        {
            _communication.Stop();
        }
    }

    public void Dispose() => _bucketer.Dispose();
}
