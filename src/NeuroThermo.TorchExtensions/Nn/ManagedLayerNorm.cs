using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace NeuroThermo.TorchExtensions.Nn;

/// <summary>
/// Layer normalisation over the last dimensions, y = (x − E[x]) / √(Var[x] + ε) · weight + bias, with
/// weight 1 and bias 0 at the start (keys <c>weight</c>, <c>bias</c>; bias optional). The same computation as
/// TorchSharp's LayerNorm (libtorch's layer_norm), with its parameters made by <see cref="Parameters.Create"/>.
/// </summary>
public sealed class ManagedLayerNorm : nn.Module<Tensor, Tensor>
{
    [ComponentName(Name = "weight")]
    private readonly Parameter _weight;
    [ComponentName(Name = "bias")]
    private readonly Parameter? _bias;
    private readonly long[] _shape;
    private readonly double _eps;

    public ManagedLayerNorm(long[] normalizedShape, double eps = 1e-5, bool hasBias = true, ScalarType? dtype = null, Device? device = null)
        : base(nameof(ManagedLayerNorm))
    {
        ArgumentNullException.ThrowIfNull(normalizedShape);
        if (normalizedShape.Length == 0 || normalizedShape.Any(d => d < 1))
            throw new ArgumentOutOfRangeException(nameof(normalizedShape), "the normalised shape needs one or more positive sizes");
        if (!(eps > 0)) throw new ArgumentOutOfRangeException(nameof(eps), eps, "must be positive");
        _shape = [.. normalizedShape];
        _eps = eps;
        using (NewDisposeScope())
        {
            _weight = Parameters.Create(ones(normalizedShape, dtype, device));
            _bias = hasBias ? Parameters.Create(zeros(normalizedShape, dtype, device)) : null;
        }
        RegisterComponents();
        this.TakeOwnershipOfState();
    }

    public Parameter weight => _weight;

    public Parameter? bias => _bias;

    public override Tensor forward(Tensor input) => nn.functional.layer_norm(input, _shape, _weight, _bias, _eps);
}
