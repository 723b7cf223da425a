using System.Globalization;
using System.Xml;

namespace NeuroThermo.Reports;

/// <summary>Number formatting for SVG attributes: invariant culture, two decimals (1/100 px is finer than any screen).</summary>
internal static class SvgFormat
{
    public static string Number(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    public static void Attribute(XmlWriter svg, string name, double value) =>
        svg.WriteAttributeString(name, Number(value));
}
