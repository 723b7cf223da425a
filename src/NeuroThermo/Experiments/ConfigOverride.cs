using System.Text.Json.Nodes;
using static NeuroThermo.Experiments.ConfigText;

namespace NeuroThermo.Experiments;

/// <summary>
/// One <c>--set path=value</c> override, checked against the config's shape before it touches the tree.
/// The path uses the same camelCase keys as the file, separated by dots (<c>model.width=64</c>); the value is
/// JSON (<c>sizes=[8,16]</c>, <c>rate=1e-3</c>, <c>shuffle=false</c>), except that for a string or enum key a
/// value that is not a quoted JSON string or <c>null</c> is taken as the bare text (<c>activation=gelu</c>).
/// Its type is checked when the merged tree is bound, with any error attributed to this override.
/// </summary>
internal sealed class ConfigOverride
{
    private ConfigOverride(ConfigSource source, IReadOnlyList<string> keys, string jsonPath, JsonNode? value)
    {
        Source = source;
        Keys = keys;
        JsonPath = jsonPath;
        Value = value;
    }

    /// <summary>The override text and the file it applies to, for error messages.</summary>
    public ConfigSource Source { get; }

    /// <summary>The keys of the path, outermost first.</summary>
    public IReadOnlyList<string> Keys { get; }

    /// <summary>The path as a JSON path, such as <c>$.model.width</c>.</summary>
    public string JsonPath { get; }

    /// <summary>The parsed value; null stands for JSON null.</summary>
    public JsonNode? Value { get; }

    /// <summary>Parses <paramref name="text"/> and checks its path against <paramref name="root"/>;
    /// <paramref name="topLevel"/> gives the shapes of the keys every config has (name, seed).</summary>
    public static ConfigOverride Parse(
        string text, string file, RecordShape root, IReadOnlyDictionary<string, ValueShape> topLevel)
    {
        ArgumentNullException.ThrowIfNull(text);
        var source = new ConfigSource(file, text);
        int equals = text.IndexOf('=');
        string[] keys = equals < 0 ? [] : text[..equals].Trim().Split('.');
        if (keys.Length == 0 || keys.Any(k => k.Length == 0))
            throw source.WholeError("is not of the form path=value with dot-separated keys, such as 'model.width=64'");

        string path = "$";
        ValueShape? target = null;
        RecordShape? record = root;
        for (int i = 0; i < keys.Length; i++)
        {
            string key = keys[i];
            if (record is null)
                throw source.Error(path, $"holds {Expected(target!)}, not an object, so it has no key {Quote(key)}");
            path = Child(path, key);
            if (i == 0 && key == ConfigLoader.KindKey)
                throw source.Error(path, "the experiment kind cannot be overridden; change 'kind' in the file instead");
            if (i == 0 && topLevel.TryGetValue(key, out var common))
                target = common;
            else if (record.ByName.TryGetValue(key, out var field))
                target = field.Value;
            else
            {
                List<string> valid = i == 0 ? [.. topLevel.Keys, .. record.ByName.Keys] : [.. record.ByName.Keys];
                throw source.Error(path, UnknownKey(key, valid));
            }
            record = target.Kind == ValueKind.Record ? target.Record : null;
        }

        string valueText = text[(equals + 1)..];
        bool bareText = target!.Kind is ValueKind.String or ValueKind.Enum
                        && !valueText.TrimStart().StartsWith('"') && valueText.Trim() != "null";
        var value = bareText ? JsonValue.Create(valueText) : ParseValue(valueText, equals + 1, target, source, path);
        return new ConfigOverride(source, keys, path, value);
    }

    private static JsonNode? ParseValue(string valueText, int offset, ValueShape target, ConfigSource source, string path)
    {
        try
        {
            return ConfigJsonParser.Parse(valueText, source, path, offset);
        }
        catch (ConfigException e) when (e.Line is not null && target.Kind is not (ValueKind.Array or ValueKind.Record))
        {
            // For a scalar, "expected an integer" helps more than a JSON syntax error at a column.
            throw source.Error(path, $"expected {Expected(target)}, got {Quote(valueText)}, which is not a JSON value");
        }
    }

    /// <summary>Whether an error at <paramref name="path"/> lies inside the value this override sets.</summary>
    public bool Covers(string path) =>
        path == JsonPath
        || (path.StartsWith(JsonPath, StringComparison.Ordinal) && path.Length > JsonPath.Length
            && path[JsonPath.Length] is '.' or '[');

    /// <summary>Writes the value into <paramref name="root"/>, creating objects along the path where the file
    /// has none.</summary>
    public void ApplyTo(JsonObject root, Func<string, ConfigSource> sourceAt)
    {
        JsonObject parent = root;
        string path = "$";
        foreach (string key in Keys.Take(Keys.Count - 1))
        {
            path = Child(path, key);
            switch (parent[key])
            {
                case JsonObject child:
                    parent = child;
                    break;
                case null: // absent, or null in a nullable record
                    var created = new JsonObject();
                    parent[key] = created;
                    parent = created;
                    break;
                case var other:
                    throw sourceAt(path).Error(path, $"expected an object, got {Got(other.GetValueKind())}");
            }
        }
        parent[Keys[^1]] = Value;
    }
}
