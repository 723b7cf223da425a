using NeuroThermo.Data;
using NeuroThermo.Models.Rbm;
using TorchSharp;
using static TorchSharp.torch;
using NeuroThermo.TorchExtensions;
using NeuroThermo.Training;
using Xunit.Abstractions;

namespace NeuroThermo.Tests.Models.Rbm;

/// <summary>AIS estimates of ln Z against exact enumeration (<see cref="RbmPartitionFunction"/>).</summary>
public sealed class AnnealedImportanceSamplingTests(ITestOutputHelper output)
{
    /// <summary>
    /// Largest |ln Ẑ − ln Z| allowed on a 10 × 10 machine; with 100 runs over 2,000 β values the error measured over 40
    /// draws stays below 0.02, so a bias of 0.05 nats (a broken transition or weight) fails.
    /// </summary>
    private const double SmallMachineTolerance = 0.05;

    /// <summary>The bound for the 784 × 16 machine.</summary>
    private const double FashionTolerance = 0.1;

    private const int Draws = 20;

    /// <summary>
    /// σ of the random weights and biases: N(0, 1) for {0, 1} units; half that for spins, whose ±1 values make the same
    /// σ four times as strong a coupling (v_i h_j spans 4 instead of 1).
    /// </summary>
    private static double WeightScale(RbmUnits units) => units == RbmUnits.Bernoulli ? 1.0 : 0.5;

    [Theory]
    [InlineData(RbmUnits.Bernoulli)]
    [InlineData(RbmUnits.Spin)]
    public void Ais_AgreesWithExactLogZ_On20RandomTenByTenMachines(RbmUnits units)
    {
        using var generator = new Generator(41);
        var schedule = AnnealedImportanceSampling.Schedule((0.5, 500), (0.9, 800), (1.0, 700));
        var worst = 0.0;
        for (var draw = 0; draw < Draws; draw++)
        {
            using var machine = RbmReference.RandomMachine(10, 10, units, WeightScale(units), generator);
            using var baseBiases = torch.zeros([10], ScalarType.Float64);
            var exact = RbmPartitionFunction.ExactLogZValue(machine);
            var ais = AnnealedImportanceSampling.Estimate(machine, baseBiases, schedule, runs: 100, generator);
            worst = Math.Max(worst, Math.Abs(ais.LogZ - exact));
            Assert.True(Math.Abs(ais.LogZ - exact) <= SmallMachineTolerance,
                $"draw {draw}: AIS {ais.LogZ:F4} ± {ais.StandardError:F4}, exact {exact:F4}");
        }
        output.WriteLine($"{units}: worst |AIS − exact| over {Draws} draws = {worst:F4} nats");
    }

    [Fact]
    public void Ais_IsWithinATenthOfANat_OnA784By16MachineTrainedOneEpoch()
    {
        // One CD-1 epoch on binarized Fashion-MNIST (600 batches of 100), then ln Z by enumerating the 2^16 hidden
        // states exactly and by AIS: 100 runs over 3,000 β values from the data's base rates.
        using var train = ImageDataset.FashionMnist(train: true);
        using var data = ImageBinarization.Binarize(train.Images, BinarizationMode.Threshold);
        using var generator = new Generator(42);
        using var machine = RestrictedBoltzmannMachine.Random(784, 16, RbmUnits.Bernoulli, 0.01, generator);
        using var baseBiases = RbmBaseRates.VisibleBiases(RbmUnits.Bernoulli, data);
        machine.VisibleBiases.detach().copy_(baseBiases);
        using (var trainer = new RbmTrainer(machine, new RbmTrainingOptions(), batchSize: 100, seed: 7))
            trainer.Epoch(data, epoch: 1);

        var exact = RbmPartitionFunction.ExactLogZValue(machine);
        var schedule = AnnealedImportanceSampling.Schedule((0.5, 500), (0.9, 1500), (1.0, 1000));
        var ais = AnnealedImportanceSampling.Estimate(machine, baseBiases, schedule, runs: 100, generator);
        output.WriteLine($"784×16 after one epoch: exact ln Z = {exact:F4}, AIS {ais.LogZ:F4} ± {ais.StandardError:F4} (base {ais.BaseLogZ:F2})");
        Assert.True(Math.Abs(ais.LogZ - exact) <= FashionTolerance, $"AIS {ais.LogZ:F4}, exact {exact:F4}");
        // The check has teeth: the base model's ln Z alone is far off.
        Assert.True(Math.Abs(ais.BaseLogZ - exact) > 10 * FashionTolerance, $"base {ais.BaseLogZ:F4} is already within reach of {exact:F4}");
    }

    [Fact]
    public void FromLogWeights_OfEqualWeights_IsExactWithAClosedBracket()
    {
        var estimate = AnnealedImportanceSampling.FromLogWeights(2.5, [1.25, 1.25, 1.25], steps: 10);
        Assert.Equal(3.75, estimate.LogZ, 12);
        Assert.Equal(3.75, estimate.LowerLogZ, 12);
        Assert.Equal(3.75, estimate.UpperLogZ, 12);
    }

    [Fact]
    public void StandardSchedule_HasSalakhutdinovAndMurraysSteps()
    {
        var betas = AnnealedImportanceSampling.StandardSchedule();
        Assert.Equal(14_500, betas.Length);
        Assert.Equal(1e-3, betas[0], 15);
        Assert.Equal(0.5, betas[499], 12);
        Assert.Equal(0.5 + 1e-4, betas[500], 12);
        Assert.Equal(0.9 + 1e-5, betas[4500], 12);
        Assert.Equal(1.0, betas[^1]);
    }
}
