using System.Text;

namespace NeuroThermo.Data.Tokenizers;

/// <summary>
/// Byte-level byte-pair encoding: ids 0–255 are the bytes of UTF-8, and id 256 + r is the r-th merge,
/// the concatenation of two earlier tokens. Since every byte has a token, every string encodes, and
/// <c>Decode(Encode(x)) == x</c> for all well-formed text (emoji, CJK and all). Merges never cross the
/// chunks of <see cref="PreTokenizer"/>. Decoding a sequence that ends inside a multi-byte character
/// (which sampling can produce) gives U+FFFD for the incomplete bytes.
/// </summary>
public sealed class BytePairTokenizer : ITokenizer
{
    /// <summary>The number of single-byte tokens that precede the merges.</summary>
    public const int ByteCount = 256;

    private const int MaxCachedChunks = 1 << 16;

    private readonly (int Left, int Right)[] _merges;
    private readonly Dictionary<(int, int), int> _rankOfPair;
    private readonly byte[][] _bytesOfToken;
    private readonly Dictionary<string, int[]> _chunkCache = new(StringComparer.Ordinal);

    /// <summary>A tokenizer with the given merges, in rank order; merge r makes token 256 + r.</summary>
    public BytePairTokenizer(IReadOnlyList<(int Left, int Right)> merges)
    {
        ArgumentNullException.ThrowIfNull(merges);
        _merges = merges.ToArray();
        _rankOfPair = new Dictionary<(int, int), int>(_merges.Length);
        _bytesOfToken = new byte[ByteCount + _merges.Length][];
        for (var b = 0; b < ByteCount; b++)
            _bytesOfToken[b] = [(byte)b];
        for (var rank = 0; rank < _merges.Length; rank++)
        {
            var (left, right) = _merges[rank];
            var id = ByteCount + rank;
            if (left < 0 || left >= id || right < 0 || right >= id)
                throw new ArgumentException($"Merge {rank} ({left}, {right}) refers to a token that does not precede it.", nameof(merges));
            if (!_rankOfPair.TryAdd((left, right), rank))
                throw new ArgumentException($"Merge {rank} ({left}, {right}) repeats an earlier merge.", nameof(merges));
            _bytesOfToken[id] = [.. _bytesOfToken[left], .. _bytesOfToken[right]];
        }
    }

    /// <summary>
    /// Learns merges from <paramref name="corpus"/> until the vocabulary holds
    /// <paramref name="vocabularySize"/> tokens, or no adjacent pair is left to merge. Each step merges
    /// the most frequent adjacent pair; a tie goes to the pair with the smaller left id, then the smaller
    /// right id, so training is a pure function of the corpus and the size.
    /// </summary>
    public static BytePairTokenizer Train(string corpus, int vocabularySize)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        WellFormedText.Ensure(corpus, nameof(corpus));
        if (vocabularySize < ByteCount)
            throw new ArgumentOutOfRangeException(nameof(vocabularySize), $"A byte-level vocabulary has at least {ByteCount} tokens.");

        var words = PreTokenizer.Split(corpus)
            .GroupBy(chunk => chunk, StringComparer.Ordinal)
            .Select(group => (Symbols: ToBytes(group.Key), Count: (long)group.Count()))
            .ToArray();
        var merges = new List<(int, int)>();
        while (ByteCount + merges.Count < vocabularySize)
        {
            var best = MostFrequentPair(words);
            if (best is null)
                break;
            var newId = ByteCount + merges.Count;
            merges.Add(best.Value);
            for (var w = 0; w < words.Length; w++)
                words[w].Symbols = MergePair(words[w].Symbols, best.Value, newId);
        }
        return new BytePairTokenizer(merges);
    }

    /// <summary>The merges in rank order.</summary>
    public IReadOnlyList<(int Left, int Right)> Merges => _merges;

    /// <inheritdoc />
    public int VocabularySize => ByteCount + _merges.Length;

    /// <summary>The UTF-8 bytes token <paramref name="id"/> stands for.</summary>
    public ReadOnlySpan<byte> BytesOf(int id) => _bytesOfToken[id];

    /// <inheritdoc />
    public int[] Encode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        WellFormedText.Ensure(text, nameof(text));
        var tokens = new List<int>(text.Length);
        foreach (var chunk in PreTokenizer.Split(text))
            tokens.AddRange(EncodeChunk(chunk));
        return tokens.ToArray();
    }

    /// <inheritdoc />
    public string Decode(ReadOnlySpan<int> tokens)
    {
        var bytes = new List<byte>(tokens.Length * 2);
        foreach (var id in tokens)
        {
            if (id < 0 || id >= VocabularySize)
                throw new ArgumentOutOfRangeException(nameof(tokens), $"Token id {id} is outside [0, {VocabularySize}).");
            bytes.AddRange(_bytesOfToken[id]);
        }
        return Encoding.UTF8.GetString(bytes.ToArray());
    }

    /// <inheritdoc />
    public void Save(string path) => TokenizerFile.Save(this, path);

    private int[] EncodeChunk(string chunk)
    {
        lock (_chunkCache)
        {
            if (_chunkCache.TryGetValue(chunk, out var cached))
                return cached;
        }
        var symbols = ToBytes(chunk);
        while (symbols.Length > 1)
        {
            // Apply the earliest-learned merge present; later merges may build on it.
            var bestRank = int.MaxValue;
            for (var i = 0; i + 1 < symbols.Length; i++)
                if (_rankOfPair.TryGetValue((symbols[i], symbols[i + 1]), out var rank) && rank < bestRank)
                    bestRank = rank;
            if (bestRank == int.MaxValue)
                break;
            symbols = MergePair(symbols, _merges[bestRank], ByteCount + bestRank);
        }
        lock (_chunkCache)
        {
            if (_chunkCache.Count < MaxCachedChunks)
                _chunkCache[chunk] = symbols;
        }
        return symbols;
    }

    private static (int, int)? MostFrequentPair((int[] Symbols, long Count)[] words)
    {
        var counts = new Dictionary<(int, int), long>();
        foreach (var (symbols, count) in words)
            for (var i = 0; i + 1 < symbols.Length; i++)
            {
                var pair = (symbols[i], symbols[i + 1]);
                counts[pair] = counts.GetValueOrDefault(pair) + count;
            }
        (int, int)? best = null;
        var bestCount = 0L;
        foreach (var (pair, count) in counts)
            if (count > bestCount || (count == bestCount && pair.CompareTo(best!.Value) < 0))
            {
                best = pair;
                bestCount = count;
            }
        return best;
    }

    private static int[] MergePair(int[] symbols, (int Left, int Right) pair, int newId)
    {
        var merged = new List<int>(symbols.Length);
        for (var i = 0; i < symbols.Length; i++)
        {
            if (i + 1 < symbols.Length && symbols[i] == pair.Left && symbols[i + 1] == pair.Right)
            {
                merged.Add(newId);
                i++;
            }
            else
            {
                merged.Add(symbols[i]);
            }
        }
        return merged.Count == symbols.Length ? symbols : merged.ToArray();
    }

    private static int[] ToBytes(string text) => Encoding.UTF8.GetBytes(text).Select(b => (int)b).ToArray();
}
