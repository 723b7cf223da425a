using NeuroThermo.Models.Rbm;
using TorchSharp;
using static TorchSharp.torch;
using NeuroThermo.TorchExtensions;

namespace NeuroThermo.Tests.Models.Rbm;

/// <summary>Log-likelihood, reconstruction error and pseudo-likelihood against brute-force values of tiny machines.</summary>
public sealed class RbmEvaluationTests
{
    private const double RelTol = 1e-10;

    /// <summary>The pseudo-likelihood estimator's standard deviation over 40,000 rows is below 0.02 nats here; 5σ.</summary>
    private const double PseudoLikelihoodTol = 0.1;

    [Theory]
    [InlineData(RbmUnits.Bernoulli)]
    [InlineData(RbmUnits.Spin)]
    public void AverageLogLikelihood_MatchesEnumeration(RbmUnits units)
    {
        using var generator = new Generator(51);
        using var machine = RbmReference.RandomMachine(5, 4, units, 1.0, generator);
        var reference = new RbmReference(machine);
        using var data = RbmReference.AllStates(5, units);
        var logZ = RbmPartitionFunction.ExactLogZValue(machine);
        Assert.Equal(reference.LogPartition(), logZ, RelTol * 10);
        var expected = RbmReference.Rows(data).Average(v => -reference.FreeEnergy(v) - reference.LogPartition());
        Assert.Equal(expected, RbmEvaluation.AverageLogLikelihood(machine, data, logZ), RelTol * 10);
    }

    [Fact]
    public void ExactLogZ_EnumeratesWhicheverLayerIsSmaller()
    {
        using var generator = new Generator(52);
        using var wide = RbmReference.RandomMachine(3, 6, RbmUnits.Spin, 1.0, generator);
        using var tall = RbmReference.RandomMachine(6, 3, RbmUnits.Bernoulli, 1.0, generator);
        Assert.Equal(new RbmReference(wide).LogPartition(), RbmPartitionFunction.ExactLogZValue(wide), RelTol * 10);
        Assert.Equal(new RbmReference(tall).LogPartition(), RbmPartitionFunction.ExactLogZValue(tall), RelTol * 10);
    }

    [Fact]
    public void ReconstructionError_WithoutWeights_IsTheDistanceToTheBiasMeans()
    {
        // W = 0: E[v | h] = σ(a) whatever h, so the error is deterministic.
        using var w = torch.zeros([3, 2], ScalarType.Float64);
        using var a = torch.tensor(new[] { 0.0, 1.0, -2.0 });
        using var b = torch.tensor(new[] { 0.5, -0.5 });
        using var machine = new RestrictedBoltzmannMachine(w, a, b, RbmUnits.Bernoulli);
        using var data = torch.tensor(new double[] { 1, 0, 1, 0, 1, 0 }, [2, 3]);
        using var generator = new Generator(53);
        double[] mean = [0.5, 1 / (1 + Math.Exp(-1)), 1 / (1 + Math.Exp(2))];
        var expected = (Sq(1 - mean[0]) + Sq(mean[1]) + Sq(1 - mean[2]) + Sq(mean[0]) + Sq(1 - mean[1]) + Sq(mean[2])) / 2;
        Assert.Equal(expected, RbmEvaluation.ReconstructionError(machine, data, generator), RelTol);
    }

    [Theory]
    [InlineData(RbmUnits.Bernoulli)]
    [InlineData(RbmUnits.Spin)]
    public void PseudoLikelihood_EstimatesTheSumOfSingleUnitConditionals(RbmUnits units)
    {
        // scikit-learn's estimator V·ln σ(F(ṽ) − F(v)) averages to Σ_i ln p(v_i | v_−i); the conditionals here come
        // from the joint distribution by brute force.
        const int visible = 4, rows = 40_000;
        using var generator = new Generator(54);
        using var machine = RbmReference.RandomMachine(visible, 3, units, 1.0, generator);
        var reference = new RbmReference(machine);
        var v = reference.State(0b1011, visible);
        var logPv = -reference.FreeEnergy(v);
        var expected = 0.0;
        for (var i = 0; i < visible; i++)
        {
            var flipped = (double[])v.Clone();
            flipped[i] = units == RbmUnits.Bernoulli ? 1 - v[i] : -v[i];
            expected += logPv - RbmReference.LogSumExp([logPv, -reference.FreeEnergy(flipped)]);
        }
        using var row = torch.tensor(v, [1, visible]);
        using var ones = torch.ones([rows, 1], ScalarType.Float64);
        using var data = Guarded.matmul(ones, row);   // (rows, V): the same example repeated
        Assert.Equal(expected, RbmEvaluation.PseudoLikelihood(machine, data, generator), PseudoLikelihoodTol);
    }

    private static double Sq(double x) => x * x;
}
