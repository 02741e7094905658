using Compass.Planning.Ranking;

namespace Compass.Planning.Tests.Ranking;

public sealed class ParetoFrontierTests
{
    [Fact]
    public void Compute_MarksOnlyUndominatedPoints()
    {
        (double Cost, double Latency, double Quality)[] points =
        [
            (100, 10, 50), // cheapest
            (200, 5, 50),  // fastest
            (300, 10, 70), // best quality
            (300, 10, 60), // dominated by the previous one
            (100, 10, 50), // equal to the first: neither dominates
        ];
        var flags = ParetoFrontier.Compute(points, p => p.Cost, p => p.Latency, p => p.Quality);
        Assert.Equal([true, true, true, false, true], flags);
    }
}
