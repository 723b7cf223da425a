namespace NeuroThermo.Models.Transformer;

/// <summary>
/// Shape of a causal transformer language model. The defaults are a small GPT that trains on a character
/// corpus in minutes on two cores; turning <see cref="Residual"/>, <see cref="LayerNorm"/> and
/// <see cref="FeedForward"/> off gives the notes' simplified network (embeddings, attention, output layer).
/// </summary>
public sealed record TransformerConfig
{
    /// <summary>Number of token ids V; set from the tokenizer (65 is tiny Shakespeare's character count).</summary>
    public int VocabularySize { get; init; } = 65;

    /// <summary>Longest context T_max the positional embedding covers; 128 characters is a few lines of text.</summary>
    public int ContextLength { get; init; } = 128;

    /// <summary>Width d_model of the residual stream; 128 keeps a step a few milliseconds on a CPU.</summary>
    public int EmbeddingSize { get; init; } = 128;

    /// <summary>Number of blocks; 4 is the smallest depth that writes recognisable words on a character corpus.</summary>
    public int LayerCount { get; init; } = 4;

    /// <summary>Heads h of multi-head attention; must divide <see cref="EmbeddingSize"/> (ignored by a single head).</summary>
    public int HeadCount { get; init; } = 4;

    /// <summary>Multi-head as in GPT; single-head reproduces eqs. 5.37–5.38.</summary>
    public AttentionKind Attention { get; init; } = AttentionKind.MultiHead;

    /// <summary>Hidden width of the MLP as a multiple of d_model; GPT's 4.</summary>
    public int FeedForwardMultiple { get; init; } = 4;

    /// <summary>Dropout probability on attention weights and residual branches; 0.1 as in GPT-2, 0 to switch it off.</summary>
    public double Dropout { get; init; } = 0.1;

    /// <summary>Add each sublayer's output to its input (x + f(x)), as real GPTs do; off for the notes' network.</summary>
    public bool Residual { get; init; } = true;

    /// <summary>LayerNorm before each sublayer and before the output layer (pre-LN, GPT-2); off for the notes' network.</summary>
    public bool LayerNorm { get; init; } = true;

    /// <summary>A GELU MLP after attention in every block; off for the notes' network.</summary>
    public bool FeedForward { get; init; } = true;

    /// <summary>
    /// Biases in the linear maps and LayerNorm shifts; GPT-2 has them, nanoGPT's small models drop them (a little
    /// faster, no worse). The notes' W_Q, W_K, W_V have none either way.
    /// </summary>
    public bool Bias { get; init; } = true;

    /// <summary>Share the token embedding with the output layer (eq. 5.44 with W_out = W_E); saves V·d parameters.</summary>
    public bool TieWeights { get; init; } = true;

    /// <summary>Standard deviation of the normal initialisation of embeddings and weight matrices; GPT-2's 0.02.</summary>
    public double InitStd { get; init; } = 0.02;

    /// <summary>
    /// Initialise the matrices that write into the residual stream (attention's W_O, the MLP's projection) with
    /// InitStd / √(2·LayerCount), as GPT-2 does: each block adds two such terms, and the scaling keeps the
    /// variance of the residual stream at initialisation independent of the depth.
    /// </summary>
    public bool ScaleResidualInit { get; init; } = true;

    /// <summary>The initial standard deviation of a matrix that writes into the residual stream.</summary>
    public double ResidualInitStd => ScaleResidualInit && Residual ? InitStd / Math.Sqrt(2.0 * LayerCount) : InitStd;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first field out of range.</summary>
    public void Validate()
    {
        if (VocabularySize < 2) throw new ArgumentOutOfRangeException(nameof(VocabularySize), VocabularySize, "needs at least 2 tokens");
        if (ContextLength < 1) throw new ArgumentOutOfRangeException(nameof(ContextLength), ContextLength, "must be positive");
        if (EmbeddingSize < 1) throw new ArgumentOutOfRangeException(nameof(EmbeddingSize), EmbeddingSize, "must be positive");
        if (LayerCount < 1) throw new ArgumentOutOfRangeException(nameof(LayerCount), LayerCount, "must be positive");
        if (HeadCount < 1 || (Attention == AttentionKind.MultiHead && EmbeddingSize % HeadCount != 0))
            throw new ArgumentOutOfRangeException(nameof(HeadCount), HeadCount, $"must be positive and divide EmbeddingSize {EmbeddingSize}");
        if (FeedForwardMultiple < 1) throw new ArgumentOutOfRangeException(nameof(FeedForwardMultiple), FeedForwardMultiple, "must be positive");
        if (Dropout is < 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(Dropout), Dropout, "must be in [0, 1)");
        if (InitStd <= 0) throw new ArgumentOutOfRangeException(nameof(InitStd), InitStd, "must be positive");
    }
}
