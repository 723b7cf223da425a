using System.Text.Json;
using System.Text.Json.Nodes;
using static NeuroThermo.Experiments.ConfigText;

namespace NeuroThermo.Experiments;

/// <summary>
/// Loads an experiment config file: JSON with comments and trailing commas allowed, naming its experiment
/// <c>"kind"</c> and holding only what differs from that kind's defaults, plus the optional common keys
/// <c>"name"</c> (the run name) and <c>"seed"</c>. Every mistake a user can make ends in a
/// <see cref="ConfigException"/> whose message is one sentence naming the file, the JSON path and what was
/// expected.
/// </summary>
/// <remarks>
/// How a config record maps to JSON:
/// <list type="bullet">
/// <item>A config record is a sealed record (or class) with a public parameterless constructor. Each public
/// property with a public <c>init</c> or <c>set</c> accessor is a key, named by System.Text.Json's camelCase
/// policy (<c>LearningRate</c> → <c>learningRate</c>); keys match exactly, case included.</item>
/// <item>Property types may be int, long, double, bool, string, an enum, a nested record (a JSON object), or
/// <c>T[]</c>, <c>List&lt;T&gt;</c> or <c>IReadOnlyList&lt;T&gt;</c> of those (a JSON array).</item>
/// <item>An enum value is its member name under the same camelCase policy (<c>CosineWarmup</c> →
/// <c>"cosineWarmup"</c>), matched exactly.</item>
/// <item>An integer may be written in any form whose value is whole (<c>300</c>, <c>3e2</c>, <c>300.0</c>);
/// a double must be finite.</item>
/// <item>null is allowed only where the property type is nullable (<c>string?</c>, <c>int?</c>, a nullable
/// record), never for array items.</item>
/// <item><see cref="ConfigRangeAttribute"/> bounds numbers; <see cref="DataFileAttribute"/> marks data-file
/// paths, found next to the config file first, then in the current directory.</item>
/// <item>Duplicate keys and nesting deeper than 32 levels are errors.</item>
/// <item>The run name becomes a directory under <c>runs/</c>, so it must be 1 to 100 characters without
/// <c>/</c>, <c>\</c> or control characters, and not <c>.</c> or <c>..</c>.</item>
/// </list>
/// </remarks>
public static class ConfigLoader
{
    /// <summary>The key naming the experiment kind.</summary>
    public const string KindKey = "kind";

    /// <summary>The key naming the run.</summary>
    public const string NameKey = "name";

    /// <summary>The key holding the run's seed.</summary>
    public const string SeedKey = "seed";

    /// <summary>Seed of a run whose config names none. Fixed rather than drawn from the clock so that running the
    /// same file twice gives the same result; vary it with <c>--set seed=N</c>.</summary>
    public const long DefaultSeed = 0;

    private static readonly string[] ReservedKeys = [KindKey, NameKey, SeedKey];

    private static readonly Dictionary<string, ValueShape> CommonKeys = new()
    {
        [NameKey] = new ValueShape { Kind = ValueKind.String, ClrType = typeof(string) },
        [SeedKey] = new ValueShape { Kind = ValueKind.Int64, ClrType = typeof(long) },
    };

    /// <summary>
    /// Loads <paramref name="path"/>, applies <paramref name="overrides"/> (in order, later ones winning) and binds
    /// the result to the config record of the kind the file names in <paramref name="registry"/>.
    /// </summary>
    /// <param name="path">The config file.</param>
    /// <param name="overrides">Texts of the form <c>a.b=value</c>: dot-separated camelCase keys, then a JSON
    /// value, or bare text for a string or enum key (<c>model.activation=gelu</c>). <c>seed</c> and
    /// <c>name</c> may be set too; <c>kind</c> may not.</param>
    /// <param name="registry">The kinds the file may name.</param>
    /// <exception cref="ConfigException">The file or an override is wrong in any way a user can cause.</exception>
    public static LoadedConfig Load(string path, IReadOnlyList<string> overrides, ExperimentRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(overrides);
        ArgumentNullException.ThrowIfNull(registry);

        var fileSource = new ConfigSource(path, null);
        var tree = ConfigJsonParser.Parse(ReadText(path, fileSource), fileSource);
        if (tree is not JsonObject root)
            throw fileSource.Error("$", $"expected an object at the top level, got {Got(tree?.GetValueKind() ?? JsonValueKind.Null)}");
        var kind = FindKind(root, registry, fileSource);
        var shape = ConfigSchema.For(kind.ConfigType);

        var parsed = overrides.Select(o => ConfigOverride.Parse(o, path, shape, CommonKeys)).ToList();
        // An error inside a value an override set belongs to the last override that set it.
        ConfigSource SourceAt(string jsonPath) => parsed.LastOrDefault(o => o.Covers(jsonPath))?.Source ?? fileSource;
        foreach (var o in parsed)
            o.ApplyTo(root, SourceAt);

        using var merged = JsonDocument.Parse(root.ToJsonString(), ConfigJsonParser.DocumentOptions);
        var binder = new ConfigBinder(SourceAt, Path.GetDirectoryName(Path.GetFullPath(path))!);
        string runName = ReadRunName(merged.RootElement, path, binder, SourceAt);
        long seed = merged.RootElement.TryGetProperty(SeedKey, out var seedValue)
            ? (long)binder.BindValue(seedValue, CommonKeys[SeedKey], Child("$", SeedKey))!
            : DefaultSeed;
        object config = binder.BindConfig(merged.RootElement, shape, ReservedKeys);
        return new LoadedConfig(path, kind, config, runName, seed, ToResolvedJson(kind, runName, seed, config));
    }

    /// <summary>
    /// <see cref="Load(string, IReadOnlyList{string}, ExperimentRegistry)"/>, then, when <paramref name="device"/> is not
    /// null, the same with the device key of a trainable kind (<see cref="IDeviceConfig.DeviceKey"/>) set to it, as a last
    /// override: the resolved config records the device, so a resumed run keeps it.
    /// </summary>
    /// <exception cref="ConfigException">As for the other overload; also a device for a kind that trains no model.</exception>
    public static LoadedConfig Load(string path, IReadOnlyList<string> overrides, ExperimentRegistry registry, string? device)
    {
        var loaded = Load(path, overrides, registry);
        if (device is null)
            return loaded;
        if (loaded.Config is not IDeviceConfig trainable)
            throw new ConfigException(
                $"Config file '{path}' is of experiment kind '{loaded.Kind.Name}', which trains no model and runs on the CPU, so it takes no device.",
                path);
        return Load(path, [.. overrides, $"{trainable.DeviceKey}={device}"], registry);
    }

    /// <summary>
    /// The resolved config as indented JSON: <c>kind</c>, <c>name</c>, <c>seed</c>, then every field of
    /// <paramref name="config"/> including defaults. Loading the text again gives an equal config.
    /// </summary>
    public static string ToResolvedJson(ExperimentKind kind, string runName, long seed, object config)
    {
        ArgumentNullException.ThrowIfNull(kind);
        ArgumentNullException.ThrowIfNull(config);
        if (config.GetType() != kind.ConfigType)
            throw new ArgumentException($"Kind '{kind.Name}' takes a {kind.ConfigType.Name}, not a {config.GetType().Name}.", nameof(config));
        return ResolvedConfigWriter.Write(kind.Name, runName, seed, config, ConfigSchema.For(kind.ConfigType));
    }

    /// <summary>The resolved JSON of a loaded config (the same text as <see cref="LoadedConfig.ResolvedJson"/>).</summary>
    public static string ToResolvedJson(LoadedConfig loaded) =>
        ToResolvedJson(loaded.Kind, loaded.RunName, loaded.Seed, loaded.Config);

    /// <summary>Checks that a record's own defaults pass its ranges, so a broken default is found when its kind
    /// is registered; data files are not checked, as they depend on where a config file lives.</summary>
    internal static void CheckDefaults(ExperimentKind kind)
    {
        var shape = ConfigSchema.For(kind.ConfigType);
        string json;
        try
        {
            json = ResolvedConfigWriter.Write(kind.Name, "defaults", DefaultSeed, Activator.CreateInstance(kind.ConfigType)!, shape);
        }
        catch (InvalidOperationException e) // an enum default that is no named member
        {
            throw new ArgumentException($"The defaults of {kind.ConfigType.Name} cannot be written as JSON: {e.Message}", e);
        }
        using var document = JsonDocument.Parse(json, ConfigJsonParser.DocumentOptions);
        var source = new ConfigSource($"(defaults of {kind.ConfigType.Name})", null);
        try
        {
            new ConfigBinder(_ => source, configDirectory: null).BindConfig(document.RootElement, shape, ReservedKeys);
        }
        catch (ConfigException e)
        {
            throw new ArgumentException($"The defaults of {kind.ConfigType.Name} break its own rules: {e.Message}", e);
        }
    }

    private static string ReadText(string path, ConfigSource source)
    {
        if (Directory.Exists(path))
            throw source.WholeError("is a directory, not a JSON file");
        if (!File.Exists(path))
        {
            string where;
            try
            {
                where = $" (looked for '{Path.GetFullPath(path)}')";
            }
            catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
            {
                where = ", and its name is not a valid path";
            }
            throw source.WholeError($"does not exist{where}");
        }
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw source.WholeError($"could not be read ({e.Message.TrimEnd('.')})");
        }
    }

    private static ExperimentKind FindKind(JsonObject root, ExperimentRegistry registry, ConfigSource source)
    {
        string known = string.Join(", ", registry.Kinds.Select(k => Quote(k.Name)));
        if (!root.TryGetPropertyValue(KindKey, out var kindNode))
            throw source.Error("$", $"missing the required key 'kind', which names the experiment; known kinds are {known}");
        string kindPath = Child("$", KindKey);
        if (kindNode is not JsonValue value || !value.TryGetValue(out string? name))
            throw source.Error(kindPath, $"expected a string naming the experiment kind, got {Got(kindNode?.GetValueKind() ?? JsonValueKind.Null)}");
        if (registry.TryGet(name, out var kind))
            return kind;
        string? nearest = NearestName.Suggest(name, registry.Kinds.Select(k => k.Name).ToList());
        string hint = nearest is null ? "" : $" (did you mean {Quote(nearest)}?)";
        throw source.Error(kindPath, $"unknown experiment kind {Quote(name)}{hint}; known kinds are {known}");
    }

    private static string ReadRunName(JsonElement root, string path, ConfigBinder binder, Func<string, ConfigSource> sourceAt)
    {
        string namePath = Child("$", NameKey);
        bool given = root.TryGetProperty(NameKey, out var nameValue);
        string name = given ? (string)binder.BindValue(nameValue, CommonKeys[NameKey], namePath)! : Path.GetFileNameWithoutExtension(path);
        // The run name becomes a directory name under runs/, so it must be one path segment.
        bool usable = name.Length is > 0 and <= 100 && name is not "." and not ".."
                      && !name.Any(c => char.IsControl(c) || c == '/' || c == '\\');
        if (usable)
            return name;
        throw given
            ? sourceAt(namePath).Error(namePath, $"expected a run name of 1 to 100 characters usable as a directory name (no '/', '\\' or control characters), got a string (\"{Shorten(name)}\")")
            : sourceAt(namePath).Error(namePath, $"expected a \"name\" key, as the file name gives no usable run name");
    }
}
