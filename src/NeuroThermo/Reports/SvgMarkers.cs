using System.Xml;

namespace NeuroThermo.Reports;

/// <summary>Marker shapes, cycled per series so that series differ in shape as well as colour.</summary>
internal enum MarkerShape
{
    Circle,
    Square,
    TriangleUp,
    Diamond,
    TriangleDown,
}

/// <summary>Writes one marker as an SVG element centred on a point.</summary>
internal static class SvgMarkers
{
    private static readonly MarkerShape[] Cycle = Enum.GetValues<MarkerShape>();

    public static MarkerShape ShapeFor(int seriesIndex) => Cycle[seriesIndex % Cycle.Length];

    /// <summary>
    /// Writes a marker about <paramref name="size"/> wide and high. Square and triangles are scaled
    /// down or up slightly from the bounding box so that all shapes look about equally heavy.
    /// </summary>
    public static void Write(XmlWriter svg, MarkerShape shape, double cx, double cy, double size, string cssClass)
    {
        double r = size / 2;
        switch (shape)
        {
            case MarkerShape.Circle:
                svg.WriteStartElement("circle");
                svg.WriteAttributeString("class", cssClass);
                SvgFormat.Attribute(svg, "cx", cx);
                SvgFormat.Attribute(svg, "cy", cy);
                SvgFormat.Attribute(svg, "r", r);
                svg.WriteEndElement();
                break;
            case MarkerShape.Square:
                double half = 0.9 * r;
                svg.WriteStartElement("rect");
                svg.WriteAttributeString("class", cssClass);
                SvgFormat.Attribute(svg, "x", cx - half);
                SvgFormat.Attribute(svg, "y", cy - half);
                SvgFormat.Attribute(svg, "width", 2 * half);
                SvgFormat.Attribute(svg, "height", 2 * half);
                svg.WriteEndElement();
                break;
            case MarkerShape.TriangleUp:
                Polygon(svg, cssClass, (cx, cy - 1.2 * r), (cx + 1.1 * r, cy + 0.9 * r), (cx - 1.1 * r, cy + 0.9 * r));
                break;
            case MarkerShape.Diamond:
                Polygon(svg, cssClass, (cx, cy - 1.3 * r), (cx + r, cy), (cx, cy + 1.3 * r), (cx - r, cy));
                break;
            case MarkerShape.TriangleDown:
                Polygon(svg, cssClass, (cx, cy + 1.2 * r), (cx - 1.1 * r, cy - 0.9 * r), (cx + 1.1 * r, cy - 0.9 * r));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(shape), shape, "Unknown marker shape.");
        }
    }

    private static void Polygon(XmlWriter svg, string cssClass, params ReadOnlySpan<(double X, double Y)> corners)
    {
        var points = new List<string>(corners.Length);
        foreach (var (x, y) in corners)
            points.Add(SvgFormat.Number(x) + "," + SvgFormat.Number(y));
        svg.WriteStartElement("polygon");
        svg.WriteAttributeString("class", cssClass);
        svg.WriteAttributeString("points", string.Join(' ', points));
        svg.WriteEndElement();
    }
}
