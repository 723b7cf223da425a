using System.Globalization;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace NeuroThermo.Cli;

/// <summary>A progress column showing units per second, such as "212.4 steps/s".</summary>
internal sealed class RateColumn(Func<ProgressTask, string> unitOf) : ProgressColumn
{
    public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime)
    {
        double? speed = task.Speed;
        string text = speed is > 0
            ? string.Create(CultureInfo.InvariantCulture, $"{speed.Value:F1} {unitOf(task)}/s")
            : $"- {unitOf(task)}/s";
        return new Text(text, new Style(Color.Grey));
    }
}
