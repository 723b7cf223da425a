// The consumer of scripts/package-smoke.sh: a program that knows NeuroThermo only as the packages it references.
// It checks one physical number against an independent computation and makes one call into the native library,
// so a wrong library, a missing native asset or a missing load fix each end it with a non-zero exit code.
using System.Runtime.InteropServices;
using NeuroThermo.Physics.Energies;
using NeuroThermo.Physics.Exact;
using NeuroThermo.Physics.Lattices;
using NeuroThermo.TorchExtensions;
using static TorchSharp.torch;

const int Side = 4;                  // the 4 × 4 periodic lattice: 16 spins, 2^16 configurations
const double InverseTemperature = 0.4;
const double Coupling = 1.0;         // J > 0, ferromagnetic; h = 0
// Both sums are over the same 65,536 terms in float64; they differ only in summation order.
const double LogZTolerance = 1e-10;

using var model = new IsingModel(Lattice.Square(Side, Side, Boundary.Periodic), Coupling);
using var enumeration = new ExactEnumeration(model);
using var beta = tensor(InverseTemperature, float64);
using var logZTensor = enumeration.LogPartitionFunction(beta);
double library = logZTensor.item<double>();
double loop = PlainLogPartitionFunction(Side, InverseTemperature, Coupling);
double difference = Math.Abs(library - loop);
Console.WriteLine($"ln Z, 4x4 periodic Ising, beta = {InverseTemperature}, J = {Coupling}:");
Console.WriteLine($"  NeuroThermo ExactEnumeration  {library:R}");
Console.WriteLine($"  plain C# loop over 2^16       {loop:R}");
Console.WriteLine($"  |difference| = {difference:E2} (tolerance {LogZTolerance:E0})");
bool ok = difference <= LogZTolerance;

// The native library: a shape error in Guarded.matmul must come back as an ExternalException. A missing
// libneurothermo_torchext.so would throw DllNotFoundException instead, which is not caught here.
using (var left = ones(2, 3, dtype: float64))
using (var right = ones(3, 4, dtype: float64))
using (var product = Guarded.matmul(left, right))
{
    double sum = product.sum().item<double>();
    Console.WriteLine($"Guarded.matmul((2,3) ones, (3,4) ones).sum() = {sum} (expected 24)");
    ok &= sum == 24;
}
try
{
    using var left = ones(2, 3);
    using var right = ones(4, 5);
    using var product = Guarded.matmul(left, right);
    Console.WriteLine("Guarded.matmul((2,3), (4,5)) returned a tensor; expected a shape error");
    ok = false;
}
catch (ExternalException error)
{
    Console.WriteLine($"Guarded.matmul((2,3), (4,5)) threw ExternalException: {error.Message.Split('\n')[0]}");
}
string? native = File.ReadLines("/proc/self/maps").Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries).LastOrDefault())
    .FirstOrDefault(path => path is not null && path.EndsWith("libneurothermo_torchext.so", StringComparison.Ordinal));
Console.WriteLine($"native library loaded from {native ?? "(not mapped)"}");
ok &= native is not null;

Console.WriteLine(ok ? "package smoke: OK" : "package smoke: FAILED");
return ok ? 0 : 1;

// ln Z = ln Σ_s e^{−βE(s)}, E(s) = −J Σ_⟨ij⟩ s_i s_j over the 2 L² nearest-neighbour bonds (right and down, wrapping),
// as a log-sum-exp shifted by the ground-state weight β · 2L² · |J|, so every term is at most 1.
static double PlainLogPartitionFunction(int side, double beta, double coupling)
{
    int sites = side * side;
    double shift = beta * 2 * sites * Math.Abs(coupling);
    double sum = 0;
    for (int state = 0; state < 1 << sites; state++)
    {
        int Spin(int x, int y) => ((state >> ((x % side) + side * (y % side))) & 1) == 1 ? 1 : -1;
        int bondSum = 0;
        for (int y = 0; y < side; y++)
            for (int x = 0; x < side; x++)
                bondSum += Spin(x, y) * (Spin(x + 1, y) + Spin(x, y + 1));
        double energy = -coupling * bondSum;
        sum += Math.Exp(-beta * energy - shift);
    }
    return shift + Math.Log(sum);
}
