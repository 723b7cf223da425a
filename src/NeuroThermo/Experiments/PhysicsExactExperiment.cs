using NeuroThermo.Physics;
using NeuroThermo.Physics.Exact;
using NeuroThermo.Physics.Expansions;
using NeuroThermo.Physics.Lattices;
using NeuroThermo.Physics.MeanField;
using NeuroThermo.Physics.Onsager;
using NeuroThermo.Physics.TransferMatrices;
using TorchSharp;
using static TorchSharp.torch;

namespace NeuroThermo.Experiments;

/// <summary>
/// <c>physics.exact</c>: exact thermodynamics of one spin model on a temperature grid. Curie–Weiss is summed over
/// its magnetization (any N); every other model is enumerated over all 2^N configurations (N ≤ 26). The run plots
/// f, u, s, c, ⟨|m|⟩ and χ per spin with the curves that apply overlaid: mean field for Curie–Weiss, the transfer
/// matrix (same N and N → ∞) for a chain, Onsager and Yang for the periodic square lattice at h = 0, and the
/// second-order high-temperature expansion of f for every enumerated model.
/// </summary>
public static class PhysicsExactExperiment
{
    /// <summary>Computes, writes plots/*.svg and results.json into the run directory, and prints a table.</summary>
    public static Task<RunOutcome> RunAsync(PhysicsExactConfig config, RunContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var result = Compute(config, (ulong)context.Seed, cancellationToken);
        PhysicsExactReport.Write(result, context.Directory.Path);
        PhysicsExactReport.PrintTable(result, Console.Out);
        return Task.FromResult(RunOutcome.Completed);
    }

    /// <summary>The exact curves and overlays for <paramref name="config"/>; random couplings are drawn from <paramref name="seed"/>.</summary>
    public static PhysicsExactResult Compute(PhysicsExactConfig config, ulong seed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (config.TemperatureMin >= config.TemperatureMax)
            throw new ArgumentException($"temperatureMin ({config.TemperatureMin}) must be below temperatureMax ({config.TemperatureMax}).", nameof(config));
        var temperatures = Enumerable.Range(0, config.TemperaturePoints)
            .Select(i => config.TemperatureMin + (config.TemperatureMax - config.TemperatureMin) * i / (config.TemperaturePoints - 1))
            .ToArray();
        var betas = temperatures.Select(t => 1 / t).ToArray();
        var system = PhysicsExactSystem.Describe(config);
        cancellationToken.ThrowIfCancellationRequested();

        if (config.Model == PhysicsModel.CurieWeiss)
        {
            using var binomial = new CurieWeissExact(config.Size, config.Coupling, config.Field);
            return new PhysicsExactResult(system, "binomial sum over the magnetization (eq. 2.48)", temperatures,
                binomial.Thermodynamics(betas), null, MeanFieldCurves(config, betas));
        }

        var spins = PhysicsExactSystem.SpinCount(config);
        using var generator = new Generator(seed);
        using var model = PhysicsExactSystem.BuildModel(config, generator);
        using var enumeration = new ExactEnumeration(model);
        var points = enumeration.Thermodynamics(betas);
        var overlays = new List<PhysicsExactCurve> { HighTemperatureCurve(model, betas) };
        if (config.Model == PhysicsModel.Ising && config.Lattice == LatticeShape.Chain) overlays.AddRange(ChainCurves(config, betas));
        if (HasOnsagerLimit(config)) overlays.AddRange(OnsagerCurves(config, betas));
        return new PhysicsExactResult(system, $"enumeration of all 2^{spins} configurations", temperatures, points,
            enumeration.GroundStates(maxListed: 16), overlays);
    }

    private static bool HasOnsagerLimit(PhysicsExactConfig config) =>
        config.Model == PhysicsModel.Ising && config.Lattice == LatticeShape.Square && config.Periodic
        && config.Coupling > 0 && config.Field == 0;

    private static IEnumerable<PhysicsExactCurve> OnsagerCurves(PhysicsExactConfig config, double[] betas)
    {
        var j = config.Coupling;
        const string label = "Onsager, L → ∞";
        yield return new(label, PhysicsQuantity.FreeEnergy, betas.Select(b => OnsagerSolution.FreeEnergyPerSite(b, j)).ToArray());
        yield return new(label, PhysicsQuantity.InternalEnergy, betas.Select(b => OnsagerSolution.InternalEnergyPerSite(b, j)).ToArray());
        yield return new(label, PhysicsQuantity.Entropy, betas.Select(b =>
            b * (OnsagerSolution.InternalEnergyPerSite(b, j) - OnsagerSolution.FreeEnergyPerSite(b, j))).ToArray());
        yield return new(label, PhysicsQuantity.HeatCapacity, betas.Select(b => OnsagerSolution.HeatCapacityPerSite(b, j)).ToArray());
        yield return new("Yang, L → ∞", PhysicsQuantity.AbsoluteMagnetization, betas.Select(b => OnsagerSolution.SpontaneousMagnetization(b, j)).ToArray());
    }

    private static IEnumerable<PhysicsExactCurve> ChainCurves(PhysicsExactConfig config, double[] betas)
    {
        var boundary = config.Periodic ? Boundary.Periodic : Boundary.Open;
        using var same = new IsingChainTransferMatrix(config.Size, boundary, config.Coupling, config.Field);
        foreach (var curve in EnergyCurves($"transfer matrix, N = {config.Size}", same.LogPartitionFunction, betas, config.Size)) yield return curve;
        const int longChain = 1_000_000_000;   // per spin, indistinguishable from N → ∞ at these temperatures
        using var infinite = new IsingChainTransferMatrix(longChain, Boundary.Periodic, config.Coupling, config.Field);
        foreach (var curve in EnergyCurves("transfer matrix, N → ∞", infinite.LogPartitionFunction, betas, longChain)) yield return curve;
    }

    // f, u, s, c per spin from a differentiable ln Z(β) by autograd.
    private static IEnumerable<PhysicsExactCurve> EnergyCurves(string label, Func<Tensor, Tensor> logZ, double[] betas, double spins)
    {
        var curves = ThermodynamicDerivatives.Evaluate(logZ, betas);
        yield return new(label, PhysicsQuantity.FreeEnergy, betas.Select((b, i) => -curves.LogPartitionFunction[i] / (b * spins)).ToArray());
        yield return new(label, PhysicsQuantity.InternalEnergy, curves.InternalEnergy.Select(u => u / spins).ToArray());
        yield return new(label, PhysicsQuantity.Entropy, betas.Select((b, i) => (curves.LogPartitionFunction[i] + b * curves.InternalEnergy[i]) / spins).ToArray());
        yield return new(label, PhysicsQuantity.HeatCapacity, curves.HeatCapacity.Select(c => c / spins).ToArray());
    }

    private static PhysicsExactCurve[] MeanFieldCurves(PhysicsExactConfig config, double[] betas)
    {
        var (j, h) = (config.Coupling, config.Field);
        const string label = "mean field, N → ∞";
        return
        [
            new(label, PhysicsQuantity.FreeEnergy, betas.Select(b => CurieWeissMeanField.FreeEnergyPerSpin(b, j, h)).ToArray()),
            new(label, PhysicsQuantity.InternalEnergy, betas.Select(b => CurieWeissMeanField.InternalEnergyPerSpin(b, j, h)).ToArray()),
            new(label, PhysicsQuantity.Entropy, betas.Select(b =>
                b * (CurieWeissMeanField.InternalEnergyPerSpin(b, j, h) - CurieWeissMeanField.FreeEnergyPerSpin(b, j, h))).ToArray()),
            new(label, PhysicsQuantity.HeatCapacity, betas.Select(b => CurieWeissMeanField.HeatCapacityPerSpin(b, j, h)).ToArray()),
            new(label, PhysicsQuantity.AbsoluteMagnetization, betas.Select(b => Math.Abs(CurieWeissMeanField.Magnetization(b, j, h))).ToArray()),
            new(label, PhysicsQuantity.Susceptibility, betas.Select(b => CurieWeissMeanField.Susceptibility(b, j, h)).ToArray()),
        ];
    }

    private static PhysicsExactCurve HighTemperatureCurve(Physics.Energies.SpinEnergy model, double[] betas)
    {
        using var expansion = new HighTemperatureExpansion(model);
        return new("high-T expansion to β²", PhysicsQuantity.FreeEnergy,
            betas.Select(b => -expansion.LogPartitionFunction(b) / (b * model.SpinCount)).ToArray());
    }
}
