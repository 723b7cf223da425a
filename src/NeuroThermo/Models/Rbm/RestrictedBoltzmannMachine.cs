using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;
using NeuroThermo.TorchExtensions.Nn;
using NeuroThermo.TorchExtensions;

namespace NeuroThermo.Models.Rbm;

/// <summary>
/// A restricted Boltzmann machine (lecture notes §4.3): V visible units v and H hidden units h, each {0, 1} or {±1}
/// (<see cref="RbmUnits"/>, eq. 4.33), coupled only across the layers by W (V, H), with visible biases a (V) and
/// hidden biases b (H). Energy E(v, h) = −aᵀv − bᵀh − vᵀWh and p(v, h) = e^{−E(v, h)}/Z; the inverse temperature is
/// absorbed into W, a and b (β = 1, k_B = 1).
/// </summary>
/// <remarks>
/// With no couplings inside a layer the conditionals factorise (eqs. 4.36–4.42): given v, hidden unit j feels the field
/// b_j + (Wᵀv)_j and nothing else, so p(h | v) = Π_j p(h_j | v) and the hidden units can be summed out one at a time.
/// That gives the free energy F(v) = −ln Σ_h e^{−E(v, h)} = −aᵀv − Σ_j ln Σ_{h_j} e^{h_j (b + Wᵀv)_j}: −aᵀv − Σ_j
/// softplus(b + Wᵀv)_j for Bernoulli units and −aᵀv − Σ_j ln 2cosh(b + Wᵀv)_j for spins (eq. 4.48), with p(v) =
/// e^{−F(v)}/Z. Parameters are registered under the checkpoint keys <c>weights</c>, <c>visible_biases</c> and
/// <c>hidden_biases</c>; every method works in the parameters' dtype (float32 to train, float64 to check).
/// </remarks>
public sealed class RestrictedBoltzmannMachine : torch.nn.Module<Tensor, Tensor>
{
    /// <summary>Largest layer the exact methods enumerate: 2^25 states, in chunks.</summary>
    public const int MaxExactUnits = 25;

    [ComponentName(Name = "weights")]
    private readonly Parameter _weights;         // W, (V, H)
    [ComponentName(Name = "visible_biases")]
    private readonly Parameter _visible_biases;  // a, (V)
    [ComponentName(Name = "hidden_biases")]
    private readonly Parameter _hidden_biases;   // b, (H)

    /// <summary>A machine with W = 0, a = 0, b = 0 (every state equally likely).</summary>
    public static RestrictedBoltzmannMachine Zeros(int visible, int hidden, RbmUnits units, ScalarType dtype = ScalarType.Float32) =>
        Random(visible, hidden, units, 0, generator: null, dtype);

    /// <summary>A machine with copies of W (V, H), a (V) and b (H) as its parameters (all of one floating dtype).</summary>
    /// <exception cref="ArgumentException">The shapes do not fit together, the dtypes differ or are not floating, or a value is not finite.</exception>
    public RestrictedBoltzmannMachine(Tensor weights, Tensor visibleBiases, Tensor hiddenBiases, RbmUnits units) : base(nameof(RestrictedBoltzmannMachine))
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(visibleBiases);
        ArgumentNullException.ThrowIfNull(hiddenBiases);
        if (!Enum.IsDefined(units)) throw new ArgumentOutOfRangeException(nameof(units), units, "Unknown unit type.");
        if (weights.dim() != 2)
            throw new ArgumentException($"W must be (visible, hidden); got {weights.dim()} dimensions.", nameof(weights));
        var (v, h) = (weights.size(0), weights.size(1));
        if (visibleBiases.dim() != 1 || visibleBiases.size(0) != v)
            throw new ArgumentException($"a must have {v} entries, one per visible unit.", nameof(visibleBiases));
        if (hiddenBiases.dim() != 1 || hiddenBiases.size(0) != h)
            throw new ArgumentException($"b must have {h} entries, one per hidden unit.", nameof(hiddenBiases));
        var dtype = weights.dtype;
        if (dtype is not (ScalarType.Float32 or ScalarType.Float64) || visibleBiases.dtype != dtype || hiddenBiases.dtype != dtype)
            throw new ArgumentException("W, a and b must all be float32 or all float64.", nameof(weights));
        foreach (var (tensor, name) in new[] { (weights, "W"), (visibleBiases, "a"), (hiddenBiases, "b") })
        {
            using var finite = tensor.isfinite();
            using var all = finite.all();
            if (!all.ItemAs<bool>()) throw new ArgumentException($"{name} has non-finite entries.", nameof(weights));
        }
        Units = units;
        using (torch.NewDisposeScope())
        {
            // Copies, so the machine never shares memory with the caller's tensors.
            _weights = Parameters.Create(weights.detach().clone());
            _visible_biases = Parameters.Create(visibleBiases.detach().clone());
            _hidden_biases = Parameters.Create(hiddenBiases.detach().clone());
        }
        RegisterComponents();
        this.TakeOwnershipOfState();
    }

    /// <summary>A machine with W_ij ~ N(0, <paramref name="weightScale"/>²) and zero biases (Hinton's guide uses 0.01).</summary>
    public static RestrictedBoltzmannMachine Random(int visible, int hidden, RbmUnits units, double weightScale,
        Generator? generator, ScalarType dtype = ScalarType.Float32)
    {
        if (weightScale > 0) ArgumentNullException.ThrowIfNull(generator);
        if (!double.IsFinite(weightScale) || weightScale < 0)
            throw new ArgumentOutOfRangeException(nameof(weightScale), weightScale, "The weight scale must be finite and non-negative.");
        using var scope = torch.NewDisposeScope();
        long[] shape = [CheckedSize(visible, nameof(visible)), CheckedSize(hidden, nameof(hidden))];
        var weights = weightScale > 0 ? torch.randn(shape, dtype, generator: generator) * weightScale : torch.zeros(shape, dtype);
        return new RestrictedBoltzmannMachine(weights, torch.zeros([visible], dtype), torch.zeros([hidden], dtype), units);
    }

    /// <summary>A copy of the machine with its parameters in <paramref name="dtype"/> (float64 for exact evaluations).</summary>
    public RestrictedBoltzmannMachine ToDType(ScalarType dtype)
    {
        using var scope = torch.NewDisposeScope();
        return new RestrictedBoltzmannMachine(_weights.detach().to(dtype), _visible_biases.detach().to(dtype), _hidden_biases.detach().to(dtype), Units);
    }

    /// <summary>Whether the units are {0, 1} or {±1}.</summary>
    public RbmUnits Units { get; }

    /// <summary>V.</summary>
    public int VisibleCount => (int)_weights.size(0);

    /// <summary>H.</summary>
    public int HiddenCount => (int)_weights.size(1);

    /// <summary>The parameters' dtype.</summary>
    public ScalarType DType => _weights.dtype;

    /// <summary>W (V, H); trainers update it in place.</summary>
    public Tensor Weights => _weights;

    /// <summary>a (V).</summary>
    public Tensor VisibleBiases => _visible_biases;

    /// <summary>b (H).</summary>
    public Tensor HiddenBiases => _hidden_biases;

    /// <summary>E(v, h) = −aᵀv − bᵀh − vᵀWh for each row pair of <paramref name="visible"/> (B, V) and <paramref name="hidden"/> (B, H) → (B).</summary>
    public Tensor Energy(Tensor visible, Tensor hidden)
    {
        CheckLayer(visible, VisibleCount, nameof(visible));
        CheckLayer(hidden, HiddenCount, nameof(hidden));
        using var scope = torch.NewDisposeScope();
        var coupling = (Guarded.matmul(visible, _weights) * hidden).sum(1);   // (B)
        var energy = -(Guarded.matmul(visible, _visible_biases) + Guarded.matmul(hidden, _hidden_biases) + coupling);
        return energy.MoveToOuterDisposeScope();
    }

    /// <summary>The field on the hidden units, b + Wᵀv: (B, V) → (B, H).</summary>
    public Tensor HiddenField(Tensor visible)
    {
        CheckLayer(visible, VisibleCount, nameof(visible));
        return _hidden_biases.addmm(visible, _weights);
    }

    /// <summary>The field on the visible units, a + Wh: (B, H) → (B, V).</summary>
    public Tensor VisibleField(Tensor hidden)
    {
        CheckLayer(hidden, HiddenCount, nameof(hidden));
        using var transposed = _weights.t();   // (V, H) -> (H, V)
        return _visible_biases.addmm(hidden, transposed);
    }

    /// <summary>p(h_j = on | v) for each hidden unit (eqs. 4.36–4.38): σ(field), or σ(2·field) for spins; (B, H).</summary>
    public Tensor HiddenProbabilities(Tensor visible)
    {
        using var field = HiddenField(visible);
        return Units.OnProbability(field);
    }

    /// <summary>p(v_i = on | h) for each visible unit (eqs. 4.39–4.42); (B, V).</summary>
    public Tensor VisibleProbabilities(Tensor hidden)
    {
        using var field = VisibleField(hidden);
        return Units.OnProbability(field);
    }

    /// <summary>E[h | v]: σ(field) for Bernoulli units, tanh(field) for spins; (B, H).</summary>
    public Tensor HiddenMeans(Tensor visible)
    {
        using var field = HiddenField(visible);
        return Units.Mean(field);
    }

    /// <summary>E[v | h]; (B, V).</summary>
    public Tensor VisibleMeans(Tensor hidden)
    {
        using var field = VisibleField(hidden);
        return Units.Mean(field);
    }

    /// <summary>h ~ p(h | v), one draw per row; (B, H).</summary>
    public Tensor SampleHidden(Tensor visible, Generator generator)
    {
        using var field = HiddenField(visible);
        return Units.Sample(field, generator);
    }

    /// <summary>v ~ p(v | h), one draw per row; (B, V).</summary>
    public Tensor SampleVisible(Tensor hidden, Generator generator)
    {
        using var field = VisibleField(hidden);
        return Units.Sample(field, generator);
    }

    /// <summary>
    /// F(v) = −ln Σ_h e^{−E(v, h)} = −aᵀv − Σ_j ln Σ_{h_j} e^{h_j (b + Wᵀv)_j} (eq. 4.48 for spins), (B, V) → (B).
    /// Differentiable in W, a, b; the hand-written derivative is <see cref="FreeEnergyGradient"/>.
    /// </summary>
    public Tensor FreeEnergy(Tensor visible)
    {
        using var scope = torch.NewDisposeScope();
        var hiddenSum = Units.LogStateSum(HiddenField(visible)).sum(1);   // (B)
        return (-(Guarded.matmul(visible, _visible_biases) + hiddenSum)).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The free energy of the hidden layer with the visible units summed out, F_h(h) = −bᵀh − Σ_i ln Σ_{v_i}
    /// e^{v_i (a + Wh)_i}, so that p(h) = e^{−F_h(h)}/Z with the same Z; (B, H) → (B).
    /// </summary>
    public Tensor HiddenFreeEnergy(Tensor hidden)
    {
        using var scope = torch.NewDisposeScope();
        var visibleSum = Units.LogStateSum(VisibleField(hidden)).sum(1);   // (B)
        return (-(Guarded.matmul(hidden, _hidden_biases) + visibleSum)).MoveToOuterDisposeScope();
    }

    /// <summary>The free energy (the module's forward pass).</summary>
    public override Tensor forward(Tensor input) => FreeEnergy(input);

    /// <summary>
    /// The hand-written gradient of Σ_n c_n F(v_n) with respect to (W, a, b), where c = <paramref name="coefficients"/>
    /// (B) or 1/B for every row when null (the mean free energy).
    /// </summary>
    /// <remarks>
    /// ∂F/∂a_i = −v_i; ∂F/∂b_j = −E[h_j | v] and ∂F/∂W_ij = −v_i E[h_j | v], because the derivative of
    /// ln Σ_s e^{s·x} in x is E[s | x] (<see cref="RbmUnitMath.Mean"/>) and x_j = b_j + Σ_i W_ij v_i. The
    /// log-likelihood gradient is then −(this over the data) + (this over the model), and CD replaces the model
    /// average by the chain's samples.
    /// </remarks>
    public (Tensor Weights, Tensor VisibleBiases, Tensor HiddenBiases) FreeEnergyGradient(Tensor visible, Tensor? coefficients = null)
    {
        CheckLayer(visible, VisibleCount, nameof(visible));
        using var scope = torch.NewDisposeScope();
        var c = coefficients ?? torch.full([visible.size(0)], 1.0 / visible.size(0), DType);   // (B)
        var weighted = visible * c.unsqueeze(1);                                                // (B, V)
        var means = HiddenMeans(visible);                                                       // (B, H)
        var weights = -Guarded.matmul(weighted.t(), means);                                              // (V, B) @ (B, H) -> (V, H)
        var visibleBiases = -weighted.sum(0L);                                                   // (V)
        var hiddenBiases = -Guarded.matmul(c, means);                                                    // (H)
        return (weights.MoveToOuterDisposeScope(), visibleBiases.MoveToOuterDisposeScope(), hiddenBiases.MoveToOuterDisposeScope());
    }

    /// <summary>
    /// Advances <paramref name="chain"/> by <paramref name="steps"/> sweeps of block Gibbs sampling: h ~ p(h | v), then
    /// v ~ p(v | h), each layer drawn all at once because its units are conditionally independent.
    /// </summary>
    public void Gibbs(RbmChain chain, int steps)
    {
        ArgumentNullException.ThrowIfNull(chain);
        ArgumentOutOfRangeException.ThrowIfNegative(steps);
        CheckLayer(chain.Visible, VisibleCount, "chain");
        using var noGrad = torch.no_grad();
        for (var step = 0; step < steps; step++)
        {
            using var scope = torch.NewDisposeScope();
            var hidden = SampleHidden(chain.Visible, chain.Generator);
            var visible = SampleVisible(hidden, chain.Generator);
            chain.Visible.copy_(visible);
            chain.Hidden.copy_(hidden);
        }
    }

    /// <summary>Checks that <paramref name="states"/> is (B, <paramref name="units"/>) in the machine's dtype.</summary>
    internal void CheckLayer(Tensor states, int units, string name)
    {
        ArgumentNullException.ThrowIfNull(states, name);
        if (states.dim() != 2 || states.size(1) != units)
            throw new ArgumentException($"Expected a batch of shape (B, {units}); got ({string.Join(", ", states.shape)}).", name);
        if (states.dtype != DType)
            throw new ArgumentException($"Expected {DType} states like the machine's parameters; got {states.dtype}.", name);
    }

    private static int CheckedSize(int units, string name)
    {
        if (units < 1 || units > 1_000_000)
            throw new ArgumentOutOfRangeException(name, units, "A layer needs 1 to 1,000,000 units.");
        return units;
    }
}
