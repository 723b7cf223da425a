using NeuroThermo.IO;
using NeuroThermo.Physics.Energies;
using NeuroThermo.Sampling;
using TorchSharp;
using static TorchSharp.torch;
using NeuroThermo.TorchExtensions;
using NeuroThermo.TorchExtensions.Serialization;

namespace NeuroThermo.Tests.Sampling;

/// <summary>A chain saved mid-run and resumed from the file continues bit for bit as if it had never stopped.</summary>
public sealed class SamplerResumeTests : IDisposable
{
    private const int Chains = 16;
    private const int SweepsBefore = 7;
    private const int SweepsAfter = 6;

    private readonly string _directory = Directory.CreateTempSubdirectory("sampler-state-").FullName;

    public static TheoryData<string, string> Kinds()
    {
        var data = new TheoryData<string, string>();
        foreach (var kind in SamplerHarness.SingleSpinKinds.Append("parallel-tempering").Append("annealing")) data.Add(kind, "spin-glass");
        data.Add("wolff", "ferromagnet");
        return data;
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void SavedAndResumed_ContinuesBitIdentically(string kind, string model)
    {
        using var energy = SamplerExactDistributionTests.Model(model);
        using var sampler = SamplerHarness.Create(kind, energy, beta: 0.6);
        var path = Path.Combine(_directory, kind.Replace('/', '-') + ".safetensors");
        using var uninterrupted = sampler.Initialize(Chains, seed: 77);
        sampler.Run(uninterrupted, SweepsBefore);
        SamplerStateFile.Save(path, uninterrupted);
        var atSave = Values(uninterrupted.Spins);
        sampler.Run(uninterrupted, SweepsAfter);

        using var resumed = SamplerStateFile.Load(path);
        Assert.Equal(SweepsBefore, resumed.Sweeps);
        sampler.Run(resumed, SweepsAfter);

        Assert.Equal(Values(uninterrupted.Spins), Values(resumed.Spins));
        Assert.Equal(uninterrupted.Sweeps, resumed.Sweeps);
        Assert.Equal(uninterrupted.ProposedFlips, resumed.ProposedFlips);
        Assert.Equal(uninterrupted.AcceptedFlips, resumed.AcceptedFlips);
        Assert.Equal(uninterrupted.SwapAttempts, resumed.SwapAttempts);
        Assert.Equal(uninterrupted.SwapAcceptances, resumed.SwapAcceptances);
        Assert.Equal(uninterrupted.BestEnergies is null, resumed.BestEnergies is null);
        if (uninterrupted.BestEnergies is not null)
        {
            Assert.Equal(Values(uninterrupted.BestEnergies), Values(resumed.BestEnergies!));
            Assert.Equal(Values(uninterrupted.BestSpins!), Values(resumed.BestSpins!));
        }
        // The chains moved after the save, so equality above is not the trivial equality of two untouched states.
        Assert.NotEqual(atSave, Values(resumed.Spins));
    }

    [Fact]
    public void DifferentSeeds_GiveDifferentChains()
    {
        using var energy = SamplerHarness.SpinGlass();
        using var sampler = SingleSpinSampler.Metropolis(energy, 0.6);
        using var a = sampler.Run(sampler.Initialize(Chains, seed: 1), SweepsAfter);
        using var b = sampler.Run(sampler.Initialize(Chains, seed: 2), SweepsAfter);
        Assert.NotEqual(Values(a.Spins), Values(b.Spins));
    }

    [Fact]
    public void StateOfAnotherSampler_IsRefusedWithAClearMessage()
    {
        using var energy = SamplerHarness.Ferromagnet();
        using var metropolis = SingleSpinSampler.Metropolis(energy, 0.5);
        using var heatBath = SingleSpinSampler.HeatBath(energy, 0.5);
        using var state = metropolis.Initialize(Chains, seed: 3);
        var error = Assert.Throws<ArgumentException>(() => heatBath.Run(state, 1));
        Assert.Contains("metropolis-checkerboard", error.Message);
    }

    [Fact]
    public void FileThatIsNotASamplerState_IsRefusedNamingTheFile()
    {
        var path = Path.Combine(_directory, "weights.safetensors");
        using (var weights = torch.zeros([3], torch.float64)) Safetensors.Save(path, [new("w", weights)]);
        var error = Assert.Throws<CorruptFileException>(() => SamplerStateFile.Load(path));
        Assert.Contains(path, error.Message);
        Assert.Contains("not a sampler state", error.Message);
    }

    [Fact]
    public void TruncatedFile_IsRefusedNamingTheFile()
    {
        var path = Path.Combine(_directory, "truncated.safetensors");
        using var energy = SamplerHarness.Ferromagnet();
        using var sampler = SingleSpinSampler.Metropolis(energy, 0.5);
        using (var state = sampler.Initialize(Chains, seed: 4)) SamplerStateFile.Save(path, state);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        var error = Assert.Throws<CorruptFileException>(() => SamplerStateFile.Load(path));
        Assert.Contains(path, error.Message);
    }

    private static double[] Values(Tensor t)
    {
        using var contiguous = t.contiguous();
        return contiguous.ToArray<double>();
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
