namespace NeuroThermo.Reports;

/// <summary>An 8-bit-per-channel sRGB colour.</summary>
public readonly record struct Rgb(byte R, byte G, byte B)
{
    public static Rgb Black => new(0, 0, 0);

    public static Rgb White => new(255, 255, 255);
}
