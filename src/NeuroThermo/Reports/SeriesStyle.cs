namespace NeuroThermo.Reports;

/// <summary>How a plot series draws its points.</summary>
public enum SeriesStyle
{
    /// <summary>Consecutive points joined by straight segments; a non-finite point breaks the line.</summary>
    Line,

    /// <summary>One marker per point, no connecting line.</summary>
    Markers,

    /// <summary>Joined by a line and marked at every point.</summary>
    LineAndMarkers,
}
