using TorchSharp;
using static TorchSharp.torch;

namespace NeuroThermo.Data;

/// <summary>
/// A labelled set split into a training and a validation part by a fixed rule: a permutation drawn from a
/// generator seeded with <see cref="Seed"/>, whose first ⌈fraction·N⌉ indices are the validation part. The seed
/// is the same for every run, so runs that differ in their own seed still validate on the same images.
/// </summary>
public sealed class ValidationSplit : IDisposable
{
    /// <summary>The seed of the split's permutation.</summary>
    public const ulong Seed = 12345;

    /// <summary>Splits (<paramref name="images"/>, <paramref name="labels"/>); both parts keep at least one example.</summary>
    public ValidationSplit(Tensor images, Tensor labels, double fraction)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(labels);
        if (!(fraction is > 0 and < 1)) throw new ArgumentOutOfRangeException(nameof(fraction), fraction, "must lie strictly between 0 and 1");
        long n = images.size(0);
        if (n < 2) throw new ArgumentOutOfRangeException(nameof(images), $"a split needs at least 2 examples, not {n}");
        long validation = Math.Clamp((long)Math.Ceiling(fraction * n), 1, n - 1);
        using var generator = new Generator(Seed);
        using var scope = torch.NewDisposeScope();
        var order = torch.randperm(n, generator: generator);                  // (N)
        var validationIndex = order.narrow(0, 0, validation);      // (V)
        var trainIndex = order.narrow(0, validation, n - validation); // (N − V)
        TrainImages = images.index_select(0, trainIndex).DetachFromDisposeScope();
        TrainLabels = labels.index_select(0, trainIndex).DetachFromDisposeScope();
        ValidationImages = images.index_select(0, validationIndex).DetachFromDisposeScope();
        ValidationLabels = labels.index_select(0, validationIndex).DetachFromDisposeScope();
    }

    /// <summary>(N − V, D) training images.</summary>
    public Tensor TrainImages { get; }

    /// <summary>(N − V) training labels.</summary>
    public Tensor TrainLabels { get; }

    /// <summary>(V, D) validation images.</summary>
    public Tensor ValidationImages { get; }

    /// <summary>(V) validation labels.</summary>
    public Tensor ValidationLabels { get; }

    /// <inheritdoc/>
    public void Dispose()
    {
        TrainImages.Dispose();
        TrainLabels.Dispose();
        ValidationImages.Dispose();
        ValidationLabels.Dispose();
    }
}
