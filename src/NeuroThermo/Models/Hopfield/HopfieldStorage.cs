using TorchSharp;
using static TorchSharp.torch;

namespace NeuroThermo.Models.Hopfield;

/// <summary>How patterns are written into the weights.</summary>
public enum HopfieldStorage
{
    /// <summary>w = (1/N) ΞᵀΞ without its diagonal, eq. 4.11: local, incremental, capacity ≈ 0.138 N for random patterns.</summary>
    Hebbian,

    /// <summary>w = Ξ⁺Ξ without its diagonal: non-local, but stores correlated patterns exactly, up to N/2 of them.</summary>
    Projection,
}

/// <summary>Builds a network from patterns by a <see cref="HopfieldStorage"/> rule.</summary>
public static class HopfieldStorageRule
{
    /// <summary>A network storing the rows of <paramref name="patterns"/> (P, N) by <paramref name="rule"/>.</summary>
    public static HopfieldNetwork Store(HopfieldStorage rule, Tensor patterns) => rule switch
    {
        HopfieldStorage.Hebbian => HopfieldNetwork.Hebbian(patterns),
        HopfieldStorage.Projection => HopfieldNetwork.Projection(patterns),
        _ => throw new ArgumentOutOfRangeException(nameof(rule), rule, "Unknown storage rule."),
    };
}
