using NeuroThermo.Data.Corpora;
using NeuroThermo.Data.Tokenizers;

namespace NeuroThermo.Tests.Data.Corpora;

public sealed class TextCorpusTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("corpus-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string WriteFile(string name, byte[] bytes)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    [Fact]
    public void FromText_PlainTextKeepsTheLastTenthForValidation()
    {
        var corpus = TextCorpus.FromText(new string('a', 90) + new string('b', 10), documentSeparator: null);
        Assert.Equal(new string('a', 90), corpus.Train);
        Assert.Equal(new string('b', 10), corpus.Validation);
    }

    [Fact]
    public void FromText_EveryTenthDocumentIsValidation()
    {
        var text = string.Concat(Enumerable.Range(0, 20).Select(i => $"cookie {i}\n%\n"));
        var corpus = TextCorpus.FromText(text, "%");
        Assert.Equal(20, corpus.DocumentCount);
        Assert.Equal("cookie 9\n%\ncookie 19\n%\n", corpus.Validation);
        Assert.StartsWith("cookie 0\n%\ncookie 1\n%\n", corpus.Train);
        Assert.DoesNotContain("cookie 9\n", corpus.Train);
    }

    [Fact]
    public void FromText_NeverSplitsASurrogatePair()
    {
        var corpus = TextCorpus.FromText(string.Concat(Enumerable.Repeat("🐈", 10)), documentSeparator: null);
        Assert.Equal(string.Concat(Enumerable.Repeat("🐈", 10)), corpus.Train + corpus.Validation);
        Assert.False(char.IsLowSurrogate(corpus.Validation[0]));
    }

    [Fact]
    public void Load_OfAMissingFileSaysWhereItLookedAndWhatToDo()
    {
        var source = new CorpusSource { Path = Path.Combine(_folder, "absent.txt"), InstallHint = "install the package 'x'" };
        var error = Assert.Throws<CorpusException>(() => TextCorpus.Load(source));
        Assert.Contains("absent.txt", error.Message);
        Assert.Contains("install the package 'x'", error.Message);
    }

    [Fact]
    public void Load_OfAnEmptyFileIsAnError()
    {
        var path = WriteFile("empty.txt", []);
        var error = Assert.Throws<CorpusException>(() => TextCorpus.Load(new CorpusSource { Path = path }));
        Assert.Contains("is empty", error.Message);
    }

    [Fact]
    public void Load_OfABinaryFileIsAnError()
    {
        var path = WriteFile("data.bin", [0x41, 0x42, 0x00, 0x43]);
        var error = Assert.Throws<CorpusException>(() => TextCorpus.Load(new CorpusSource { Path = path }));
        Assert.Contains("binary", error.Message);
        Assert.Contains("offset 2", error.Message);
    }

    [Fact]
    public void Load_OfNonUtf8TextIsAnError()
    {
        var path = WriteFile("latin1.txt", [(byte)'c', (byte)'a', (byte)'f', 0xE9, (byte)'\n']);
        var error = Assert.Throws<CorpusException>(() => TextCorpus.Load(new CorpusSource { Path = path }));
        Assert.Contains("not valid UTF-8", error.Message);
        Assert.Contains("offset 3", error.Message);
    }

    [Fact]
    public void Load_ReadsAFolderInNameOrderSkippingExtensionsWhenAsked()
    {
        WriteFile("b", "second\n%\n\n%\nthird"u8.ToArray());
        WriteFile("a", "first"u8.ToArray()); // no separator line: the file's end ends the document
        WriteFile("a.dat", [0, 1, 2]);
        var corpus = TextCorpus.Load(new CorpusSource { Path = _folder, FilePattern = "noext", DocumentSeparator = "%" });
        Assert.Equal(3, corpus.DocumentCount);
        Assert.Equal("first\n%\nsecond\n%\nthird\n%\n", corpus.Train);
    }

    [Fact]
    public void Manifest_ResolvesItsPathAgainstItsFolderAndRejectsUnknownFields()
    {
        WriteFile("text.txt", "hello\n"u8.ToArray());
        var good = WriteFile("good.json", """{ "path": "text.txt" } // comment"""u8.ToArray());
        Assert.Equal(Path.Combine(_folder, "text.txt"), CorpusManifest.Load(good).Path);
        var bad = WriteFile("bad.json", """{ "path": "text.txt", "pth": "x" }"""u8.ToArray());
        var error = Assert.Throws<CorpusException>(() => CorpusManifest.Load(bad));
        Assert.Contains("unknown field 'pth'", error.Message);
    }

    [Fact]
    public void TokenCache_ReturnsTheSameTokensAndRebuildsWhenTheTextChanges()
    {
        var tokenizer = CharTokenizer.Train("abc");
        var path = Path.Combine(_folder, "tokens.bin");
        Assert.Equal([0, 1, 2], TokenCache.LoadOrEncode(path, tokenizer, "abc"));
        var written = File.GetLastWriteTimeUtc(path);
        Assert.Equal([0, 1, 2], TokenCache.LoadOrEncode(path, tokenizer, "abc"));
        Assert.Equal(written, File.GetLastWriteTimeUtc(path));
        Assert.Equal([2, 1, 0], TokenCache.LoadOrEncode(path, tokenizer, "cba"));
        File.WriteAllBytes(path, [1, 2, 3]);
        Assert.Equal([2, 2], TokenCache.LoadOrEncode(path, tokenizer, "cc"));
    }

    [Fact]
    public void Fortunes_WhenInstalledSplitIntoCookies()
    {
        var manifest = Path.Combine(RepositoryRoot(), "corpora", "fortunes.json");
        var source = CorpusManifest.Load(manifest);
        Assert.True(Directory.Exists(source.Path), $"{source.Path} is missing: {source.InstallHint}.");
        var corpus = TextCorpus.Load(source);
        Assert.True(corpus.DocumentCount > 5_000, $"{corpus.DocumentCount} cookies");
        Assert.InRange(corpus.Validation.Length / (double)(corpus.Train.Length + corpus.Validation.Length), 0.07, 0.13);
    }

    [Fact]
    public void TinyShakespeare_ShipsInTheRepositorysCorpora()
    {
        // A user's clone has no shared/ beside it: the text is part of the repository, all 1,115,394 bytes of it.
        const long TinyShakespeareBytes = 1_115_394;
        var root = RepositoryRoot();
        var source = CorpusManifest.Load(Path.Combine(root, "corpora", "tinyshakespeare.json"));
        Assert.Equal(Path.GetFullPath(Path.Combine(root, "corpora", "tinyshakespeare", "input.txt")), source.Path);
        Assert.Equal(TinyShakespeareBytes, new FileInfo(source.Path).Length);
        Assert.Null(source.DocumentSeparator);
    }

    internal static string RepositoryRoot()
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "NeuroThermo.sln")))
            root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("NeuroThermo.sln not found above the test assembly.");
        return root;
    }
}
