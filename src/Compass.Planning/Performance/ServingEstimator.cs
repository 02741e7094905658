using System.Globalization;
using Compass.Core;
using Compass.Planning.Engine;
using Compass.Planning.Memory;
using MathNet.Numerics.Distributions;

namespace Compass.Planning.Performance;

/// <summary>A fast steady-state estimate of one replica under a load, from its engine profile.</summary>
/// <param name="TtftMs">TTFT at the percentile.</param>
/// <param name="ItlMs">Per-request mean ITL at the percentile.</param>
/// <param name="E2eMs">E2E at the percentile.</param>
/// <param name="MeanTtftMs">Mean TTFT.</param>
/// <param name="MeanItlMs">Mean ITL (the mean step time).</param>
/// <param name="MeanE2eMs">Mean E2E.</param>
/// <param name="DecodingSequences">Mean sequences decoding per step.</param>
/// <param name="Utilization">How busy the engine is, 0–1 (the fraction of its time spent on steps that a new prompt must wait for).</param>
internal sealed record ServingEstimate(
    double TtftMs, double ItlMs, double E2eMs, double MeanTtftMs, double MeanItlMs, double MeanE2eMs, double DecodingSequences, double Utilization);

/// <summary>
/// Mean-field estimate of a continuous-batching engine in steady state, for the capacity search (the simulation checks
/// the answers that get shown):
/// <code>
/// D = λ × mean output × T(D) ÷ 1000          sequences decoding (Little's law over the decode phase), solved by iteration
/// T(D) = step(D decodes at mean context + the prompt tokens that arrive during one step)
/// ρ = λ × (prefill time of a mean prompt + T) ÷ 1000      the share of time a new prompt waits on
/// W = ρ ÷ (1 − ρ) × (c_a² + 1) ÷ 2 × prefill time        Kingman's mean wait; its tail is exponential
/// TTFT_q = request overhead + T + prefill(P_q) + W_q;   ITL_q = T(D_q), D_q = D + z_q √D;   E2E combines both
/// </code>
/// It is unavailable past saturation: the decode fixed point does not exist, ρ ≥ 0.95, or the sequences in flight
/// exceed max-num-seqs or the KV cache.
/// </summary>
internal static class ServingEstimator
{
    private const double MaxUtilization = 0.95;

    // Given instead of a described reason to callers that only ask whether there is a steady state (the replica search).
    private static readonly RejectionReason Undescribed = new() { Kind = RejectionKind.Saturated };

    private static RejectionReason Saturated(string detail) => new() { Kind = RejectionKind.Saturated, Detail = detail };

    /// <summary>Estimates one replica at a request rate.</summary>
    /// <param name="profile">The replica's engine profile.</param>
    /// <param name="rate">Requests per second to this replica.</param>
    /// <param name="prompt">Prompt lengths.</param>
    /// <param name="output">Output lengths.</param>
    /// <param name="arrival">The arrival process (its burstiness raises waiting).</param>
    /// <param name="percentile">The percentile to report, e.g. 95.</param>
    /// <param name="failure">Why there is no steady state, when null is returned.</param>
    /// <param name="describe">Whether <paramref name="failure"/> says why in words (formatting it costs more than the estimate).</param>
    /// <returns>The estimate, or <see langword="null"/> when the replica cannot sustain the rate.</returns>
    public static ServingEstimate? Estimate(
        EngineProfile profile, double rate, TokenDistribution prompt, TokenDistribution output, ArrivalPattern arrival, double percentile, out RejectionReason? failure,
        bool describe = true)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(prompt);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(arrival);
        var step = profile.StepTime;
        var p = prompt.Mean;
        var o = output.Mean;
        var inFlightCap = Math.Min(profile.Limits.MaxNumSeqs, profile.KvCacheTokens / (p + o));
        var z = Normal.InvCDF(0, 1, percentile / 100);

        StepTiming Decode(double d, double stepMs)
        {
            var decodes = Math.Max(0, (int)Math.Ceiling(d));
            var arriving = (long)Math.Ceiling(rate * p * stepMs / 1000);
            var prefill = arriving > 0 ? new StepBatch(arriving, arriving * p / 2, 0, 1, 0, 0) : default;
            return step.Predict(StepBatch.Decode(decodes, (long)(decodes * (p + (o / 2)))) + prefill);
        }

        // Decode fixed point: D = λ·O·T(D). T grows with D, so iterate up from D = 0; divergence means saturation.
        double decoding = 0, stepMs = Decode(1, 0).TotalMs;
        for (var i = 0; i < 200; i++)
        {
            var next = rate * o * stepMs / 1000;
            stepMs = Decode(Math.Max(1, next), stepMs).TotalMs;
            if (next > inFlightCap)
            {
                failure = !describe ? Undescribed : Saturated(string.Create(CultureInfo.InvariantCulture,
                    $"{rate:0.###} req/s needs about {next:0} sequences decoding at once, more than the {inFlightCap:0} that the sequence limit ({nameof(ServingLimits)}.{nameof(ServingLimits.MaxNumSeqs)}) and the KV cache allow"));
                return null;
            }

            if (Math.Abs(next - decoding) < 1e-6 * Math.Max(1, next))
            {
                decoding = next;
                break;
            }

            decoding = next;
        }

        var prefillMean = PrefillMs(step, decoding, p, o);
        var utilization = Math.Min(1, rate * (prefillMean + (stepMs / 2)) / 1000);
        if (utilization >= MaxUtilization)
        {
            failure = !describe ? Undescribed : Saturated(string.Create(CultureInfo.InvariantCulture, $"{rate:0.###} req/s keeps the engine {utilization * 100:0}% busy with prefills; it cannot keep up"));
            return null;
        }

        // The API server's thread admits each request and streams each of its tokens, one at a time.
        var frontUtilization = rate * (profile.RequestServiceMs + (o * profile.OutputTokenOverheadMs)) / 1000;
        if (frontUtilization >= MaxUtilization)
        {
            failure = !describe ? Undescribed : Saturated(string.Create(CultureInfo.InvariantCulture, $"{rate:0.###} req/s keeps the API server {Math.Min(frontUtilization, 9.99) * 100:0}% busy admitting requests and streaming tokens; it cannot keep up"));
            return null;
        }

        var ca2 = arrival.CoefficientOfVariation * arrival.CoefficientOfVariation;
        var meanWait = utilization / (1 - utilization) * (ca2 + 1) / 2 * prefillMean;
        var tailWait = utilization > 1 - (percentile / 100) ? meanWait / utilization * Math.Log(utilization / (1 - (percentile / 100))) : 0;

        var frontWait = frontUtilization / (1 - frontUtilization) * (profile.RequestServiceMs + profile.OutputTokenOverheadMs);
        var overhead = Math.Max(profile.RequestOverheadMs, profile.RequestServiceMs) + profile.OutputTokenOverheadMs + frontWait;
        var meanTtft = overhead + (stepMs / 2) + prefillMean + meanWait;
        var ttftQ = overhead + stepMs + PrefillMs(step, decoding, prompt.Percentile(percentile), o) + tailWait;
        var itlQ = Decode(decoding + (z * Math.Sqrt(Math.Max(decoding, 0))), stepMs).TotalMs + frontWait;
        var meanItl = stepMs;
        var meanE2e = meanTtft + ((o - 1) * meanItl);
        var outputQ = output.Percentile(percentile);
        var decodeQ = ((outputQ - 1) * itlQ) - ((o - 1) * meanItl);
        var e2eQ = meanE2e + Math.Sqrt(Math.Pow(ttftQ - meanTtft, 2) + Math.Pow(Math.Max(0, decodeQ), 2));
        failure = null;
        return new ServingEstimate(ttftQ, itlQ, e2eQ, meanTtft, meanItl, meanE2e, decoding, utilization);
    }

    /// <summary>The highest request rate the estimator finds sustainable (bisection on its steady-state condition).</summary>
    /// <param name="profile">The replica's engine profile.</param>
    /// <param name="prompt">Prompt lengths.</param>
    /// <param name="output">Output lengths.</param>
    /// <param name="arrival">The arrival process.</param>
    /// <param name="percentile">The percentile.</param>
    /// <returns>Requests per second.</returns>
    public static double Capacity(EngineProfile profile, TokenDistribution prompt, TokenDistribution output, ArrivalPattern arrival, double percentile)
    {
        bool Sustains(double rate) => Estimate(profile, rate, prompt, output, arrival, percentile, out _, describe: false) is not null;
        double low = 0, high = 1;
        while (high < 1e5 && Sustains(high))
        {
            low = high;
            high *= 2;
        }

        // To a part in 10⁴: capacity is reported, not searched on, and each step costs a fixed-point solve.
        for (var i = 0; i < 30 && high - low > 1e-4 * Math.Max(low, 1e-3); i++)
        {
            var mid = (low + high) / 2;
            if (Sustains(mid))
            {
                low = mid;
            }
            else
            {
                high = mid;
            }
        }

        return low;
    }

    /// <summary>The time of the step that computes one prompt's prefill alongside the running decodes, in ms.</summary>
    private static double PrefillMs(IStepTimeModel step, double decoding, double promptTokens, double outputTokens)
    {
        var decodes = (int)Math.Ceiling(decoding);
        var baseBatch = StepBatch.Decode(decodes, (long)(decodes * (promptTokens + (outputTokens / 2))));
        return step.Predict(baseBatch + StepBatch.Prefill((int)Math.Ceiling(promptTokens))).TotalMs;
    }
}
