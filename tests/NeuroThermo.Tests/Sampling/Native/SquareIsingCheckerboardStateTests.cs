using NeuroThermo.Sampling.Native;
using TorchSharp;
using static TorchSharp.torch;
using NeuroThermo.TorchExtensions;

namespace NeuroThermo.Tests.Sampling.Native;

/// <summary>
/// The chain state of <see cref="SquareIsingCheckerboard"/>: saving and resuming is bit-identical, the recorded
/// observables are those of the configuration, and bad arguments are refused with a sentence.
/// </summary>
public sealed class SquareIsingCheckerboardStateTests
{
    // Observables recomputed from the lattice in double precision from the same integers: only rounding differs.
    private const double ObservableTol = 1e-12;

    public static TheoryData<CheckerboardBackend> Backends => new() { CheckerboardBackend.Tensor, CheckerboardBackend.Native };

    [Theory]
    [MemberData(nameof(Backends))]
    public void SaveAndResume_ContinuesBitIdentically(CheckerboardBackend backend)
    {
        var sampler = new SquareIsingCheckerboard(34, 1 / 2.269, field: 0.1, backend: backend);
        var path = Path.Combine(Path.GetTempPath(), $"checkerboard-{Guid.NewGuid():N}.safetensors");
        try
        {
            using var straight = sampler.Initialize(3, seed: 9);
            sampler.Run(straight, 7);
            straight.Save(path);
            var expected = sampler.Run(straight, 9);

            using var resumed = CheckerboardState.Load(path);
            Assert.Equal(7, resumed.SweepCount);
            var actual = sampler.Run(resumed, 9);

            Assert.Equal(16, resumed.SweepCount);
            Assert.Equal(straight.Spins.ToArray<sbyte>(), resumed.Spins.ToArray<sbyte>());
            if (backend == CheckerboardBackend.Native)
                Assert.Equal(straight.RandomState.ToArray<int>(), resumed.RandomState.ToArray<int>());
            else
                Assert.Equal(straight.RandomState.ToArray<long>(), resumed.RandomState.ToArray<long>());
            Assert.Equal(expected.EnergyPerSpin, actual.EnergyPerSpin);
            Assert.Equal(expected.MagnetizationPerSpin, actual.MagnetizationPerSpin);
            // The chain moved: a resume that silently re-ran nothing would also compare equal to itself.
            Assert.NotEqual(expected.EnergyPerSpin[0, 0], expected.EnergyPerSpin[8, 0]);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData(CheckerboardBackend.Tensor, 4)]
    [InlineData(CheckerboardBackend.Native, 4)]
    [InlineData(CheckerboardBackend.Tensor, 6)]
    [InlineData(CheckerboardBackend.Tensor, 34)]
    [InlineData(CheckerboardBackend.Native, 6)]
    [InlineData(CheckerboardBackend.Native, 34)]
    [InlineData(CheckerboardBackend.Native, 64)]
    public void Trace_MatchesEnergyAndMagnetizationOfTheLattice(CheckerboardBackend backend, int size)
    {
        // Sizes 6 and 34 give rows of 3 and 17 sites per colour: partial 16-lane blocks in the native kernel.
        const double J = 0.8, H = 0.3;
        var sampler = new SquareIsingCheckerboard(size, 0.6, J, H, backend);
        using var state = sampler.Initialize(2, seed: 3);
        var trace = sampler.Run(state, 3);
        using var lattice = SquareIsingCheckerboard.ToLattice(state);
        var spins = lattice.ToArray<sbyte>();
        for (int c = 0; c < 2; c++)
        {
            long bonds = 0, total = 0;
            for (int r = 0; r < size; r++)
            {
                for (int k = 0; k < size; k++)
                {
                    int s = spins[(c * size + r) * size + k];
                    total += s;
                    bonds += s * spins[(c * size + r) * size + (k + 1) % size] + s * spins[(c * size + (r + 1) % size) * size + k];
                }
            }
            double n = size * size;
            Assert.Equal((-J * bonds - H * total) / n, trace.EnergyPerSpin[2, c], ObservableTol);
            Assert.Equal(total / n, trace.MagnetizationPerSpin[2, c], ObservableTol);
        }
    }

    [Fact]
    public void ZeroTemperatureLimit_OrdersTheLattice()
    {
        // At large β only moves that lower or keep the energy are accepted: a small lattice from a random start
        // ends in a ground state or a straight stripe, and never rises above its starting energy.
        var sampler = new SquareIsingCheckerboard(8, 50);
        using var state = sampler.Initialize(4, seed: 1);
        var trace = sampler.Run(state, 200);
        for (int c = 0; c < 4; c++)
        {
            for (int t = 1; t < trace.Sweeps; t++) Assert.True(trace.EnergyPerSpin[t, c] <= trace.EnergyPerSpin[t - 1, c]);
        }
    }

    [Fact]
    public void BadArguments_AreRefusedWithASentence()
    {
        var odd = Assert.Throws<ArgumentOutOfRangeException>(() => new SquareIsingCheckerboard(5, 0.4));
        Assert.Equal("size", odd.ParamName);
        Assert.Contains("even", odd.Message);
        Assert.Equal("inverseTemperature", Assert.Throws<ArgumentOutOfRangeException>(() => new SquareIsingCheckerboard(8, -0.1)).ParamName);
        Assert.Equal("inverseTemperature", Assert.Throws<ArgumentOutOfRangeException>(() => new SquareIsingCheckerboard(8, double.NaN)).ParamName);
        Assert.Equal("field", Assert.Throws<ArgumentOutOfRangeException>(() => new SquareIsingCheckerboard(8, 0.4, field: double.PositiveInfinity)).ParamName);

        var sampler = new SquareIsingCheckerboard(8, 0.4);
        Assert.Equal("chains", Assert.Throws<ArgumentOutOfRangeException>(() => sampler.Initialize(0, 1)).ParamName);
        using var state = sampler.Initialize(1, 1);
        Assert.Equal("sweeps", Assert.Throws<ArgumentOutOfRangeException>(() => sampler.Run(state, -1)).ParamName);
        var otherSize = Assert.Throws<ArgumentException>(() => new SquareIsingCheckerboard(10, 0.4).Run(state, 1));
        Assert.Contains("L = 8", otherSize.Message);
        var otherBackend = Assert.Throws<ArgumentException>(() => new SquareIsingCheckerboard(8, 0.4, backend: CheckerboardBackend.Tensor).Run(state, 1));
        Assert.Contains("Native", otherBackend.Message);
    }

    [Fact]
    public void Load_RefusesAFileThatIsNotACheckerboardState()
    {
        var path = Path.Combine(Path.GetTempPath(), $"not-checkerboard-{Guid.NewGuid():N}.safetensors");
        try
        {
            using (var t = torch.zeros(3))
                NeuroThermo.TorchExtensions.Serialization.Safetensors.Save(path, [new("weights", t)]);
            var error = Assert.Throws<InvalidDataException>(() => CheckerboardState.Load(path));
            Assert.Contains(path, error.Message);
            Assert.Contains("backend", error.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
