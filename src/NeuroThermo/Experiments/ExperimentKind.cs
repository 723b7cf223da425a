using System.Text.RegularExpressions;

namespace NeuroThermo.Experiments;

/// <summary>
/// One kind of experiment a config file can name: its name (the file's <c>"kind"</c>), the config record that
/// holds its hyper-parameters, a one-line description for listings, and the runner, which may be absent while
/// only the config side of a kind exists.
/// </summary>
public sealed partial class ExperimentKind
{
    /// <summary>Registers a kind by config type. Prefer <see cref="Create{TConfig}"/>, which types the runner.</summary>
    /// <exception cref="ArgumentException">The name is malformed, the description empty, or the config type
    /// breaks the rules of <see cref="ConfigLoader"/> (unsupported property type, a property named kind, name or
    /// seed, defaults outside their own ranges).</exception>
    public ExperimentKind(string name, Type configType, string description, ExperimentRunner? runner = null)
    {
        ArgumentNullException.ThrowIfNull(configType);
        if (name is null || !KindName().IsMatch(name))
            throw new ArgumentException(
                $"Kind name '{name}' must be lower-case words joined by dots, such as 'smoke.mlp' or 'ising.metropolis'.", nameof(name));
        if (string.IsNullOrWhiteSpace(description))
            throw new ArgumentException($"Kind '{name}' needs a description.", nameof(description));
        var shape = ConfigSchema.For(configType);
        foreach (string reserved in new[] { ConfigLoader.KindKey, ConfigLoader.NameKey, ConfigLoader.SeedKey })
        {
            if (shape.ByName.ContainsKey(reserved))
                throw new ArgumentException(
                    $"{configType.Name} has a property named '{reserved}', a key every config file already uses.", nameof(configType));
        }

        Name = name;
        ConfigType = configType;
        Description = description;
        Runner = runner;
        ConfigLoader.CheckDefaults(this);
    }

    /// <summary>The kind's name as config files write it, such as <c>smoke.mlp</c>.</summary>
    public string Name { get; }

    /// <summary>The sealed config record the loader binds a file of this kind to.</summary>
    public Type ConfigType { get; }

    /// <summary>One line saying what the experiment does, for listings and error messages.</summary>
    public string Description { get; }

    /// <summary>Runs the experiment, or null while only its config exists.</summary>
    public ExperimentRunner? Runner { get; }

    /// <summary>A kind whose runner takes its config as <typeparamref name="TConfig"/>.</summary>
    public static ExperimentKind Create<TConfig>(
        string name, string description, Func<TConfig, RunContext, CancellationToken, Task<RunOutcome>>? runner = null)
        where TConfig : class
    {
        ExperimentRunner? untyped = runner is null ? null : (config, context, ct) => runner((TConfig)config, context, ct);
        return new ExperimentKind(name, typeof(TConfig), description, untyped);
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Name} ({ConfigType.Name}): {Description}";

    [GeneratedRegex(@"^[a-z][a-z0-9]*(-[a-z0-9]+)*(\.[a-z][a-z0-9]*(-[a-z0-9]+)*)*$")]
    private static partial Regex KindName();
}
