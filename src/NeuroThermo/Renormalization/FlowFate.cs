namespace NeuroThermo.Renormalization;

/// <summary>Where an RG trajectory ends.</summary>
public enum FlowFate
{
    /// <summary>Couplings go to zero: the high-temperature (paramagnetic) sink.</summary>
    Disordered,

    /// <summary>Couplings grow without bound: the low-temperature (ordered) sink.</summary>
    Ordered,

    /// <summary>The trajectory stays at the critical fixed point (it started on its stable manifold, to rounding).</summary>
    Critical,
}
