using System.Globalization;
using Compass.Planning.Calibration;

namespace Compass.Postgres.Feedback;

/// <summary>A deployment outcome as stored, with its id.</summary>
/// <param name="Id">The row id.</param>
/// <param name="Outcome">The outcome.</param>
public sealed record StoredOutcome(long Id, DeploymentOutcome Outcome)
{
    /// <summary>
    /// Gets the outcome in the terms the outcome calibration fits (<see cref="MeasuredOutcome"/>): grouped by
    /// deployment (namespace/name, else the plan, else the outcome itself), non-positive measurements left out.
    /// </summary>
    /// <returns>The measured outcome; its id is this row's id.</returns>
    public MeasuredOutcome ToMeasuredOutcome()
    {
        var o = Outcome;
        var id = Id.ToString(CultureInfo.InvariantCulture);
        static double? Positive(double? v) => v is > 0 && double.IsFinite(v.Value) ? v : null;
        return new MeasuredOutcome
        {
            Id = id,
            Group = o.Deployment.Length > 0 ? $"{o.Namespace}/{o.Deployment}" : o.PlanId is { } plan ? $"plan {plan}" : $"outcome {id}",
            Model = o.Model,
            Quantization = o.Quantization,
            Gpu = o.Gpu,
            TensorParallel = o.TensorParallel,
            Replicas = o.Replicas,
            RequestRate = Positive(o.RequestRate),
            Concurrency = o.RequestRate is > 0 ? null : o.Concurrency is > 0 ? o.Concurrency : null,
            PromptTokens = o.PromptTokens,
            OutputTokens = o.OutputTokens,
            TtftP95Ms = Positive(o.MeasuredTtftP95),
            ItlP95Ms = Positive(o.MeasuredItlP95),
            E2eP95Ms = Positive(o.MeasuredE2eP95),
            TtftMeanMs = Positive(o.MeasuredTtftMean),
            ItlMeanMs = Positive(o.MeasuredItlMean),
            OutputTokensPerSecond = Positive(o.MeasuredOutputTokensPerSecond),
        };
    }
}
