using System.Runtime.InteropServices;
using NeuroThermo.TorchExtensions;
using TorchSharp;
using static TorchSharp.torch;
using System.Buffers.Binary;
using NeuroThermo.TorchExtensions.Serialization;

namespace NeuroThermo.TorchExtensions.Tests.Serialization;

/// <summary>
/// Random damage to a valid file must end in a clean read or a <see cref="SafetensorsFormatException"/>:
/// never an overflow, an out-of-range index or an attempt to allocate a size the file does not back.
/// </summary>
public sealed class SafetensorsFuzzTests
{
    private const int Seed = 1_234_567;
    private const int Iterations = 500;
    private const int MaxMutationsPerFile = 4;
    private const string Label = "fuzzed.safetensors";

    /// <summary>Replacement bytes that keep a damaged header JSON-like, so parsing goes deeper than byte 1.</summary>
    private static readonly byte[] JsonAlphabet = "{}[]\":,-.0123456789eE FUBIL_tnf\\"u8.ToArray();

    [Fact]
    public void ReadMutatedFile_OnlySucceedsOrThrowsFormatException()
    {
        byte[] original = BuildValidFile();
        int headerEnd = SafetensorsFormat.LengthPrefixSize + (int)BinaryPrimitives.ReadUInt64LittleEndian(original);
        var random = new Random(Seed);
        int accepted = 0, rejected = 0;
        var unexpected = new List<string>();

        for (int iteration = 0; iteration < Iterations; iteration++)
        {
            byte[] mutated = Mutate(original, headerEnd, random);
            try
            {
                long coveredBytes = ReadEverything(mutated);
                Assert.Equal(coveredBytes, mutated.Length - SafetensorsFormat.LengthPrefixSize - (long)BinaryPrimitives.ReadUInt64LittleEndian(mutated));
                accepted++;
            }
            catch (SafetensorsFormatException exception)
            {
                Assert.Contains($"'{Label}'", exception.Message);
                rejected++;
            }
            catch (Exception exception) when (exception is not Xunit.Sdk.XunitException)
            {
                unexpected.Add($"iteration {iteration}: {exception.GetType().Name}: {exception.Message}");
            }
        }

        Assert.Empty(unexpected);
        // Both outcomes must occur, or the mutations are too timid or too destructive to test anything.
        Assert.InRange(accepted, 1, Iterations - 1);
        Assert.Equal(Iterations, accepted + rejected);
    }

    /// <summary>Reads the header and every tensor's bytes; returns how many data bytes the entries cover.</summary>
    private static long ReadEverything(byte[] file)
    {
        using var stream = new MemoryStream(file, writable: false);
        SafetensorsHeader header = SafetensorsFormat.ReadHeader(stream, stream.Length, Label);
        long covered = 0;
        foreach (SafetensorsEntry entry in header.Entries)
        {
            byte[] data = new byte[entry.ByteLength];
            SafetensorsFormat.ReadData(stream, header, entry, data);
            covered += data.Length;
        }
        return covered;
    }

    /// <summary>
    /// One to <see cref="MaxMutationsPerFile"/> mutations, weighted towards the header JSON and the data
    /// section; damage to the length prefix or the file length is kept rarer because it ends parsing at once.
    /// </summary>
    private static byte[] Mutate(byte[] original, int headerEnd, Random random)
    {
        byte[] file = (byte[])original.Clone();
        int mutations = random.Next(1, MaxMutationsPerFile + 1);
        for (int i = 0; i < mutations && file.Length > headerEnd; i++)
        {
            int kind = random.Next(10);
            if (kind < 4) // a header byte replaced by JSON punctuation, digits or dtype letters
            {
                file[random.Next(SafetensorsFormat.LengthPrefixSize, headerEnd)] = JsonAlphabet[random.Next(JsonAlphabet.Length)];
            }
            else if (kind < 7) // a data byte: the file must still read
            {
                file[random.Next(headerEnd, file.Length)] = (byte)random.Next(256);
            }
            else if (kind == 7) // any byte, any value
            {
                file[random.Next(file.Length)] = (byte)random.Next(256);
            }
            else if (kind == 8) // the length prefix's low byte: the header appears to end somewhere else
            {
                file[0] = (byte)random.Next(256);
            }
            else // truncated or extended
            {
                Array.Resize(ref file, random.Next(file.Length + 16));
            }
        }
        return file;
    }

    private static byte[] BuildValidFile()
    {
        using var stream = new MemoryStream();
        SafetensorsFormat.Write(stream,
        [
            ("embedding.weight", SafetensorsDType.BF16, [4, 3], SafetensorsBytes.Pattern(24, seed: 1)),
            ("scale", SafetensorsDType.F64, [], SafetensorsBytes.Pattern(8, seed: 2)),
            ("empty", SafetensorsDType.F32, [0, 2], Array.Empty<byte>()),
            ("mask", SafetensorsDType.BOOL, [5], new byte[] { 1, 0, 1, 1, 0 }),
            ("steps", SafetensorsDType.I64, [2], SafetensorsBytes.Pattern(16, seed: 3)),
        ],
        new Dictionary<string, string> { ["format"] = "pt", ["epoch"] = "12" });
        return stream.ToArray();
    }
}
