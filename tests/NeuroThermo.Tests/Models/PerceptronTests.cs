using NeuroThermo.Models;

namespace NeuroThermo.Tests.Models;

/// <summary>The threshold unit of eq. 4.1: the textbook gates, the impossibility of XOR in one unit, the two-layer XOR.</summary>
public sealed class PerceptronTests
{
    // Σ_k λ_k σ_k (w·x_k − θ) is exactly zero; in doubles it is four products of numbers up to ~30, rounded to ~1e-14.
    private const double IdentityTol = 1e-9;

    private static readonly (int X1, int X2)[] Pairs = [(0, 0), (0, 1), (1, 0), (1, 1)];

    [Fact]
    public void Gates_WithTextbookWeights_MatchBooleanLogic()
    {
        foreach (var (x1, x2) in Pairs)
        {
            double[] input = [x1, x2];
            Assert.Equal(x1 == 1 && x2 == 1 ? 1 : 0, Perceptron.And.Output(input));
            Assert.Equal(x1 == 1 || x2 == 1 ? 1 : 0, Perceptron.Or.Output(input));
            Assert.Equal(x1 == 1 && x2 == 1 ? 0 : 1, Perceptron.Nand.Output(input));
        }
        Assert.Equal(1, Perceptron.Not.Output([0.0]));
        Assert.Equal(0, Perceptron.Not.Output([1.0]));
    }

    [Fact]
    public void Xor_HasAGordanCertificateAndNoSeparator()
    {
        int[] xor = [.. Pairs.Select(p => p.X1 ^ p.X2)];
        var verdict = LinearSeparability.Decide(xor);
        Assert.Null(verdict.Separator);
        Assert.True(verdict.ProvedInseparable);
        Assert.True(LinearSeparability.IsCertificate(xor, verdict.Certificate!));
        // The certificate argument by hand: for any (w, θ), Σ_k λ_k σ_k (w·x_k − θ) = 0, so the four margins cannot
        // all be positive. Check that identity on weights no grid search would try.
        var random = new Random(5);
        for (var trial = 0; trial < 100; trial++)
        {
            var unit = new Perceptron([random.NextDouble() * 20 - 10, random.NextDouble() * 20 - 10], random.NextDouble() * 20 - 10);
            var weighted = Pairs.Select((p, k) => verdict.Certificate![k] * (xor[k] == 1 ? 1 : -1) * unit.Activation([p.X1, p.X2])).Sum();
            Assert.True(Math.Abs(weighted) < IdentityTol, $"Σ λσ(w·x − θ) = {weighted}");
            Assert.NotEqual(xor, Pairs.Select(p => unit.Output([p.X1, p.X2])).ToArray());
        }
    }

    [Fact]
    public void AllSixteenTwoInputFunctions_AreDecided_OnlyXorAndXnorInseparable()
    {
        var inseparable = new List<int>();
        for (var code = 0; code < 16; code++)
        {
            int[] targets = [.. Enumerable.Range(0, 4).Select(k => (code >> k) & 1)];
            var verdict = LinearSeparability.Decide(targets);
            // Gordan's alternative: exactly one of the two exists, so a search that finds both is broken.
            Assert.True(verdict.Separator is null != verdict.Certificate is null, $"function {code}: separator and certificate must exclude each other");
            if (verdict.Separator is { } unit)
                Assert.Equal(targets, LinearSeparability.Inputs(2).Select(unit.Output).ToArray());
            else
                inseparable.Add(code);
        }
        int[] xor = [0, 1, 1, 0], xnor = [1, 0, 0, 1];
        Assert.Equal([Code(xor), Code(xnor)], inseparable.Order());
    }

    [Fact]
    public void AndFunction_HasNoCertificate()
    {
        // A certificate for a separable function would contradict the separator: the check must reject every λ.
        int[] and = [0, 0, 0, 1];
        for (var code = 1; code < 81; code++)
        {
            int[] lambda = [.. Enumerable.Range(0, 4).Select(k => code / (int)Math.Pow(3, k) % 3)];
            Assert.False(LinearSeparability.IsCertificate(and, lambda), $"λ = ({string.Join(", ", lambda)})");
        }
    }

    [Fact]
    public void TwoLayerNetwork_ComputesXor()
    {
        foreach (var (x1, x2) in Pairs)
            Assert.Equal(x1 ^ x2, Perceptron.Xor(x1, x2));
    }

    private static int Code(int[] targets) => Enumerable.Range(0, 4).Sum(k => targets[k] << k);
}
