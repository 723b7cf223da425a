using System.Text;
using NeuroThermo.Reports;

namespace NeuroThermo.Tests.Reports;

public sealed class Crc32Tests
{
    [Fact]
    public void Compute_StandardCheckInput_GivesPublishedCheckValue()
    {
        // "123456789" is the conventional check input; 0xCBF43926 is the published CRC-32 (ISO-HDLC) check value.
        const uint CheckValue = 0xCBF43926u;

        Assert.Equal(CheckValue, Crc32.Compute(Encoding.ASCII.GetBytes("123456789")));
    }

    [Fact]
    public void Update_InPieces_EqualsWholeInput()
    {
        byte[] data = Enumerable.Range(0, 1000).Select(i => (byte)(i * 31 + 7)).ToArray();

        uint pieces = Crc32.Finish(Crc32.Update(Crc32.Update(Crc32.Start, data.AsSpan(0, 333)), data.AsSpan(333)));

        Assert.Equal(Crc32.Compute(data), pieces);
    }

    [Fact]
    public void Compute_IendChunkType_MatchesValueInEveryPngFile()
    {
        // Every PNG ends with an empty IEND chunk whose CRC is AE 42 60 82.
        const uint IendCrc = 0xAE426082u;

        Assert.Equal(IendCrc, Crc32.Compute("IEND"u8));
    }
}
