using System.Globalization;
using NeuroThermo.Benchmarks;
using NeuroThermo.TorchExtensions.Native;
using static TorchSharp.torch;

// `checkerboard-kernel [--threads N] [--runs R] [--instruction-sets best|all]`: the checkerboard kernel workload
// (bench/workloads/CheckerboardKernelWorkload.cs) on TorchSharp's libtorch; bench/run_checkerboard_kernel.sh runs it
// beside the old binding's. "all" adds the narrower instruction sets this processor can run, slowest last.
if (args.Length == 0 || args[0] != "checkerboard-kernel")
{
    Console.Error.WriteLine("Usage: checkerboard-kernel [--threads N] [--runs R] [--instruction-sets best|all]");
    return 2;
}
set_num_threads(int.Parse(Option("--threads", "1"), CultureInfo.InvariantCulture));
Console.WriteLine($"threads {get_num_threads()}");
Console.WriteLine($"# instruction set {IsingCheckerboardKernel.InstructionSet}");
var sets = Option("--instruction-sets", "best") == "all"
    ? Enum.GetValues<CheckerboardInstructionSet>().Where(IsingCheckerboardNative.Supports).OrderDescending().ToArray()
    : [IsingCheckerboardKernel.InstructionSet];
CheckerboardKernelTorchSharp.Run(int.Parse(Option("--runs", "5"), CultureInfo.InvariantCulture), sets);
return 0;

string Option(string name, string fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
}
