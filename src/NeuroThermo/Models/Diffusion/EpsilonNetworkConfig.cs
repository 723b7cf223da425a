namespace NeuroThermo.Models.Diffusion;

/// <summary>Shape of an <see cref="EpsilonNetwork"/>.</summary>
public sealed record EpsilonNetworkConfig
{
    /// <summary>D, the size of one data row (2 for points in the plane, 784 for a 28×28 image).</summary>
    public int Dimension { get; init; } = 2;

    /// <summary>Width H of the residual stream; 128 is ample for two moons, images want 512 or more.</summary>
    public int HiddenWidth { get; init; } = 128;

    /// <summary>Residual blocks, each two linear layers with the time embedding added between them.</summary>
    public int Blocks { get; init; } = 2;

    /// <summary>Size of the sinusoidal embedding of t (even); 64 frequencies resolve 1000 steps comfortably.</summary>
    public int TimeEmbedding { get; init; } = 64;
}
