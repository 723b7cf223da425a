using System.Text;

namespace NeuroThermo.Tests.Data.Tokenizers;

/// <summary>Seeded random well-formed strings mixing ASCII, accents, CJK, emoji (surrogate pairs) and whitespace.</summary>
internal static class RandomUnicode
{
    private static readonly (int Low, int High)[] Ranges =
    [
        (0x20, 0x7E),       // ASCII printable
        (0x09, 0x0A),       // tab, newline
        (0xC0, 0x24F),      // Latin accents
        (0x300, 0x36F),     // combining marks
        (0x391, 0x3C9),     // Greek
        (0x4E00, 0x9FFF),   // CJK ideographs
        (0x1F300, 0x1FAFF), // emoji, outside the BMP
        (0x10000, 0x10FFFF),// any supplementary-plane code point
    ];

    public static string Next(Random random, int maxLength)
    {
        var length = random.Next(0, maxLength + 1);
        var text = new StringBuilder();
        for (var i = 0; i < length; i++)
        {
            var (low, high) = Ranges[random.Next(Ranges.Length)];
            int value;
            do value = random.Next(low, high + 1);
            while (!Rune.IsValid(value));
            text.Append(new Rune(value).ToString());
        }
        return text.ToString();
    }
}
