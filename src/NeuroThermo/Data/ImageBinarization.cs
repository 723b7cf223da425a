using TorchSharp;
using static TorchSharp.torch;

namespace NeuroThermo.Data;

/// <summary>How grey pixels in [0, 1] become binary "on"/"off" values.</summary>
public enum BinarizationMode
{
    /// <summary>On when the intensity exceeds a threshold (0.5 by default): a fixed data set.</summary>
    Threshold,

    /// <summary>On with probability equal to the intensity, drawn once (the stochastic binarization of Salakhutdinov and Murray's MNIST).</summary>
    Sample,
}

/// <summary>Binarizes image rows (N, D) of intensities in [0, 1] into 0/1 indicators of the same shape and dtype.</summary>
public static class ImageBinarization
{
    /// <summary>
    /// 0/1 indicators of <paramref name="images"/>: intensity &gt; <paramref name="threshold"/>, or a Bernoulli draw with
    /// the intensity as probability from <paramref name="generator"/> (required for <see cref="BinarizationMode.Sample"/>).
    /// </summary>
    public static Tensor Binarize(Tensor images, BinarizationMode mode, double threshold = 0.5, Generator? generator = null)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (mode == BinarizationMode.Threshold)
        {
            if (!(threshold is >= 0 and < 1)) throw new ArgumentOutOfRangeException(nameof(threshold), threshold, "The threshold must be in [0, 1).");
            using var above = images.gt(threshold);
            return above.to(images.dtype);
        }
        ArgumentNullException.ThrowIfNull(generator);
        return torch.bernoulli(images, generator);
    }
}
