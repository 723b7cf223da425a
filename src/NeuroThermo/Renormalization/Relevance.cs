namespace NeuroThermo.Renormalization;

/// <summary>
/// How a small deviation along an eigen-direction of the linearised RG map behaves under iteration (lecture notes
/// eq. 3.48): it grows when |λ| &gt; 1, shrinks when |λ| &lt; 1, and neither at linear order when |λ| = 1.
/// </summary>
public enum Relevance
{
    /// <summary>|λ| &gt; 1: the deviation grows, the flow leaves the fixed point (the temperature at a critical point).</summary>
    Relevant,

    /// <summary>|λ| &lt; 1: the deviation dies out; couplings along it do not change the critical behaviour.</summary>
    Irrelevant,

    /// <summary>|λ| = 1 within the tolerance: linear order cannot decide.</summary>
    Marginal,
}

/// <summary>The classification of eq. 3.48.</summary>
public static class RelevanceClassifier
{
    /// <summary>|λ| is compared with 1 to this tolerance. It is far above the rounding of an eigenvalue obtained from an
    /// autograd Jacobian (~1e-15) and far below any distance from 1 that the maps here produce.</summary>
    public const double DefaultTolerance = 1e-9;

    /// <summary>Relevant when |λ| &gt; 1 + tolerance, irrelevant when |λ| &lt; 1 − tolerance, marginal otherwise.</summary>
    public static Relevance Classify(double eigenvalueModulus, double tolerance = DefaultTolerance)
    {
        if (double.IsNaN(eigenvalueModulus) || eigenvalueModulus < 0)
            throw new ArgumentOutOfRangeException(nameof(eigenvalueModulus), eigenvalueModulus, "|λ| must be a non-negative number.");
        if (!(tolerance >= 0) || !double.IsFinite(tolerance))
            throw new ArgumentOutOfRangeException(nameof(tolerance), tolerance, "The tolerance must be a finite non-negative number.");
        if (eigenvalueModulus > 1 + tolerance) return Relevance.Relevant;
        if (eigenvalueModulus < 1 - tolerance) return Relevance.Irrelevant;
        return Relevance.Marginal;
    }

    /// <summary>The scaling exponent y = ln|λ| / ln b of an eigenvalue λ of a map rescaling lengths by b; −∞ for λ = 0.</summary>
    public static double ScalingExponent(double eigenvalueModulus, double rescalingFactor)
    {
        if (double.IsNaN(eigenvalueModulus) || eigenvalueModulus < 0)
            throw new ArgumentOutOfRangeException(nameof(eigenvalueModulus), eigenvalueModulus, "|λ| must be a non-negative number.");
        if (!(rescalingFactor > 1) || !double.IsFinite(rescalingFactor))
            throw new ArgumentOutOfRangeException(nameof(rescalingFactor), rescalingFactor, "b must be a finite number above 1.");
        return Math.Log(eigenvalueModulus) / Math.Log(rescalingFactor);
    }
}
