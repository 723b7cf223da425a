namespace NeuroThermo.Renormalization;

/// <summary>One eigen-direction of the linearised map: λ, its eigenvector (null for a complex λ), the classification
/// of eq. 3.48 and the scaling exponent y = ln|λ| / ln b.</summary>
public sealed record ScalingDirection(System.Numerics.Complex Eigenvalue, double[]? Eigenvector, Relevance Relevance, double Exponent)
{
    /// <summary>|λ|.</summary>
    public double Modulus => Eigenvalue.Magnitude;
}

/// <summary>
/// The RG map linearised at a fixed point, δK' = J δK with J = ∂R/∂K|_{K*} from autograd, and its eigen-directions
/// ordered by |λ|, largest first (lecture notes eqs. 3.26–3.31, 3.48).
/// </summary>
public sealed class LinearizedFixedPoint
{
    private LinearizedFixedPoint(RgMap map, double[] fixedPoint, double[,] jacobian, IReadOnlyList<ScalingDirection> directions)
    {
        Map = map;
        FixedPoint = fixedPoint;
        Jacobian = jacobian;
        Directions = directions;
    }

    /// <summary>The map.</summary>
    public RgMap Map { get; }

    /// <summary>K*.</summary>
    public IReadOnlyList<double> FixedPoint { get; }

    /// <summary>∂K'_i/∂K_j at K*.</summary>
    public double[,] Jacobian { get; }

    /// <summary>The eigen-directions, largest |λ| first.</summary>
    public IReadOnlyList<ScalingDirection> Directions { get; }

    /// <summary>The relevant direction of largest |λ| — the thermal one, y_T, when temperature is the only relevant
    /// perturbation (zero field) — or null at a stable fixed point.</summary>
    public ScalingDirection? Thermal => Directions.FirstOrDefault(d => d.Relevance == Relevance.Relevant);

    /// <summary>ν = 1/y_T: ξ ∝ |K − K_c|^{−ν}, because ξ shrinks by b per step while the deviation grows by λ_T.
    /// Null without a relevant direction.</summary>
    public double? CorrelationLengthExponent => Thermal is { } thermal ? 1 / thermal.Exponent : null;

    /// <summary>Linearises <paramref name="map"/> at <paramref name="fixedPoint"/> (which should satisfy R(K*) = K*).</summary>
    public static LinearizedFixedPoint At(RgMap map, IReadOnlyList<double> fixedPoint, double marginalTolerance = RelevanceClassifier.DefaultTolerance)
    {
        ArgumentNullException.ThrowIfNull(map);
        ArgumentNullException.ThrowIfNull(fixedPoint);
        var jacobian = map.Jacobian(fixedPoint);
        var directions = SmallEigenSolver.Solve(jacobian)
            .Select(pair => new ScalingDirection(pair.Value, pair.Vector,
                RelevanceClassifier.Classify(pair.Value.Magnitude, marginalTolerance),
                RelevanceClassifier.ScalingExponent(pair.Value.Magnitude, map.RescalingFactor)))
            .ToArray();
        return new LinearizedFixedPoint(map, fixedPoint.ToArray(), jacobian, directions);
    }

    /// <summary>Finds the fixed point from <paramref name="start"/> (<see cref="FixedPointFinder"/>) and linearises there.</summary>
    public static LinearizedFixedPoint Find(RgMap map, IReadOnlyList<double> start, FixedPointOptions? options = null) =>
        At(map, FixedPointFinder.Find(map, start, options).Couplings);
}
