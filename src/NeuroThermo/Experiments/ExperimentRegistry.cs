using System.Diagnostics.CodeAnalysis;

namespace NeuroThermo.Experiments;

/// <summary>
/// The experiment kinds config files may name. <see cref="CreateBuiltIn"/> lists every kind the library
/// ships, in one place; tests and tools can build their own registries.
/// </summary>
public sealed class ExperimentRegistry
{
    private readonly SortedDictionary<string, ExperimentKind> kinds = new(StringComparer.Ordinal);

    /// <summary>The registry of the kinds NeuroThermo ships.</summary>
    public static ExperimentRegistry CreateBuiltIn()
    {
        var registry = new ExperimentRegistry();
        registry.Add(ExperimentKind.Create<SmokeMlpConfig>(
            "smoke.mlp", "Trains a small MLP on a synthetic regression task to check the engine and trainer end to end.",
            SmokeMlpExperiment.RunAsync));
        registry.Add(ExperimentKind.Create<PhysicsExactConfig>(
            "physics.exact", "Exact F, U, S, C, m and χ of a spin model on a temperature grid, with mean-field, transfer-matrix and Onsager overlays.",
            PhysicsExactExperiment.RunAsync));
        registry.Add(ExperimentKind.Create<LmTrainConfig>(
            "lm.train", "Trains a causal transformer language model on a text corpus and samples from it.",
            LmTrainExperiment.RunAsync));
        registry.Add(ExperimentKind.Create<LmThermoConfig>(
            "lm.thermo", "Reads a trained language model's next-token distribution as a Boltzmann distribution: F, U, S and C against the sampling temperature, checked by autograd.",
            LmThermoExperiment.RunAsync));
        registry.Add(ExperimentKind.Create<LmScalingConfig>(
            "lm.scaling", "Trains language models of several sizes on one corpus and token budget and fits L(N) = (N_c/N)^α_N.",
            LmScalingExperiment.RunAsync));
        registry.Add(ExperimentKind.Create<MlpTrainConfig>(
            "mlp.train", "Trains an MLP classifier on Fashion-MNIST or a user's IDX images, with validation, early stopping and a test evaluation.",
            MlpTrainExperiment.RunAsync));
        registry.Add(ExperimentKind.Create<DoubleDescentConfig>(
            "double-descent", "Sweeps minimum-norm least squares on random ReLU features across the interpolation threshold (Belkin et al.).",
            DoubleDescentExperiment.RunAsync));
        registry.Add(ExperimentKind.Create<BackpropCheckConfig>(
            "mlp.backprop-check", "Checks hand-written backpropagation (eqs. 5.11-5.25) against autograd on random float64 networks.",
            BackpropCheckExperiment.RunAsync));
        registry.Add(ExperimentKind.Create<ApproximationConfig>(
            "mlp.approximation", "Fits sin x or |x| on [-pi, pi] with one hidden layer of growing width (universal approximation).",
            ApproximationExperiment.RunAsync));
        registry.Add(ExperimentKind.Create<RgDecimation1dConfig>(
            "rg.decimation1d", "Decimation RG of the 1D Ising chain: the flow to K* = 0, Z of 2^n-spin rings against the transfer matrix, the free-energy functional equation.",
            RgDecimation1dExperiment.RunAsync));
        registry.Add(ExperimentKind.Create<RgTruncated2dConfig>(
            "rg.truncated2d", "Truncated square-lattice RG K' = 2K² + L, L' = K² and Migdal–Kadanoff: fixed points, exponents, flow diagram and T_c against Onsager.",
            RgTruncated2dExperiment.RunAsync));
        registry.Add(ExperimentKind.Create<RgBlockSpinConfig>(
            "rg.blockspin", "Majority-rule block spins of 2D Ising Monte Carlo configurations: ξ before and after blocking at T = 2, T_c, 3, block-spin images, P(m') of blocked lattices at T_c.",
            RgBlockSpinExperiment.RunAsync));
        registry.Add(ExperimentKind.Create<PerceptronGatesConfig>(
            "perceptron.gates", "Threshold units (eq. 4.1): AND, OR, NOT, all 16 two-input functions decided by exhaustive search, XOR proved impossible and built from two layers.",
            PerceptronGatesExperiment.RunAsync));
        registry.Add(ExperimentKind.Create<HopfieldRecallConfig>(
            "hopfield.recall", "Hopfield recall of binarized Fashion-MNIST images and random patterns from corrupted cues, Hebbian and projection rules.",
            HopfieldRecallExperiment.RunAsync));
        registry.Add(ExperimentKind.Create<HopfieldCapacityConfig>(
            "hopfield.capacity", "Final overlap of Hebbian Hopfield recall against the load P/N for several N: the collapse near 0.138.",
            HopfieldCapacityExperiment.RunAsync));
        registry.Add(ExperimentKind.Create<HopfieldModernConfig>(
            "hopfield.modern", "Modern Hopfield network on Fashion-MNIST: one-step retrieval across beta, and its identity with attention and with a gradient step.",
            HopfieldModernExperiment.RunAsync));
        registry.Add(ExperimentKind.Create<IsingSweepConfig>(
            "ising.sweep", "Monte Carlo of the 2D Ising model over sizes and temperatures: observables with errors, Binder-crossing T_c, γ/ν, Metropolis against Wolff at T_c.",
            IsingSweepExperiment.RunAsync));
        registry.Add(ExperimentKind.Create<SpinGlassAnnealConfig>(
            "spinglass.anneal", "Annealed SK or Edwards–Anderson ground-state energies per spin against N, extrapolated as e_N = e_∞ + A·N^(−2/3).",
            SpinGlassAnnealExperiment.RunAsync));
        registry.Add(ExperimentKind.Create<MaxCutAnnealConfig>(
            "maxcut.anneal", "Maximum cut of a weighted graph (file or G(N, p)) by simulated annealing, checked against enumeration for N ≤ 24.",
            MaxCutAnnealExperiment.RunAsync));
        registry.Add(ExperimentKind.Create<BmTrainConfig>(
            "bm.train", "Trains a fully visible Boltzmann machine on bars and stripes by the Boltzmann learning rule, exact or with persistent chains, logging the exact KL.",
            BmTrainExperiment.RunAsync));
        registry.Add(ExperimentKind.Create<BmInverseIsingConfig>(
            "bm.inverse-ising", "Recovers J and h of a known SK or 2D Ising model from exact samples by moment matching and mean-field inversion, error against the number of samples.",
            BmInverseIsingExperiment.RunAsync));
        registry.Add(ExperimentKind.Create<DiffusionTrainConfig>(
            "diffusion.train", "Trains a denoising diffusion model (DDPM, ε-prediction MLP) on two moons or Fashion-MNIST, then samples ancestrally and with DDIM.",
            DiffusionTrainExperiment.RunAsync));
        registry.Add(ExperimentKind.Create<DiffusionSampleConfig>(
            "diffusion.sample", "Samples a trained diffusion model ancestrally or with DDIM (probability flow): clouds over time, energy distance to held-out data, image grids.",
            DiffusionSampleExperiment.RunAsync));
        registry.Add(ExperimentKind.Create<LangevinSampleConfig>(
            "langevin.sample", "Runs ULA or MALA chains on a continuous test energy (double well, banana, Gaussian mixture) and tests their histogram against e^(-βE)/Z by χ².",
            LangevinSampleExperiment.RunAsync));
        registry.Add(ExperimentKind.Create<EbmTrainConfig>(
            "ebm.train", "Trains an MLP energy on a 2D toy set by contrastive divergence with Langevin negatives from a persistent replay buffer.",
            EbmTrainExperiment.RunAsync));
        registry.Add(ExperimentKind.Create<ScoreTrainConfig>(
            "score.train", "Trains a noise-conditional score network by denoising score matching, compares it with the exact mixture score and samples by annealed Langevin.",
            ScoreTrainExperiment.RunAsync));
        registry.Add(ExperimentKind.Create<RbmTrainConfig>(
            "rbm.train", "Trains a restricted Boltzmann machine by CD-k or PCD on binarized images or bars and stripes: reconstruction error, pseudo-likelihood and AIS log-likelihood per epoch, filters, reconstructions, samples.",
            RbmTrainExperiment.RunAsync));
        registry.Add(ExperimentKind.Create<RbmAisConfig>(
            "rbm.ais", "Test log-likelihood of a trained rbm.train machine from repeated AIS estimates of ln Z (Salakhutdinov and Murray's schedule).",
            RbmAisExperiment.RunAsync));
        registry.Add(ExperimentKind.Create<RbmRgConfig>(
            "rbm.rg", "The RBM as renormalization: spin RBMs trained on 2D Ising samples at several temperatures, their effective couplings (second order and exact Walsh transform) against βJ by distance, and the growth of multi-spin terms with the weights.",
            RbmRgExperiment.RunAsync));
        return registry;
    }

    /// <summary>The registered kinds, ordered by name.</summary>
    public IReadOnlyList<ExperimentKind> Kinds => kinds.Values.ToList();

    /// <summary>Adds <paramref name="kind"/>; a second kind with the same name is an error.</summary>
    public void Add(ExperimentKind kind)
    {
        ArgumentNullException.ThrowIfNull(kind);
        if (!kinds.TryAdd(kind.Name, kind))
            throw new ArgumentException($"An experiment kind named '{kind.Name}' is already registered.", nameof(kind));
    }

    /// <summary>Finds the kind called <paramref name="name"/> (exact, case-sensitive match).</summary>
    public bool TryGet(string name, [MaybeNullWhen(false)] out ExperimentKind kind) => kinds.TryGetValue(name, out kind);
}
