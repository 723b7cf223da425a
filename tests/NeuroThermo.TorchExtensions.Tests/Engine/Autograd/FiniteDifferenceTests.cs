using System.Runtime.InteropServices;
using NeuroThermo.TorchExtensions;
using TorchSharp;
using static TorchSharp.torch;
namespace NeuroThermo.TorchExtensions.Tests.Engine.Autograd;

/// <summary>
/// Autograd of each operation against central finite differences in float64. The scalar probed
/// is L(x) = Σ w ⊙ f(x) with fixed random weights w, so every output element contributes.
/// </summary>
public sealed class FiniteDifferenceTests
{
    /// <summary>Largest allowed |autograd − numeric| / max(|autograd|, |numeric|, 1).</summary>
    private const double MaxRelativeError = 1e-6;

    /// <summary>Central-difference step: truncation error ~ h² ≈ 1e-12, round-off ~ ε/h ≈ 1e-10.</summary>
    private const double Step = 1e-6;

    public static TheoryData<string> Operations => new(Cases.Keys);

    // Inputs are drawn from N(0, 1) unless the case's domain needs a shift (log, sqrt, ...).
    private static readonly Dictionary<string, (Func<Tensor, Tensor> F, double Shift, long[] Shape)> Cases = new()
    {
        ["add"] = (x => x + x.pow(2), 0, [3, 4]),
        ["sub"] = (x => x - 2.5 * x.pow(3), 0, [3, 4]),
        ["mul"] = (x => x * x.flip(1), 0, [3, 4]),
        ["div"] = (x => x / (x.pow(2) + 1), 0, [3, 4]),
        ["pow"] = (x => x.pow(3.5), 2, [5]),
        ["exp"] = (x => x.exp(), 0, [5]),
        ["log"] = (x => x.log(), 3, [5]),
        ["log1p"] = (x => x.log1p(), 2, [5]),
        ["expm1"] = (x => x.expm1(), 0, [5]),
        ["sqrt"] = (x => x.sqrt(), 3, [5]),
        ["rsqrt"] = (x => x.rsqrt(), 3, [5]),
        ["sin"] = (x => x.sin(), 0, [5]),
        ["cos"] = (x => x.cos(), 0, [5]),
        ["tanh"] = (x => x.tanh(), 0, [5]),
        ["sigmoid"] = (x => x.sigmoid(), 0, [5]),
        ["gelu"] = (x => x.gelu(), 0, [7]),
        ["gelu_tanh"] = (x => x.gelu(TorchSharp.Modules.GELU.Approximate.tanh), 0, [7]),
        ["silu"] = (x => x.silu(), 0, [7]),
        ["softplus"] = (x => x.softplus(2), 0, [7]),
        ["logsigmoid"] = (x => torch.nn.functional.logsigmoid(x), 0, [7]),
        ["erf"] = (x => x.erf(), 0, [7]),
        ["sum_dim"] = (x => x.pow(2).sum(1), 0, [3, 4]),
        ["mean_dim"] = (x => x.pow(3).mean([0], keepdim: true), 0, [3, 4]),
        ["var"] = (x => x.var(1), 0, [3, 5]),
        ["std"] = (x => x.std(), 0, [3, 5]),
        ["logsumexp"] = (x => x.logsumexp(1), 0, [3, 5]),
        ["prod"] = (x => x.prod(1), 0, [3, 4]),
        ["cumsum"] = (x => x.cumsum(1).pow(2), 0, [3, 4]),
        ["matmul"] = (x => Guarded.matmul(x, x.t()), 0, [3, 4]),
        ["bmm"] = (x => x.bmm(x.transpose(1, 2)), 0, [2, 3, 4]),
        ["einsum"] = (x => torch.einsum("ij,kj->ik", x, x.pow(2)), 0, [3, 4]),
        ["outer"] = (x => x.outer(x.pow(2)), 0, [4]),
        ["inverse"] = (x => (x + 4 * torch.eye(3, dtype: torch.float64)).inverse(), 0, [3, 3]),
        ["det"] = (x => x.det(), 0, [3, 3]),
        ["solve"] = (x => torch.linalg.solve(x + 4 * torch.eye(3, dtype: torch.float64), x.pow(2)), 0, [3, 3]),
        ["norm"] = (x => x.norm(), 0, [3, 4]),
        ["softmax"] = (x => torch.nn.functional.softmax(x, 1), 0, [3, 5]),
        ["log_softmax"] = (x => torch.nn.functional.log_softmax(x, 1), 0, [3, 5]),
        ["layer_norm"] = (x => torch.nn.functional.layer_norm(x, [5]), 0, [3, 5]),
        ["mse_loss"] = (x => torch.nn.functional.mse_loss(x, Fixed(x.shape)), 0, [3, 5]),
        ["bce_with_logits"] = (x => torch.nn.functional.binary_cross_entropy_with_logits(x, Fixed(x.shape).sigmoid()), 0, [3, 5]),
        ["cross_entropy"] = (x => torch.nn.functional.cross_entropy(x, torch.tensor(new long[] { 0, 4, 2 })), 0, [3, 5]),
        ["transpose_reshape"] = (x => x.transpose(0, 1).reshape(2, 6).pow(2), 0, [3, 4]),
        ["gather"] = (x => x.gather(1, torch.tensor(new long[] { 0, 0, 2, 1, 3, 3 }, [3, 2])).pow(2), 0, [3, 4]),
        ["index_select"] = (x => x.index_select(0, torch.tensor(new long[] { 2, 0, 2 })).pow(3), 0, [3, 4]),
        ["cat_stack"] = (x => torch.cat([x, x.pow(2)], 1) + torch.stack([x, x], 0).sum(0L).repeat(1, 2), 0, [3, 4]),
        ["where_clamp"] = (x => torch.where(x > 0, x.pow(2), x.clamp(min: -0.5)), 0, [3, 4]),
        ["masked_fill"] = (x => x.masked_fill(x < 0, 0.25).pow(2), 0, [3, 4]),
        ["triu_tril"] = (x => x.triu(1).pow(2) + x.tril().exp(), 0, [4, 4]),
        ["amax"] = (x => x.amax([1]), 0, [3, 4]),
        ["abs"] = (x => x.abs(), 0, [6]),
        ["linear"] = (x => torch.nn.functional.linear(x, x.pow(2), x.sum(1)), 0, [3, 3]),
        ["eigh"] = (x => torch.linalg.eigh(x + x.t()).Item1, 0, [4, 4]),
    };

    // A target that does not depend on x (a loss's second argument is not differentiated).
    private static Tensor Fixed(long[] shape) => torch.linspace(-1, 1, shape.Aggregate(1L, (a, b) => a * b), torch.float64).reshape(shape);

    [Theory]
    [MemberData(nameof(Operations))]
    public void Autograd_MatchesCentralDifferences(string operation)
    {
        using var scope = torch.NewDisposeScope();
        var (f, shift, shape) = Cases[operation];
        using var generator = new Generator(20261122);
        var x0 = torch.randn(shape, torch.float64, generator: generator) + shift;
        using var probe = f(x0);
        var weights = torch.randn(probe.shape, torch.float64, generator: generator);

        var x = x0.detach().requires_grad_();
        var loss = (f(x) * weights).sum();
        var analytic = Guarded.grad(loss, x).ToArray<double>();

        var values = x0.ToArray<double>();
        double Loss(double[] v)
        {
            using var inner = torch.NewDisposeScope();
            return (f(torch.tensor(v, shape)) * weights).sum().item<double>();
        }
        var worst = 0.0;
        for (var i = 0; i < values.Length; i++)
        {
            var plus = (double[])values.Clone();
            var minus = (double[])values.Clone();
            plus[i] += Step;
            minus[i] -= Step;
            var numeric = (Loss(plus) - Loss(minus)) / (2 * Step);
            var error = Math.Abs(analytic[i] - numeric) / Math.Max(1, Math.Max(Math.Abs(analytic[i]), Math.Abs(numeric)));
            worst = Math.Max(worst, error);
        }
        Assert.True(worst <= MaxRelativeError, $"{operation}: worst relative error {worst:E2}");
    }

    [Fact]
    public void Catalogue_CoversAtLeastTwentyFiveOperations() => Assert.True(Cases.Count >= 25, $"only {Cases.Count} cases");
}
