using System.Runtime.InteropServices;
using NeuroThermo.TorchExtensions;
using TorchSharp;
using static TorchSharp.torch;
using System.Text;
using NeuroThermo.TorchExtensions.Serialization;

namespace NeuroThermo.TorchExtensions.Tests.Serialization;

/// <summary>
/// Each case is a crafted file that breaks one rule of the format; reading it must fail with a
/// <see cref="SafetensorsFormatException"/> whose message names the file and the offending field.
/// </summary>
public sealed class SafetensorsMalformedFileTests : IDisposable
{
    /// <summary>A correct entry: two F32 values in the first 8 bytes of the data section.</summary>
    private const string ValidEntry = """{"dtype":"F32","shape":[2],"data_offsets":[0,8]}""";
    private const int ValidDataLength = 8;
    /// <summary>Never valid in UTF-8, in any position.</summary>
    private const byte InvalidUtf8Byte = 0xFF;

    private static readonly Dictionary<string, (byte[] File, string[] Fragments)> Cases = new()
    {
        ["shorter than the length prefix"] = ([1, 2, 3], ["header length", "holds only 3 bytes"]),
        ["header length beyond the file"] = (
            SafetensorsBytes.WithLengthPrefix(1_000, Encoding.UTF8.GetBytes("{}")),
            ["header length", "must fit in the file", "1000"]),
        ["header over 100 MB"] = (
            SafetensorsBytes.WithLengthPrefix(100_000_001, Encoding.UTF8.GetBytes("{}")),
            ["header length", "at most 100000000 bytes"]),
        ["empty header"] = (SafetensorsBytes.Craft("", 0), ["header JSON", "well-formed JSON"]),
        ["header not UTF-8"] = (
            SafetensorsBytes.Craft([.. "{\"w"u8, InvalidUtf8Byte, .. "\":"u8, .. Encoding.UTF8.GetBytes(ValidEntry), .. "}"u8], new byte[ValidDataLength]),
            ["header JSON", "UTF-8"]),
        ["header not JSON"] = (SafetensorsBytes.Craft("""{"w":""", ValidDataLength), ["header JSON", "well-formed JSON", "line 1"]),
        ["header an array"] = (SafetensorsBytes.Craft("[1,2]", 0), ["header JSON", "must be an object", "an array"]),
        ["entry not an object"] = (SafetensorsBytes.Craft("""{"w":[0,8]}""", ValidDataLength), ["tensor \"w\"", "must be an object"]),
        ["missing data_offsets"] = (
            SafetensorsBytes.Craft("""{"w":{"dtype":"F32","shape":[2]}}""", ValidDataLength),
            ["tensor \"w\" field \"data_offsets\"", "missing"]),
        ["extra field"] = (
            SafetensorsBytes.Craft("""{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8],"offset":0}}""", ValidDataLength),
            ["tensor \"w\" field \"offset\"", "not allowed"]),
        ["field twice"] = (
            SafetensorsBytes.Craft("""{"w":{"dtype":"F32","dtype":"F32","shape":[2],"data_offsets":[0,8]}}""", ValidDataLength),
            ["tensor \"w\" field \"dtype\"", "only once"]),
        ["unknown dtype"] = (
            SafetensorsBytes.Craft("""{"w":{"dtype":"F8","shape":[2],"data_offsets":[0,8]}}""", ValidDataLength),
            ["tensor \"w\" field \"dtype\"", "\"F8\"", "BF16"]),
        ["dtype not a string"] = (
            SafetensorsBytes.Craft("""{"w":{"dtype":4,"shape":[2],"data_offsets":[0,8]}}""", ValidDataLength),
            ["tensor \"w\" field \"dtype\"", "a number"]),
        ["negative dimension"] = (
            SafetensorsBytes.Craft("""{"w":{"dtype":"F32","shape":[-2],"data_offsets":[0,8]}}""", ValidDataLength),
            ["tensor \"w\" field \"shape\"", "element 0 is -2"]),
        ["fractional dimension"] = (
            SafetensorsBytes.Craft("""{"w":{"dtype":"F32","shape":[1,2.5],"data_offsets":[0,8]}}""", ValidDataLength),
            ["tensor \"w\" field \"shape\"", "element 1 is 2.5"]),
        ["shape not an array"] = (
            SafetensorsBytes.Craft("""{"w":{"dtype":"F32","shape":2,"data_offsets":[0,8]}}""", ValidDataLength),
            ["tensor \"w\" field \"shape\"", "must be an array"]),
        ["element count overflows"] = (
            SafetensorsBytes.Craft("""{"w":{"dtype":"F32","shape":[4294967296,4294967296],"data_offsets":[0,8]}}""", ValidDataLength),
            ["tensor \"w\" field \"shape\"", "overflows"]),
        ["three data_offsets"] = (
            SafetensorsBytes.Craft("""{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8,8]}}""", ValidDataLength),
            ["tensor \"w\" field \"data_offsets\"", "exactly two integers", "holds 3"]),
        ["begin after end"] = (
            SafetensorsBytes.Craft("""{"w":{"dtype":"F32","shape":[2],"data_offsets":[8,0]}}""", ValidDataLength),
            ["tensor \"w\" field \"data_offsets\"", "begin <= end", "[8, 0]"]),
        ["end beyond the data section"] = (
            SafetensorsBytes.Craft("""{"w":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}}""", ValidDataLength),
            ["tensor \"w\" field \"data_offsets\"", "data section of 8 bytes", "ends at 16"]),
        ["byte length differs from shape"] = (
            SafetensorsBytes.Craft("""{"w":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}""", ValidDataLength),
            ["tensor \"w\" field \"data_offsets\"", "must span 12 bytes", "spans 8"]),
        ["overlapping tensors"] = (
            SafetensorsBytes.Craft(
                """{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}}""", 12),
            ["tensor \"b\" field \"data_offsets\"", "overlaps tensor \"a\""]),
        ["gap between tensors"] = (
            SafetensorsBytes.Craft(
                """{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"b":{"dtype":"F32","shape":[1],"data_offsets":[8,12]}}""", 12),
            ["tensor \"b\" field \"data_offsets\"", "gap", "tensor \"a\" ends at 4"]),
        ["gap before the first tensor"] = (
            SafetensorsBytes.Craft("""{"w":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}""", ValidDataLength),
            ["tensor \"w\" field \"data_offsets\"", "gap", "begins at 4"]),
        ["trailing bytes after the last tensor"] = (
            SafetensorsBytes.Craft($$"""{"w":{{ValidEntry}}}""", ValidDataLength + 4),
            ["data section", "holds 12 bytes", "cover only 8"]),
        ["duplicate tensor name"] = (
            SafetensorsBytes.Craft($$"""{"w":{{ValidEntry}},"w":{{ValidEntry}}}""", ValidDataLength),
            ["tensor \"w\"", "only once"]),
        ["metadata value not a string"] = (
            SafetensorsBytes.Craft($$"""{"__metadata__":{"epoch":3},"w":{{ValidEntry}}}""", ValidDataLength),
            ["field \"__metadata__\" key \"epoch\"", "must map to a string", "a number"]),
        ["metadata not an object"] = (
            SafetensorsBytes.Craft($$"""{"__metadata__":["a"],"w":{{ValidEntry}}}""", ValidDataLength),
            ["field \"__metadata__\"", "must be an object", "an array"]),
    };

    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    public static TheoryData<string> CaseNames() => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void ReadAll_MalformedFile_ThrowsFormatExceptionNamingFileAndField(string caseName)
    {
        (byte[] file, string[] fragments) = Cases[caseName];
        string path = _directory.File(caseName.Replace(' ', '-') + ".safetensors");
        File.WriteAllBytes(path, file);

        var exception = Assert.Throws<SafetensorsFormatException>(() => SafetensorsFormat.ReadAll(path));

        Assert.Equal(path, exception.FilePath);
        Assert.Contains($"'{path}'", exception.Message);
        Assert.All(fragments, fragment => Assert.Contains(fragment, exception.Message));
        // One sentence: no sentence break inside, a full stop at the end (decimals like 2.5 are not breaks).
        string withoutPath = exception.Message.Replace(path, "");
        Assert.DoesNotContain(". ", withoutPath);
        Assert.EndsWith(".", withoutPath);
    }

    [Fact]
    public void MalformedCases_AreAtLeastTwelveDistinctFiles()
    {
        const int RequiredCases = 12;

        Assert.True(Cases.Count >= RequiredCases, $"only {Cases.Count} malformed cases");
        Assert.Equal(Cases.Count, Cases.Values.Select(c => Convert.ToHexString(c.File)).Distinct().Count());
    }

    [Fact]
    public void ReadData_StreamShorterThanDeclared_ThrowsTruncated()
    {
        const string Label = "truncated.safetensors";
        byte[] complete = SafetensorsBytes.Craft($$"""{"w":{{ValidEntry}}}""", ValidDataLength);
        const int MissingBytes = 3;
        // The header is validated against the declared length; the bytes then turn out to be missing,
        // as when a file is cut short while it is being read.
        using var stream = new MemoryStream(complete[..^MissingBytes]);
        SafetensorsHeader header = SafetensorsFormat.ReadHeader(stream, complete.Length, Label);
        SafetensorsEntry entry = Assert.Single(header.Entries);

        var exception = Assert.Throws<SafetensorsFormatException>(
            () => SafetensorsFormat.ReadData(stream, header, entry, new byte[entry.ByteLength]));

        Assert.Contains($"'{Label}'", exception.Message);
        Assert.Contains("tensor \"w\" data", exception.Message);
        Assert.Contains($"ends after {ValidDataLength - MissingBytes}", exception.Message);
    }

    [Fact]
    public void ReadHeader_HostileTensorName_IsQuotedShortAndEscaped()
    {
        const int MaxQuotedChars = 64;
        // As JSON escapes it and as the message must show it: a control character spelled out, never raw.
        const string Prefix = @"bad\u0001";
        const int PrefixChars = 4;
        string json = $$$"""{"{{{Prefix}}}{{{new string('n', 1_000)}}}":{"dtype":"Q","shape":[],"data_offsets":[0,0]}}""";
        using var stream = new MemoryStream(SafetensorsBytes.Craft(json, 0));

        var exception = Assert.Throws<SafetensorsFormatException>(
            () => SafetensorsFormat.ReadHeader(stream, stream.Length, "hostile.safetensors"));

        Assert.Contains($"\"{Prefix}{new string('n', MaxQuotedChars - PrefixChars)}...\"", exception.Message);
        Assert.DoesNotContain(new string('n', MaxQuotedChars - PrefixChars + 1), exception.Message);
        Assert.DoesNotContain("\u0001", exception.Message);
    }
}
