namespace NeuroThermo.Training;

/// <summary>One line of a metrics log: the step it belongs to and the named values logged there.</summary>
/// <param name="Step">The optimizer step, sweep or other unit of progress the values belong to.</param>
/// <param name="Values">Values by name, in the order they were logged; a value the log holds as null
/// (not finite when written) reads as NaN.</param>
public sealed record MetricRecord(long Step, IReadOnlyDictionary<string, double> Values);
