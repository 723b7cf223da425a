using static NeuroThermo.Torch.torch;

namespace NeuroThermo.Torch.Optim;

/// <summary>Options of stochastic gradient descent.</summary>
/// <param name="momentum">Heavy-ball momentum μ (0: plain gradient descent, eq. 5.26 of the notes).</param>
/// <param name="dampening">Fraction of the new gradient withheld from the momentum buffer.</param>
/// <param name="weight_decay">L2 penalty λ added to the gradient as λ·θ.</param>
/// <param name="nesterov">Nesterov's look-ahead form (needs momentum &gt; 0, dampening 0).</param>
public sealed record SGDOptions(double momentum = 0, double dampening = 0, double weight_decay = 0, bool nesterov = false);

/// <summary>
/// θ ← θ − η·g with g = ∇L + λθ, or with momentum b ← μb + (1−τ)g and g ← b (Nesterov: g + μb).
/// The same update as torch.optim.SGD.
/// </summary>
public sealed class SGD : Optimizer<SGDOptions>
{
    public SGD(IEnumerable<ParamGroup<SGDOptions>> groups) : base(groups)
    {
        foreach (var g in param_groups) Validate(g.Options);
    }

    private static void Validate(SGDOptions o)
    {
        if (!(o.momentum >= 0)) throw new ArgumentOutOfRangeException(nameof(o.momentum), o.momentum, "must be non-negative");
        if (!(o.weight_decay >= 0)) throw new ArgumentOutOfRangeException(nameof(o.weight_decay), o.weight_decay, "must be non-negative");
        if (o.nesterov && (o.momentum <= 0 || o.dampening != 0))
            throw new ArgumentOutOfRangeException(nameof(o.nesterov), "Nesterov momentum needs momentum > 0 and dampening 0");
    }

    protected override void Update(Parameter parameter, Tensor grad, ParamGroup<SGDOptions> group)
    {
        var o = group.Options;
        var g = o.weight_decay != 0 ? grad.add(parameter, o.weight_decay) : grad;
        if (o.momentum != 0)
        {
            var fresh = false;
            var buffer = State(parameter, "momentum_buffer", () =>
            {
                fresh = true;
                return g.clone();
            });
            if (!fresh) buffer.mul_(o.momentum).add_(g, 1 - o.dampening);
            g = o.nesterov ? g.add(buffer, o.momentum) : buffer;
        }
        parameter.add_(g, -group.lr);
    }
}
