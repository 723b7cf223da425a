using NeuroThermo.Physics.Onsager;
using NeuroThermo.Sampling.Native;

namespace NeuroThermo.Tests.Sampling.Native;

/// <summary>
/// L = 64 averages of both backends against the infinite lattice's exact values: Onsager's energy per spin and
/// Yang's spontaneous magnetisation. At T = 1.5, 2.0 and 3.0 the correlation length is a few sites at most, so the
/// finite-size corrections at L = 64 are far below the statistical errors.
/// </summary>
public sealed class SquareIsingCheckerboardOnsagerTests
{
    private const int Size = 64;
    private const int Chains = 8;
    private const int BurnIn = 300;
    private const int MeasuredSweeps = 1500;
    // Blocks per chain for the standard error: 150 sweeps each, far longer than the autocorrelation time of e and
    // |m| away from T_c, so that block means are close to independent.
    private const int BlocksPerChain = 10;
    private const double StandardErrors = 3;
    // Above T_c Yang's m is 0 while a finite lattice keeps ⟨|m|⟩ ≈ √(2χ/(πN)) with χ = N⟨m²⟩ ≈ 4 at T = 3, about
    // 0.025 at L = 64. The bound allows a four-fold error in that estimate and still fails a lattice stuck in order.
    private const double DisorderedMagnetizationBound = 0.1;

    public static TheoryData<CheckerboardBackend, double> Cases => new()
    {
        { CheckerboardBackend.Tensor, 1.5 },
        { CheckerboardBackend.Tensor, 2.0 },
        { CheckerboardBackend.Tensor, 3.0 },
        { CheckerboardBackend.Native, 1.5 },
        { CheckerboardBackend.Native, 2.0 },
        { CheckerboardBackend.Native, 3.0 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void EnergyAndMagnetization_MatchOnsagerAndYang(CheckerboardBackend backend, double temperature)
    {
        double beta = 1 / temperature;
        var sampler = new SquareIsingCheckerboard(Size, beta, backend: backend);
        // A cold start: from a hot one a lattice quenched to T = 1.5 can freeze into stripes that outlive the run.
        using var state = sampler.Initialize(Chains, seed: 5, ordered: true);
        sampler.Run(state, BurnIn);
        var trace = sampler.Run(state, MeasuredSweeps);

        var (energy, energyError) = BlockMean(trace.EnergyPerSpin, absolute: false);
        var exactEnergy = OnsagerSolution.InternalEnergyPerSite(beta);
        Assert.True(Math.Abs(energy - exactEnergy) < StandardErrors * energyError,
            $"{backend} T = {temperature}: e = {energy:F5} ± {energyError:F5}, Onsager {exactEnergy:F5}");

        var (magnetization, magnetizationError) = BlockMean(trace.MagnetizationPerSpin, absolute: true);
        var yang = OnsagerSolution.SpontaneousMagnetization(beta);
        if (yang > 0)
        {
            Assert.True(Math.Abs(magnetization - yang) < StandardErrors * magnetizationError,
                $"{backend} T = {temperature}: |m| = {magnetization:F5} ± {magnetizationError:F5}, Yang {yang:F5}");
        }
        else
        {
            Assert.True(magnetization < DisorderedMagnetizationBound, $"{backend} T = {temperature}: |m| = {magnetization:F4}");
        }
    }

    // Mean over chains and sweeps, and its standard error from the scatter of block means.
    private static (double Mean, double Error) BlockMean(double[,] series, bool absolute)
    {
        int sweeps = series.GetLength(0), chains = series.GetLength(1), length = sweeps / BlocksPerChain;
        var means = new List<double>();
        for (int c = 0; c < chains; c++)
        {
            for (int b = 0; b < BlocksPerChain; b++)
            {
                double sum = 0;
                for (int t = b * length; t < (b + 1) * length; t++) sum += absolute ? Math.Abs(series[t, c]) : series[t, c];
                means.Add(sum / length);
            }
        }
        double mean = means.Average();
        double variance = means.Sum(m => (m - mean) * (m - mean)) / (means.Count - 1);
        return (mean, Math.Sqrt(variance / means.Count));
    }
}
