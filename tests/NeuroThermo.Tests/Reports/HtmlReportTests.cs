using System.Xml.Linq;
using NeuroThermo.Reports;

namespace NeuroThermo.Tests.Reports;

public sealed class HtmlReportTests
{
    [Fact]
    public void Text_IsEscapedEverywhere()
    {
        string html = new HtmlReport("<T> & β")
            .Heading("a<b")
            .Paragraph("\"quoted\"")
            .Preformatted("</pre><script>")
            .Table(["x<y"], [["1&2"]])
            .Figure("plots/a\"b.svg", "<caption>")
            .ToHtml();

        Assert.DoesNotContain("<script>", html);
        Assert.DoesNotContain("<T>", html);
        Assert.Contains("&lt;T&gt; &amp; β", html);
        Assert.Contains("src=\"plots/a%22b.svg\"", html);
    }

    [Fact]
    public void Page_IsWellFormedAndSelfContained()
    {
        string html = new HtmlReport("run").Table(null, [["seed", "3"]]).Figure("images/x.png", "x", pixelArt: true).ToHtml();
        // Parsing as XML after closing the two void elements checks that every other tag is balanced.
        var document = XDocument.Parse(html.Replace("<!DOCTYPE html>", "").Replace("<meta charset=\"utf-8\">", "<meta charset=\"utf-8\"/>")
            .Replace("\"x\" class=\"pixels\">", "\"x\" class=\"pixels\"/>"));
        Assert.Equal("html", document.Root!.Name.LocalName);
        Assert.Contains("<td class=\"number\">3</td>", html);
        Assert.DoesNotContain("<th>", html);
    }
}
