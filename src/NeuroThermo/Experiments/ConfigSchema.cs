using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;

namespace NeuroThermo.Experiments;

/// <summary>The JSON forms a config value can take.</summary>
internal enum ValueKind { Int32, Int64, Double, Boolean, String, Enum, Array, Record }

/// <summary>What one config value may hold: its kind, whether null is allowed, and its constraints.</summary>
internal sealed class ValueShape
{
    public required ValueKind Kind { get; init; }

    /// <summary>The CLR type to produce; for a nullable value type, the underlying type.</summary>
    public required Type ClrType { get; init; }

    public bool AllowsNull { get; init; }

    /// <summary>Shape of each item, for arrays and lists.</summary>
    public ValueShape? Element { get; init; }

    public RecordShape? Record { get; init; }

    /// <summary>Enum members under their JSON names, in declaration order.</summary>
    public IReadOnlyList<KeyValuePair<string, object>>? EnumMembers { get; init; }

    public ConfigRangeAttribute? Range { get; init; }

    public bool IsDataFile { get; init; }

    /// <summary>A string that must name a device (<see cref="ConfigDeviceAttribute"/>).</summary>
    public bool IsDevice { get; init; }
}

/// <summary>One property of a config record and the JSON key that sets it.</summary>
internal sealed record FieldShape(string JsonName, PropertyInfo Property, ValueShape Value);

/// <summary>The settable properties of a config record, in declaration order.</summary>
internal sealed class RecordShape(Type type, IReadOnlyList<FieldShape> fields)
{
    public Type Type { get; } = type;
    public IReadOnlyList<FieldShape> Fields { get; } = fields;
    public IReadOnlyDictionary<string, FieldShape> ByName { get; } =
        fields.ToDictionary(f => f.JsonName, StringComparer.Ordinal);
}

/// <summary>
/// Reads the shape of a config record by reflection, once per type, following the rules listed on
/// <see cref="ConfigLoader"/>. A record that uses anything the loader cannot bind is a programming error,
/// reported as <see cref="ArgumentException"/> when its kind is registered rather than when a user first loads
/// a file.
/// </summary>
internal static class ConfigSchema
{
    private static readonly ConcurrentDictionary<Type, RecordShape> Cache = new();

    /// <summary>The JSON key or enum value name for a CLR member name.</summary>
    public static string JsonName(string clrName) => JsonNamingPolicy.CamelCase.ConvertName(clrName);

    /// <summary>The shape of config record <paramref name="type"/>; throws <see cref="ArgumentException"/> if it
    /// breaks the rules above.</summary>
    public static RecordShape For(Type type) => BuildRecord(type, []);

    /// <summary>The shape of a record that is the root of a config.</summary>
    public static ValueShape RootShape(Type type) =>
        new() { Kind = ValueKind.Record, ClrType = type, Record = For(type) };

    private static RecordShape BuildRecord(Type type, HashSet<Type> enclosing)
    {
        if (Cache.TryGetValue(type, out var cached))
            return cached;
        if (!type.IsClass || type.IsAbstract || !type.IsSealed || type.GetConstructor(Type.EmptyTypes) is null)
            throw new ArgumentException(
                $"Config type {type.Name} must be a sealed record (or class) with a public parameterless constructor.");
        if (!enclosing.Add(type))
            throw new ArgumentException($"Config type {type.Name} contains itself; a config must be a finite tree.");

        // NullabilityInfoContext is not thread-safe, so each build gets its own.
        var nullability = new NullabilityInfoContext();
        var fields = new List<FieldShape>();
        var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetIndexParameters().Length == 0 && p.GetMethod?.IsPublic == true && p.SetMethod?.IsPublic == true)
            .OrderBy(p => p.MetadataToken); // declaration order, so resolved configs read like the record
        foreach (var property in properties)
        {
            string where = $"{type.Name}.{property.Name}";
            bool nullable = nullability.Create(property).ReadState == NullabilityState.Nullable;
            var range = property.GetCustomAttribute<ConfigRangeAttribute>();
            bool dataFile = property.GetCustomAttribute<DataFileAttribute>() is not null;
            bool device = property.GetCustomAttribute<ConfigDeviceAttribute>() is not null;
            if (device && property.PropertyType != typeof(string))
                throw new ArgumentException($"{where} has [ConfigDevice] but is not a string.");
            var value = BuildValue(property.PropertyType, nullable, range, dataFile, where, enclosing);
            if (device)
                value = new ValueShape { Kind = value.Kind, ClrType = value.ClrType, AllowsNull = value.AllowsNull, IsDevice = true };
            fields.Add(new FieldShape(JsonName(property.Name), property, value));
        }
        var clash = fields.GroupBy(f => f.JsonName).FirstOrDefault(g => g.Count() > 1);
        if (clash is not null)
            throw new ArgumentException($"Config type {type.Name} has two properties named '{clash.Key}' in JSON.");

        enclosing.Remove(type);
        return Cache.GetOrAdd(type, new RecordShape(type, fields));
    }

    private static ValueShape BuildValue(
        Type type, bool nullable, ConfigRangeAttribute? range, bool dataFile, string where, HashSet<Type> enclosing)
    {
        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            type = underlying;
            nullable = true;
        }
        var kind = KindOf(type, where);
        if (range is not null)
        {
            if (double.IsNaN(range.Minimum) || double.IsNaN(range.Maximum) || range.Minimum > range.Maximum)
                throw new ArgumentException($"{where} has an empty or undefined [ConfigRange].");
            bool numeric = kind is ValueKind.Int32 or ValueKind.Int64 or ValueKind.Double;
            bool numericItems = kind is ValueKind.Array && KindOf(ElementType(type), where) is ValueKind.Int32 or ValueKind.Int64 or ValueKind.Double;
            if (!numeric && !numericItems)
                throw new ArgumentException($"{where} has [ConfigRange] but does not hold numbers.");
        }
        if (dataFile && kind is not ValueKind.String)
            throw new ArgumentException($"{where} has [DataFile] but is not a string.");

        return kind switch
        {
            ValueKind.Array => new ValueShape
            {
                Kind = kind, ClrType = type, AllowsNull = nullable,
                // Items take the property's range; null items are never allowed, which keeps arrays simple to use.
                Element = BuildValue(ElementType(type), nullable: false, range, dataFile: false, $"{where}[]", enclosing),
            },
            ValueKind.Record => new ValueShape
            {
                Kind = kind, ClrType = type, AllowsNull = nullable, Record = BuildRecord(type, enclosing),
            },
            ValueKind.Enum => new ValueShape
            {
                Kind = kind, ClrType = type, AllowsNull = nullable, EnumMembers = EnumMembers(type, where),
            },
            _ => new ValueShape { Kind = kind, ClrType = type, AllowsNull = nullable, Range = range, IsDataFile = dataFile },
        };
    }

    private static ValueKind KindOf(Type type, string where)
    {
        if (type == typeof(int)) return ValueKind.Int32;
        if (type == typeof(long)) return ValueKind.Int64;
        if (type == typeof(double)) return ValueKind.Double;
        if (type == typeof(bool)) return ValueKind.Boolean;
        if (type == typeof(string)) return ValueKind.String;
        if (type.IsEnum) return ValueKind.Enum;
        if (IsSequence(type)) return ValueKind.Array;
        if (type.IsClass && !type.IsGenericType && type.Namespace?.StartsWith("System", StringComparison.Ordinal) != true)
            return ValueKind.Record;
        throw new ArgumentException(
            $"{where} has type {type.Name}, which a config cannot hold; use int, long, double, bool, string, an enum, "
            + "a nested record, or an array or list of those.");
    }

    private static bool IsSequence(Type type) =>
        (type.IsArray && type.GetArrayRank() == 1)
        || (type.IsGenericType && (type.GetGenericTypeDefinition() == typeof(List<>)
                                   || type.GetGenericTypeDefinition() == typeof(IReadOnlyList<>)));

    private static Type ElementType(Type sequence) =>
        sequence.IsArray ? sequence.GetElementType()! : sequence.GetGenericArguments()[0];

    private static IReadOnlyList<KeyValuePair<string, object>> EnumMembers(Type type, string where)
    {
        if (type.IsDefined(typeof(FlagsAttribute), inherit: false))
            throw new ArgumentException($"{where} is a [Flags] enum; a config value names exactly one member.");
        var members = Enum.GetNames(type)
            .Select(name => new KeyValuePair<string, object>(JsonName(name), Enum.Parse(type, name)))
            .ToList();
        if (members.Select(m => m.Key).Distinct(StringComparer.Ordinal).Count() != members.Count)
            throw new ArgumentException($"{where} is an enum whose member names collide in camelCase.");
        return members;
    }
}
