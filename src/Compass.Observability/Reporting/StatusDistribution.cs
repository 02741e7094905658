namespace Compass.Observability.Reporting;

/// <summary>One metric's distribution split by request status (GuideLLM's <c>StatusDistributionSummary</c>).</summary>
/// <param name="Successful">Over successful requests.</param>
/// <param name="Incomplete">Over incomplete requests.</param>
/// <param name="Errored">Over errored requests.</param>
/// <param name="Total">Over all requests.</param>
public sealed record StatusDistribution(DistributionSummary Successful, DistributionSummary Incomplete, DistributionSummary Errored, DistributionSummary Total);

/// <summary>Request counts by status (GuideLLM's <c>request_totals</c>).</summary>
/// <param name="Successful">Requests that completed.</param>
/// <param name="Incomplete">Requests cut short by the test.</param>
/// <param name="Errored">Requests that failed.</param>
public sealed record StatusCounts(int Successful, int Incomplete, int Errored)
{
    /// <summary>Gets all requests.</summary>
    public int Total => checked(Successful + Incomplete + Errored);
}
