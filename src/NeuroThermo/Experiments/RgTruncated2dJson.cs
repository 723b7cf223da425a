using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace NeuroThermo.Experiments;

/// <summary>results.json of <c>rg.truncated2d</c>: fixed point, Jacobians, eigen-directions, estimates, separatrix.</summary>
internal static class RgTruncated2dJson
{
    public static string Write(RgTruncated2dResult result)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            var fixedPoint = result.FixedPoint;
            json.WriteStartObject("fixedPoint");
            Array(json, "couplings", fixedPoint.FixedPoint);
            Matrix(json, "autogradJacobian", fixedPoint.Jacobian);
            Matrix(json, "handWrittenJacobian", result.HandWrittenJacobian);
            json.WriteStartArray("directions");
            foreach (var direction in fixedPoint.Directions)
            {
                json.WriteStartObject();
                json.WriteNumber("eigenvalue", direction.Eigenvalue.Real);
                json.WriteNumber("eigenvalueImaginary", direction.Eigenvalue.Imaginary);
                if (direction.Eigenvector is { } vector) Array(json, "eigenvector", vector);
                json.WriteString("relevance", direction.Relevance.ToString());
                json.WriteNumber("exponent", direction.Exponent);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteStartArray("estimates");
            foreach (var estimate in result.Estimates)
            {
                json.WriteStartObject();
                json.WriteString("method", estimate.Method);
                json.WriteNumber("criticalCoupling", estimate.CriticalCoupling);
                json.WriteNumber("criticalTemperature", estimate.CriticalTemperature);
                if (estimate.CorrelationLengthExponent is { } nu) json.WriteNumber("nu", nu);
                else json.WriteNull("nu");
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteStartObject("exactStepFromFixedPointK");
            json.WriteNumber("constant", result.ExactStep.Constant);
            json.WriteNumber("nearestNeighbour", result.ExactStep.NearestNeighbour);
            json.WriteNumber("nextNearestNeighbour", result.ExactStep.NextNearestNeighbour);
            json.WriteNumber("quartic", result.ExactStep.Quartic);
            json.WriteNumber("fitResidual", result.ExactStep.FitResidual);
            json.WriteEndObject();
            json.WriteStartArray("separatrix");
            foreach (var (k, l) in result.Separatrix)
            {
                json.WriteStartArray();
                json.WriteNumberValue(k);
                json.WriteNumberValue(l);
                json.WriteEndArray();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void Array(Utf8JsonWriter json, string name, IEnumerable<double> values)
    {
        json.WriteStartArray(name);
        foreach (var value in values) json.WriteNumberValue(value);
        json.WriteEndArray();
    }

    private static void Matrix(Utf8JsonWriter json, string name, double[,] matrix)
    {
        json.WriteStartArray(name);
        for (var i = 0; i < matrix.GetLength(0); i++)
        {
            json.WriteStartArray();
            for (var j = 0; j < matrix.GetLength(1); j++) json.WriteNumberValue(matrix[i, j]);
            json.WriteEndArray();
        }
        json.WriteEndArray();
    }
}
