namespace NeuroThermo.Data.Tokenizers;

/// <summary>What a <see cref="CharTokenizer"/> does with a character that is not in its vocabulary.</summary>
public enum UnknownCharacterPolicy
{
    /// <summary>Encoding throws an <see cref="ArgumentException"/> naming the character and its position.</summary>
    Error,

    /// <summary>The character becomes the <c>&lt;unk&gt;</c> token (id 0), which decodes to U+FFFD.</summary>
    UnknownToken,
}
