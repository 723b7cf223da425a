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

    public static TheoryData<string> TypedFieldNames() =>
        new(OperatorFields().Where(f => ((Operator)f.GetValue(null)!).Signature != Signature.Boxed).Select(f => f.Name));

    [Theory]
    [MemberData(nameof(TypedFieldNames))]
    public void TypedOperator_MatchesItsDeclaredSignature(string field)
    {
        var op = Get(field);
        IntPtr typed = IntPtr.Zero;
        var error = Record.Exception(() => typed = op.Typed);

        Assert.True(error is null, $"{field} ({op.QualifiedName}) is not {op.Signature}: {error?.Message}");
        Assert.NotEqual(IntPtr.Zero, typed);
    }

    [Fact]
    public void TypedFastPath_IsRefusedForAMismatchedSignature()
    {
        var wrong = new Operator("aten::add", "Tensor", Signature.Unary);
        Assert.Throws<TorchException>(() => wrong.Typed);
    }

    [Fact]
    public void Catalog_DeclaresTypedFastPaths() => Assert.True(TypedFieldNames().Count >= 60);

    [Fact]
    public void Catalog_ListsEachSchemaOnce()
    {
        var names = OperatorFields().Select(f => ((Operator)f.GetValue(null)!).QualifiedName).ToList();

        Assert.NotEmpty(names);
        Assert.Equal(names.Count, names.Distinct().Count());
    }
}
