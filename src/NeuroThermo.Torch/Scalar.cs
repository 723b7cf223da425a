namespace NeuroThermo.Torch;

internal enum ScalarKind { Real, Integer, Boolean }

/// <summary>A number passed to an operator: integer, real or boolean, as PyTorch's Python numbers.</summary>
public readonly struct Scalar
{
    internal readonly ScalarKind Kind;
    internal readonly long Integer;
    internal readonly double Real;

    private Scalar(ScalarKind kind, long integer, double real)
    {
        Kind = kind;
        Integer = integer;
        Real = real;
    }

    public static implicit operator Scalar(int value) => new(ScalarKind.Integer, value, value);
    public static implicit operator Scalar(long value) => new(ScalarKind.Integer, value, value);
    public static implicit operator Scalar(float value) => new(ScalarKind.Real, 0, value);
    public static implicit operator Scalar(double value) => new(ScalarKind.Real, 0, value);
    public static implicit operator Scalar(bool value) => new(ScalarKind.Boolean, value ? 1 : 0, value ? 1 : 0);

    /// <summary>The value as a double.</summary>
    public double ToDouble() => Kind == ScalarKind.Real ? Real : Integer;

    public override string ToString() => Kind switch
    {
        ScalarKind.Integer => Integer.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ScalarKind.Boolean => Integer != 0 ? "True" : "False",
        _ => Real.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
    };
}
