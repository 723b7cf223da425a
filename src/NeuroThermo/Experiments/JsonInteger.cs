using System.Numerics;

namespace NeuroThermo.Experiments;

/// <summary>How a JSON number reads as an integer.</summary>
internal enum IntegerReading { Integer, Fraction, TooLarge }

/// <summary>
/// Reads a JSON number as an exact integer. Written forms such as <c>1e5</c> or <c>300.0</c> count as integers
/// because their value is one; <c>0.5</c> or <c>1e-400</c> do not. The decision is made on the decimal digits,
/// not through a double, so <c>99999999999999999999</c> is reported as too large instead of being rounded and
/// <c>1e400</c> costs nothing to reject.
/// </summary>
internal static class JsonInteger
{
    /// <summary>Reads <paramref name="raw"/>, which must be a valid JSON number (the parser has checked).</summary>
    public static IntegerReading Read(string raw, out long value)
    {
        value = 0;
        bool negative = raw.StartsWith('-');
        string body = negative ? raw[1..] : raw;
        int e = body.IndexOfAny(['e', 'E']);
        string mantissa = e < 0 ? body : body[..e];
        int dot = mantissa.IndexOf('.');
        string whole = dot < 0 ? mantissa : mantissa[..dot];
        string fraction = dot < 0 ? "" : mantissa[(dot + 1)..];

        string digits = (whole + fraction).TrimStart('0');
        if (digits.Length == 0)
            return IntegerReading.Integer; // any zero, whatever its exponent
        int trailingZeros = digits.Length - digits.TrimEnd('0').Length;
        digits = digits[..^trailingZeros];

        // value = digits × 10^scale; the exponent's text may be arbitrarily long, so read it as a BigInteger.
        BigInteger exponent = e < 0 ? BigInteger.Zero : BigInteger.Parse(body[(e + 1)..].TrimStart('+'));
        BigInteger scale = exponent - fraction.Length + trailingZeros;
        if (scale < 0)
            return IntegerReading.Fraction;
        if (digits.Length + scale > 19) // long.MaxValue has 19 digits
            return IntegerReading.TooLarge;

        BigInteger exact = BigInteger.Parse(digits) * BigInteger.Pow(10, (int)scale);
        if (negative)
            exact = -exact;
        if (exact < long.MinValue || exact > long.MaxValue)
            return IntegerReading.TooLarge;
        value = (long)exact;
        return IntegerReading.Integer;
    }
}
