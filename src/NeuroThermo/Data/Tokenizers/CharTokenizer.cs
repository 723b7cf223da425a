using System.Text;

namespace NeuroThermo.Data.Tokenizers;

/// <summary>
/// Character-level tokenizer: one token per Unicode scalar value (a surrogate pair is one character),
/// the vocabulary being the distinct characters of a corpus sorted by code point. With
/// <see cref="UnknownCharacterPolicy.UnknownToken"/>, id 0 is <c>&lt;unk&gt;</c> and the characters
/// follow from id 1; otherwise the characters start at id 0 and an unseen character is an error.
/// </summary>
public sealed class CharTokenizer : ITokenizer
{
    /// <summary>What <c>&lt;unk&gt;</c> decodes to.</summary>
    public const char ReplacementCharacter = '\uFFFD';

    private readonly Rune[] _characters;
    private readonly Dictionary<Rune, int> _ids;
    private readonly int _firstCharacterId;

    /// <summary>A tokenizer over exactly <paramref name="characters"/> (duplicates removed, sorted by code point).</summary>
    public CharTokenizer(IEnumerable<Rune> characters, UnknownCharacterPolicy unknown)
    {
        _characters = characters.Distinct().Order().ToArray();
        if (_characters.Length == 0)
            throw new ArgumentException("A character vocabulary needs at least one character.", nameof(characters));
        Unknown = unknown;
        _firstCharacterId = unknown == UnknownCharacterPolicy.UnknownToken ? 1 : 0;
        _ids = new Dictionary<Rune, int>(_characters.Length);
        for (var i = 0; i < _characters.Length; i++)
            _ids[_characters[i]] = i + _firstCharacterId;
    }

    /// <summary>The vocabulary of <paramref name="corpus"/>: every character it contains.</summary>
    public static CharTokenizer Train(string corpus, UnknownCharacterPolicy unknown = UnknownCharacterPolicy.Error)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        return new CharTokenizer(corpus.EnumerateRunes(), unknown);
    }

    /// <summary>What encoding does with a character outside the vocabulary.</summary>
    public UnknownCharacterPolicy Unknown { get; }

    /// <summary>The characters of the vocabulary, in id order (without <c>&lt;unk&gt;</c>).</summary>
    public IReadOnlyList<Rune> Characters => _characters;

    /// <inheritdoc />
    public int VocabularySize => _characters.Length + _firstCharacterId;

    /// <inheritdoc />
    public int[] Encode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var tokens = new List<int>(text.Length);
        var position = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            if (_ids.TryGetValue(rune, out var id))
                tokens.Add(id);
            else if (Unknown == UnknownCharacterPolicy.UnknownToken)
                tokens.Add(0);
            else
                throw new ArgumentException(
                    $"Character U+{rune.Value:X4} at position {position} is not in the tokenizer's vocabulary of " +
                    $"{_characters.Length} characters; train it on text that contains it, or set unknown to 'token'.",
                    nameof(text));
            position += rune.Utf16SequenceLength;
        }
        return tokens.ToArray();
    }

    /// <inheritdoc />
    public string Decode(ReadOnlySpan<int> tokens)
    {
        var text = new StringBuilder(tokens.Length);
        foreach (var id in tokens)
        {
            if (id < 0 || id >= VocabularySize)
                throw new ArgumentOutOfRangeException(nameof(tokens), $"Token id {id} is outside [0, {VocabularySize}).");
            if (id < _firstCharacterId)
                text.Append(ReplacementCharacter);
            else
                text.Append(_characters[id - _firstCharacterId].ToString());
        }
        return text.ToString();
    }

    /// <inheritdoc />
    public void Save(string path) => TokenizerFile.Save(this, path);
}
