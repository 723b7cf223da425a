using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using NeuroThermo.IO;
using NeuroThermo.Reports;

namespace NeuroThermo.Experiments;

/// <summary>Writes a <see cref="PhysicsExactResult"/> as SVG plots and a JSON file, and prints it as a table.</summary>
internal static class PhysicsExactReport
{
    private static readonly (PhysicsQuantity Quantity, string File, string Title, string Axis)[] Plots =
    [
        (PhysicsQuantity.FreeEnergy, "free-energy.svg", "Free energy per spin", "f = F/N"),
        (PhysicsQuantity.InternalEnergy, "internal-energy.svg", "Internal energy per spin", "u = U/N"),
        (PhysicsQuantity.Entropy, "entropy.svg", "Entropy per spin", "s = S/N"),
        (PhysicsQuantity.HeatCapacity, "heat-capacity.svg", "Specific heat", "c = C/N"),
        (PhysicsQuantity.AbsoluteMagnetization, "magnetization.svg", "Magnetization", "⟨|m|⟩"),
        (PhysicsQuantity.Susceptibility, "susceptibility.svg", "Susceptibility", "χ = βN(⟨m²⟩ − ⟨m⟩²)"),
    ];

    /// <summary>plots/*.svg and results.json under <paramref name="runDirectory"/>.</summary>
    public static void Write(PhysicsExactResult result, string runDirectory)
    {
        var plots = Path.Combine(runDirectory, "plots");
        Directory.CreateDirectory(plots);
        var temperatures = result.Temperatures.ToArray();
        foreach (var (quantity, file, title, axis) in Plots)
        {
            var plot = new Plot { Title = $"{title}: {result.System}", XLabel = "T", YLabel = axis }
                .AddScatter(temperatures, result.PerSpin(quantity), $"exact, N = {result.SpinCount}");
            foreach (var overlay in result.Overlays.Where(o => o.Quantity == quantity))
                plot.AddLine(temperatures, overlay.Values.ToArray(), overlay.Label);
            plot.WriteSvg(Path.Combine(plots, file));
        }
        AtomicFile.WriteAllText(Path.Combine(runDirectory, "results.json"), ToJson(result));
    }

    /// <summary>The result as indented JSON: the grid, the exact per-spin curves, the ground states and the overlays.</summary>
    public static string ToJson(PhysicsExactResult result)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("system", result.System);
            json.WriteString("method", result.Method);
            json.WriteNumber("spins", result.SpinCount);
            WriteArray(json, "temperatures", result.Temperatures);
            json.WriteStartObject("exactPerSpin");
            foreach (var quantity in Enum.GetValues<PhysicsQuantity>()) WriteArray(json, JsonName(quantity), result.PerSpin(quantity));
            WriteArray(json, "magnetization", result.Points.Select(p => p.Magnetization).ToArray());
            WriteArray(json, "logPartitionFunction", result.Points.Select(p => p.LogPartitionFunction).ToArray());
            json.WriteEndObject();
            if (result.GroundStates is { } ground)
            {
                json.WriteStartObject("groundStates");
                json.WriteNumber("energy", ground.Energy);
                json.WriteNumber("degeneracy", ground.Degeneracy);
                json.WriteStartArray("firstCodes");
                foreach (var code in ground.Codes) json.WriteNumberValue(code);
                json.WriteEndArray();
                json.WriteEndObject();
            }
            json.WriteStartArray("overlays");
            foreach (var overlay in result.Overlays)
            {
                json.WriteStartObject();
                json.WriteString("label", overlay.Label);
                json.WriteString("quantity", JsonName(overlay.Quantity));
                WriteArray(json, "values", overlay.Values);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>A short table: about ten temperatures of the grid, and the ground states.</summary>
    public static void PrintTable(PhysicsExactResult result, TextWriter output)
    {
        output.WriteLine($"{result.System}; {result.Method}");
        output.WriteLine("       T          f          u          s          c      ⟨|m|⟩          χ");
        var columns = Enum.GetValues<PhysicsQuantity>().Select(result.PerSpin).ToArray();
        var stride = Math.Max(1, (result.Temperatures.Count - 1) / 10);
        for (var i = 0; i < result.Temperatures.Count; i += stride)
        {
            var row = string.Join(" ", columns.Select(c => c[i].ToString("F5", CultureInfo.InvariantCulture).PadLeft(10)));
            output.WriteLine($"{result.Temperatures[i].ToString("F3", CultureInfo.InvariantCulture),8} {row}");
        }
        if (result.GroundStates is { } ground)
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"ground states: E₀ = {ground.Energy:G10}, degeneracy {ground.Degeneracy}, S(T→0)/N = {ground.ResidualEntropy / result.SpinCount:F5}"));
    }

    private static void WriteArray(Utf8JsonWriter json, string name, IReadOnlyList<double> values)
    {
        json.WriteStartArray(name);
        // JSON has no NaN or infinity: a curve that does not apply at a temperature (or diverges there) is null.
        foreach (var value in values)
        {
            if (double.IsFinite(value)) json.WriteNumberValue(value);
            else json.WriteNullValue();
        }
        json.WriteEndArray();
    }

    private static string JsonName(PhysicsQuantity quantity) => JsonNamingPolicy.CamelCase.ConvertName(quantity.ToString());
}
