using NeuroThermo.Physics;
using NeuroThermo.Physics.Energies;
using NeuroThermo.Physics.Exact;
using NeuroThermo.Physics.Lattices;
using NeuroThermo.Sampling;
using TorchSharp;
using static TorchSharp.torch;
using NeuroThermo.TorchExtensions;

namespace NeuroThermo.Tests.Sampling;

/// <summary>How a sampler is run to collect a histogram: many short independent chains, each recorded a few times.</summary>
/// <param name="Chains">Independent chains in the batch.</param>
/// <param name="BurnIn">Sweeps before the first record, to forget the uniform start.</param>
/// <param name="Records">Configurations recorded per chain.</param>
/// <param name="Thinning">Sweeps between records, so that records of one chain are nearly independent (the χ² test assumes independent draws).</param>
internal sealed record SamplingPlan(int Chains, int BurnIn, int Records, int Thinning)
{
    /// <summary>
    /// 1,000 chains × 10 records = 10,000 draws: enough that the χ² test rejects β off by 20 % (see
    /// SamplerExactDistributionTests.ChiSquare_RejectsSamplesDrawnAtTheWrongTemperature). 40 sweeps of burn-in and 10
    /// between records are several autocorrelation times of the slowest model tested. 1,000 rows keep every tensor of a
    /// sweep (at most rows × 18 bonds) below libtorch's parallel grain of 32,768 elements: on a loaded machine its
    /// OpenMP threads spin-wait, which made the same test 6× slower with a batch of 2,000.
    /// </summary>
    public static SamplingPlan Default { get; } = new(Chains: 1000, BurnIn: 40, Records: 10, Thinning: 10);

    /// <summary>The same 10,000 draws for parallel tempering, whose four replicas make four rows per chain.</summary>
    public static SamplingPlan Tempering { get; } = new(Chains: 250, BurnIn: 40, Records: 40, Thinning: 10);

    /// <summary>The plan for a sampler: <see cref="Tempering"/> for parallel tempering, else <see cref="Default"/>.</summary>
    public static SamplingPlan For(ISpinSampler sampler) => sampler is ParallelTempering ? Tempering : Default;
}

/// <summary>Builders and runners shared by the sampler tests.</summary>
internal static class SamplerHarness
{
    /// <summary>The samplers the exact-distribution tests cover, by name.</summary>
    public static readonly string[] SingleSpinKinds =
        ["metropolis-sequential", "metropolis-checkerboard", "heat-bath-sequential", "heat-bath-checkerboard"];

    /// <summary>A 3×3 open square ferromagnet without field: bipartite (two colours), Wolff-compatible.</summary>
    public static IsingModel Ferromagnet() => new(Lattice.Square(3, 3, Boundary.Open), coupling: 1.0);

    /// <summary>
    /// A frustrated Edwards–Anderson glass: Gaussian bonds on a 3×3 periodic square lattice (odd cycles, so three
    /// colours) and a small field that breaks the up–down symmetry.
    /// </summary>
    public static EdwardsAndersonModel SpinGlass()
    {
        using var generator = new Generator(20261122);
        return EdwardsAndersonModel.Sample(Lattice.Square(3, 3, Boundary.Periodic), BondDistribution.Gaussian, generator, field: 0.2);
    }

    /// <summary>A sampler of <paramref name="kind"/> at β (parallel tempering targets β from β/4 with four replicas).</summary>
    public static ISpinSampler Create(string kind, SpinEnergy energy, double beta) => kind switch
    {
        "metropolis-sequential" => SingleSpinSampler.Metropolis(energy, beta, SweepSchedule.Sequential),
        "metropolis-checkerboard" => SingleSpinSampler.Metropolis(energy, beta, SweepSchedule.Checkerboard),
        "heat-bath-sequential" => SingleSpinSampler.HeatBath(energy, beta, SweepSchedule.Sequential),
        "heat-bath-checkerboard" => SingleSpinSampler.HeatBath(energy, beta, SweepSchedule.Checkerboard),
        "wolff" => new WolffSampler(energy, beta),
        "parallel-tempering" => ParallelTempering.Geometric(energy, beta / 4, beta, 4, SingleSpinRule.HeatBath, SweepSchedule.Checkerboard),
        "annealing" => new SimulatedAnnealing(energy, AnnealingSchedule.Linear(0.1, beta, 20), sweepsPerStage: 2),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown sampler kind"),
    };

    /// <summary>How often each of the 2^N configurations was recorded (index = configuration code).</summary>
    public static long[] Histogram(ISpinSampler sampler, SamplingPlan plan, ulong seed)
    {
        var counts = new long[1L << sampler.Energy.SpinCount];
        using var state = sampler.Initialize(plan.Chains, seed);
        sampler.Run(state, plan.BurnIn);
        for (var record = 0; record < plan.Records; record++)
        {
            if (record > 0) sampler.Run(state, plan.Thinning);
            using var samples = sampler.Samples(state);
            using var codes = SpinConfigurations.ToCodes(samples);
            foreach (var code in codes.ToArray<long>()) counts[code]++;
        }
        return counts;
    }

    /// <summary>The exact Boltzmann probabilities of every configuration code at β.</summary>
    public static double[] ExactProbabilities(SpinEnergy energy, double beta)
    {
        using var enumeration = new ExactEnumeration(energy);
        using var p = enumeration.Probabilities(beta);
        return p.ToArray<double>();
    }
}
