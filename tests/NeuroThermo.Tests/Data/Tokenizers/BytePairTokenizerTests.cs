using NeuroThermo.Data.Tokenizers;
using NeuroThermo.IO;

namespace NeuroThermo.Tests.Data.Tokenizers;

public sealed class BytePairTokenizerTests
{
    private const int RoundTripCases = 1_500;
    private const string Corpus =
        "the cat sat on the mat; the dog sat on the log. 猫が座った 🐈🐈 the end, the end.\n" +
        "Thé café servait du thé. 1234 12 34 — ünïcödé!";

    private static readonly BytePairTokenizer Trained = BytePairTokenizer.Train(Corpus, 300);

    [Fact]
    public void DecodeEncode_RoundTripsRandomUnicode()
    {
        var random = new Random(20261122);
        for (var i = 0; i < RoundTripCases; i++)
        {
            var text = RandomUnicode.Next(random, 40);
            Assert.Equal(text, Trained.Decode(Trained.Encode(text)));
        }
    }

    [Fact]
    public void Encode_UsesMergesOnTheTrainingText()
    {
        var tokens = Trained.Encode(Corpus);
        Assert.True(tokens.Length < System.Text.Encoding.UTF8.GetByteCount(Corpus) / 2,
            $"{tokens.Length} tokens for the training text should be well under half its bytes.");
        Assert.Equal(Corpus, Trained.Decode(tokens));
    }

    [Fact]
    public void Train_ReachesTheTargetSize()
    {
        Assert.Equal(300, Trained.VocabularySize);
    }

    [Fact]
    public void Train_IsDeterministic()
    {
        var again = BytePairTokenizer.Train(Corpus, 300);
        Assert.Equal(Trained.Merges, again.Merges);
    }

    [Fact]
    public void Train_BreaksTiesBySmallerLeftThenRightId()
    {
        // (a, b) and (c, d) each occur twice; (a, b) has the smaller left id.
        var tokenizer = BytePairTokenizer.Train("ab\ncd\nab\ncd", 257);
        Assert.Equal([((int)'a', (int)'b')], tokenizer.Merges);
    }

    [Fact]
    public void Train_MergesTheMostFrequentPairFirst()
    {
        var tokenizer = BytePairTokenizer.Train("ab\nxy\nxy\nxy", 257);
        Assert.Equal([((int)'x', (int)'y')], tokenizer.Merges);
    }

    [Fact]
    public void Train_StopsWhenNothingIsLeftToMerge()
    {
        var tokenizer = BytePairTokenizer.Train("aaaa", 1000);
        Assert.Equal(2, tokenizer.Merges.Count);
        Assert.Equal([BytePairTokenizer.ByteCount + 1], tokenizer.Encode("aaaa"));
    }

    [Fact]
    public void SaveLoad_GivesAnEqualTokenizer()
    {
        var path = Path.Combine(Path.GetTempPath(), $"bpe-{Guid.NewGuid():N}.json");
        try
        {
            Trained.Save(path);
            var loaded = Assert.IsType<BytePairTokenizer>(TokenizerFile.Load(path));
            Assert.Equal(Trained.Merges, loaded.Merges);
            Assert.Equal(Trained.Encode(Corpus), loaded.Encode(Corpus));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Load_RejectsAMergeThatUsesALaterToken()
    {
        var path = Path.Combine(Path.GetTempPath(), $"bpe-{Guid.NewGuid():N}.json");
        try
        {
            File.WriteAllText(path, """{"kind":"byte-bpe","merges":[[97,300]]}""");
            var error = Assert.Throws<CorruptFileException>(() => TokenizerFile.Load(path));
            Assert.Contains(path, error.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Encode_RejectsALoneSurrogate()
    {
        var error = Assert.Throws<ArgumentException>(() => Trained.Encode("a\uD800b"));
        Assert.Contains("lone surrogate", error.Message);
    }

    [Fact]
    public void Decode_OfAPartialCharacterGivesTheReplacementCharacter()
    {
        var bytes = Trained.Encode("🐈").Select(id => Trained.BytesOf(id).ToArray()).SelectMany(b => b).ToArray();
        Assert.Equal(4, bytes.Length);
        Assert.Equal("\uFFFD", Trained.Decode([bytes[0]]));
    }
}
