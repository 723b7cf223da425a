namespace NeuroThermo.Models.Transformer;

/// <summary>Which self-attention a transformer block uses.</summary>
public enum AttentionKind
{
    /// <summary>One head with d_k = d_model and no output matrix (eqs. 5.37–5.38).</summary>
    SingleHead,

    /// <summary>h heads of size d_model / h, concatenated and multiplied by W_O (eqs. 5.39–5.42).</summary>
    MultiHead,
}
