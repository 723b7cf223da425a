using NeuroThermo.Data;
using NeuroThermo.Models.Boltzmann;
using NeuroThermo.Physics;
using TorchSharp;
using static TorchSharp.torch;
using NeuroThermo.TorchExtensions;

namespace NeuroThermo.Tests.Models.Boltzmann;

/// <summary>
/// Learning recovers a known machine from its exact moments (exact and persistent-chain model terms); inverse Ising
/// from samples improves with the number of samples; bars and stripes has the pattern count brute force finds.
/// </summary>
public sealed class BoltzmannLearningTests
{
    /// <summary>Moment matching stops at a mismatch of 1e-9; with a Fisher information of order 1 the parameters are then within ~1e-8.</summary>
    private const double ExactRecoveryTol = 1e-6;

    /// <summary>
    /// 2,000 chains give moments with noise ~1/√2000 ≈ 0.02 per step; averaged by a small learning rate the couplings
    /// settle within a few hundredths of the teacher's, against an error of ~0.4 at the start.
    /// </summary>
    private const double PersistentRecoveryTol = 0.08;

    [Fact]
    public void ExactLearning_FromTheTeachersMoments_RecoversTheTeacher()
    {
        using var generator = new Generator(3);
        using var teacher = BoltzmannMachineTests.RandomMachine(6, 1.0, generator);
        using var states = teacher.AllStates();
        using var moments = teacher.ExactMoments(states);
        var (student, steps, mismatch) = InverseIsing.MomentMatching(moments, 1.0, learningRate: 0.15, maxSteps: 20_000, tolerance: 1e-9);
        using (student)
        {
            Assert.True(mismatch < 1e-9, $"Moment matching stopped at mismatch {mismatch} after {steps} steps.");
            Assert.True(InverseIsing.CouplingError(student.Weights, teacher.Weights) < ExactRecoveryTol);
            using var fieldGap = (student.Biases - teacher.Biases).abs().max();
            Assert.True(fieldGap.ItemAs<double>() < ExactRecoveryTol, $"h differs by {fieldGap.ItemAs<double>()}.");
        }
    }

    [Fact]
    public void PersistentChainLearning_FromTheTeachersMoments_ApproachesTheTeacher()
    {
        using var generator = new Generator(4);
        using var teacher = BoltzmannMachineTests.RandomMachine(6, 1.0, generator);
        using var states = teacher.AllStates();
        using var moments = teacher.ExactMoments(states);
        using var student = new BoltzmannMachine(6, 1.0);
        var before = InverseIsing.CouplingError(student.Weights, teacher.Weights);
        using (var learner = new PersistentChainLearner(student, chains: 2000, sweepsPerStep: 1, seed: 9))
        {
            for (var step = 0; step < 400; step++) learner.Step(moments, step < 200 ? 0.2 : 0.05);
        }
        var after = InverseIsing.CouplingError(student.Weights, teacher.Weights);
        Assert.True(after < PersistentRecoveryTol, $"Coupling error {after} (started at {before}).");
    }

    [Fact]
    public void InverseIsing_CouplingErrorFallsWithSamples()
    {
        using var generator = new Generator(6);
        using var truth = BoltzmannMachineTests.RandomMachine(6, 1.0, generator);
        var errors = new List<double>();
        foreach (var count in new long[] { 300, 30_000 })
        {
            using var samples = InverseIsing.ExactSamples(truth, count, generator);
            using var data = SpinMoments.FromSamples(samples);
            var (fit, steps, mismatch) = InverseIsing.MomentMatching(data, 1.0, 0.15, 20_000, 1e-8);
            using (fit) errors.Add(InverseIsing.CouplingError(fit.Weights, truth.Weights));
            Assert.True(mismatch < 1e-8, $"Moment matching at M = {count} stopped at mismatch {mismatch} after {steps} steps, short of the maximum-likelihood point.");
        }
        // 100 times the samples should cut a √M-consistent error tenfold; a factor 3 leaves room for one unlucky draw.
        Assert.True(errors[1] < errors[0] / 3, $"Errors {errors[0]} at M = 300 and {errors[1]} at M = 30,000.");
    }

    [Fact]
    public void MeanFieldInversion_IsExactInTheWeakCouplingLimit()
    {
        // At βJ → 0 the connected correlations are C = 1 + βJ + O(β²J²), so −C⁻¹/β → J off the diagonal.
        using var generator = new Generator(8);
        const double beta = 0.01;
        using var truth = BoltzmannMachineTests.RandomMachine(5, beta, generator);
        using var states = truth.AllStates();
        using var moments = truth.ExactMoments(states);
        using var couplings = InverseIsing.MeanFieldCouplings(moments, beta);
        var error = InverseIsing.CouplingError(couplings, truth.Weights);
        // The O(βJ²) correction at β = 0.01 with |J| ~ 0.5: a few 1e-3; 2e-2 still fails a wrong sign or factor.
        Assert.True(error < 2e-2, $"Mean-field coupling error {error} at β = {beta}.");
    }

    [Fact]
    public void BarsAndStripes_AreExactlyTheGroundStatesOfAPairwiseEnergy()
    {
        // Why a fully visible machine can learn bars and stripes: with J = 1 within a row or column and −1/3 between
        // pixels sharing neither, E = −(2/3)(Σ_rows R² + Σ_cols C²) + M²/6 + 56/3, which is −24 on every bar and
        // stripe pattern and higher elsewhere; scaling J up concentrates p(s) on exactly the 30 patterns.
        const int side = 4, units = side * side;
        var couplings = new double[units, units];
        for (var a = 0; a < units; a++)
        {
            for (var b = 0; b < units; b++)
            {
                if (a == b) continue;
                var shareLine = a / side == b / side || a % side == b % side;
                couplings[a, b] = shareLine ? 1.0 : -1.0 / 3;
            }
        }
        using var energy = new NeuroThermo.Physics.Energies.SpinGlassModel(couplings, new double[units]);
        using var enumeration = new NeuroThermo.Physics.Exact.ExactEnumeration(energy);
        var ground = enumeration.GroundStates();
        using var patterns = BarsAndStripes.Patterns(side);
        using var codes = SpinConfigurations.ToCodes(patterns);
        Assert.Equal(-24.0, ground.Energy, 1e-9);
        Assert.True(ground.Codes.ToHashSet().SetEquals(codes.ToArray<long>()), $"{ground.Degeneracy} ground states.");
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void BarsAndStripes_MatchesBruteForceCount_AndHasNoRepeats(int side)
    {
        using var patterns = BarsAndStripes.Patterns(side);
        using var codes = SpinConfigurations.ToCodes(patterns);
        var generated = codes.ToArray<long>().ToHashSet();
        var units = side * side;
        var bruteForce = new HashSet<long>();
        for (long code = 0; code < 1L << units; code++)
        {
            bool Pixel(int r, int c) => ((code >> (r * side + c)) & 1) == 1;
            var constantRows = Enumerable.Range(0, side).All(r => Enumerable.Range(0, side).All(c => Pixel(r, c) == Pixel(r, 0)));
            var constantColumns = Enumerable.Range(0, side).All(c => Enumerable.Range(0, side).All(r => Pixel(r, c) == Pixel(0, c)));
            if (constantRows || constantColumns) bruteForce.Add(code);
        }
        Assert.Equal(patterns.size(0), generated.Count);
        Assert.True(bruteForce.SetEquals(generated), $"{generated.Count} generated, {bruteForce.Count} by brute force.");
    }
}
