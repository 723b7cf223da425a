using NeuroThermo.Models.Transformer;

namespace NeuroThermo.Experiments;

/// <summary>Which tokenizer <c>lm.train</c> trains on the corpus.</summary>
public enum LmTokenizerKind
{
    /// <summary>One token per character of the training text.</summary>
    Char,

    /// <summary>Byte-level byte-pair encoding to <see cref="LmTrainConfig.VocabularySize"/> tokens.</summary>
    Bpe,
}

/// <summary>
/// Hyper-parameters of <c>lm.train</c>: a causal transformer language model trained on a text corpus with
/// AdamW (weight decay on matrices only), linear warm-up then cosine decay, gradient clipping, periodic
/// train/validation loss estimates and a checkpoint of the best validation loss. The defaults train a
/// character model on Debian's fortunes.
/// </summary>
public sealed record LmTrainConfig : IDeviceConfig
{
    /// <summary>Corpus manifest (see corpora/); the fortunes, the default corpus, which ./build.sh installs.</summary>
    [DataFile]
    public string Corpus { get; init; } = "../corpora/fortunes.json";

    /// <summary>Characters: the smallest vocabulary, so a tiny model spends no capacity on rare tokens.</summary>
    public LmTokenizerKind Tokenizer { get; init; } = LmTokenizerKind.Char;

    /// <summary>Target vocabulary of the BPE tokenizer (ignored for characters); 512 is 256 bytes + 256 merges.</summary>
    [ConfigRange(256, 1 << 20)]
    public int VocabularySize { get; init; } = 512;

    /// <summary>Context length T in tokens; 64 characters hold most of a short fortune's sentence.</summary>
    [ConfigRange(2, 1 << 16)]
    public int ContextLength { get; init; } = 64;

    /// <summary>Width d_model; 96 gives about 0.35 M parameters with 3 blocks, small enough for a CPU.</summary>
    [ConfigRange(1, 1 << 16)]
    public int EmbeddingSize { get; init; } = 96;

    /// <summary>Transformer blocks; 3, nanoGPT's small character models use 4–6 at larger widths.</summary>
    [ConfigRange(1, 256)]
    public int LayerCount { get; init; } = 3;

    /// <summary>Attention heads; must divide the width (ignored by single-head attention).</summary>
    [ConfigRange(1, 1024)]
    public int HeadCount { get; init; } = 4;

    /// <summary>Multi-head as in GPT; SingleHead gives eqs. 5.37–5.38.</summary>
    public AttentionKind Attention { get; init; } = AttentionKind.MultiHead;

    /// <summary>Dropout; 0.1 limits over-fitting of a small corpus.</summary>
    [ConfigRange(0, 1, MaximumExclusive = true)]
    public double Dropout { get; init; } = 0.1;

    /// <summary>Residual connections, LayerNorm and MLP of real GPTs; false gives the notes' simplified network.</summary>
    public bool GptBlocks { get; init; } = true;

    /// <summary>Biases in the linear maps and LayerNorm shifts (GPT-2 has them; nanoGPT's small models do without).</summary>
    public bool Bias { get; init; } = true;

    /// <summary>Share the token embedding with the output layer (eq. 5.44 with W_out = W_E), as GPT-2 and nanoGPT do.</summary>
    public bool TieWeights { get; init; } = true;

    /// <summary>Optimizer steps; 600 steps of 32 × 64 tokens see about 1.2 M tokens, half the fortunes' training text.</summary>
    [ConfigRange(1, 100_000_000)]
    public int Steps { get; init; } = 600;

    /// <summary>Sequences per step; 32 × 64 tokens keeps the gradient noise moderate.</summary>
    [ConfigRange(1, 1 << 16)]
    public int BatchSize { get; init; } = 32;

    /// <summary>
    /// Micro-batches of <see cref="BatchSize"/> sequences whose gradients are summed before each optimizer step: the
    /// effective batch is BatchSize × this, at the memory of one micro-batch.
    /// </summary>
    [ConfigRange(1, 1 << 16)]
    public int GradientAccumulation { get; init; } = 1;

    /// <summary>
    /// Adam's β₂, the decay of the squared-gradient average; 0.99 (nanoGPT's choice for small batches of tokens)
    /// rather than 0.999, so the step size adapts within ~100 steps instead of ~1,000.
    /// </summary>
    [ConfigRange(0, 1, MaximumExclusive = true)]
    public double AdamBeta2 { get; init; } = 0.99;

    /// <summary>Peak learning rate of AdamW; 3e-3 is stable for models this small.</summary>
    [ConfigRange(0, 10, MinimumExclusive = true)]
    public double LearningRate { get; init; } = 3e-3;

    /// <summary>Decoupled weight decay on weight matrices and embeddings (never on biases or LayerNorm); nanoGPT's 0.1.</summary>
    [ConfigRange(0, 10)]
    public double WeightDecay { get; init; } = 0.1;

    /// <summary>Steps of linear warm-up before the cosine decay; 100 avoids early instability of Adam.</summary>
    [ConfigRange(0, 100_000_000)]
    public int WarmupSteps { get; init; } = 100;

    /// <summary>The learning rate at the end of the cosine, as a fraction of the peak; 0.1 as in Chinchilla.</summary>
    [ConfigRange(0, 1)]
    public double MinLearningRateFactor { get; init; } = 0.1;

    /// <summary>Largest global gradient norm; 1.0 as in GPT-2.</summary>
    [ConfigRange(0, 1e6, MinimumExclusive = true)]
    public double GradientClip { get; init; } = 1.0;

    /// <summary>Steps between train/validation loss estimates (and best-validation checkpoints).</summary>
    [ConfigRange(1, int.MaxValue)]
    public int EvalEvery { get; init; } = 100;

    /// <summary>Batches averaged per loss estimate; 10 batches are about 20 k tokens, cheap next to 100 training steps.</summary>
    [ConfigRange(1, 100_000)]
    public int EvalBatches { get; init; } = 10;

    /// <summary>
    /// At the end, also the loss over the whole validation text (every window once, no sampling noise), as
    /// <c>val_loss_full</c>; the periodic estimates sample <see cref="EvalBatches"/> batches and wander by ~0.01.
    /// </summary>
    public bool FullValidation { get; init; } = true;

    /// <summary>Steps between training-loss records.</summary>
    [ConfigRange(1, int.MaxValue)]
    public int LogEvery { get; init; } = 50;

    /// <summary>Steps between checkpoints (one is also written at the end and on Ctrl+C).</summary>
    [ConfigRange(1, int.MaxValue)]
    public int CheckpointEvery { get; init; } = 200;

    /// <summary>Tokens generated into samples.txt at the end, at each of <see cref="SampleTemperatures"/>.</summary>
    [ConfigRange(0, 100_000)]
    public int SampleTokens { get; init; } = 400;

    /// <summary>
    /// Temperatures of the final samples: the next-token softmax is a Boltzmann distribution at β = 1/T, so 0.5 is
    /// cautious (close to greedy), 1 the model's own distribution, and 1.5 hotter than the model, drifting to noise.
    /// </summary>
    [ConfigRange(0, 1000)]
    public double[] SampleTemperatures { get; init; } = [0.5, 1.0, 1.5];

    /// <summary>The model's shape for a vocabulary of <paramref name="vocabularySize"/> tokens.</summary>
    public TransformerConfig Model(int vocabularySize) => new()
    {
        VocabularySize = vocabularySize,
        ContextLength = ContextLength,
        EmbeddingSize = EmbeddingSize,
        LayerCount = LayerCount,
        HeadCount = HeadCount,
        Attention = Attention,
        Dropout = Dropout,
        Residual = GptBlocks,
        LayerNorm = GptBlocks,
        FeedForward = GptBlocks,
        Bias = Bias,
        TieWeights = TieWeights,
    };

    /// <summary>Where the model, its batches and its draws live: "cpu" (the default, and all a TorchSharp-cpu build has),
    /// "cuda" or "cuda:N"; random numbers come from CPU generators on every device (docs/engine.md#devices).</summary>
    [ConfigDevice]
    public string Device { get; init; } = ComputeDevice.Cpu;
}
