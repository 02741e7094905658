using System.Globalization;
using Compass.Core;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Optimization;

namespace Compass.Planning.Calibration;

/// <summary>
/// Fits the serving engine's CPU overheads to real serving runs, in two stages. The request overhead (arrival to
/// scheduling: HTTP, tokenization) comes from the light-load runs, where TTFT is that overhead plus one prefill: the
/// median of what their measured TTFT leaves over a simulation without it. The per-step, per-sequence and per-token
/// overheads, and the API server's serial time per admitted request and per streamed token, come from all runs: each is simulated with candidate overheads, and the mean over sources of the mean
/// over runs and metrics of |ln(predicted ÷ measured)| (TTFT, TPOT, ITL, output throughput, whichever the run
/// published) is minimized with the Nelder–Mead simplex on log-overheads. The GPU work is not touched.
/// </summary>
internal static class EngineOverheadFit
{
    /// <summary>Fits the overheads.</summary>
    /// <param name="observations">The runs (at least 4).</param>
    /// <param name="coefficientsFor">The coefficients of each GPU class (their overhead is replaced).</param>
    /// <param name="start">Where to start.</param>
    /// <param name="evidence">A description of the runs, stored in the result.</param>
    /// <returns>The fitted overheads, labelled as measured.</returns>
    /// <exception cref="ArgumentException">Fewer than 4 runs.</exception>
    public static EngineOverhead Fit(IReadOnlyList<ServingObservation> observations, Func<GpuType, EngineCoefficients> coefficientsFor, EngineOverhead start, string evidence)
    {
        ArgumentNullException.ThrowIfNull(coefficientsFor);
        ArgumentNullException.ThrowIfNull(observations);
        ArgumentNullException.ThrowIfNull(start);
        if (observations.Count < 4)
        {
            throw new ArgumentException($"Fitting the engine overhead needs at least 4 serving runs (got {observations.Count}).", nameof(observations));
        }

        var light = observations.Where(o => o.LightLoad && o.Measured.TtftMs is > 0).ToArray();
        var fitRequest = light.Length == 0;
        if (!fitRequest)
        {
            var without = start with { RequestMs = 0 };
            var leftovers = light.Select(o => o.Measured.TtftMs!.Value - o.Simulate(ServingObservation.With(coefficientsFor(o.Gpu), without)).Ttft.Mean).Order().ToArray();
            start = start with { RequestMs = Math.Max(0, leftovers[leftovers.Length / 2]) };
        }

        double Objective(Vector<double> x) => Loss(observations, coefficientsFor, Apply(start, x, fitRequest));
        var x0 = Vector<double>.Build.DenseOfArray(
        [
            Math.Log(Math.Max(0.01, start.StepMs)), Math.Log(Math.Max(0.1, start.SequenceUs)), Math.Log(Math.Max(0.01, start.OutputTokenMs)),
            Math.Log(Math.Max(0.5, start.RequestServiceMs)), Math.Log(Math.Max(0.1, start.RequestMs)),
        ]);
        var dimensions = fitRequest ? 5 : 4;
        var result = new NelderMeadSimplex(1e-6, 500).FindMinimum(
            ObjectiveFunction.Value(Objective), x0.SubVector(0, dimensions), Vector<double>.Build.Dense(dimensions, 0.7));
        return Apply(start, result.MinimizingPoint, fitRequest) with
        {
            Evidence = fitRequest ? evidence : string.Create(CultureInfo.InvariantCulture, $"{evidence}; request overhead from {light.Length} light-load runs"),
            Kind = EvidenceKind.Measured,
        };
    }

    /// <summary>
    /// The mean over groups of the mean over their runs and published metrics of |ln(predicted ÷ measured)|: each group
    /// (source) counts the same, however many runs it published.
    /// </summary>
    /// <param name="observations">The runs.</param>
    /// <param name="coefficientsFor">The coefficients of each GPU class.</param>
    /// <param name="overhead">The overheads to simulate with.</param>
    /// <returns>The loss (0 = every metric exact).</returns>
    public static double Loss(IReadOnlyList<ServingObservation> observations, Func<GpuType, EngineCoefficients> coefficientsFor, EngineOverhead overhead)
    {
        ArgumentNullException.ThrowIfNull(observations);
        ArgumentNullException.ThrowIfNull(coefficientsFor);
        var groups = observations.GroupBy(o => o.Group).ToArray();
        var losses = new double[groups.Length];
        Parallel.For(0, groups.Length, g => losses[g] = GroupLoss([.. groups[g]], coefficientsFor, overhead));
        return losses.Length == 0 ? 0 : losses.Average();
    }

    private static double GroupLoss(ServingObservation[] observations, Func<GpuType, EngineCoefficients> coefficientsFor, EngineOverhead overhead)
    {
        double sum = 0;
        var n = 0;
        foreach (var o in observations)
        {
            var p = ServingObservation.Read(o.Simulate(ServingObservation.With(coefficientsFor(o.Gpu), overhead)));
            foreach (var (measured, predicted) in new[] { (o.Measured.TtftMs, p.TtftMs), (o.Measured.TpotMs, p.TpotMs), (o.Measured.ItlMs, p.ItlMs), (o.Measured.OutputTokensPerSecond, p.OutputTokensPerSecond) })
            {
                if (measured is > 0 && predicted is { } value)
                {
                    sum += value > 0 ? Math.Abs(Math.Log(value / measured.Value)) : 5;
                    n++;
                }
            }
        }

        return n == 0 ? 0 : sum / n;
    }

    private static EngineOverhead Apply(EngineOverhead start, Vector<double> x, bool withRequest) => start with
    {
        StepMs = Math.Exp(Math.Clamp(x[0], -10, 4)),
        SequenceUs = Math.Exp(Math.Clamp(x[1], -10, 7)),
        OutputTokenMs = Math.Exp(Math.Clamp(x[2], -12, 2)),
        RequestServiceMs = Math.Exp(Math.Clamp(x[3], -10, 5)),
        RequestMs = withRequest ? Math.Exp(Math.Clamp(x[4], -10, 7)) : start.RequestMs,
    };
}
