using TorchSharp;
using static TorchSharp.torch;

namespace NeuroThermo.Data;

/// <summary>Which 2D toy data set an experiment draws from.</summary>
public enum Toy2dSet
{
    /// <summary><see cref="Toy2dMoons"/>.</summary>
    Moons,

    /// <summary><see cref="Toy2dRings"/> with the default radii.</summary>
    Rings,

    /// <summary>A <see cref="Toy2dGaussianMixture"/> of equal components on a circle.</summary>
    Mixture,
}

/// <summary>One entry point to draw any of the toy sets, as configs name them.</summary>
public static class Toy2dSets
{
    /// <summary>
    /// <paramref name="count"/> points (count, 2) float64 of <paramref name="set"/>; <paramref name="noise"/> is the
    /// moons' and rings' Gaussian noise, <paramref name="mixture"/> the mixture drawn for <see cref="Toy2dSet.Mixture"/>.
    /// </summary>
    public static Tensor Sample(Toy2dSet set, long count, double noise, Toy2dGaussianMixture mixture, Generator generator) => set switch
    {
        Toy2dSet.Moons => Toy2dMoons.Sample(count, noise, generator),
        Toy2dSet.Rings => Toy2dRings.Sample(count, Toy2dRings.DefaultRadii, noise, generator),
        Toy2dSet.Mixture => mixture.Sample(count, generator),
        _ => throw new ArgumentOutOfRangeException(nameof(set), set, "Unknown toy data set."),
    };
}
