using System.Text;
using System.Text.RegularExpressions;

namespace NeuroThermo.Tests.Experiments;

/// <summary>
/// Breaks config text in the small ways people and tools do: deleted spans, inserted characters, values of
/// another type, extreme numbers, deep nesting, repeated and misspelt keys. Shared by the loader's fuzz test
/// and the command line's (which links this file).
/// </summary>
internal static partial class ConfigMutator
{
    // Values swapped in for others: every JSON type, plus the numbers that break naive parsers.
    private static readonly string[] Replacements =
    [
        "\"str\"", "\"\"", "1", "-1", "0", "2.5", "true", "false", "null", "[]", "{}", "[1, \"a\"]", "{\"depth\": 2}",
        "1e400", "-1e400", "1e-400", "99999999999999999999", "-99999999999999999999", "9223372036854775808",
        "2147483648", "1.0e2", "\"relu\"", "\"\\ud800\"", "\"missing.txt\"", "\"/\"",
    ];

    private const string Punctuation = "{}[]\",:.-+eE0123456789 \n\t\\/*tfnu";

    /// <summary>Applies one random mutation to <paramref name="text"/>.</summary>
    public static string Mutate(string text, Random random)
    {
        switch (random.Next(7))
        {
            case 0: // delete a short span
                int start = random.Next(text.Length);
                return text.Remove(start, Math.Min(random.Next(1, 6), text.Length - start));
            case 1: // insert random characters, mostly JSON punctuation, sometimes any UTF-16 unit
                int at = random.Next(text.Length + 1);
                var inserted = new StringBuilder();
                for (int n = random.Next(1, 4); n > 0; n--)
                {
                    inserted.Append(random.Next(3) == 0
                        ? (char)random.Next(0, 0x10000)
                        : Punctuation[random.Next(Punctuation.Length)]);
                }
                return text.Insert(at, inserted.ToString());
            case 2: // swap a value for one of another type or an extreme number
                return ReplaceRandomValue(text, random, Replacements[random.Next(Replacements.Length)]);
            case 3: // deep nesting
                int depth = random.Next(20, 201);
                string deep = random.Next(2) == 0
                    ? new string('[', depth) + new string(']', depth)
                    : string.Concat(Enumerable.Repeat("{\"depth\": ", depth)) + "1" + new string('}', depth);
                return ReplaceRandomValue(text, random, deep);
            case 4: // duplicate a key: repeat one "key": value line
                var lines = text.Split('\n').ToList();
                int keyLine = random.Next(2, lines.Count - 1);
                lines.Insert(keyLine, lines[keyLine]);
                return string.Join('\n', lines);
            case 5: // an unknown or misspelt key
                int brace = text.IndexOf('{');
                string key = random.Next(2) == 0 ? "widht" : "z" + random.Next(1000);
                return text.Insert(brace + 1, $"\"{key}\": 1,");
            default: // huge or odd numbers where numbers stand
                var numbers = NumberPattern().Matches(text);
                if (numbers.Count == 0)
                    return text;
                var number = numbers[random.Next(numbers.Count)];
                string[] odd = ["1e400", "99999999999999999999", "-0", "1e-400", "0.1e1", new string('9', 400)];
                return text.Remove(number.Index, number.Length).Insert(number.Index, odd[random.Next(odd.Length)]);
        }
    }

    private static string ReplaceRandomValue(string text, Random random, string replacement)
    {
        var values = ValuePattern().Matches(text);
        if (values.Count == 0)
            return text;
        var value = values[random.Next(values.Count)].Groups[1];
        return text.Remove(value.Index, value.Length).Insert(value.Index, replacement);
    }

    // A value after a colon, up to the next comma, closing bracket or line end (good enough to mutate).
    [GeneratedRegex(@":\s*([^,\}\]\n]+)")]
    private static partial Regex ValuePattern();

    [GeneratedRegex(@"-?\d+(\.\d+)?([eE][+-]?\d+)?")]
    private static partial Regex NumberPattern();
}
