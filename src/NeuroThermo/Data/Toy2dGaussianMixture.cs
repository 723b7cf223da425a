using TorchSharp;
using static TorchSharp.torch;

namespace NeuroThermo.Data;

/// <summary>
/// A mixture of isotropic Gaussians in the plane, p(x) = Σ_k w_k N(x; μ_k, s_k² I), with everything a test needs in
/// closed form: samples, the log-density, the score ∇ log p(x) = Σ_k r_k(x) (μ_k − x)/s_k² with responsibilities
/// r_k(x) = w_k N(x; μ_k, s_k² I)/p(x), the mean Σ_k w_k μ_k and the covariance Σ_k w_k (s_k² I + μ_k μ_kᵀ) − m mᵀ.
/// Adding N(0, σ² I) noise to its samples gives again such a mixture, with s_k² + σ² (see <see cref="Smoothed"/>):
/// the exact target of denoising score matching at noise level σ.
/// </summary>
public sealed class Toy2dGaussianMixture
{
    private readonly double[] _meanX, _meanY, _std, _weight;

    /// <summary>
    /// Components with means <paramref name="means"/> (K, 2), standard deviations <paramref name="standardDeviations"/>
    /// and weights <paramref name="weights"/> (non-negative, normalised here so they need not sum to 1).
    /// </summary>
    public Toy2dGaussianMixture(double[,] means, IReadOnlyList<double> standardDeviations, IReadOnlyList<double> weights)
    {
        var components = means.GetLength(0);
        if (components == 0 || means.GetLength(1) != 2) throw new ArgumentOutOfRangeException(nameof(means), "Give the means as a (K, 2) array with K ≥ 1.");
        if (standardDeviations.Count != components || standardDeviations.Any(s => !(s > 0) || double.IsInfinity(s)))
            throw new ArgumentOutOfRangeException(nameof(standardDeviations), $"Give {components} finite positive standard deviations.");
        if (weights.Count != components || weights.Any(w => !(w >= 0) || double.IsInfinity(w)) || !(weights.Sum() > 0))
            throw new ArgumentOutOfRangeException(nameof(weights), $"Give {components} finite non-negative weights with a positive sum.");
        _meanX = new double[components];
        _meanY = new double[components];
        for (var k = 0; k < components; k++)
        {
            if (!double.IsFinite(means[k, 0]) || !double.IsFinite(means[k, 1])) throw new ArgumentOutOfRangeException(nameof(means), "Every mean must be finite.");
            _meanX[k] = means[k, 0];
            _meanY[k] = means[k, 1];
        }
        _std = standardDeviations.ToArray();
        var total = weights.Sum();
        _weight = weights.Select(w => w / total).ToArray();
    }

    /// <summary>
    /// <paramref name="components"/> equally weighted Gaussians of standard deviation <paramref name="standardDeviation"/>
    /// with means evenly spaced on a circle of radius <paramref name="radius"/>, the first on the positive x axis.
    /// </summary>
    public static Toy2dGaussianMixture OnCircle(int components, double radius, double standardDeviation)
    {
        if (components < 1) throw new ArgumentOutOfRangeException(nameof(components), components, "A mixture needs at least one component.");
        if (!(radius >= 0) || double.IsInfinity(radius)) throw new ArgumentOutOfRangeException(nameof(radius), radius, "The radius must be finite and non-negative.");
        var means = new double[components, 2];
        for (var k = 0; k < components; k++)
        {
            var angle = 2 * Math.PI * k / components;
            means[k, 0] = radius * Math.Cos(angle);
            means[k, 1] = radius * Math.Sin(angle);
        }
        return new Toy2dGaussianMixture(means, Enumerable.Repeat(standardDeviation, components).ToArray(),
            Enumerable.Repeat(1.0, components).ToArray());
    }

    /// <summary>Number of components K.</summary>
    public int Components => _weight.Length;

    /// <summary>Mean of component k.</summary>
    public (double X, double Y) ComponentMean(int k) => (_meanX[k], _meanY[k]);

    /// <summary>Standard deviation s_k of component k (per coordinate).</summary>
    public double ComponentStandardDeviation(int k) => _std[k];

    /// <summary>Normalised weight w_k of component k.</summary>
    public double Weight(int k) => _weight[k];

    /// <summary>The mixture's mean m = Σ_k w_k μ_k.</summary>
    public (double X, double Y) Mean => (Sum(k => _weight[k] * _meanX[k]), Sum(k => _weight[k] * _meanY[k]));

    /// <summary>The mixture's covariance Σ_k w_k (s_k² I + μ_k μ_kᵀ) − m mᵀ as a 2 × 2 array.</summary>
    public double[,] Covariance
    {
        get
        {
            var (mx, my) = Mean;
            var variance = Sum(k => _weight[k] * _std[k] * _std[k]);
            return new double[,]
            {
                { variance + Sum(k => _weight[k] * _meanX[k] * _meanX[k]) - mx * mx, Sum(k => _weight[k] * _meanX[k] * _meanY[k]) - mx * my },
                { Sum(k => _weight[k] * _meanX[k] * _meanY[k]) - mx * my, variance + Sum(k => _weight[k] * _meanY[k] * _meanY[k]) - my * my },
            };
        }
    }

    /// <summary>The law of x + σξ with ξ ~ N(0, I): the same mixture with s_k² + σ².</summary>
    public Toy2dGaussianMixture Smoothed(double sigma)
    {
        if (!(sigma >= 0) || double.IsInfinity(sigma)) throw new ArgumentOutOfRangeException(nameof(sigma), sigma, "The noise level must be finite and non-negative.");
        var means = new double[Components, 2];
        for (var k = 0; k < Components; k++)
        {
            means[k, 0] = _meanX[k];
            means[k, 1] = _meanY[k];
        }
        return new Toy2dGaussianMixture(means, _std.Select(s => Math.Sqrt(s * s + sigma * sigma)).ToArray(), _weight);
    }

    /// <summary><paramref name="count"/> samples, float64 (count, 2).</summary>
    public Tensor Sample(long count, Generator generator)
    {
        var (points, components) = SampleLabelled(count, generator);
        components.Dispose();
        return points;
    }

    /// <summary>Samples (count, 2) and the component each came from (count,) as int64.</summary>
    public (Tensor Points, Tensor Components) SampleLabelled(long count, Generator generator)
    {
        if (count < 1) throw new ArgumentOutOfRangeException(nameof(count), count, "Sample at least one point.");
        using var scope = torch.NewDisposeScope();
        var components = torch.multinomial(torch.tensor(_weight), count, replacement: true, generator: generator);
        var centres = MeansTensor(torch.float64).index_select(0, components);           // (count, 2)
        var spread = torch.tensor(_std).index_select(0, components).unsqueeze(1);       // (count, 1)
        var points = centres + spread * torch.randn([count, 2], torch.float64, generator: generator);
        return (points.MoveToOuterDisposeScope(), components.MoveToOuterDisposeScope());
    }

    /// <summary>log p(x) for points <paramref name="x"/> (N, 2), in x's dtype: (N,). Differentiable in x.</summary>
    public Tensor LogDensity(Tensor x)
    {
        using var scope = torch.NewDisposeScope();
        return ComponentLogDensities(x).logsumexp(1).MoveToOuterDisposeScope();
    }

    /// <summary>The exact score ∇ log p(x) = Σ_k r_k(x)(μ_k − x)/s_k² for points (N, 2): (N, 2), in x's dtype.</summary>
    public Tensor Score(Tensor x)
    {
        using var scope = torch.NewDisposeScope();
        var responsibilities = torch.nn.functional.softmax(ComponentLogDensities(x), 1);       // (N, K)
        var pull = MeansTensor(x.dtype).unsqueeze(0) - x.unsqueeze(1);                    // (N, K, 2)
        var precision = 1.0 / torch.tensor(_std).to(x.dtype).square();                     // (K,)
        var weighted = responsibilities * precision.unsqueeze(0);                           // (N, K)
        return (weighted.unsqueeze(2) * pull).sum([1]).MoveToOuterDisposeScope();
    }

    /// <summary>log w_k + log N(x; μ_k, s_k² I) for each point and component: (N, K).</summary>
    private Tensor ComponentLogDensities(Tensor x)
    {
        if (x.dim() != 2 || x.shape[1] != 2) throw new ArgumentException($"Expected points of shape (N, 2), got ({string.Join(", ", x.shape)}).", nameof(x));
        var variance = torch.tensor(_std).to(x.dtype).square();                            // (K,)
        var squaredDistance = (x.unsqueeze(1) - MeansTensor(x.dtype).unsqueeze(0)).square().sum([2]);   // (N, K)
        var logNormaliser = torch.tensor(_weight).to(x.dtype).log() - (2 * Math.PI * variance).log();
        return logNormaliser.unsqueeze(0) - squaredDistance / (2.0 * variance.unsqueeze(0));
    }

    private Tensor MeansTensor(ScalarType dtype) => torch.stack([torch.tensor(_meanX), torch.tensor(_meanY)], 1).to(dtype);   // (K, 2)

    private double Sum(Func<int, double> term)
    {
        var total = 0.0;
        for (var k = 0; k < Components; k++) total += term(k);
        return total;
    }
}
