namespace NeuroThermo.Torch.Native;

/// <summary>
/// One argument of an operator call on the managed side. Lists and strings stay managed here and
/// are copied into a stack buffer only for the duration of the call (see <see cref="Operator"/>).
/// </summary>
internal readonly struct Arg
{
    internal readonly NtTag Tag;
    internal readonly long I;
    internal readonly double D;
    internal readonly object? Ref;

    private Arg(NtTag tag, long i = 0, double d = 0, object? reference = null)
    {
        Tag = tag;
        I = i;
        D = d;
        Ref = reference;
    }

    internal static readonly Arg Default = new(NtTag.Default);
    internal static readonly Arg None = new(NtTag.None);

    public static implicit operator Arg(Tensor tensor) => new(NtTag.Tensor, reference: tensor);
    public static implicit operator Arg(long value) => new(NtTag.Int, i: value);
    public static implicit operator Arg(double value) => new(NtTag.Double, d: value);
    public static implicit operator Arg(bool value) => new(NtTag.Bool, i: value ? 1 : 0);
    public static implicit operator Arg(long[] values) => new(NtTag.IntList, reference: values);
    public static implicit operator Arg(double[] values) => new(NtTag.DoubleList, reference: values);
    public static implicit operator Arg(bool[] values) => new(NtTag.BoolList, reference: values);
    public static implicit operator Arg(Tensor[] values) => new(NtTag.TensorList, reference: values);
    public static implicit operator Arg(string value) => new(NtTag.String, reference: value);
    public static implicit operator Arg(Generator value) => new(NtTag.Generator, reference: value);
    public static implicit operator Arg(Device value) => new(NtTag.Device, i: (long)value.Type, d: value.Index);
    public static implicit operator Arg(ScalarType value) => new(NtTag.Int, i: (long)value);
    public static implicit operator Arg(Scalar value) => value.Kind switch
    {
        ScalarKind.Integer => new(NtTag.Int, i: value.Integer),
        ScalarKind.Boolean => new(NtTag.Bool, i: value.Integer),
        _ => new(NtTag.Double, d: value.Real),
    };

    /// <summary>An optional tensor: None when null.</summary>
    internal static Arg Optional(Tensor? tensor) => tensor is null ? None : tensor;

    /// <summary>An optional generator: None when null (libtorch's default generator).</summary>
    internal static Arg Optional(Generator? generator) => generator is null ? None : generator;

    /// <summary>An optional dtype: None when null.</summary>
    internal static Arg Optional(ScalarType? dtype) => dtype is { } t ? t : None;

    /// <summary>An optional integer: None when null.</summary>
    internal static Arg Optional(long? value) => value is { } v ? v : None;

    /// <summary>An optional float: None when null.</summary>
    internal static Arg Optional(double? value) => value is { } v ? v : None;

    /// <summary>An optional int list: None when null.</summary>
    internal static Arg Optional(long[]? values) => values is null ? None : values;

    /// <summary>A list of optional tensors (aten's <c>Tensor?[]</c>, used by advanced indexing).</summary>
    internal static Arg OptionalList(Tensor?[] values) => new(NtTag.OptionalTensorList, reference: values);
}
