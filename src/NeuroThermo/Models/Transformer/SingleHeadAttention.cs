using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;
using NeuroThermo.TorchExtensions.Nn;
using NeuroThermo.TorchExtensions;

namespace NeuroThermo.Models.Transformer;

/// <summary>
/// Causal single-head self-attention exactly as eqs. 5.37–5.38: Q = X W_Q, K = X W_K, V = X W_V with
/// W_Q, W_K, W_V of shape (d_model, d_k), then A = softmax(mask(Q Kᵀ / √d_k)) and output A V. Here
/// d_k = d_model, so the output can be added to the residual stream without an output matrix.
/// <see cref="Backward"/> is the hand-written gradient of this layer, tested against autograd.
/// </summary>
public sealed class SingleHeadAttention : torch.nn.Module<Tensor, Tensor>, ICausalAttention
{
    [ComponentName(Name = "wQ")]
    private readonly Parameter _wQ;
    [ComponentName(Name = "wK")]
    private readonly Parameter _wK;
    [ComponentName(Name = "wV")]
    private readonly Parameter _wV;
    [ComponentName(Name = "attentionDropout")]
    private readonly SeededDropout _attentionDropout;

    public SingleHeadAttention(TransformerConfig config, ScalarType? dtype = null, Generator? generator = null) : base(nameof(SingleHeadAttention))
    {
        var d = config.EmbeddingSize;
        using (var scope = torch.NewDisposeScope())
        {
            _wQ = NewWeight(d, config.InitStd, dtype, generator);
            _wK = NewWeight(d, config.InitStd, dtype, generator);
            _wV = NewWeight(d, config.InitStd, dtype, generator);
        }
        _attentionDropout = new SeededDropout(config.Dropout, generator);
        RegisterComponents();
        this.TakeOwnershipOfState();
    }

    /// <summary>W_Q (d_model, d_k).</summary>
    public Parameter WQ => _wQ;

    /// <summary>W_K (d_model, d_k).</summary>
    public Parameter WK => _wK;

    /// <summary>W_V (d_model, d_k).</summary>
    public Parameter WV => _wV;

    public override Tensor forward(Tensor input) => Attend(input, null, 0);

    /// <inheritdoc />
    public Tensor Attend(Tensor x, KeyValueCache? cache, int layer)
    {
        using var scope = torch.NewDisposeScope();
        var q = Guarded.matmul(x, _wQ); // (B, T, d) -> (B, T, d_k)
        var k = Guarded.matmul(x, _wK);
        var v = Guarded.matmul(x, _wV);
        if (cache is not null)
            (k, v) = cache.Append(layer, k, v); // (B, T_past + T, d_k)
        var scores = Guarded.matmul(q, k.transpose(-2, -1)).div(Math.Sqrt(q.size(-1))); // (B, T, T_k)
        var weights = torch.nn.functional.softmax(CausalMask.Apply(scores), -1);
        return Guarded.matmul(_attentionDropout.call(weights), v).MoveToOuterDisposeScope(); // (B, T, d_k)
    }

    /// <summary>
    /// Gradients of a loss L with respect to X, W_Q, W_K and W_V, given dL/dOutput, for the layer without
    /// dropout or cache. With S = Q Kᵀ/√d_k (masked), A = softmax(S) by rows and O = A V:
    /// dV = Aᵀ dO; dA = dO Vᵀ; dS = A ∘ (dA − rowsum(dA ∘ A)) (masked entries have A = 0, hence dS = 0);
    /// dQ = dS K / √d_k; dK = dSᵀ Q / √d_k; dW_• = Xᵀ d• summed over the batch; dX = Σ d• W_•ᵀ.
    /// Shapes: X (B, T, d), dO (B, T, d_k).
    /// </summary>
    public static (Tensor DX, Tensor DWQ, Tensor DWK, Tensor DWV) Backward(
        Tensor x, Tensor wQ, Tensor wK, Tensor wV, Tensor dOutput)
    {
        using var scope = torch.NewDisposeScope();
        var scale = 1 / Math.Sqrt(wQ.size(-1));
        var q = Guarded.matmul(x, wQ); // (B, T, d_k)
        var k = Guarded.matmul(x, wK);
        var v = Guarded.matmul(x, wV);
        var a = torch.nn.functional.softmax(CausalMask.Apply(Guarded.matmul(q, k.transpose(-2, -1)).mul(scale)), -1); // (B, T, T)
        var dV = Guarded.matmul(a.transpose(-2, -1), dOutput); // (B, T, d_k)
        var dA = Guarded.matmul(dOutput, v.transpose(-2, -1)); // (B, T, T)
        var dS = a.mul(dA.sub(dA.mul(a).sum(-1, keepdim: true)));
        var dQ = Guarded.matmul(dS, k).mul(scale); // (B, T, d_k)
        var dK = Guarded.matmul(dS.transpose(-2, -1), q).mul(scale);
        var xT = x.transpose(-2, -1); // (B, d, T)
        var dWQ = Guarded.matmul(xT, dQ).sum(0L); // (d, d_k)
        var dWK = Guarded.matmul(xT, dK).sum(0L);
        var dWV = Guarded.matmul(xT, dV).sum(0L);
        var dX = Guarded.matmul(dQ, wQ.t()).add(Guarded.matmul(dK, wK.t())).add(Guarded.matmul(dV, wV.t())); // (B, T, d)
        return (dX.MoveToOuterDisposeScope(), dWQ.MoveToOuterDisposeScope(),
            dWK.MoveToOuterDisposeScope(), dWV.MoveToOuterDisposeScope());
    }

    private static Parameter NewWeight(int d, double std, ScalarType? dtype, Generator? generator)
    {
        var weight = Parameters.Create(torch.empty([d, d], dtype));
        SeededInit.normal_(weight, 0, std, generator);
        return weight;
    }
}
