using NeuroThermo.Data;
using NeuroThermo.Models.Rbm;
using TorchSharp;
using static TorchSharp.torch;

namespace NeuroThermo.Experiments;

/// <summary>
/// The training and test rows of an RBM experiment as unit values ({0, 1} or ±1, float32), and the image shape used
/// to draw them.
/// </summary>
public sealed class RbmData : IDisposable
{
    private RbmData(Tensor train, Tensor test, int height, int width)
    {
        Train = train;
        Test = test;
        Height = height;
        Width = width;
    }

    /// <summary>(N, V) training rows.</summary>
    public Tensor Train { get; }

    /// <summary>(N', V) test rows (for bars and stripes, the patterns again).</summary>
    public Tensor Test { get; }

    public int Height { get; }
    public int Width { get; }

    /// <summary>Loads and binarizes what <paramref name="config"/> names, for experiment kind <paramref name="kind"/>.</summary>
    public static RbmData Load(RbmTrainConfig config, string kind, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(config);
        using var scope = torch.NewDisposeScope();
        if (config.Source == RbmDataSource.BarsAndStripes)
        {
            var patterns = config.Units.FromSpins(BarsAndStripes.Patterns(config.Side)).to(ScalarType.Float32);   // (P, L²)
            return new RbmData(patterns.clone().DetachFromDisposeScope(), patterns.DetachFromDisposeScope(), config.Side, config.Side);
        }
        var (train, test) = config.Data.Load(kind);
        using (train)
        using (test)
        using (var generator = new Generator(seed))
        {
            var trainRows = Binarize(config, train.Images, generator);
            var testRows = Binarize(config, test.Images, generator);
            return new RbmData(trainRows.DetachFromDisposeScope(), testRows.DetachFromDisposeScope(), train.Height, train.Width);
        }
    }

    private static Tensor Binarize(RbmTrainConfig config, Tensor images, Generator generator)
    {
        using var on = ImageBinarization.Binarize(images, config.Binarization, config.Threshold, generator);
        return config.Units.FromIndicators(on);
    }

    public void Dispose()
    {
        Train.Dispose();
        Test.Dispose();
    }
}
