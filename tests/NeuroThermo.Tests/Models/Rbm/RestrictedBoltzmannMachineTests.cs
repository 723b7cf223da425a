using NeuroThermo.IO;
using NeuroThermo.Models.Rbm;
using TorchSharp;
using static TorchSharp.torch;
using NeuroThermo.TorchExtensions;

namespace NeuroThermo.Tests.Models.Rbm;

/// <summary>
/// The RBM's energy, free energies and conditionals (eqs. 4.33–4.48) against brute-force sums over every joint state of
/// tiny machines, done in plain doubles by <see cref="RbmReference"/>; the free-energy gradient against autograd.
/// </summary>
public sealed class RestrictedBoltzmannMachineTests
{
    /// <summary>float64 sums of 2^H terms agree to rounding: the tolerance of the issue.</summary>
    private const double RelTol = 1e-10;

    /// <summary>Absolute tolerance for probabilities in [0, 1] computed two ways in float64.</summary>
    private const double ProbabilityTol = 1e-12;

    /// <summary>Weights of order 1.5 put fields well past ±1, where softplus and ln 2cosh are far from linear.</summary>
    private const double Scale = 1.5;

    public static TheoryData<RbmUnits> Units => new() { RbmUnits.Bernoulli, RbmUnits.Spin };

    [Theory, MemberData(nameof(Units))]
    public void FreeEnergy_MatchesBruteForceMarginalOverHidden(RbmUnits units)
    {
        using var generator = new Generator(3);
        using var machine = RbmReference.RandomMachine(6, 5, units, Scale, generator);
        var reference = new RbmReference(machine);
        AssertEveryState(6, units, machine.FreeEnergy, reference.FreeEnergy, "F(v)");
    }

    [Theory, MemberData(nameof(Units))]
    public void HiddenFreeEnergy_MatchesBruteForceMarginalOverVisible(RbmUnits units)
    {
        using var generator = new Generator(4);
        using var machine = RbmReference.RandomMachine(5, 4, units, Scale, generator);
        var reference = new RbmReference(machine);
        AssertEveryState(4, units, machine.HiddenFreeEnergy, reference.HiddenFreeEnergy, "F_h(h)");
    }

    /// <summary>Compares <paramref name="actual"/> with <paramref name="expected"/> on all 2^n states of a layer of n units.</summary>
    private static void AssertEveryState(int units, RbmUnits kind, Func<Tensor, Tensor> actual, Func<double[], double> expected, string what)
    {
        using var states = RbmReference.AllStates(units, kind);
        using var values = actual(states);
        var computed = values.ToArray<double>();
        var rows = RbmReference.Rows(states);
        for (var n = 0; n < rows.Length; n++)
        {
            var exact = expected(rows[n]);
            Assert.True(Math.Abs(computed[n] - exact) <= RelTol * Math.Max(1, Math.Abs(exact)), $"{what} of state {n}: {computed[n]:R}, brute force {exact:R}");
        }
    }

    [Theory, MemberData(nameof(Units))]
    public void Energy_MatchesTheFormula(RbmUnits units)
    {
        using var generator = new Generator(5);
        using var machine = RbmReference.RandomMachine(4, 3, units, Scale, generator);
        var reference = new RbmReference(machine);
        using var visible = RbmReference.AllStates(4, units);
        using var hiddenStates = RbmReference.AllStates(3, units);
        using var codes = torch.tensor(Enumerable.Range(0, 16).Select(n => (long)(n * 5 % 8)).ToArray());
        using var hidden = hiddenStates.index_select(0, codes);   // (16, 3): each v paired with some h
        using var energy = machine.Energy(visible, hidden);
        var actual = energy.ToArray<double>();
        var (vs, hs) = (RbmReference.Rows(visible), RbmReference.Rows(hidden));
        for (var n = 0; n < vs.Length; n++)
            Assert.Equal(reference.Energy(vs[n], hs[n]), actual[n], RelTol * 10);
    }

    [Theory, MemberData(nameof(Units))]
    public void Conditionals_MatchEnumeration(RbmUnits units)
    {
        using var generator = new Generator(6);
        using var machine = RbmReference.RandomMachine(4, 3, units, Scale, generator);
        var reference = new RbmReference(machine);
        using var visible = RbmReference.AllStates(4, units);
        using var hidden = RbmReference.AllStates(3, units);
        using var pH = machine.HiddenProbabilities(visible);
        using var pV = machine.VisibleProbabilities(hidden);
        var (ph, pv) = (pH.ToArray<double>(), pV.ToArray<double>());
        var (vs, hs) = (RbmReference.Rows(visible), RbmReference.Rows(hidden));
        for (var n = 0; n < vs.Length; n++)
            for (var j = 0; j < 3; j++)
                Assert.Equal(reference.HiddenOnProbability(vs[n], j), ph[n * 3 + j], ProbabilityTol);
        for (var n = 0; n < hs.Length; n++)
            for (var i = 0; i < 4; i++)
                Assert.Equal(reference.VisibleOnProbability(hs[n], i), pv[n * 4 + i], ProbabilityTol);
    }

    [Theory, MemberData(nameof(Units))]
    public void FreeEnergyGradient_MatchesAutograd(RbmUnits units)
    {
        using var generator = new Generator(7);
        using var machine = RbmReference.RandomMachine(7, 5, units, Scale, generator);
        using var on = torch.rand([9, 7], ScalarType.Float64, generator: generator).lt(0.5).to(ScalarType.Float64);
        using var visible = units.FromIndicators(on);
        using var coefficients = torch.randn([9], ScalarType.Float64, generator: generator);
        using var free = machine.FreeEnergy(visible);
        using var weighted = (free * coefficients).sum();
        weighted.backward();
        var (w, a, b) = machine.FreeEnergyGradient(visible, coefficients);
        using (w) using (a) using (b)
        {
            AssertClose(machine.Weights.grad!, w, "∂/∂W");
            AssertClose(machine.VisibleBiases.grad!, a, "∂/∂a");
            AssertClose(machine.HiddenBiases.grad!, b, "∂/∂b");
        }
    }

    [Fact]
    public void SpinFreeEnergy_IsEquation448()
    {
        // Eq. 4.48 written out for one spin configuration with a single hidden spin: F = −aᵀv − ln 2cosh(b + wᵀv).
        using var w = torch.tensor(new[] { 0.3, -1.2 }, [2, 1]);
        using var a = torch.tensor(new[] { 0.5, 0.25 });
        using var b = torch.tensor(new[] { -0.4 });
        using var machine = new RestrictedBoltzmannMachine(w, a, b, RbmUnits.Spin);
        using var v = torch.tensor(new[] { 1.0, -1.0 }, [1, 2]);
        using var free = machine.FreeEnergy(v);
        var expected = -(0.5 - 0.25) - Math.Log(2 * Math.Cosh(-0.4 + 0.3 + 1.2));
        Assert.Equal(expected, free.ItemAs<double>(), RelTol);
    }

    [Fact]
    public void SaveAndLoad_RoundTripsParametersAndUnits()
    {
        using var generator = new Generator(8);
        using var machine = RbmReference.RandomMachine(6, 3, RbmUnits.Spin, Scale, generator);
        var path = Path.Combine(Path.GetTempPath(), $"rbm-{Guid.NewGuid():N}.safetensors");
        try
        {
            RbmFile.Save(machine, path);
            using var loaded = RbmFile.Load(path);
            Assert.Equal(RbmUnits.Spin, loaded.Units);
            Assert.Equal(machine.Weights.ToArray<double>(), loaded.Weights.ToArray<double>());
            Assert.Equal(machine.VisibleBiases.ToArray<double>(), loaded.VisibleBiases.ToArray<double>());
            Assert.Equal(machine.HiddenBiases.ToArray<double>(), loaded.HiddenBiases.ToArray<double>());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Load_OfAFileThatIsNotAnRbm_NamesTheFile()
    {
        var path = Path.Combine(Path.GetTempPath(), $"rbm-{Guid.NewGuid():N}.safetensors");
        try
        {
            File.WriteAllText(path, "not a safetensors file");
            var error = Assert.Throws<CorruptFileException>(() => RbmFile.Load(path));
            Assert.Contains(path, error.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static void AssertClose(Tensor expected, Tensor actual, string what)
    {
        var (e, a) = (expected.ToArray<double>(), actual.ToArray<double>());
        Assert.Equal(e.Length, a.Length);
        for (var k = 0; k < e.Length; k++)
            Assert.True(Math.Abs(e[k] - a[k]) <= RelTol * Math.Max(1, Math.Abs(e[k])), $"{what}[{k}]: autograd {e[k]:R}, hand-written {a[k]:R}");
    }
}
