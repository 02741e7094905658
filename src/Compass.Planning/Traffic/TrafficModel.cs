using System.Globalization;
using Compass.Core;

namespace Compass.Planning.Traffic;

/// <summary>
/// Turns users (or an explicit rate) into request rates and concurrency. One formula, used everywhere:
/// <code>
/// active users = users × active fraction            (or all users, when they are stated to be concurrent)
/// mean QPS     = active users × requests per active user per minute ÷ 60   (or the explicit rate)
/// peak QPS     = mean QPS × peak multiplier
/// concurrency  = peak QPS × E2E target (s)           (Little's law: an upper bound on requests in flight)
/// </code>
/// </summary>
internal static class TrafficModel
{
    /// <summary>Derives a traffic profile.</summary>
    /// <param name="workload">The use case's workload template.</param>
    /// <param name="intent">The intent, with a user count or an explicit rate.</param>
    /// <param name="e2eTargetMs">The E2E latency target, for Little's law.</param>
    /// <param name="promptTokens">Prompt lengths to use instead of the template's.</param>
    /// <param name="outputTokens">Output lengths to use instead of the template's.</param>
    /// <param name="peakMultiplier">A peak multiplier to use instead of the template's.</param>
    /// <returns>The profile.</returns>
    /// <exception cref="ArgumentException">The intent has neither users nor a rate.</exception>
    public static TrafficProfile Derive(
        WorkloadTemplate workload, DeploymentIntent intent, double e2eTargetMs,
        TokenDistribution? promptTokens = null, TokenDistribution? outputTokens = null, double? peakMultiplier = null)
    {
        ArgumentNullException.ThrowIfNull(workload);
        ArgumentNullException.ThrowIfNull(intent);
        var peakFactor = peakMultiplier ?? workload.PeakMultiplier;
        if (!double.IsFinite(peakFactor) || peakFactor < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(peakMultiplier), peakFactor, "The peak multiplier must be at least 1.");
        }

        double mean;
        double? active = null;
        string derivation;
        if (intent.ExpectedQps is { } qps)
        {
            mean = qps;
            derivation = F($"explicit mean rate {qps:0.###} req/s");
        }
        else if (intent.UserCount is { } users)
        {
            active = intent.UsersAreConcurrent ? users : users * workload.ActiveFraction;
            mean = active.Value * workload.RequestsPerActiveUserPerMinute / 60;
            derivation = intent.UsersAreConcurrent
                ? F($"{users:N0} concurrent users × {workload.RequestsPerActiveUserPerMinute:0.###} req/min ÷ 60 = {mean:0.###} req/s mean")
                : F($"{users:N0} users × {workload.ActiveFraction * 100:0.#}% active × {workload.RequestsPerActiveUserPerMinute:0.###} req/min ÷ 60 = {mean:0.###} req/s mean");
        }
        else
        {
            throw new ArgumentException("The load is unknown: give a number of users (e.g. 'for 500 users') or a request rate (e.g. '20 requests per second').", nameof(intent));
        }

        var peak = mean * peakFactor;
        var concurrency = peak * e2eTargetMs / 1000;
        return new TrafficProfile
        {
            UserCount = intent.UserCount,
            ActiveUsers = active,
            MeanQps = mean,
            PeakQps = peak,
            ExpectedConcurrency = concurrency,
            PromptTokens = promptTokens ?? workload.PromptTokens,
            OutputTokens = outputTokens ?? workload.OutputTokens,
            Arrival = workload.Arrival,
            Derivation = derivation + F($"; × {peakFactor:0.##} peak = {peak:0.###} req/s; × {e2eTargetMs / 1000:0.##} s E2E target ≈ {concurrency:0.#} requests in flight at peak (Little's law)"),
        };
    }

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
