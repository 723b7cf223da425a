using System.Text;

namespace NeuroThermo.Data.Tokenizers;

/// <summary>Checks that a .NET string is a sequence of Unicode scalar values, which is what UTF-8 can encode.</summary>
internal static class WellFormedText
{
    /// <summary>Throws if <paramref name="text"/> holds a lone surrogate.</summary>
    public static void Ensure(string text, string parameterName)
    {
        for (var i = 0; i < text.Length;)
        {
            if (Rune.DecodeFromUtf16(text.AsSpan(i), out _, out var consumed) != System.Buffers.OperationStatus.Done)
                throw new ArgumentException(
                    $"The text has a lone surrogate U+{(int)text[i]:X4} at position {i}, which is not Unicode text.",
                    parameterName);
            i += consumed;
        }
    }
}
