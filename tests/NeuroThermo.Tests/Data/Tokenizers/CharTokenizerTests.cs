using System.Text;
using NeuroThermo.Data.Tokenizers;
using NeuroThermo.IO;

namespace NeuroThermo.Tests.Data.Tokenizers;

public sealed class CharTokenizerTests
{
    private const int RoundTripCases = 1_500;

    [Fact]
    public void DecodeEncode_RoundTripsRandomUnicodeOverItsVocabulary()
    {
        var random = new Random(7);
        for (var i = 0; i < RoundTripCases; i++)
        {
            var text = RandomUnicode.Next(random, 40);
            var tokenizer = CharTokenizer.Train(text + "x");
            Assert.Equal(text, tokenizer.Decode(tokenizer.Encode(text)));
        }
    }

    [Fact]
    public void Train_CountsASurrogatePairAsOneCharacter()
    {
        var tokenizer = CharTokenizer.Train("a🐈a");
        Assert.Equal(2, tokenizer.VocabularySize);
        Assert.Equal([0, 1, 0], tokenizer.Encode("a🐈a"));
    }

    [Fact]
    public void Encode_OfAnUnseenCharacterIsAnErrorNamingIt()
    {
        var tokenizer = CharTokenizer.Train("abc");
        var error = Assert.Throws<ArgumentException>(() => tokenizer.Encode("abz"));
        Assert.Contains("U+007A", error.Message);
        Assert.Contains("position 2", error.Message);
    }

    [Fact]
    public void Encode_OfAnUnseenCharacterGivesUnkWhenConfigured()
    {
        var tokenizer = CharTokenizer.Train("abc", UnknownCharacterPolicy.UnknownToken);
        Assert.Equal(4, tokenizer.VocabularySize);
        Assert.Equal([1, 2, 0], tokenizer.Encode("abz"));
        Assert.Equal("ab\uFFFD", tokenizer.Decode([1, 2, 0]));
    }

    [Fact]
    public void Decode_RejectsAnIdOutsideTheVocabulary()
    {
        var tokenizer = CharTokenizer.Train("abc");
        Assert.Throws<ArgumentOutOfRangeException>(() => tokenizer.Decode([3]));
    }

    [Theory]
    [InlineData(UnknownCharacterPolicy.Error)]
    [InlineData(UnknownCharacterPolicy.UnknownToken)]
    public void SaveLoad_GivesAnEqualTokenizer(UnknownCharacterPolicy unknown)
    {
        var tokenizer = CharTokenizer.Train("hello, 世界 🐈\n", unknown);
        var path = Path.Combine(Path.GetTempPath(), $"char-{Guid.NewGuid():N}.json");
        try
        {
            tokenizer.Save(path);
            var loaded = Assert.IsType<CharTokenizer>(TokenizerFile.Load(path));
            Assert.Equal(tokenizer.Characters, loaded.Characters);
            Assert.Equal(unknown, loaded.Unknown);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Load_OfAMissingFileNamesIt()
    {
        var path = Path.Combine(Path.GetTempPath(), $"absent-{Guid.NewGuid():N}.json");
        var error = Assert.Throws<CorruptFileException>(() => TokenizerFile.Load(path));
        Assert.Contains(path, error.Message);
    }

    [Fact]
    public void PreTokenizer_ChunksConcatenateToTheText()
    {
        var random = new Random(11);
        for (var i = 0; i < 200; i++)
        {
            var text = RandomUnicode.Next(random, 60);
            Assert.Equal(text, string.Concat(PreTokenizer.Split(text)));
        }
        Assert.Equal(["the", " cat", "  ", " sat", "."], PreTokenizer.Split("the cat   sat."));
    }
}
