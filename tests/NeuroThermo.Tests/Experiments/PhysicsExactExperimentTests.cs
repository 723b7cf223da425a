using System.Text.Json;
using NeuroThermo.Experiments;
using NeuroThermo.Physics.Onsager;

namespace NeuroThermo.Tests.Experiments;

public sealed class PhysicsExactExperimentTests
{
    [Fact]
    public void FrustratedPlaquette_ReportsEightGroundStates()
    {
        var config = new PhysicsExactConfig
        {
            Model = PhysicsModel.EdwardsAnderson, Lattice = LatticeShape.Chain, Size = 4, BondValues = [1, 1, 1, -1],
            TemperatureMin = 0.05, TemperatureMax = 3, TemperaturePoints = 5,
        };
        var result = PhysicsExactExperiment.Compute(config, 0, CancellationToken.None);
        Assert.Equal(-2.0, result.GroundStates!.Energy);
        Assert.Equal(8, result.GroundStates.Degeneracy);
        Assert.Equal(Math.Log(8) / 4, result.PerSpin(PhysicsQuantity.Entropy)[0], 1e-9);
    }

    [Fact]
    public void SquareLattice_CarriesOnsagerOverlays_AndWritesPlotsAndJson()
    {
        var config = new PhysicsExactConfig { Size = 3, TemperatureMin = 1, TemperatureMax = 4, TemperaturePoints = 4 };
        var result = PhysicsExactExperiment.Compute(config, 0, CancellationToken.None);
        var onsager = result.Overlays.Single(o => o.Label.StartsWith("Onsager", StringComparison.Ordinal) && o.Quantity == PhysicsQuantity.FreeEnergy);
        Assert.Equal(OnsagerSolution.FreeEnergyPerSite(1.0 / 3), onsager.Values[2], 1e-12);
        Assert.Contains(result.Overlays, o => o.Label.StartsWith("Yang", StringComparison.Ordinal));

        var directory = Directory.CreateTempSubdirectory("physics-exact-");
        try
        {
            PhysicsExactReport.Write(result, directory.FullName);
            Assert.Equal(6, Directory.GetFiles(Path.Combine(directory.FullName, "plots"), "*.svg").Length);
            using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(directory.FullName, "results.json")));
            var energies = json.RootElement.GetProperty("exactPerSpin").GetProperty("internalEnergy");
            Assert.Equal(result.PerSpin(PhysicsQuantity.InternalEnergy)[1], energies[1].GetDouble());
            Assert.Equal(2, json.RootElement.GetProperty("groundStates").GetProperty("degeneracy").GetInt64());
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void CurieWeiss_UsesTheBinomialSum_WithMeanFieldOverlays()
    {
        var config = new PhysicsExactConfig { Model = PhysicsModel.CurieWeiss, Size = 100_000, TemperatureMin = 0.5, TemperatureMax = 0.9, TemperaturePoints = 3 };
        var result = PhysicsExactExperiment.Compute(config, 0, CancellationToken.None);
        Assert.Contains("binomial", result.Method);
        var meanField = result.Overlays.Single(o => o.Quantity == PhysicsQuantity.AbsoluteMagnetization).Values;
        var exact = result.PerSpin(PhysicsQuantity.AbsoluteMagnetization);
        for (var i = 0; i < 3; i++) Assert.Equal(meanField[i], exact[i], 1e-3);
    }

    [Fact]
    public void TooLargeForEnumeration_SaysWhatWorksInstead()
    {
        var config = new PhysicsExactConfig { Size = 6 };
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => PhysicsExactExperiment.Compute(config, 0, CancellationToken.None));
        Assert.Contains("IsingStripTransferMatrix", error.Message);
    }

    [Fact]
    public void ChainConfig_TransferMatrixOverlay_CoincidesWithEnumeration()
    {
        var config = new PhysicsExactConfig { Lattice = LatticeShape.Chain, Size = 10, Field = 0.2, TemperatureMin = 0.5, TemperatureMax = 3, TemperaturePoints = 6 };
        var result = PhysicsExactExperiment.Compute(config, 0, CancellationToken.None);
        var sameN = result.Overlays.Single(o => o.Label == "transfer matrix, N = 10" && o.Quantity == PhysicsQuantity.InternalEnergy).Values;
        var exact = result.PerSpin(PhysicsQuantity.InternalEnergy);
        for (var i = 0; i < exact.Length; i++) Assert.Equal(exact[i], sameN[i], 1e-12);
    }
}
