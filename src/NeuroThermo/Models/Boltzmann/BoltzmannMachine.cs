using NeuroThermo.Physics;
using NeuroThermo.Physics.Energies;
using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;
using NeuroThermo.TorchExtensions.Nn;
using NeuroThermo.TorchExtensions;

namespace NeuroThermo.Models.Boltzmann;

/// <summary>
/// A fully visible Boltzmann machine (lecture notes eqs. 4.14–4.31): N units s_i = ±1 with symmetric weights J (zero
/// diagonal) and biases h, energy E(s) = −½ Σ_ij J_ij s_i s_j − Σ_i h_i s_i (the sign convention of
/// <see cref="SpinGlassModel"/>), and the Boltzmann distribution p(s) = e^{−βE(s)}/Z at β = 1/T, k_B = 1 (eq. 4.20).
/// </summary>
/// <remarks>
/// The machine's stochastic dynamics is the heat-bath sampler (<see cref="ToSpinGlass"/> hands its energy to
/// <see cref="Sampling.SingleSpinSampler"/>), whose stationary distribution is eq. 4.20. Learning minimises the KL
/// divergence from the data distribution, KL(p_data ‖ p) = Σ_s p_data(s) ln(p_data(s)/p(s)) (eq. 4.26), whose gradient
/// is the difference of the clamped and free correlations; <see cref="KullbackLeiblerGradient"/> writes it by hand and
/// the tests compare it with autograd of <see cref="KullbackLeibler"/>. J and h are registered parameters (keys
/// <c>weights</c>, <c>biases</c>), float64.
/// </remarks>
public sealed class BoltzmannMachine : torch.nn.Module<Tensor, Tensor>
{
    /// <summary>Most units the exact methods enumerate: 2^20 configurations × 20 float64 spins is 168 MB.</summary>
    public const int MaxExactUnits = 20;

    [ComponentName(Name = "weights")]
    private readonly Parameter _weights;   // J, (N, N), symmetric, zero diagonal
    [ComponentName(Name = "biases")]
    private readonly Parameter _biases;    // h, (N)

    /// <summary>A machine of <paramref name="units"/> units with J = 0 and h = 0: the uniform distribution.</summary>
    public BoltzmannMachine(int units, double inverseTemperature = 1)
        : this(ZeroWeights(units), ZeroBiases(units), inverseTemperature)
    {
    }

    /// <summary>A machine with copies of <paramref name="weights"/> (N, N) and <paramref name="biases"/> (N) as its parameters.</summary>
    /// <exception cref="ArgumentException">J is not square, symmetric, finite and zero on the diagonal, or h does not have N entries.</exception>
    public BoltzmannMachine(Tensor weights, Tensor biases, double inverseTemperature = 1) : base(nameof(BoltzmannMachine))
    {
        Numerics.CheckInverseTemperature(inverseTemperature, nameof(inverseTemperature));
        using (new SpinGlassModel(weights, biases)) { }   // the spin glass's checks are exactly the constraints on J and h
        UnitCount = (int)weights.size(0);
        InverseTemperature = inverseTemperature;
        using var w = weights.to(torch.float64);
        using var b = biases.to(torch.float64);
        _weights = Parameters.Create(w);
        _biases = Parameters.Create(b);
        RegisterComponents();
        this.TakeOwnershipOfState();
    }

    /// <summary>N.</summary>
    public int UnitCount { get; }

    /// <summary>β, the inverse temperature of the machine's distribution and of its dynamics.</summary>
    public double InverseTemperature { get; }

    /// <summary>J (N, N); learning updates it in place and keeps it symmetric with a zero diagonal.</summary>
    public Tensor Weights => _weights;

    /// <summary>h (N).</summary>
    public Tensor Biases => _biases;

    /// <summary>E(s) = −½ sᵀJs − hᵀs for each row of <paramref name="states"/> (B, N) → (B).</summary>
    public Tensor Energy(Tensor states)
    {
        SpinConfigurations.CheckBatch(states, UnitCount);
        using var scope = torch.NewDisposeScope();
        var pair = (Guarded.matmul(states, _weights) * states).sum(1) * 0.5;   // (B)
        var bias = Guarded.matmul(states, _biases);                             // (B)
        return (-(pair + bias)).MoveToOuterDisposeScope();
    }

    /// <summary>The energy (the module's forward pass).</summary>
    public override Tensor forward(Tensor input) => Energy(input);

    /// <summary>
    /// The machine's energy as a <see cref="SpinGlassModel"/> over detached aliases of J and h, for the samplers.
    /// A sampler copies the couplings when it is built, so build a new one after the weights change.
    /// </summary>
    public SpinGlassModel ToSpinGlass()
    {
        using var weights = _weights.detach();
        using var biases = _biases.detach();
        return new SpinGlassModel(weights, biases);
    }

    /// <summary>All 2^N configurations in code order (<see cref="SpinConfigurations"/>), (2^N, N).</summary>
    public Tensor AllStates()
    {
        if (UnitCount > MaxExactUnits)
            throw new InvalidOperationException($"Exact enumeration stops at {MaxExactUnits} units; this machine has {UnitCount}. Use persistent chains instead.");
        return SpinConfigurations.Range(0, 1L << UnitCount, UnitCount);
    }

    /// <summary>
    /// ln p(s) = −βE(s) − ln Z for the configurations <paramref name="allStates"/> (2^N, N) from <see cref="AllStates"/>,
    /// (2^N), differentiable in J and h; ln Z is their log-sum-exp, so this is exact and finite at any β.
    /// </summary>
    public Tensor LogProbabilities(Tensor allStates)
    {
        CheckAllStates(allStates);
        using var scope = torch.NewDisposeScope();
        var negativeEnergy = Energy(allStates) * -InverseTemperature;   // (2^N): −βE
        return (negativeEnergy - negativeEnergy.logsumexp(0)).MoveToOuterDisposeScope();
    }

    /// <summary>The exact ⟨s_i⟩ and ⟨s_i s_j⟩ under the machine's distribution, by enumerating <paramref name="allStates"/>.</summary>
    public SpinMoments ExactMoments(Tensor allStates)
    {
        using var noGrad = torch.no_grad();
        using var scope = torch.NewDisposeScope();
        var probabilities = LogProbabilities(allStates).exp();   // (2^N)
        return SpinMoments.FromDistribution(allStates, probabilities);
    }

    /// <summary>
    /// KL(p_data ‖ p) = Σ_s p_data(s) [ln p_data(s) − ln p(s)] in nats (eq. 4.26), differentiable in J and h.
    /// </summary>
    public Tensor KullbackLeibler(DataDistribution data, Tensor allStates)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.UnitCount != UnitCount) throw new ArgumentException($"The data have {data.UnitCount} units; the machine has {UnitCount}.", nameof(data));
        using var scope = torch.NewDisposeScope();
        var logModel = LogProbabilities(allStates);                      // (2^N)
        var p = data.Probabilities;                                      // (2^N); 0 · ln 0 counts as 0
        var logData = p.clamp_min(double.Epsilon).log();
        return (p * (logData - logModel)).sum().MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The hand-written gradient of KL: ∂KL/∂J_ij = −β(⟨s_i s_j⟩_data − ⟨s_i s_j⟩_model) for i ≠ j, each
    /// pair J_ij = J_ji counted as one parameter (zero on the diagonal), and ∂KL/∂h_i = −β(⟨s_i⟩_data − ⟨s_i⟩_model).
    /// </summary>
    /// <remarks>
    /// Why: ln p(s) = β(Σ_{i&lt;j} J_ij s_i s_j + Σ_i h_i s_i) − ln Z and ∂ ln Z/∂J_ij = β⟨s_i s_j⟩_model, so the data
    /// term and the model term of ∂(−Σ_s p_data ln p)/∂J_ij differ only in which distribution averages s_i s_j.
    /// </remarks>
    public (Tensor Weights, Tensor Biases) KullbackLeiblerGradient(SpinMoments data, SpinMoments model)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(model);
        using var scope = torch.NewDisposeScope();
        var offDiagonal = 1.0 - torch.eye(UnitCount, dtype: torch.float64);                            // (N, N)
        var weights = (data.Correlations - model.Correlations) * offDiagonal * -InverseTemperature;   // (N, N)
        var biases = (data.Means - model.Means) * -InverseTemperature;                                 // (N)
        return (weights.MoveToOuterDisposeScope(), biases.MoveToOuterDisposeScope());
    }

    /// <summary>
    /// The Boltzmann learning rule: J_ij += η(⟨s_i s_j⟩_data − ⟨s_i s_j⟩_model) for i ≠ j and
    /// h_i += η(⟨s_i⟩_data − ⟨s_i⟩_model), in place. This is gradient descent on KL with step η/β, written in the
    /// moments so that the model term may be exact or sampled.
    /// </summary>
    public void ApplyLearningRule(SpinMoments data, SpinMoments model, double learningRate)
    {
        if (!double.IsFinite(learningRate) || learningRate <= 0)
            throw new ArgumentOutOfRangeException(nameof(learningRate), learningRate, "The learning rate must be positive and finite.");
        using var noGrad = torch.no_grad();
        using var scope = torch.NewDisposeScope();
        var (weights, biases) = KullbackLeiblerGradient(data, model);
        _weights.add_(weights * (-learningRate / InverseTemperature));
        _biases.add_(biases * (-learningRate / InverseTemperature));
    }

    private void CheckAllStates(Tensor allStates)
    {
        SpinConfigurations.CheckBatch(allStates, UnitCount);
        if (allStates.size(0) != 1L << UnitCount)
            throw new ArgumentException($"Expected all 2^{UnitCount} configurations from AllStates(); got {allStates.size(0)} rows.", nameof(allStates));
    }

    private static Tensor ZeroWeights(int units)
    {
        if (units < 2 || units > 4096) throw new ArgumentOutOfRangeException(nameof(units), units, "A Boltzmann machine needs 2 to 4096 units.");
        return torch.zeros([units, units], torch.float64);
    }

    private static Tensor ZeroBiases(int units) => torch.zeros([units], torch.float64);
}
