using TorchSharp;
using static TorchSharp.torch;
using NeuroThermo.TorchExtensions;

namespace NeuroThermo.Renormalization;

/// <summary>
/// One renormalization-group step K → K' = R(K) on a vector of n couplings, written as a differentiable tensor
/// function (n) → (n) in float64, so that its Jacobian at any point — in particular the linearised map at a fixed
/// point (lecture notes §3.4) — comes from autograd instead of being derived by hand.
/// </summary>
/// <remarks>
/// The couplings are dimensionless (K = βJ, L = βJ₂, …). <see cref="RescalingFactor"/> is the length rescaling b of one
/// step: lattice spacings grow by b, so an eigenvalue λ of the linearised map gives the scaling exponent
/// y = ln|λ| / ln b (eq. 3.48 and below).
/// </remarks>
public sealed class RgMap
{
    private readonly Func<Tensor, Tensor> _step;

    /// <summary>A map named <paramref name="name"/> on the couplings <paramref name="couplingNames"/> (their order is
    /// the order of the vector), rescaling lengths by <paramref name="rescalingFactor"/> &gt; 1 per step.</summary>
    public RgMap(string name, IReadOnlyList<string> couplingNames, double rescalingFactor, Func<Tensor, Tensor> step)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(couplingNames);
        ArgumentNullException.ThrowIfNull(step);
        if (couplingNames.Count == 0) throw new ArgumentOutOfRangeException(nameof(couplingNames), "A map needs at least one coupling.");
        if (!(rescalingFactor > 1) || !double.IsFinite(rescalingFactor))
            throw new ArgumentOutOfRangeException(nameof(rescalingFactor), rescalingFactor, "The length rescaling b of an RG step must be a finite number above 1.");
        Name = name;
        CouplingNames = couplingNames.ToArray();
        RescalingFactor = rescalingFactor;
        _step = step;
    }

    /// <summary>What the map is, for messages and reports.</summary>
    public string Name { get; }

    /// <summary>The names of the couplings, in vector order (K, L, …).</summary>
    public IReadOnlyList<string> CouplingNames { get; }

    /// <summary>n, the number of couplings.</summary>
    public int Dimension => CouplingNames.Count;

    /// <summary>b: one step multiplies lengths by b.</summary>
    public double RescalingFactor { get; }

    /// <summary>K' = R(K) for a float64 (n) tensor, differentiable in K.</summary>
    public Tensor Apply(Tensor couplings)
    {
        ArgumentNullException.ThrowIfNull(couplings);
        if (couplings.dim() != 1 || couplings.shape[0] != Dimension)
            throw new ArgumentException($"{Name} acts on a ({Dimension}) coupling vector, not on shape ({string.Join(", ", couplings.shape)}).", nameof(couplings));
        var image = _step(couplings);
        if (image.dim() != 1 || image.shape[0] != Dimension)
            throw new InvalidOperationException($"{Name} returned shape ({string.Join(", ", image.shape)}) instead of ({Dimension}).");
        return image;
    }

    /// <summary>K' = R(K) in doubles.</summary>
    public double[] Apply(IReadOnlyList<double> couplings)
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        return Apply(Vector(couplings)).ToArray<double>();
    }

    /// <summary>The Jacobian ∂K'_i/∂K_j at <paramref name="couplings"/>, one backward pass per row.</summary>
    public double[,] Jacobian(IReadOnlyList<double> couplings)
    {
        using var scope = torch.NewDisposeScope();
        using var grad = torch.enable_grad();
        var point = Vector(couplings).requires_grad_();
        var image = Apply(point);
        var jacobian = new double[Dimension, Dimension];
        for (var i = 0; i < Dimension; i++)
        {
            // A component that does not depend on K (a constant map) has a zero row, not an error.
            var row = Guarded.grad_allow_unused([image[i]], [point], retain_graph: true)[0];
            if (row is null) continue;
            var values = row.ToArray<double>();
            for (var j = 0; j < Dimension; j++) jacobian[i, j] = values[j];
        }
        return jacobian;
    }

    /// <summary>K, R(K), R(R(K)), … : <paramref name="steps"/> + 1 points, stopping early (and including the
    /// offending point) when a coupling leaves the finite numbers.</summary>
    public IReadOnlyList<double[]> Flow(IReadOnlyList<double> start, int steps)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(steps);
        var points = new List<double[]> { start.ToArray() };
        for (var step = 0; step < steps && points[^1].All(double.IsFinite); step++) points.Add(Apply((IReadOnlyList<double>)points[^1]));
        return points;
    }

    /// <inheritdoc/>
    public override string ToString() => Name;

    private Tensor Vector(IReadOnlyList<double> couplings)
    {
        ArgumentNullException.ThrowIfNull(couplings);
        if (couplings.Count != Dimension)
            throw new ArgumentException($"{Name} acts on {Dimension} coupling(s) ({string.Join(", ", CouplingNames)}), not on {couplings.Count}.", nameof(couplings));
        return torch.tensor(couplings.ToArray());
    }
}
