using TorchSharp;
using static TorchSharp.torch;
using NeuroThermo.TorchExtensions.Distributed;

namespace NeuroThermo.Training;

/// <summary>
/// Averages the gradients of a fixed list of parameters over the ranks of a process group, a few large allreduces
/// instead of one per parameter: the gradients are copied into flat buckets of about <see cref="DefaultBucketBytes"/>
/// (PyTorch DDP's default), each bucket is averaged in place, and the averages are copied back.
/// </summary>
/// <remarks>
/// The allreduces run after backward, not overlapped with it: the binding has no autograd hooks, and on CPU with Gloo
/// the allreduce runs on the cores backward would use. <see cref="DataParallel.CommunicationTime"/> measures what that costs.
/// Buckets follow the parameters in reverse registration order, the order backward produces their gradients.
/// </remarks>
public sealed class GradientBucketer : IDisposable
{
    /// <summary>25 MB, PyTorch DDP's bucket size: large enough that latency is paid rarely, small enough to pipeline.</summary>
    public const long DefaultBucketBytes = 25L * 1024 * 1024;

    private readonly ProcessGroup _group;
    private readonly List<Bucket> _buckets = [];

    /// <summary>Lays out the buckets of <paramref name="parameters"/>; a parameter larger than a bucket gets its own.</summary>
    public GradientBucketer(ProcessGroup group, IEnumerable<Parameter> parameters, long bucketBytes = DefaultBucketBytes)
    {
        ArgumentNullException.ThrowIfNull(group);
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentOutOfRangeException.ThrowIfLessThan(bucketBytes, 1);
        _group = group;
        var pending = new List<Parameter>();
        long bytes = 0;
        foreach (var parameter in parameters.Reverse())
        {
            long size = parameter.numel() * parameter.element_size();
            bool sameType = pending.Count == 0 || pending[0].dtype == parameter.dtype;
            if (pending.Count > 0 && (bytes + size > bucketBytes || !sameType))
            {
                _buckets.Add(new Bucket(pending));
                pending = [];
                bytes = 0;
            }
            pending.Add(parameter);
            bytes += size;
        }
        if (pending.Count > 0)
            _buckets.Add(new Bucket(pending));
    }

    /// <summary>The number of buckets (allreduces per step).</summary>
    public int BucketCount => _buckets.Count;

    /// <summary>
    /// Replaces every parameter's gradient by its mean over the ranks. A parameter without a gradient counts as a
    /// zero gradient, and gets the mean as its gradient.
    /// </summary>
    public void Average()
    {
        using var noGrad = torch.no_grad();
        foreach (var bucket in _buckets)
        {
            using var scope = torch.NewDisposeScope();
            long offset = 0;
            foreach (var parameter in bucket.Parameters)
            {
                long n = parameter.numel();
                var slot = bucket.Flat.narrow(0, offset, n); // (n) of the flat bucket
                if (parameter.grad is { } grad)
                    slot.copy_(grad.reshape(n));
                else
                    slot.zero_();
                offset += n;
            }
            _group.AllReduce(bucket.Flat, ReduceOp.Average);
            offset = 0;
            foreach (var parameter in bucket.Parameters)
            {
                long n = parameter.numel();
                var mean = bucket.Flat.narrow(0, offset, n).view(parameter.shape); // (n) -> parameter's shape
                if (parameter.grad is { } grad)
                    grad.copy_(mean);
                else
                    parameter.grad = mean.clone();
                offset += n;
            }
        }
    }

    public void Dispose()
    {
        foreach (var bucket in _buckets)
            bucket.Flat.Dispose();
        _buckets.Clear();
    }

    private sealed class Bucket
    {
        public Bucket(List<Parameter> parameters)
        {
            Parameters = parameters;
            Flat = torch.zeros([parameters.Sum(p => p.numel())], dtype: parameters[0].dtype).DetachFromDisposeScope();
        }

        public List<Parameter> Parameters { get; }

        public Tensor Flat { get; }
    }
}
