using System.Collections;
using System.Reflection;
using System.Text.Json;
using static NeuroThermo.Experiments.ConfigText;

namespace NeuroThermo.Experiments;

/// <summary>
/// Turns a JSON tree into a config record, checking every value against the record's shape: type, null,
/// range, enum name and unknown keys. Keys absent from the JSON keep the record's own defaults.
/// </summary>
/// <param name="sourceAt">Which text (file or override) a JSON path came from, so errors name it.</param>
/// <param name="configDirectory">Directory of the config file, for relative data-file paths; null to skip
/// data-file checks (used when checking a record's defaults at registration).</param>
internal sealed class ConfigBinder(Func<string, ConfigSource> sourceAt, string? configDirectory)
{
    /// <summary>Binds the top-level object to a record of <paramref name="shape"/>; keys in
    /// <paramref name="reservedKeys"/> (kind, name, seed) are skipped, as the loader reads them itself.</summary>
    public object BindConfig(JsonElement root, RecordShape shape, IReadOnlyCollection<string> reservedKeys)
    {
        object config = BindRecord(root, shape, "$", reservedKeys);
        if (configDirectory is not null)
            ResolveDataFiles(config, shape, "$");
        return config;
    }

    /// <summary>Binds one value at <paramref name="path"/>.</summary>
    public object? BindValue(JsonElement value, ValueShape shape, string path)
    {
        if (value.ValueKind == JsonValueKind.Null)
            return shape.AllowsNull ? null : throw Fail(path, $"expected {Expected(shape)}, got null");
        return shape.Kind switch
        {
            ValueKind.Int32 => (int)BindInteger(value, shape, path, int.MinValue, int.MaxValue),
            ValueKind.Int64 => BindInteger(value, shape, path, long.MinValue, long.MaxValue),
            ValueKind.Double => BindDouble(value, shape, path),
            ValueKind.Boolean => value.ValueKind is JsonValueKind.True or JsonValueKind.False
                ? value.GetBoolean()
                : throw Mismatch(value, shape, path),
            ValueKind.String when shape.IsDevice => value.ValueKind == JsonValueKind.String && ComputeDevice.IsValidName(value.GetString())
                ? value.GetString()
                : throw Mismatch(value, shape, path),
            ValueKind.String => value.ValueKind == JsonValueKind.String ? value.GetString() : throw Mismatch(value, shape, path),
            ValueKind.Enum => BindEnum(value, shape, path),
            ValueKind.Array => BindArray(value, shape, path),
            _ => BindRecord(value, shape.Record!, path, []),
        };
    }

    private long BindInteger(JsonElement value, ValueShape shape, string path, long min, long max)
    {
        if (value.ValueKind != JsonValueKind.Number)
            throw Mismatch(value, shape, path);
        var reading = JsonInteger.Read(value.GetRawText(), out long integer);
        if (reading == IntegerReading.Fraction)
            throw Mismatch(value, shape, path);
        if (reading == IntegerReading.TooLarge || integer < min || integer > max)
        {
            string range = shape.Range?.Describe() ?? $"from {min} to {max}";
            throw Fail(path, $"expected an integer {range}, got {Got(value)}");
        }
        if (shape.Range is not null && !shape.Range.Contains(integer))
            throw Mismatch(value, shape, path);
        return integer;
    }

    private double BindDouble(JsonElement value, ValueShape shape, string path)
    {
        // The reader returns ±∞ for numbers such as 1e400 rather than failing, hence the finiteness check.
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out double number) || !double.IsFinite(number))
            throw Mismatch(value, shape, path);
        if (shape.Range is not null && !shape.Range.Contains(number))
            throw Mismatch(value, shape, path);
        return number;
    }

    private object BindEnum(JsonElement value, ValueShape shape, string path)
    {
        if (value.ValueKind != JsonValueKind.String)
            throw Mismatch(value, shape, path);
        string name = value.GetString()!;
        foreach (var member in shape.EnumMembers!)
        {
            if (member.Key == name)
                return member.Value;
        }
        string? nearest = NearestName.Suggest(name, shape.EnumMembers!.Select(m => m.Key).ToList());
        string hint = nearest is null ? "" : $" (did you mean {Quote(nearest)}?)";
        throw Fail(path, $"expected {Expected(shape)}, got {Got(value)}{hint}");
    }

    private object BindArray(JsonElement value, ValueShape shape, string path)
    {
        if (value.ValueKind != JsonValueKind.Array)
            throw Mismatch(value, shape, path);
        var items = new List<object?>();
        foreach (var item in value.EnumerateArray())
            items.Add(BindValue(item, shape.Element!, Item(path, items.Count)));

        // Build the declared element type (it may be int? where the shape says int).
        if (shape.ClrType.IsArray)
        {
            var array = Array.CreateInstance(shape.ClrType.GetElementType()!, items.Count);
            for (int i = 0; i < items.Count; i++)
                array.SetValue(items[i], i);
            return array;
        }
        var listType = typeof(List<>).MakeGenericType(shape.ClrType.GetGenericArguments()[0]);
        var list = (IList)Activator.CreateInstance(listType)!;
        foreach (var item in items)
            list.Add(item);
        return list;
    }

    private object BindRecord(JsonElement value, RecordShape shape, string path, IReadOnlyCollection<string> reservedKeys)
    {
        if (value.ValueKind != JsonValueKind.Object)
            throw Fail(path, $"expected an object, got {Got(value)}");
        object record = Activator.CreateInstance(shape.Type)!;
        foreach (var property in value.EnumerateObject())
        {
            if (reservedKeys.Contains(property.Name))
                continue;
            string childPath = Child(path, property.Name);
            if (!shape.ByName.TryGetValue(property.Name, out var field))
                throw Fail(childPath, UnknownKey(property.Name, [.. reservedKeys, .. shape.ByName.Keys]));
            Set(record, field, BindValue(property.Value, field.Value, childPath), childPath);
        }
        return record;
    }

    /// <summary>Checks every data file the config names, including defaults and nested records, and replaces
    /// each path with the full path found.</summary>
    private void ResolveDataFiles(object record, RecordShape shape, string path)
    {
        foreach (var field in shape.Fields)
        {
            string childPath = Child(path, field.JsonName);
            object? value = field.Property.GetValue(record);
            if (value is null)
                continue;
            if (field.Value.IsDataFile)
                Set(record, field, LocateDataFile((string)value, childPath), childPath);
            else if (field.Value.Kind == ValueKind.Record)
                ResolveDataFiles(value, field.Value.Record!, childPath);
            else if (field.Value is { Kind: ValueKind.Array, Element.Kind: ValueKind.Record })
            {
                int index = 0;
                foreach (object item in (IEnumerable)value)
                    ResolveDataFiles(item, field.Value.Element.Record!, Item(childPath, index++));
            }
        }
    }

    private string LocateDataFile(string file, string path)
    {
        var candidates = new List<string>();
        try
        {
            if (Path.IsPathFullyQualified(file))
                candidates.Add(Path.GetFullPath(file));
            else
            {
                candidates.Add(Path.GetFullPath(Path.Combine(configDirectory!, file)));
                candidates.Add(Path.GetFullPath(file));
            }
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw Fail(path, $"expected the path of a data file, got {Quote(file)}, which is not a valid path");
        }
        candidates = candidates.Distinct().ToList();
        string? found = candidates.FirstOrDefault(File.Exists);
        return found ?? throw Fail(path,
            $"expected an existing data file, but {Quote(file)} was not found; looked at "
            + string.Join(" and then ", candidates.Select(c => $"'{c}'")));
    }

    private void Set(object record, FieldShape field, object? value, string path)
    {
        try
        {
            field.Property.SetValue(record, value);
        }
        catch (TargetInvocationException e) when (e.InnerException is ArgumentException rejected)
        {
            // A record may validate in its own init accessor; its verdict is still the user's config error.
            throw Fail(path, $"expected a value {field.Property.DeclaringType!.Name}.{field.Property.Name} accepts, "
                             + $"but it refused this one ({rejected.Message.Split('\n')[0].TrimEnd('.', ' ')})");
        }
    }

    private ConfigException Mismatch(JsonElement value, ValueShape shape, string path) =>
        Fail(path, $"expected {Expected(shape)}, got {Got(value)}");

    private ConfigException Fail(string path, string problem) => sourceAt(path).Error(path, problem);
}
