using System.Reflection;
using NeuroThermo.Torch.Native;

namespace NeuroThermo.Torch.Tests.Ops;

public sealed class OperatorCatalogTests
{
    private static IEnumerable<FieldInfo> OperatorFields() =>
        typeof(Aten).GetFields(BindingFlags.Static | BindingFlags.NonPublic | BindingFlags.Public)
            .Where(f => f.FieldType == typeof(Operator) && f.IsInitOnly);

    private static Operator Get(string field) =>
        (Operator)typeof(Aten).GetField(field, BindingFlags.Static | BindingFlags.NonPublic)!.GetValue(null)!;

    public static TheoryData<string> FieldNames() => new(OperatorFields().Select(f => f.Name));

    [Theory]
    [MemberData(nameof(FieldNames))]
    public void AtenOperator_ResolvesToASchemaOfLibtorch(string field)
    {
        var op = Get(field);
        IntPtr handle = IntPtr.Zero;
        var error = Record.Exception(() => handle = op.Handle);

        Assert.True(error is null, $"{field} ({op.QualifiedName}) does not resolve: {error?.Message}");
        Assert.NotEqual(IntPtr.Zero, handle);
    }

    [Theory]
    [MemberData(nameof(FieldNames))]
    public void AtenOperator_SchemaCarriesTheRequestedNameAndOverload(string field)
    {
        var op = Get(field);

        Assert.StartsWith(op.QualifiedName + "(", op.Schema());
    }

    [Fact]
    public void Catalog_ListsEachSchemaOnce()
    {
        var names = OperatorFields().Select(f => ((Operator)f.GetValue(null)!).QualifiedName).ToList();

        Assert.NotEmpty(names);
        Assert.Equal(names.Count, names.Distinct().Count());
    }
}
