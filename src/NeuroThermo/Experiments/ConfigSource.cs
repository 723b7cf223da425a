namespace NeuroThermo.Experiments;

/// <summary>
/// Where a piece of configuration text came from — the file itself or one override — so that every
/// error names its origin in the same words.
/// </summary>
internal sealed record ConfigSource(string File, string? Override)
{
    /// <summary>A problem with the value at <paramref name="jsonPath"/>; <paramref name="problem"/> is a clause
    /// such as "expected an integer, got a string".</summary>
    public ConfigException Error(string jsonPath, string problem) =>
        new($"{Origin()} at {jsonPath}: {problem}.", File, jsonPath, Override);

    /// <summary>A problem with the text as a whole, not tied to one JSON path; <paramref name="problem"/>
    /// continues the sentence, as "does not exist (looked for …)".</summary>

    public ConfigException WholeError(string problem) =>
        new($"{Origin()} {problem}.", File, null, Override);

    /// <summary>A JSON syntax error; line and column are 1-based.</summary>
    public ConfigException SyntaxError(int line, int column, string reason)
    {
        // An override is a single line, so its line number would only be noise.
        string where = Override is null ? $"line {line}, column {column}" : $"column {column}";
        return new ConfigException(
            $"{Origin()} is not valid JSON at {where}: {reason}.", File, null, Override, line, column);
    }

    private string Origin() =>
        Override is null ? $"Config file '{File}'" : $"Override '{Override}' for config file '{File}'";
}
