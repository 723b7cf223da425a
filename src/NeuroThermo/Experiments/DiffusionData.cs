using NeuroThermo.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace NeuroThermo.Experiments;

/// <summary>
/// The rows a diffusion model learns and is judged against: a training set and an independent held-out set, float32
/// (N, D). Two moons are drawn from the run's seed; Fashion-MNIST images are scaled from [0, 1] to [−1, 1], the range
/// the forward process's N(0, I) end point is matched to.
/// </summary>
public sealed class DiffusionData : IDisposable
{
    private DiffusionData(Tensor train, Tensor heldOut, int imageHeight, int imageWidth)
    {
        Train = train;
        HeldOut = heldOut;
        ImageHeight = imageHeight;
        ImageWidth = imageWidth;
    }

    /// <summary>(N, D) training rows.</summary>
    public Tensor Train { get; }

    /// <summary>(M, D) rows the model never saw.</summary>
    public Tensor HeldOut { get; }

    /// <summary>D.</summary>
    public int Dimension => (int)Train.size(1);

    /// <summary>Image height for image data, 0 for points.</summary>
    public int ImageHeight { get; }

    /// <summary>Image width for image data, 0 for points.</summary>
    public int ImageWidth { get; }

    /// <summary>True for images (rows of H·W pixels in [−1, 1]).</summary>
    public bool IsImages => ImageHeight > 0;

    /// <summary>The data <paramref name="config"/> names, with any randomness drawn from <paramref name="seed"/>.</summary>
    public static DiffusionData Load(DiffusionTrainConfig config, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(config);
        using var scope = torch.NewDisposeScope();
        if (config.Dataset == DiffusionDataset.TwoMoons)
        {
            using var generator = new Generator(seed);
            var train = Toy2dMoons.Sample(config.TrainPoints, config.MoonNoise, generator).to(ScalarType.Float32);   // (N, 2)
            var heldOut = Toy2dMoons.Sample(config.HeldOutPoints, config.MoonNoise, generator).to(ScalarType.Float32); // (M, 2)
            return new DiffusionData(train.DetachFromDisposeScope(), heldOut.DetachFromDisposeScope(), 0, 0);
        }
        using var trainSet = ImageDataset.FashionMnist(train: true);
        using var testSet = ImageDataset.FashionMnist(train: false);
        var images = trainSet.Images * 2 - 1;                                                        // (60000, H·W)
        var test = (testSet.Images.narrow(0, 0, Math.Min(config.HeldOutPoints, testSet.Count)) * 2 - 1); // (M, H·W)
        return new DiffusionData(images.DetachFromDisposeScope(), test.DetachFromDisposeScope(), trainSet.Height, trainSet.Width);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        Train.Dispose();
        HeldOut.Dispose();
    }
}
