namespace NeuroThermo.Experiments;

/// <summary>
/// A config file after loading: its experiment kind, the typed and validated config record with defaults
/// filled in and overrides applied, the run name and seed, and the resolved JSON to store in the run directory.
/// </summary>
/// <param name="SourceFile">The config file as the caller named it.</param>
/// <param name="Kind">The registered kind the file's <c>"kind"</c> names.</param>
/// <param name="Config">An instance of <see cref="ExperimentKind.ConfigType"/>.</param>
/// <param name="RunName">The file's <c>"name"</c>, else its file name without extension.</param>
/// <param name="Seed">The file's <c>"seed"</c>, else <see cref="ConfigLoader.DefaultSeed"/>.</param>
/// <param name="ResolvedJson">Every field spelled out; loading this text yields an equal config.</param>
public sealed record LoadedConfig(
    string SourceFile, ExperimentKind Kind, object Config, string RunName, long Seed, string ResolvedJson)
{
    /// <summary>The config as its record type; throws <see cref="InvalidCastException"/> for the wrong type.</summary>
    public TConfig ConfigAs<TConfig>() where TConfig : class => (TConfig)Config;
}
