namespace NeuroThermo.Experiments;

/// <summary>
/// A mistake a user made in a config file or in a <c>--set</c> override. The message is one sentence
/// naming the file, the JSON path and what was expected, fit to print without a stack trace.
/// </summary>
public sealed class ConfigException : Exception
{
    /// <summary>Creates the exception; <paramref name="message"/> is the complete sentence shown to the user.</summary>
    public ConfigException(
        string message, string file, string? jsonPath = null, string? overrideText = null, int? line = null, int? column = null)
        : base(message)
    {
        File = file;
        JsonPath = jsonPath;
        Override = overrideText;
        Line = line;
        Column = column;
    }

    /// <summary>The config file as the caller named it.</summary>
    public string File { get; }

    /// <summary>Where in the config the problem sits, as <c>$.model.width</c> or <c>$.sizes[2]</c>;
    /// null when the problem concerns the whole file (missing, unreadable, not JSON).</summary>
    public string? JsonPath { get; }

    /// <summary>The <c>path=value</c> override text the problem came from, or null if it came from the file.</summary>
    public string? Override { get; }

    /// <summary>1-based line of a JSON syntax error, else null.</summary>
    public int? Line { get; }

    /// <summary>1-based column (in characters) of a JSON syntax error, else null.</summary>
    public int? Column { get; }
}
