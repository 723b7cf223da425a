using NeuroThermo.Sampling;
using NeuroThermo.Sampling.Native;

namespace NeuroThermo.Tests.Sampling.Native;

/// <summary>
/// Both backends of <see cref="SquareIsingCheckerboard"/> sample the exact Boltzmann law of a 4×4 periodic lattice:
/// χ² of the joint (bond sum, magnetisation) histogram against exact enumeration, repeated with fresh seeds and the
/// p-values combined by Fisher's method.
/// </summary>
public sealed class SquareIsingCheckerboardDistributionTests
{
    private const int Size = 4;
    private const int Chains = 400;
    private const int BurnIn = 200;
    // Sweeps between the samples taken from one chain: several autocorrelation times of the energy and |M| of a
    // 4×4 lattice at T ≥ 2.5, so that the samples are close enough to independent for the χ² law to hold.
    private const int Spacing = 10;
    private const int SamplesPerChain = 60;
    private const int Repetitions = 3;
    // A correct sampler fails this at a rate of 1 %; the seeds are fixed, so the outcome is too.
    private const double MinimumCombinedP = 0.01;
    // The wrong-temperature test must reject by a wide margin, not by luck.
    private const double MaximumCombinedPWrongTemperature = 1e-6;

    public static TheoryData<CheckerboardBackend, double, double> Cases => new()
    {
        { CheckerboardBackend.Tensor, 2.5, 0 },
        { CheckerboardBackend.Tensor, 4.0, 0 },
        { CheckerboardBackend.Tensor, 3.0, 0.25 },
        { CheckerboardBackend.Native, 2.5, 0 },
        { CheckerboardBackend.Native, 4.0, 0 },
        { CheckerboardBackend.Native, 3.0, 0.25 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Histogram_MatchesExactEnumeration(CheckerboardBackend backend, double temperature, double field)
    {
        var p = CombinedP(backend, temperature, field, referenceTemperature: temperature, seed: 11);
        Assert.True(p > MinimumCombinedP, $"{backend} at T = {temperature}, h = {field}: Fisher-combined p = {p:G3}");
    }

    [Theory]
    [InlineData(CheckerboardBackend.Tensor)]
    [InlineData(CheckerboardBackend.Native)]
    public void Histogram_RejectsTheWrongTemperature(CheckerboardBackend backend)
    {
        var p = CombinedP(backend, temperature: 2.5, field: 0, referenceTemperature: 2.8, seed: 11);
        Assert.True(p < MaximumCombinedPWrongTemperature, $"{backend}: samples at T = 2.5 against T = 2.8 gave p = {p:G3}");
    }

    private static double CombinedP(CheckerboardBackend backend, double temperature, double field, double referenceTemperature, ulong seed)
    {
        bool absolute = field == 0;   // at h = 0 the sign of M tunnels slowly on its own; the symmetric law is in |M|
        var exact = ExactSmallLattice.Distribution(Size, 1 / referenceTemperature, 1, field, absolute);
        var keys = exact.Keys.ToList();
        var index = keys.Select((k, i) => (k, i)).ToDictionary(x => x.k, x => x.i);
        var probabilities = keys.Select(k => exact[k]).ToList();
        var sampler = new SquareIsingCheckerboard(Size, 1 / temperature, coupling: 1, field: field, backend: backend);
        var pValues = new List<double>();
        for (int rep = 0; rep < Repetitions; rep++)
        {
            using var state = sampler.Initialize(Chains, seed + (ulong)rep);
            sampler.Run(state, BurnIn);
            var trace = sampler.Run(state, Spacing * SamplesPerChain);
            var counts = new long[keys.Count];
            for (int t = Spacing - 1; t < trace.Sweeps; t += Spacing)
            {
                for (int c = 0; c < Chains; c++)
                {
                    int spins = (int)Math.Round(trace.MagnetizationPerSpin[t, c] * Size * Size);
                    int bonds = (int)Math.Round(-(trace.EnergyPerSpin[t, c] * Size * Size + field * spins));
                    counts[index[(bonds, absolute ? Math.Abs(spins) : spins)]]++;
                }
            }
            pValues.Add(GoodnessOfFit.ChiSquareTest(counts, probabilities).PValue);
        }
        return GoodnessOfFit.FisherCombined(pValues);
    }
}
