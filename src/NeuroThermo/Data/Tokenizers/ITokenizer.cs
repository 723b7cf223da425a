namespace NeuroThermo.Data.Tokenizers;

/// <summary>
/// Maps text to a sequence of integer token ids in [0, <see cref="VocabularySize"/>) and back.
/// For every string the tokenizer can represent, <c>Decode(Encode(x)) == x</c>.
/// </summary>
public interface ITokenizer
{
    /// <summary>The number of distinct token ids; the language model's output dimension.</summary>
    int VocabularySize { get; }

    /// <summary>The token ids of <paramref name="text"/>.</summary>
    int[] Encode(string text);

    /// <summary>The text of a sequence of token ids.</summary>
    string Decode(ReadOnlySpan<int> tokens);

    /// <summary>Writes the tokenizer as JSON; <see cref="TokenizerFile.Load"/> reads it back.</summary>
    void Save(string path);
}
