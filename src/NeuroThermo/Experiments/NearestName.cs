namespace NeuroThermo.Experiments;

/// <summary>
/// Finds the valid name a misspelt one was probably meant to be, for "did you mean …?" hints.
/// </summary>
internal static class NearestName
{
    // Longer inputs are not typos of a config key, and the distance table grows with their length.
    private const int MaxInputLength = 64;

    /// <summary>The candidate closest to <paramref name="input"/>, or null when none is close enough to be a
    /// plausible typo. Case is ignored, so <c>learningrate</c> suggests <c>learningRate</c>.</summary>
    public static string? Suggest(string input, IEnumerable<string> candidates)
    {
        if (input.Length == 0 || input.Length > MaxInputLength)
            return null;
        // About one edit per three characters: "stpes" → "steps", but "lr" suggests nothing.
        int allowed = Math.Clamp((input.Length + 2) / 3, 1, 3);
        string? best = null;
        int bestDistance = int.MaxValue;
        foreach (string candidate in candidates)
        {
            int distance = Distance(input.ToLowerInvariant(), candidate.ToLowerInvariant());
            if (distance <= allowed && distance < bestDistance)
            {
                best = candidate;
                bestDistance = distance;
            }
        }
        return best;
    }

    /// <summary>Damerau–Levenshtein distance in its optimal-string-alignment form: insertions, deletions,
    /// substitutions and transpositions of neighbours each cost one.</summary>
    internal static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (int i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (int j = 0; j <= b.Length; j++) d[0, j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
            }
        }
        return d[a.Length, b.Length];
    }
}
