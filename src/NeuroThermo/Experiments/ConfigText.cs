using System.Text;
using System.Text.Json;

namespace NeuroThermo.Experiments;

/// <summary>
/// The words of config error messages: what a value should have been, what it was, and JSON paths.
/// Values taken from user text are shortened and escaped so one bad byte cannot flood or garble a message.
/// </summary>
internal static class ConfigText
{
    private const int MaxShown = 40;

    /// <summary>A name in single quotes, shortened and with control characters escaped.</summary>
    public static string Quote(string text) => $"'{Shorten(text)}'";

    /// <summary>Raw text as the user wrote it, cut to <paramref name="maxLength"/> characters and with control
    /// characters escaped, so a message stays on one line.</summary>
    public static string Shorten(string text, int maxLength = MaxShown)
    {
        var sb = new StringBuilder();
        foreach (char c in text.Length > maxLength ? text[..maxLength] : text)
            sb.Append(char.IsControl(c) || char.IsSurrogate(c) ? $"\\u{(int)c:x4}" : c.ToString());
        if (text.Length > maxLength)
            sb.Append('…');
        return sb.ToString();
    }

    /// <summary>The path of key <paramref name="key"/> inside the object at <paramref name="parent"/>.</summary>
    public static string Child(string parent, string key)
    {
        bool plain = key.Length > 0 && (char.IsAsciiLetter(key[0]) || key[0] == '_')
                     && key.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');
        return plain ? $"{parent}.{key}" : $"{parent}[{Quote(key)}]";
    }

    /// <summary>The path of item <paramref name="index"/> inside the array at <paramref name="parent"/>.</summary>
    public static string Item(string parent, int index) => $"{parent}[{index}]";

    /// <summary>What a JSON value is, for the "got …" half of a message.</summary>
    public static string Got(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => $"a string (\"{Shorten(value.GetString()!)}\")",
        JsonValueKind.Number => Shorten(value.GetRawText()),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => "null",
    };

    /// <summary>What a value of <paramref name="shape"/> must be, for the "expected …" half of a message.</summary>
    public static string Expected(ValueShape shape, bool plural = false)
    {
        string range = shape.Range is null ? "" : " " + shape.Range.Describe();
        return shape.Kind switch
        {
            ValueKind.Int32 or ValueKind.Int64 => (plural ? "integers" : "an integer") + range,
            ValueKind.Double => (plural ? "finite numbers" : "a finite number") + range,
            ValueKind.Boolean => plural ? "booleans" : "true or false",
            ValueKind.String when shape.IsDevice => plural ? "device names" : ComputeDevice.Expected,
            ValueKind.String when shape.IsDataFile => plural ? "data file paths" : "a string naming a data file",
            ValueKind.String => plural ? "strings" : "a string",
            ValueKind.Enum => plural
                ? "names among " + string.Join(", ", shape.EnumMembers!.Select(m => Quote(m.Key)))
                : "one of " + string.Join(", ", shape.EnumMembers!.Select(m => Quote(m.Key))),
            ValueKind.Array => (plural ? "arrays of " : "an array of ") + Expected(shape.Element!, plural: true),
            _ => plural ? "objects" : "an object",
        };
    }

    /// <summary>The kind of a JSON node, for messages about values that are not yet parsed into elements.</summary>
    public static string Got(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };

    /// <summary>The clause for a key that is not among <paramref name="valid"/>: a suggestion when one is close,
    /// else the whole list.</summary>
    public static string UnknownKey(string key, IReadOnlyCollection<string> valid)
    {
        string? nearest = NearestName.Suggest(key, valid);
        return nearest is not null
            ? $"unknown key {Quote(key)} (did you mean {Quote(nearest)}?)"
            : $"unknown key {Quote(key)}; expected one of {string.Join(", ", valid.Select(Quote))}";
    }
}
