namespace NeuroThermo.Training;

/// <summary>
/// Hyper-parameters of contrastive-divergence training of a restricted Boltzmann machine; defaults follow Hinton's
/// "practical guide to training RBMs" (2010).
/// </summary>
public sealed record RbmTrainingOptions
{
    /// <summary>k of CD-k: Gibbs sweeps of the negative phase per update (1 is Hinton's CD-1).</summary>
    public int GibbsSteps { get; init; } = 1;

    /// <summary>
    /// Persistent CD (Tieleman 2008): the negative chains continue from where the last update left them instead of
    /// restarting at the data, so with slowly changing weights they sample the model rather than the data's neighbourhood.
    /// </summary>
    public bool Persistent { get; init; }

    /// <summary>ε of Δθ = ε⟨gradient⟩ per mini-batch (gradients are batch means); the guide's 0.1 for MNIST-like data.</summary>
    public double LearningRate { get; init; } = 0.1;

    /// <summary>
    /// Epochs over which ε falls linearly to 0 (Tieleman's PCD schedule): ε_e = ε·(1 − (e − 1)/DecayEpochs) in epoch e;
    /// 0 keeps ε constant.
    /// </summary>
    public int DecayEpochs { get; init; }

    /// <summary>Momentum for the first <see cref="MomentumSwitchEpoch"/> epochs, while the weights are still far from their final values.</summary>
    public double InitialMomentum { get; init; } = 0.5;

    /// <summary>Momentum afterwards (the guide: 0.5 → 0.9).</summary>
    public double FinalMomentum { get; init; } = 0.9;

    /// <summary>Epochs (counted from 1) run at <see cref="InitialMomentum"/>.</summary>
    public int MomentumSwitchEpoch { get; init; } = 5;

    /// <summary>L2 weight cost on W (not the biases); the guide suggests 10⁻⁴, its MNIST code 2·10⁻⁴.</summary>
    public double WeightDecay { get; init; } = 2e-4;

    /// <summary>Target mean activation q of each hidden unit; null turns the sparsity penalty off.</summary>
    public double? SparsityTarget { get; init; }

    /// <summary>Weight of the sparsity penalty, which pushes the hidden biases and weights by −cost·(q_j − target).</summary>
    public double SparsityCost { get; init; } = 0.1;

    /// <summary>λ of the running estimate q ← λq + (1 − λ)·(mean activation of the batch); the guide: 0.9–0.99.</summary>
    public double SparsityDecay { get; init; } = 0.95;

    /// <summary>The learning rate of an epoch (counted from 1).</summary>
    public double LearningRateAt(int epoch) =>
        DecayEpochs > 0 ? LearningRate * Math.Max(0, 1 - (epoch - 1) / (double)DecayEpochs) : LearningRate;

    /// <summary>The momentum of an epoch (counted from 1).</summary>
    public double Momentum(int epoch) => epoch <= MomentumSwitchEpoch ? InitialMomentum : FinalMomentum;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first value out of range.</summary>
    public void Validate()
    {
        if (GibbsSteps < 1) throw new ArgumentOutOfRangeException(nameof(GibbsSteps), GibbsSteps, "CD-k needs k ≥ 1.");
        if (!(LearningRate > 0 && double.IsFinite(LearningRate))) throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, "The learning rate must be positive and finite.");
        if (DecayEpochs < 0) throw new ArgumentOutOfRangeException(nameof(DecayEpochs), DecayEpochs, "The decay length must be ≥ 0 epochs.");
        if (!(InitialMomentum is >= 0 and < 1)) throw new ArgumentOutOfRangeException(nameof(InitialMomentum), InitialMomentum, "Momentum must be in [0, 1).");
        if (!(FinalMomentum is >= 0 and < 1)) throw new ArgumentOutOfRangeException(nameof(FinalMomentum), FinalMomentum, "Momentum must be in [0, 1).");
        if (MomentumSwitchEpoch < 0) throw new ArgumentOutOfRangeException(nameof(MomentumSwitchEpoch), MomentumSwitchEpoch, "The switch epoch must be ≥ 0.");
        if (!(WeightDecay >= 0 && double.IsFinite(WeightDecay))) throw new ArgumentOutOfRangeException(nameof(WeightDecay), WeightDecay, "The weight decay must be ≥ 0 and finite.");
        if (SparsityTarget is { } target && !(target is > 0 and < 1)) throw new ArgumentOutOfRangeException(nameof(SparsityTarget), target, "The sparsity target must be in (0, 1).");
        if (!(SparsityCost >= 0 && double.IsFinite(SparsityCost))) throw new ArgumentOutOfRangeException(nameof(SparsityCost), SparsityCost, "The sparsity cost must be ≥ 0 and finite.");
        if (!(SparsityDecay is >= 0 and < 1)) throw new ArgumentOutOfRangeException(nameof(SparsityDecay), SparsityDecay, "The sparsity decay must be in [0, 1).");
    }
}
