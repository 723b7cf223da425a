using System.Text;

namespace NeuroThermo.Data.Tokenizers;

/// <summary>
/// Splits text into chunks that byte-pair merges never cross, as GPT-2 does, so that a merge learns
/// "the" or " the" and not "e t". A chunk is a maximal run of letters (with combining marks), of
/// digits, of whitespace or of other characters; a single space directly before a non-space
/// character belongs to the chunk that character starts. Concatenating the chunks gives the text back.
/// </summary>
public static class PreTokenizer
{
    private enum CharacterClass { Letter, Digit, Space, Other }

    /// <summary>The chunks of <paramref name="text"/>, in order.</summary>
    public static IEnumerable<string> Split(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var start = 0;
        while (start < text.Length)
        {
            var end = ChunkEnd(text, start);
            yield return text[start..end];
            start = end;
        }
    }

    private static int ChunkEnd(string text, int start)
    {
        var position = start;
        var first = Rune.GetRuneAt(text, position);
        if (first.Value == ' ' && position + 1 < text.Length && ClassAt(text, position + 1) != CharacterClass.Space)
        {
            // A leading space joins the word it precedes.
            position += 1;
            first = Rune.GetRuneAt(text, position);
        }
        var chunkClass = Classify(first);
        position += first.Utf16SequenceLength;
        while (position < text.Length)
        {
            var rune = Rune.GetRuneAt(text, position);
            if (Classify(rune) != chunkClass)
                break;
            // In a whitespace run, leave a final space to the word that follows it.
            if (chunkClass == CharacterClass.Space && rune.Value == ' ' && position + 1 < text.Length
                && ClassAt(text, position + 1) != CharacterClass.Space)
                break;
            position += rune.Utf16SequenceLength;
        }
        return position;
    }

    private static CharacterClass ClassAt(string text, int index) => Classify(Rune.GetRuneAt(text, index));

    private static CharacterClass Classify(Rune rune)
    {
        if (Rune.IsWhiteSpace(rune)) return CharacterClass.Space;
        if (Rune.IsDigit(rune)) return CharacterClass.Digit;
        if (Rune.IsLetter(rune)) return CharacterClass.Letter;
        var category = Rune.GetUnicodeCategory(rune);
        return category is System.Globalization.UnicodeCategory.NonSpacingMark
            or System.Globalization.UnicodeCategory.SpacingCombiningMark
            or System.Globalization.UnicodeCategory.EnclosingMark
            ? CharacterClass.Letter
            : CharacterClass.Other;
    }
}
