using System.Net;
using System.Text;
using NeuroThermo.IO;

namespace NeuroThermo.Reports;

/// <summary>
/// A standalone HTML page of sections: tables, preformatted text and figures (SVG or PNG files referenced by
/// paths relative to the page). Styles are inline and nothing is loaded from the network, so the page reads
/// the same offline, from a copied run directory, or in a headless browser.
/// </summary>
public sealed class HtmlReport(string title)
{
    private const string Style = """
        body { font-family: "DejaVu Sans", Helvetica, Arial, sans-serif; margin: 2em auto; max-width: 1100px; color: #111; padding: 0 1em; }
        h1 { font-size: 1.6em; margin-bottom: 0.2em; }
        h2 { font-size: 1.2em; margin-top: 1.6em; border-bottom: 1px solid #ccc; padding-bottom: 0.2em; }
        table { border-collapse: collapse; }
        th, td { text-align: left; padding: 0.2em 1em 0.2em 0; vertical-align: top; }
        td.number { font-variant-numeric: tabular-nums; }
        pre { background: #f4f4f4; padding: 0.8em; overflow-x: auto; }
        figure { display: inline-block; margin: 0 1em 1em 0; }
        figure img { border: 1px solid #ddd; max-width: 100%; }
        figure img.pixels { image-rendering: pixelated; min-width: 128px; }
        figcaption { font-size: 0.9em; color: #444; }
        p.note { color: #8a4b00; }
        """;

    private readonly StringBuilder body = new();

    /// <summary>The page title, also its top heading.</summary>
    public string Title { get; } = title ?? throw new ArgumentNullException(nameof(title));

    /// <summary>Adds a section heading.</summary>
    public HtmlReport Heading(string text)
    {
        body.Append("<h2>").Append(Encode(text)).Append("</h2>\n");
        return this;
    }

    /// <summary>Adds a paragraph; <paramref name="isNote"/> marks it as a warning the reader should not miss.</summary>
    public HtmlReport Paragraph(string text, bool isNote = false)
    {
        body.Append(isNote ? "<p class=\"note\">" : "<p>").Append(Encode(text)).Append("</p>\n");
        return this;
    }

    /// <summary>Adds text shown as is, in a monospaced block.</summary>
    public HtmlReport Preformatted(string text)
    {
        body.Append("<pre>").Append(Encode(text)).Append("</pre>\n");
        return this;
    }

    /// <summary>Adds a table, with a header row unless <paramref name="header"/> is null; cells that parse as
    /// numbers are styled as such.</summary>
    public HtmlReport Table(IReadOnlyList<string>? header, IEnumerable<IReadOnlyList<string>> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        body.Append("<table>\n");
        if (header is not null)
        {
            body.Append("<tr>");
            foreach (string cell in header)
                body.Append("<th>").Append(Encode(cell)).Append("</th>");
            body.Append("</tr>\n");
        }
        foreach (var row in rows)
        {
            body.Append("<tr>");
            foreach (string cell in row)
            {
                bool number = double.TryParse(cell, System.Globalization.CultureInfo.InvariantCulture, out _);
                body.Append(number ? "<td class=\"number\">" : "<td>").Append(Encode(cell)).Append("</td>");
            }
            body.Append("</tr>\n");
        }
        body.Append("</table>\n");
        return this;
    }

    /// <summary>
    /// Adds a figure showing the file at <paramref name="relativePath"/> (from the page's directory, with
    /// '/' separators). <paramref name="pixelArt"/> scales small images without blurring them.
    /// </summary>
    public HtmlReport Figure(string relativePath, string caption, bool pixelArt = false)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(relativePath);
        string source = string.Join('/', relativePath.Split('/').Select(Uri.EscapeDataString));
        body.Append("<figure><img src=\"").Append(Encode(source)).Append("\" alt=\"").Append(Encode(caption)).Append('"');
        if (pixelArt)
            body.Append(" class=\"pixels\"");
        body.Append("><figcaption>").Append(Encode(caption)).Append("</figcaption></figure>\n");
        return this;
    }

    /// <summary>The complete page.</summary>
    public string ToHtml() =>
        $"""
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <title>{Encode(Title)}</title>
        <style>
        {Style}
        </style>
        </head>
        <body>
        <h1>{Encode(Title)}</h1>
        {body}</body>
        </html>

        """;

    /// <summary>Writes the page to <paramref name="path"/> atomically.</summary>
    public void Write(string path) => AtomicFile.WriteAllText(path, ToHtml());

    private static string Encode(string text) => WebUtility.HtmlEncode(text ?? throw new ArgumentNullException(nameof(text)));
}
