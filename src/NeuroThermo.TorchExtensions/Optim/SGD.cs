using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NeuroThermo.TorchExtensions.Optim;

/// <summary>Options of stochastic gradient descent; the defaults are plain gradient descent, as in torch.optim.SGD.</summary>
public sealed record SGDOptions
{
    public SGDOptions(
        double momentum = 0,     // no momentum: θ ← θ − η∇L, eq. 5.26 of the notes
        double dampening = 0,    // the whole gradient enters the momentum buffer
        double weight_decay = 0, // no L2 penalty
        bool nesterov = false)   // heavy-ball momentum when momentum > 0
    {
        this.momentum = momentum;
        this.dampening = dampening;
        this.weight_decay = weight_decay;
        this.nesterov = nesterov;
        if (nesterov && (momentum <= 0 || dampening != 0))
            throw new ArgumentOutOfRangeException(nameof(nesterov), "Nesterov momentum needs momentum > 0 and dampening 0.");
    }

    /// <summary>Heavy-ball momentum μ.</summary>
    public double momentum
    {
        get;
        init => field = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(momentum), value, "The momentum must be non-negative.");
    }

    /// <summary>Fraction τ of the new gradient withheld from the momentum buffer.</summary>
    public double dampening
    {
        get;
        init => field = value is >= 0 and <= 1 ? value : throw new ArgumentOutOfRangeException(nameof(dampening), value, "The dampening must be in [0, 1].");
    }

    /// <summary>L2 penalty λ, added to the gradient as λ·θ.</summary>
    public double weight_decay
    {
        get;
        init => field = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(weight_decay), value, "The weight decay must be non-negative.");
    }

    /// <summary>Nesterov's look-ahead form (needs momentum &gt; 0 and dampening 0).</summary>
    public bool nesterov { get; init; }
}

/// <summary>
/// θ ← θ − η·g with g = ∇L + λθ, or with momentum b ← μb + (1−τ)g (b = g on the first step) and g ← b
/// (Nesterov: g ← g + μb). The same update as torch.optim.SGD.
/// </summary>
public sealed class SGD : Optimizer<SGDOptions>
{
    private static readonly string[] Names = ["momentum_buffer"];

    public SGD(IEnumerable<ParamGroup<SGDOptions>> groups) : base(groups)
    {
        foreach (var group in param_groups)
        {
            var o = group.Options;
            // A `with` expression sets the properties one at a time, so this pair is checked here again.
            if (o.nesterov && (o.momentum <= 0 || o.dampening != 0))
                throw new ArgumentOutOfRangeException(nameof(SGDOptions.nesterov), "Nesterov momentum needs momentum > 0 and dampening 0.");
        }
    }

    protected override IReadOnlyCollection<string> StateNames => Names;

    protected override void Update(Parameter parameter, Tensor grad, ParamGroup<SGDOptions> group)
    {
        var o = group.Options;
        var g = grad;
        if (o.weight_decay != 0)
        {
            using var decay = o.weight_decay.ToScalar();
            g = grad.add(parameter, decay);
        }
        if (o.momentum != 0)
        {
            var fresh = false;
            var buffer = State(parameter, "momentum_buffer", () =>
            {
                fresh = true;
                return g.clone();
            });
            using var momentum = o.momentum.ToScalar();
            if (!fresh)
            {
                using var kept = (1 - o.dampening).ToScalar();
                buffer.mul_(momentum).add_(g, kept);
            }
            g = o.nesterov ? g.add(buffer, momentum) : buffer;
        }
        using var step = (-group.lr).ToScalar();
        parameter.add_(g, step);
    }
}
